"""Data exports: a saved view's tickets as CSV, addressed by a UUID (InvGate ``data.export``),
behind a signed link that expires.

Rules:
- An export report names a saved view; agents configure one on a view they can read
  (``create_export``), and may export any report whose view they can read.
- ``export_link`` signs (report, user, expiry) with HMAC-SHA256 under a key kept in the
  settings table (``data_export.signing_key``, made on first use, never logged). The link is
  worth ``LINK_SECONDS``; whoever holds it downloads *as the user it was made for*: that
  user's visibility applies at download time, and a user disabled meanwhile gets nothing.
- ``export_page`` reads one keyset page of the view (``PAGE_ROWS`` tickets, in id order), so
  a download streams page by page and never holds the whole export. Cells that a spreadsheet
  would run as a formula (starting ``= + - @``, tab or CR) get a leading ``'``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.authz.tickets import require_agent
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import PermissionDenied, ValidationFailed, not_found
from polydesk.db.names import names_by_id
from polydesk.helpdesks.service import helpdesk_names
from polydesk.models.catalogs import Category, Priority, Status
from polydesk.models.exports import DataExport
from polydesk.models.settings import Setting
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.views import require_view, view_page
from polydesk.users.listing import login_lookup

SIGNING_KEY = "data_export.signing_key"
LINK_SECONDS = 15 * 60
PAGE_ROWS = 500
HEADER = ["id", "number", "title", "status", "priority", "category", "helpdesk",
          "requester", "owner", "created_at", "updated_at"]  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportGrant:
    """What a valid link names: the report and the user it was made for."""

    export: DataExport
    actor: Actor


def create_export(session: Session, actor: Actor, *, view_id: int, name: str) -> DataExport:
    require_agent(actor)
    require_view(session, actor, view_id)
    if not name.strip() or len(name) > 191:
        raise ValidationFailed("data_export.invalid_name", "the name is empty or too long")
    export = DataExport(uuid=str(uuid.uuid4()), name=name.strip(), view_id=view_id,
                        created_by_id=actor.user_id, created_at=utcnow())  # fmt: skip
    session.add(export)
    session.flush()
    return export


def require_export(session: Session, actor: Actor, export_uuid: str) -> DataExport:
    """The report, when its view is one the actor may read (``data_export.not_found``)."""
    require_agent(actor)
    wanted = export_uuid.strip().lower()
    export = session.scalars(select(DataExport).where(DataExport.uuid == wanted)).first()
    if export is None:
        raise not_found("data_export", export_uuid)
    require_view(session, actor, export.view_id)
    return export


def export_link(session: Session, actor: Actor, export_uuid: str) -> tuple[str, datetime]:
    """A signed token for the report, for this actor, and when it expires."""
    export = require_export(session, actor, export_uuid)
    expires = int(utcnow().timestamp()) + LINK_SECONDS
    payload = f"{export.uuid}:{actor.user_id}:{expires}"
    token = _b64(payload.encode()) + "." + _b64(_sign(session, payload))
    return token, datetime.fromtimestamp(expires, UTC)


def redeem_link(session: Session, token: str, *, started: bool = False) -> ExportGrant:
    """The report and user a token names; ``data_export.bad_link`` when forged or malformed,
    ``data_export.link_expired`` when too old (unless the download has ``started``: its later
    pages), ``data_export.not_found`` when the report or its view is no longer readable by
    that user."""
    payload = _verified(session, token)
    export_uuid, user_id, expires = payload.split(":")
    if not started and int(expires) < utcnow().timestamp():
        raise PermissionDenied("data_export.link_expired", "this export link has expired")
    user = session.get(User, int(user_id))
    if user is None or not user.is_enabled:
        raise PermissionDenied("data_export.bad_link", "this export link is not valid")
    actor = actor_for(session, user)
    return ExportGrant(require_export(session, actor, export_uuid), actor)


def export_page(
    session: Session, grant: ExportGrant, after: str | None
) -> tuple[list[list[str]], str | None]:
    """One page of CSV rows after the ``after`` cursor, and the next cursor (None: the end)."""
    page = view_page(session, grant.actor, grant.export.view_id, page_key=after, limit=PAGE_ROWS)
    return _rows(session, page.tickets), page.next_page_key


def _rows(session: Session, tickets: list[Ticket]) -> list[list[str]]:
    login = login_lookup(session, [u for t in tickets for u in (t.requester_id, t.owner_id)])
    desks = helpdesk_names(session, (t.helpdesk_id for t in tickets if t.helpdesk_id))
    names = _Names(
        statuses=names_by_id(session, Status, (t.status_id for t in tickets)),
        priorities=names_by_id(session, Priority, (t.priority_id for t in tickets)),
        categories=names_by_id(session, Category, (t.category_id for t in tickets)),
        desks=desks,
    )
    return [[_cell(value) for value in _values(t, login, names)] for t in tickets]


@dataclass(frozen=True)
class _Names:
    """The names a page's rows show, read once per page (id -> name)."""

    statuses: dict[int, str]
    priorities: dict[int, str]
    categories: dict[int, str]
    desks: dict[int, str]


def _values(t: Ticket, login: Callable[[int | None], str | None], names: _Names) -> tuple[str, ...]:
    return (
        str(t.id),
        t.number,
        t.title,
        names.statuses.get(t.status_id, ""),
        names.priorities.get(t.priority_id, ""),
        names.categories.get(t.category_id or 0, ""),
        names.desks.get(t.helpdesk_id or 0, ""),
        login(t.requester_id) or "",
        login(t.owner_id) or "",
        t.created_at.astimezone(UTC).isoformat(),
        t.updated_at.astimezone(UTC).isoformat(),
    )


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


# --- signing -------------------------------------------------------------------------------


def _key(session: Session) -> bytes:
    stored = session.get(Setting, SIGNING_KEY)
    if stored is None:
        try:
            with session.begin_nested():
                session.add(Setting(key=SIGNING_KEY, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another process stored one first
        stored = session.get_one(Setting, SIGNING_KEY)
    return stored.value.encode()


def _sign(session: Session, payload: str) -> bytes:
    return hmac.new(_key(session), payload.encode(), hashlib.sha256).digest()


def _verified(session: Session, token: str) -> str:
    bad = PermissionDenied("data_export.bad_link", "this export link is not valid")
    body, _, signature = token.partition(".")
    try:
        payload = _unb64(body).decode()
        given = _unb64(signature)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad from None
    if not hmac.compare_digest(given, _sign(session, payload)):
        raise bad
    parts = payload.split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        raise bad
    return payload


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    if not text or len(text) > 512:
        raise ValueError("empty or too long")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
