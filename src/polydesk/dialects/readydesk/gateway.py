"""One API call, start to end: the installation's settings, the output format, the key (and
its IP allow-list), the action in its own transaction, and the answer. Every failure answers
HTTP 200 with ``error`` in the ``response`` envelope, in the format asked for."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from polydesk.authz.actors import actor_for
from polydesk.core.actor import SYSTEM
from polydesk.core.errors import DomainError
from polydesk.credentials.service import check_api_key
from polydesk.db import Session
from polydesk.db.uow import unit_of_work
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import (
    INVALID_KEY,
    TOO_LARGE,
    UNKNOWN_ACTION,
    ReadyDeskError,
    domain_message,
    validation_message,
)
from polydesk.dialects.readydesk.params import Params
from polydesk.dialects.readydesk.registry import actions
from polydesk.dialects.readydesk.request import Call
from polydesk.dialects.readydesk.wire import (
    MEDIA_TYPES,
    Field,
    Format,
    Response,
    render,
    render_response,
)
from polydesk.runtime import Runtime
from polydesk.settings.service import READYDESK_DEFAULT_FORMAT, READYDESK_TIMEZONE, get_settings
from polydesk.users.service import get_user

DIALECT = "readydesk"
#: Values of ``output`` / ``format`` (spec B.3: the product's selector is unknown).
FORMAT_NAMES = {
    "xml": Format.XML,
    "json": Format.JSON,
    "delimited": Format.DELIMITED,
    "url": Format.DELIMITED,
    "url_delimited": Format.DELIMITED,
}


@dataclass(frozen=True)
class Answer:
    body: str
    media_type: str


def handle(runtime: Runtime, call: Call) -> Answer:
    fmt = FORMAT_NAMES.get(call.text("output").lower() or call.text("format").lower(), Format.XML)
    try:
        with unit_of_work(runtime.factory) as session:
            settings = get_settings(session, DIALECT)
            fmt = requested_format(call, Format(settings[READYDESK_DEFAULT_FORMAT]))
            context = _context(runtime, session, call, ZoneInfo(settings[READYDESK_TIMEZONE]))
            action = actions().get(call.text("action").strip().lower())
            if action is None:
                raise ReadyDeskError(UNKNOWN_ACTION)
            body = render(action(context), fmt)
    except ReadyDeskError as error:  # rolled back: bad input changes nothing
        body = error_body(error.message, fmt)
    except DomainError as error:
        body = error_body(domain_message(error), fmt)
    except ValidationError as error:  # a core command refused a value
        body = error_body(validation_message(error), fmt)
    return Answer(body, MEDIA_TYPES[fmt])


def requested_format(call: Call, default: Format) -> Format:
    """``output=`` or ``format=`` (any case); neither: the installation's default."""
    name = (call.text("output") or call.text("format")).strip().lower()
    if not name:
        return default
    if name not in FORMAT_NAMES:
        raise ReadyDeskError(f"Invalid output format: {name}")
    return FORMAT_NAMES[name]


def error_body(message: str, fmt: Format) -> str:
    return render_response(
        Response([Field("error", message, encoded=fmt is Format.DELIMITED)]), fmt
    )


def _context(runtime: Runtime, session: Session, call: Call, zone: ZoneInfo) -> Context:
    if call.too_large:
        raise ReadyDeskError(TOO_LARGE)
    key = call.text("key").strip()
    found = check_api_key(session, dialect=DIALECT, key=key, client_ip=call.client_ip)
    if not key or found is None:
        raise ReadyDeskError(INVALID_KEY)
    user = get_user(session, found.user_id) if found.user_id is not None else None
    if found.user_id is not None and (user is None or not user.is_enabled):
        raise ReadyDeskError(INVALID_KEY)
    actor = actor_for(session, user) if user is not None else SYSTEM
    return Context(session, actor, user, Params(call.values, zone), zone, runtime)
