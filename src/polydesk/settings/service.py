"""Get and set run-time settings. Known keys are validated; others must look like ``a.b``."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.models.settings import Setting

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

NUMBER_GENERATOR = "tickets.number_generator"
SYSTEM_ID = "tickets.system_id"
# Integria IMS api.php: the product's fresh-install values (only localhost may call it).
INTEGRIA_ALLOWED_IPS = "integria.allowed_ips"
INTEGRIA_API_PASSWORD = "integria.api_password"
INTEGRIA_FAILURE_DELAY = "integria.auth_failure_delay"
INTEGRIA_TIMEZONE = "integria.timezone"
# Znuny GenericInterface sessions: SessionMaxTime (16 h) and SessionMaxIdleTime (6 h), seconds.
ZNUNY_SESSION_MAX_TIME = "znuny.session_max_time"
ZNUNY_SESSION_MAX_IDLE_TIME = "znuny.session_max_idle_time"
# ReadyDesk API: the installation time zone of every date, and the output format by default.
READYDESK_TIMEZONE = "readydesk.timezone"
READYDESK_DEFAULT_FORMAT = "readydesk.default_format"
# InvGate Service Management: the zone of ISO-8601 dates (date_format=iso8601); epochs have none.
INVGATE_TIMEZONE = "invgate.timezone"
# Motadata ServiceOps: whether an unknown ``requesterEmail`` becomes a new customer account
# (off: the product itself refuses requesters it does not know unless an admin allows them).
MOTADATA_CREATE_UNKNOWN_REQUESTERS = "motadata.create_unknown_requesters"
# OAuth2 JWT signing secret used while POLYDESK_JWT_SECRET is unset: generated on first use and
# kept here so every server process signs and checks with the same key. Never seeded.
OAUTH_JWT_SECRET = "oauth.jwt_secret"
# Sender of the notifications the core writes itself (mail to a ticket's cc addresses).
NOTIFICATION_FROM = "mail.notification_from"

#: Defaults written on first start; an admin may change them.
DEFAULTS: dict[str, str] = {
    NUMBER_GENERATOR: "date_checksum",  # Znuny's default: YYYYMMDD + SystemID + counter + check
    SYSTEM_ID: "10",
    INTEGRIA_ALLOWED_IPS: "127.0.0.1",
    INTEGRIA_API_PASSWORD: "",
    INTEGRIA_FAILURE_DELAY: "15",
    INTEGRIA_TIMEZONE: "UTC",
    ZNUNY_SESSION_MAX_TIME: "57600",
    ZNUNY_SESSION_MAX_IDLE_TIME: "21600",
    READYDESK_TIMEZONE: "UTC",
    READYDESK_DEFAULT_FORMAT: "xml",
    INVGATE_TIMEZONE: "UTC",
    MOTADATA_CREATE_UNKNOWN_REQUESTERS: "false",
    NOTIFICATION_FROM: "polydesk@localhost",
}

_VALIDATORS: dict[str, Callable[[str], bool]] = {
    NUMBER_GENERATOR: lambda v: v in {"date_checksum", "date", "autoincrement"},
    SYSTEM_ID: lambda v: v.isdigit() and len(v) <= 4,
    INTEGRIA_ALLOWED_IPS: lambda v: _is_ip_list(v),
    INTEGRIA_FAILURE_DELAY: lambda v: _is_number(v) and 0 <= float(v) <= 60,
    INTEGRIA_TIMEZONE: lambda v: _is_zone(v),
    ZNUNY_SESSION_MAX_TIME: lambda v: _is_positive_int(v),
    ZNUNY_SESSION_MAX_IDLE_TIME: lambda v: _is_positive_int(v),
    READYDESK_TIMEZONE: lambda v: _is_zone(v),
    READYDESK_DEFAULT_FORMAT: lambda v: v in {"xml", "json", "delimited"},
    INVGATE_TIMEZONE: lambda v: _is_zone(v),
    MOTADATA_CREATE_UNKNOWN_REQUESTERS: lambda v: v in {"true", "false"},
    NOTIFICATION_FROM: lambda v: "@" in v and not {"\r", "\n"} & set(v),
    OAUTH_JWT_SECRET: lambda v: len(v) >= 32,
}


def ip_entries(value: str) -> list[str]:
    """An address list as written by an admin: separated by commas, semicolons or space."""
    return [entry for entry in re.split(r"[\s,;]+", value.strip()) if entry]


def _is_ip_list(value: str) -> bool:
    """``*`` anywhere (allow all), or every entry an address or CIDR network."""
    try:
        return "*" in value or all(ipaddress.ip_network(e, strict=False) for e in ip_entries(value))
    except ValueError:
        return False


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _is_positive_int(value: str) -> bool:
    return value.isascii() and value.isdigit() and int(value) > 0


def _is_zone(value: str) -> bool:
    try:
        ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True


def get_settings(session: Session, prefix: str) -> dict[str, str]:
    """Every setting under ``prefix.`` (stored values over the defaults), in one query."""
    start = f"{prefix}."
    values = {key: value for key, value in DEFAULTS.items() if key.startswith(start)}
    rows = session.scalars(select(Setting).where(Setting.key.startswith(start, autoescape=True)))
    values.update({row.key: row.value for row in rows})
    return values


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    if row is not None:
        return row.value
    return DEFAULTS.get(key, default)


def set_setting(session: Session, actor: Actor, key: str, value: str) -> Setting:
    require_admin(actor)
    if not KEY_PATTERN.match(key):
        raise ValidationFailed("setting.invalid_key", f"invalid setting key {key!r}")
    validator = _VALIDATORS.get(key)
    if validator is not None and not validator(value):
        raise ValidationFailed("setting.invalid_value", f"invalid value for {key}: {value!r}")
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=value)
        session.add(row)
    else:
        row.value = value
    session.flush()
    return row


def seed_settings(session: Session) -> None:
    for key, value in DEFAULTS.items():
        if session.get(Setting, key) is None:
            session.add(Setting(key=key, value=value))
    session.flush()
