"""Issue and check credentials. Plain secrets are returned once and stored only as digests."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
import string
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.credentials import throttle
from polydesk.models.credentials import ApiKey, ApiToken, AuthSession, OAuthClient, OAuthToken
from polydesk.models.users import User
from polydesk.users.service import require_user

DIALECTS = frozenset({"integria", "invgate", "motadata", "readydesk", "znuny"})
GRANTS = frozenset({"password", "client_credentials", "refresh_token"})
#: Znuny SessionIDs are alphanumeric; 32 of them carry about 190 bits.
SESSION_ALPHABET = string.ascii_letters + string.digits
SESSION_TOKEN_LENGTH = 32
CLIENT_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,100}")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(session: Session, actor: Actor, *, user_id: int, name: str = "") -> str:
    if actor.user_id != user_id:
        require_admin(actor)
    if not require_user(session, user_id).is_enabled:  # it could never be used
        raise ValidationFailed("user.disabled", f"user {user_id} is disabled")
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
    """The valid key, or None. Failures are throttled per address (credentials.throttle):
    while locked, raises ``Unauthenticated`` ``auth.throttled`` before the key is looked up."""

    def check() -> ApiKey | None:
        row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest(key))).first()
        if row is None or row.dialect != dialect or row.revoked_at is not None:
            return None
        if row.allowed_ips and not ip_allowed(client_ip, row.allowed_ips):
            return None
        return row

    return throttle.guarded(session, f"apikey:{dialect}", client_ip, check)


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
    session: Session,
    actor: Actor,
    *,
    name: str,
    grants: list[str],
    scopes: list[str],
    client_id: str | None = None,
    user_id: int | None = None,
) -> OAuthClientSecret:
    """A new client; ``client_id`` (e.g. Motadata's ``<Name>-client``) must be unused and free
    of ``:`` (Basic auth's separator); random when not given. ``user_id`` is who the
    client-credentials grant acts as (that grant is refused while the client has none)."""
    require_admin(actor)
    unknown = sorted(set(grants) - GRANTS)
    if not grants or unknown:
        raise ValidationFailed("oauth.invalid_grant", f"unknown grant types: {unknown or grants}")
    if user_id is not None:
        require_user(session, user_id)
    if client_id is not None:
        _check_client_id(session, client_id)
    client_id, secret = client_id or secrets.token_hex(12), secrets.token_urlsafe(32)
    session.add(
        OAuthClient(
            client_id=client_id,
            name=name,
            secret_hash=digest(secret),
            grant_types=list(dict.fromkeys(grants)),
            scopes=scopes,
            user_id=user_id,
            created_at=utcnow(),
        )
    )
    session.flush()
    return OAuthClientSecret(client_id=client_id, client_secret=secret)


def delete_oauth_client(session: Session, actor: Actor, client_id: str) -> None:
    """Remove a client and every token it was issued (they stop working at once)."""
    require_admin(actor)
    row = session.scalars(select(OAuthClient).where(OAuthClient.client_id == client_id)).first()
    if row is None:
        raise not_found("oauth_client", client_id)
    session.execute(delete(OAuthToken).where(OAuthToken.client_id == row.id))
    session.delete(row)
    session.flush()


def _check_client_id(session: Session, client_id: str) -> None:
    if not CLIENT_ID_PATTERN.fullmatch(client_id):
        raise ValidationFailed("oauth.invalid_client_id", f"invalid client id {client_id!r}")
    taken = select(OAuthClient.id).where(OAuthClient.client_id == client_id)
    if session.scalars(taken).first() is not None:
        raise Conflict("oauth.client_id_taken", f"client id {client_id!r} is already in use")


def check_oauth_client(
    session: Session, client_id: str, secret: str, *, address: str = ""
) -> OAuthClient | None:
    """The enabled client with this id and secret, or None. Throttled like a password login
    (credentials.throttle), the client id standing for the login."""

    def check() -> OAuthClient | None:
        query = select(OAuthClient).where(OAuthClient.client_id == client_id)
        row = session.scalars(query).first()
        if row is None or row.revoked_at is not None or not row.is_enabled:
            return None
        return row if hmac.compare_digest(row.secret_hash, digest(secret)) else None

    return throttle.guarded(session, f"oauth-client:{client_id}", address, check)


def _check_network(entry: str) -> None:
    try:
        ipaddress.ip_network(entry, strict=False)
    except ValueError as exc:
        raise ValidationFailed(
            "apikey.invalid_ip", f"not an IP address or network: {entry}"
        ) from exc


def create_session(
    session: Session,
    user: User,
    *,
    kind: str,
    remote_addr: str = "",
    user_agent: str = "",
    max_seconds: int,
) -> str:
    """Start a login session for an authenticated user; the token is returned once. It lives
    ``max_seconds`` at most (Znuny SessionMaxTime), however busy it is."""
    if max_seconds <= 0:
        raise ValidationFailed("session.invalid_lifetime", "a session must live a positive time")
    token = "".join(secrets.choice(SESSION_ALPHABET) for _ in range(SESSION_TOKEN_LENGTH))
    now = utcnow()
    session.add(
        AuthSession(
            token_hash=digest(token),
            user_id=user.id,
            kind=kind,
            remote_addr=remote_addr[:64],
            user_agent=user_agent,
            created_at=now,
            last_used_at=now,
            expires_at=now + timedelta(seconds=max_seconds),
        )
    )
    session.flush()
    return token


def get_session_row(session: Session, token: str) -> AuthSession | None:
    """The stored session for a token, valid or not (SessionGet reports expired ones too)."""
    if not token:
        return None
    query = select(AuthSession).where(AuthSession.token_hash == digest(token))
    return session.scalars(query).first()


def session_user(
    session: Session, token: str, *, max_idle_seconds: int
) -> tuple[AuthSession, User] | None:
    """The live session and its user, marking it used now; None when the token is unknown,
    past its lifetime, idle longer than ``max_idle_seconds`` (Znuny SessionMaxIdleTime), or
    its user is disabled."""
    row = get_session_row(session, token)
    now = utcnow()
    if row is None or row.expires_at <= now:
        return None
    if now - row.last_used_at > timedelta(seconds=max_idle_seconds):
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_enabled:
        return None
    row.last_used_at = now
    session.flush()
    return row, user


def remove_session(session: Session, token: str) -> AuthSession | None:
    """Log out: the removed row (its user and kind stay readable), or None if unknown."""
    row = get_session_row(session, token)
    if row is not None:
        session.delete(row)
        session.flush()
    return row
