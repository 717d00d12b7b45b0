"""Issue and check credentials. Plain secrets are returned once and stored only as digests."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import ValidationFailed
from polydesk.models.credentials import ApiKey, ApiToken, OAuthClient
from polydesk.models.users import User
from polydesk.users.service import require_user

DIALECTS = frozenset({"integria", "invgate", "motadata", "readydesk", "znuny"})
GRANTS = frozenset({"password", "client_credentials", "refresh_token"})


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(session: Session, actor: Actor, *, user_id: int, name: str = "") -> str:
    if actor.user_id != user_id:
        require_admin(actor)
    require_user(session, user_id)
    token = "pd_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user_id, name=name, token_hash=digest(token), created_at=utcnow()))
    session.flush()
    return token


def user_for_api_token(session: Session, token: str) -> User | None:
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(token))).first()
    now = utcnow()
    if row is None or row.revoked_at is not None or (row.expires_at and row.expires_at <= now):
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_enabled else None


def create_api_key(
    session: Session, actor: Actor, *, dialect: str, allowed_ips: list[str], user_id: int | None
) -> str:
    require_admin(actor)
    if dialect not in DIALECTS:
        raise ValidationFailed("apikey.unknown_dialect", f"unknown dialect {dialect!r}")
    for entry in allowed_ips:
        _check_network(entry)
    if user_id is not None:
        require_user(session, user_id)
    key = secrets.token_hex(20)
    session.add(
        ApiKey(
            dialect=dialect,
            key_hash=digest(key),
            user_id=user_id,
            allowed_ips=allowed_ips,
            created_at=utcnow(),
        )
    )
    session.flush()
    return key


def check_api_key(session: Session, *, dialect: str, key: str, client_ip: str) -> ApiKey | None:
    row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest(key))).first()
    if row is None or row.dialect != dialect or row.revoked_at is not None:
        return None
    if row.allowed_ips and not ip_allowed(client_ip, row.allowed_ips):
        return None
    return row


def ip_allowed(client_ip: str, allowed: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(entry, strict=False) for entry in allowed)


@dataclass(frozen=True)
class OAuthClientSecret:
    client_id: str
    client_secret: str


def create_oauth_client(
    session: Session, actor: Actor, *, name: str, grants: list[str], scopes: list[str]
) -> OAuthClientSecret:
    require_admin(actor)
    unknown = sorted(set(grants) - GRANTS)
    if not grants or unknown:
        raise ValidationFailed("oauth.invalid_grant", f"unknown grant types: {unknown or grants}")
    client_id, secret = secrets.token_hex(12), secrets.token_urlsafe(32)
    session.add(
        OAuthClient(
            client_id=client_id,
            name=name,
            secret_hash=digest(secret),
            grant_types=list(dict.fromkeys(grants)),
            scopes=scopes,
            created_at=utcnow(),
        )
    )
    session.flush()
    return OAuthClientSecret(client_id=client_id, client_secret=secret)


def check_oauth_client(session: Session, client_id: str, secret: str) -> OAuthClient | None:
    row = session.scalars(select(OAuthClient).where(OAuthClient.client_id == client_id)).first()
    if row is None or row.revoked_at is not None or not row.is_enabled:
        return None
    return row if hmac.compare_digest(row.secret_hash, digest(secret)) else None


def _check_network(entry: str) -> None:
    try:
        ipaddress.ip_network(entry, strict=False)
    except ValueError as exc:
        raise ValidationFailed(
            "apikey.invalid_ip", f"not an IP address or network: {entry}"
        ) from exc
