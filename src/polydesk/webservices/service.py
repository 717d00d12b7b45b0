"""Web service use cases: seed the stock services, look them up, save and delete them.

Reads take no actor: the Znuny dialect resolves ``/Webservice/<Name>`` before anyone has
authenticated. Writes are for admins only.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.models.webservices import WebService
from polydesk.webservices.config import WebServiceConfig, parse_config
from polydesk.webservices.defaults import default_webservices

# The name is a path segment of the dialect's URL (``/Webservice/<Name>/...``): no slashes.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,190}$")


def seed_webservices(session: Session) -> None:
    """Insert the stock services that are missing by name; an admin's edits are kept."""
    existing = set(session.scalars(select(WebService.name)))
    for name, config in default_webservices().items():
        if name not in existing:
            session.add(WebService(name=name, is_valid=True, config=_normalised(config)))
    session.flush()


def get_webservice(
    session: Session, *, name: str | None = None, webservice_id: int | None = None
) -> WebService | None:
    """By id or by exact name (Znuny matches names as written); None when neither matches."""
    if webservice_id is not None:
        row = session.get(WebService, webservice_id)
        return row if row is not None and (name is None or row.name == name) else None
    if name is None:
        return None
    return session.scalars(select(WebService).where(WebService.name == name)).first()


def list_webservices(session: Session) -> list[WebService]:
    return list(session.scalars(select(WebService).order_by(WebService.name)))


def save_webservice(
    session: Session, actor: Actor, *, name: str, config: dict[str, Any], is_valid: bool = True
) -> WebService:
    """Create the service or replace its whole config (no merging: what is saved is what runs)."""
    require_admin(actor)
    if not NAME_PATTERN.match(name):
        raise ValidationFailed(
            "webservice.invalid_name",
            f"invalid web service name {name!r}: letters, digits, '.', '_' and '-' only",
        )
    document = _normalised(config)
    row = get_webservice(session, name=name)
    if row is None:
        row = WebService(name=name, is_valid=is_valid, config=document)
        session.add(row)
    else:
        row.config = document
        row.is_valid = is_valid
    session.flush()
    return row


def delete_webservice(session: Session, actor: Actor, name: str) -> bool:
    """True when a service of that name existed and is gone."""
    require_admin(actor)
    row = get_webservice(session, name=name)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def parsed_config(ws: WebService) -> WebServiceConfig:
    """A stored row as it runs; a mapping it cannot apply is refused per request, not here."""
    return parse_config(ws.config, stored=True)


def _normalised(config: dict[str, Any]) -> dict[str, Any]:
    """Validated and with every default spelled out, so the stored JSON reads on its own."""
    return parse_config(config).model_dump(mode="json")
