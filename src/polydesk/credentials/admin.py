"""What the web UI's credentials page shows and changes, one call each: the dialects' API keys
and OAuth clients (never their secrets: only digests are stored), the Integria allow-list and
whether its API password is set, and the Znuny web services.

A secret generated here (a key, a client secret, an Integria password) is returned once to the
caller, who shows it once; it is never listed or logged.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import NotFound, ValidationFailed, not_found
from polydesk.credentials.service import OAuthClientSecret, create_api_key, create_oauth_client
from polydesk.models.credentials import ApiKey, OAuthClient
from polydesk.models.users import User
from polydesk.models.webservices import WebService
from polydesk.settings import service as settings
from polydesk.users.service import get_user_by_login
from polydesk.webservices.service import list_webservices, save_webservice
from polydesk.webservices.yaml_import import config_from_znuny_yaml

#: A generated Integria API password: 24 URL-safe characters (about 144 bits).
GENERATED_PASSWORD_BYTES = 18
MAX_PASSWORD = 200


@dataclass(frozen=True)
class KeyRow:
    id: int
    dialect: str
    allowed_ips: list[str]
    user_login: str | None
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class ClientRow:
    client_id: str
    name: str
    grants: list[str]
    scopes: list[str]
    user_login: str | None
    created_at: datetime


@dataclass(frozen=True)
class ServiceRow:
    name: str
    is_valid: bool
    transport: str  # REST or SOAP
    operations: int
    updated_at: datetime


@dataclass(frozen=True)
class Credentials:
    api_keys: list[KeyRow]
    oauth_clients: list[ClientRow]
    integria_allowed_ips: str
    integria_password_set: bool
    webservices: list[ServiceRow]


def credentials_overview(session: Session, actor: Actor) -> Credentials:
    """Everything the credentials page lists, in a fixed number of queries."""
    require_admin(actor)
    keys = list(session.scalars(select(ApiKey).order_by(ApiKey.dialect, ApiKey.id)))
    clients = list(session.scalars(select(OAuthClient).order_by(OAuthClient.client_id)))
    user_ids = {key.user_id for key in keys} | {client.user_id for client in clients}
    logins = _logins(session, {user_id for user_id in user_ids if user_id})
    integria = settings.get_settings(session, "integria")
    return Credentials(
        api_keys=[_key_row(key, logins) for key in keys],
        oauth_clients=[_client_row(client, logins) for client in clients],
        integria_allowed_ips=integria.get(settings.INTEGRIA_ALLOWED_IPS, ""),
        integria_password_set=bool(integria.get(settings.INTEGRIA_API_PASSWORD)),
        webservices=[_service_row(ws) for ws in list_webservices(session)],
    )


def _logins(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.login).where(User.id.in_(user_ids)))
    return {user_id: login for user_id, login in rows}


def _key_row(key: ApiKey, logins: dict[int, str]) -> KeyRow:
    login = logins.get(key.user_id) if key.user_id else None
    return KeyRow(
        key.id, key.dialect, list(key.allowed_ips or []), login, key.created_at, key.revoked_at
    )


def _client_row(client: OAuthClient, logins: dict[int, str]) -> ClientRow:
    login = logins.get(client.user_id) if client.user_id else None
    return ClientRow(
        client.client_id,
        client.name,
        list(client.grant_types or []),
        list(client.scopes or []),
        login,
        client.created_at,
    )


def _service_row(ws: WebService) -> ServiceRow:
    config = ws.config or {}
    return ServiceRow(
        ws.name,
        ws.is_valid,
        str(config.get("transport", "")),
        len(config.get("operations") or {}),
        ws.updated_at,
    )


def revoke_api_key(session: Session, actor: Actor, key_id: int) -> None:
    """Stop a dialect API key from working (kept, marked revoked, for the record)."""
    require_admin(actor)
    key = session.get(ApiKey, key_id)
    if key is None:
        raise not_found("api_key", key_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()


def set_integria_password(session: Session, actor: Actor, password: str) -> str | None:
    """Set Integria's API password (``pass`` of its API); empty: generate one, returned once.
    None when the admin chose it (nothing to show)."""
    require_admin(actor)
    if len(password) > MAX_PASSWORD:
        raise ValidationFailed("setting.invalid_value", f"at most {MAX_PASSWORD} characters")
    generated = None if password else secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
    settings.set_setting(
        session, actor, settings.INTEGRIA_API_PASSWORD, password or generated or ""
    )
    return generated


def import_webservice(
    session: Session, actor: Actor, *, name: str, text: str, is_valid: bool = True
) -> WebService:
    """Create or replace a web service from a Znuny/OTRS YAML export (as ``polydesk
    webservice import`` does)."""
    require_admin(actor)
    return save_webservice(
        session, actor, name=name, config=config_from_znuny_yaml(text), is_valid=is_valid
    )


def create_dialect_key(
    session: Session, actor: Actor, *, dialect: str, allowed_ips: list[str], login: str | None
) -> str:
    """A dialect API key acting as the user ``login`` (none: the dialect's own rules); the
    key, shown once. What ``polydesk apikey create`` and ``POST /api-keys`` do."""
    require_admin(actor)  # before any lookup: others learn nothing of which logins exist
    user_id = _user_id(session, login)
    return create_api_key(session, actor, dialect=dialect, allowed_ips=allowed_ips, user_id=user_id)


def create_client(
    session: Session,
    actor: Actor,
    *,
    name: str,
    grants: list[str],
    scopes: list[str],
    client_id: str | None,
    login: str | None,
) -> OAuthClientSecret:
    """An OAuth client (Motadata's password grant, InvGate's client credentials); its secret,
    shown once. The client-credentials grant acts as a user, so it needs ``login``."""
    require_admin(actor)
    if "client_credentials" in grants and not login:
        raise ValidationFailed(
            "oauth.client_needs_user", "the client_credentials grant needs the user it acts as"
        )
    return create_oauth_client(
        session, actor, name=name, grants=grants, scopes=scopes, client_id=client_id,
        user_id=_user_id(session, login),
    )  # fmt: skip


def _user_id(session: Session, login: str | None) -> int | None:
    if not login:
        return None
    user = get_user_by_login(session, login)
    if user is None:
        raise NotFound("user.not_found", f"no user with login {login!r}", id=login)
    return user.id


@dataclass(frozen=True)
class IntegriaAccess:
    allowed_ips: str  # as the admin wrote it: addresses and networks, comma or space separated
    password_set: bool


def integria_access(session: Session, actor: Actor) -> IntegriaAccess:
    require_admin(actor)
    values = settings.get_settings(session, "integria")
    return IntegriaAccess(
        values.get(settings.INTEGRIA_ALLOWED_IPS, ""),
        bool(values.get(settings.INTEGRIA_API_PASSWORD)),
    )


def change_integria_access(
    session: Session, actor: Actor, *, allowed_ips: str, password: str | None
) -> str | None:
    """Set the Integria API's allow-list and, unless ``password`` is None (keep it), its
    password; an empty ``password`` generates one, returned once."""
    require_admin(actor)
    with session.begin_nested():  # both or neither
        settings.set_setting(session, actor, settings.INTEGRIA_ALLOWED_IPS, allowed_ips.strip())
        if password is None:
            return None
        return set_integria_password(session, actor, password)
