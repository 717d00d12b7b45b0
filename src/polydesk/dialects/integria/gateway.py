"""One ``api.php`` call, start to end: version probe, the product's three-step login, the op
in its own transaction, and the answer (spec §1.5).

Every login failure and an unknown op answer alike: HTTP 200, an empty body, after the
configured delay. The delay is returned, not slept here, so the web layer can wait without
holding a worker thread.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from polydesk.authz.actors import actor_for
from polydesk.core.errors import DomainError, Unauthenticated, ValidationFailed
from polydesk.credentials import throttle
from polydesk.credentials.service import ip_allowed
from polydesk.db import Session
from polydesk.db.uow import unit_of_work
from polydesk.dialects._kit.hostile import all_storable
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.ops import OPS
from polydesk.dialects.integria.replies import Refused
from polydesk.dialects.integria.request import ApiCall, Params
from polydesk.models.users import User
from polydesk.runtime import Runtime
from polydesk.settings.service import (
    INTEGRIA_ALLOWED_IPS,
    INTEGRIA_API_PASSWORD,
    INTEGRIA_FAILURE_DELAY,
    INTEGRIA_TIMEZONE,
    get_settings,
    ip_entries,
)
from polydesk.users.service import authenticate

#: Failed ``pass`` (API password) checks are counted under this name per address.
API_PASSWORD_SUBJECT = "integria:api-password"
VERSION = "Integria IMS OpenSource Edition 5.0.93 Build 210526 MR86"


@dataclass(frozen=True)
class Outcome:
    body: str
    delay: float = 0.0


def handle(runtime: Runtime, call: ApiCall) -> Outcome:
    if call.text("info") == "version":
        return Outcome(VERSION)
    op = OPS.get(call.text("op"))
    return_type = call.text("return_type", "csv")
    try:
        with unit_of_work(runtime.factory) as session:
            settings = get_settings(session, "integria")
            unusable = unusable_login(call, settings[INTEGRIA_API_PASSWORD])
            user = None if unusable else _login(session, call, settings)
            if user is None or op is None or call.is_array("params"):
                return Outcome("", float(settings[INTEGRIA_FAILURE_DELAY]))
            context = Context(
                session=session,
                actor=actor_for(session, user),
                user=user,
                zone=ZoneInfo(settings[INTEGRIA_TIMEZONE]),
                resources=runtime.resources,
                call=call,
            )
            params = Params.parse(call.text("params"), call.text("token", ","))
            body = op.handler(context, params).body(return_type)
    except Refused as refused:  # the transaction has been rolled back
        return Outcome(refused.reply.body(return_type))
    except DomainError as error:
        return Outcome(op.answer_for(error).body(return_type) if op else "")
    except ValidationError as error:  # a core command refused the values (too long, ...)
        assert op is not None
        invalid = ValidationFailed("validation.invalid_value", str(error.errors()[0]["msg"]))
        return Outcome(op.answer_for(invalid).body(return_type))
    return Outcome(body)


def unusable_login(call: ApiCall, api_password: str) -> bool:
    """Credentials no account can match, refused as a failed login before any query: NUL
    (PostgreSQL refuses it in a statement), or a non-ASCII ``pass`` while an API password is
    set (``compare_digest`` compares ASCII text only)."""
    texts = (call.text("user"), call.text("user_pass"), call.text("pass"))
    return not all_storable(texts) or (bool(api_password) and not call.text("pass").isascii())


def _login(session: Session, call: ApiCall, settings: dict[str, str]) -> User | None:
    """The caller, or None for every kind of failure (the product's empty answer); a throttled
    address or login (credentials.throttle) fails the same way, before any check."""
    if not ip_listed(call.client_ip, settings[INTEGRIA_ALLOWED_IPS]):
        return None
    try:
        return _checked_login(session, call, settings[INTEGRIA_API_PASSWORD])
    except Unauthenticated:
        return None


def _checked_login(session: Session, call: ApiCall, api_password: str) -> User | None:
    if api_password:

        def matches() -> bool | None:
            return hmac.compare_digest(call.text("pass").encode(), api_password.encode()) or None

        if throttle.guarded(session, API_PASSWORD_SUBJECT, call.client_ip, matches) is None:
            return None
    login, password = call.text("user"), call.text("user_pass")
    if not login:
        return None
    return authenticate(session, login, password, address=call.client_ip)


def ip_listed(client_ip: str, allowed: str) -> bool:
    """Any ``*`` allows everyone (as the product); otherwise exact addresses or CIDR networks,
    separated by commas, semicolons or white space (the product's substring match is looser)."""
    return "*" in allowed or ip_allowed(client_ip, ip_entries(allowed))
