"""OAuth2 password and refresh-token grants with HS256-signed JWTs, as Spring Security OAuth2
issues them (Motadata ServiceOps, specs/seeds-002-003.md A.2).

Tokens are JWTs, but every one is also a row in ``oauth_tokens`` (by ``jti``): a token is valid
only while its row is, its client still exists and is enabled, and its user is enabled. So
deleting a client or disabling a user revokes its tokens at once, in every server process.

Failures raise ``Unauthenticated`` with an ``oauth.*`` code; the messages are Spring's, which
edges may show as they are. Expiry is checked against ``core.clock`` (tests can pin time).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.core.errors import Unauthenticated
from polydesk.credentials.service import check_oauth_client, digest
from polydesk.models.credentials import OAuthClient, OAuthToken
from polydesk.models.settings import Setting
from polydesk.models.users import User
from polydesk.settings.service import OAUTH_JWT_SECRET
from polydesk.users.passwords import verify_password
from polydesk.users.service import authenticate, get_user_by_email, get_user_by_login

ALGORITHM = "HS256"
ACCESS, REFRESH = "access", "refresh"
#: Kind of the opaque tokens of the client-credentials grant (InvGate): never JWTs, so the
#: path Motadata shares with InvGate can tell them apart (dialects/_kit/routing.py).
CLIENT_ACCESS = "client_access"
CLIENT_TOKEN_BYTES = 32
#: Scope of tokens issued to a client registered without scopes (Motadata integration clients).
DEFAULT_SCOPE = "other-api-scope"
AUTHORITIES = ("USER",)
_CLAIMS = ("jti", "client_id", "exp")


@dataclass(frozen=True)
class IssuedTokens:
    """What the token endpoint answers: ``expires_in`` counts whole seconds left, as Spring
    does (7199 for a 7200-second token read a moment after issue)."""

    access_token: str
    refresh_token: str
    expires_in: int
    scopes: list[str]
    jti: str


@dataclass(frozen=True)
class Principal:
    """Who a valid access token speaks for."""

    user: User
    client: OAuthClient
    jti: str


@dataclass(frozen=True)
class ClientToken:
    """What the client-credentials token endpoint answers (``expires_in`` in seconds)."""

    access_token: str
    expires_in: int
    scopes: list[str]


@dataclass(frozen=True)
class ClientPrincipal:
    """Who a valid client-credentials token speaks for, and what it may do."""

    user: User
    client: OAuthClient
    scopes: frozenset[str]


def signing_secret(session: Session, configured: str | None) -> str:
    """The configured secret, else the one stored in the settings table, created on first use
    (two processes racing both read the winner's)."""
    known = known_secret(session, configured)
    if known is not None:
        return known
    try:
        with session.begin_nested():
            session.add(Setting(key=OAUTH_JWT_SECRET, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another process stored one first
    return session.get_one(Setting, OAUTH_JWT_SECRET).value


def known_secret(session: Session, configured: str | None) -> str | None:
    """The secret tokens were signed with, without creating one (None: no token exists)."""
    if configured:
        return configured
    stored = session.get(Setting, OAUTH_JWT_SECRET)
    return stored.value if stored is not None else None


def authenticate_client(
    session: Session, client_id: str, client_secret: str, *, address: str = ""
) -> OAuthClient:
    client = check_oauth_client(session, client_id, client_secret, address=address)
    if client is None:
        raise Unauthenticated("oauth.bad_client", "Bad client credentials")
    return client


def password_grant(
    session: Session,
    client: OAuthClient,
    *,
    username: str,
    password: str,
    secret: str,
    address: str = "",
) -> IssuedTokens:
    """Log a user in by login (or e-mail) and password and issue a token pair. Unknown user,
    wrong password and a disabled account all get "Bad credentials": Spring's "User is
    disabled" would tell a guesser which accounts exist, so it is said only to a caller
    who knows the password."""
    _require_grant(client, "password")
    found = get_user_by_login(session, username) or get_user_by_email(session, username)
    login = found.login if found else username
    user = authenticate(session, login, password, address=address)
    if (
        user is None
        and found is not None
        and not found.is_enabled
        and verify_password(found.password_hash, password)
    ):
        raise Unauthenticated("oauth.user_disabled", "User is disabled")
    if user is None:
        raise Unauthenticated("oauth.bad_credentials", "Bad credentials")
    now = utcnow()
    access_jti, access = _issue(session, client, user, ACCESS, now, secret, {})
    _refresh_jti, refresh = _issue(session, client, user, REFRESH, now, secret, {"ati": access_jti})
    return IssuedTokens(
        access, refresh, client.access_token_seconds - 1, _scopes(client), access_jti
    )


def refresh_grant(
    session: Session, client: OAuthClient, *, refresh_token: str, secret: str
) -> IssuedTokens:
    """A new access token for a valid refresh token, which stays the same (Spring reuses it)."""
    _require_grant(client, "refresh_token")
    claims = _decode(refresh_token, secret)
    invalid = Unauthenticated(
        "oauth.invalid_refresh_token", f"Invalid refresh token: {refresh_token}"
    )
    if claims is None:
        raise invalid
    row = session.get(OAuthToken, str(claims["jti"]))
    if row is None or row.kind != REFRESH or row.revoked_at is not None:
        raise invalid
    if row.client_id != client.id:
        raise Unauthenticated(
            "oauth.wrong_client", f"Wrong client for this refresh token: {refresh_token}"
        )
    now = utcnow()
    if _expired(claims, now):
        raise Unauthenticated(
            "oauth.refresh_token_expired", f"Invalid refresh token (expired): {refresh_token}"
        )
    user = session.get(User, row.user_id) if row.user_id is not None else None
    if user is None or not user.is_enabled:
        raise invalid
    access_jti, access = _issue(session, client, user, ACCESS, now, secret, {})
    return IssuedTokens(
        access, refresh_token, client.access_token_seconds - 1, _scopes(client), access_jti
    )


def authenticate_access_token(session: Session, token: str, secret: str) -> Principal:
    """The user and client of a valid access token (three primary-key reads)."""
    claims = _decode(token, secret)
    if claims is None:
        raise Unauthenticated("oauth.invalid_token", "Cannot convert access token to JSON")
    if _expired(claims, utcnow()):
        raise Unauthenticated("oauth.token_expired", f"Access token expired: {token}")
    revoked = Unauthenticated("oauth.token_revoked", f"Invalid access token: {token}")
    row = session.get(OAuthToken, str(claims["jti"]))
    if row is None or row.kind != ACCESS or row.revoked_at is not None or row.user_id is None:
        raise revoked
    client = session.get(OAuthClient, row.client_id)
    if client is None or client.revoked_at is not None or not client.is_enabled:
        raise revoked
    user = session.get(User, row.user_id)
    if user is None or not user.is_enabled:
        raise revoked
    return Principal(user=user, client=client, jti=row.jti)


def is_issued_token(token: str, secret: str) -> bool:
    """Whether a bearer token is one of ours (signature and claims; expired ones count), so
    edges that share a path with another product can tell their callers apart."""
    return _decode(token, secret) is not None


def _require_grant(client: OAuthClient, grant: str) -> None:
    if grant not in client.grant_types:
        raise Unauthenticated("oauth.unauthorized_grant", f"Unauthorized grant type: {grant}")


def _scopes(client: OAuthClient) -> list[str]:
    return list(client.scopes) or [DEFAULT_SCOPE]


def _issue(
    session: Session,
    client: OAuthClient,
    user: User,
    kind: str,
    now: datetime,
    secret: str,
    extra: dict[str, Any],
) -> tuple[str, str]:
    seconds = client.access_token_seconds if kind == ACCESS else client.refresh_token_seconds
    expires_at = now + timedelta(seconds=seconds)
    jti = str(uuid.uuid4())
    claims = {
        "grant_type": "password",
        "user_name": user.email or user.login,
        "scope": _scopes(client),
        **extra,
        "exp": int(expires_at.timestamp()),
        "authorities": list(AUTHORITIES),
        "jti": jti,
        "client_id": client.client_id,
    }
    session.add(
        OAuthToken(
            jti=jti,
            client_id=client.id,
            user_id=user.id,
            kind=kind,
            scopes=_scopes(client),
            expires_at=expires_at,
        )
    )
    session.flush()
    return jti, jwt.encode(claims, secret, algorithm=ALGORITHM)


def _decode(token: str, secret: str) -> dict[str, Any] | None:
    """The claims of a token signed with ``secret`` carrying ours, else None; expiry is the
    caller's business."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "require": list(_CLAIMS)},
        )
    except jwt.PyJWTError:
        return None
    if not isinstance(claims.get("exp"), int) or not isinstance(claims.get("jti"), str):
        return None
    return claims


def _expired(claims: dict[str, Any], now: datetime) -> bool:
    return int(claims["exp"]) <= int(now.timestamp())


def client_credentials_grant(
    session: Session, client: OAuthClient, *, requested_scopes: list[str]
) -> ClientToken:
    """An opaque access token for the client's own user, carrying the requested scopes (each
    must be registered on the client). Nothing requested means no scope at all: InvGate's
    tokens hold only what was asked for (specs/invgate-api.md §2.2)."""
    _require_grant(client, "client_credentials")
    user = session.get(User, client.user_id) if client.user_id is not None else None
    if user is None or not user.is_enabled:
        raise Unauthenticated("oauth.client_without_user", "Client has no enabled user")
    unknown = sorted(set(requested_scopes) - set(client.scopes))
    if unknown:
        raise Unauthenticated("oauth.invalid_scope", f"Invalid scope: {' '.join(unknown)}")
    granted = list(dict.fromkeys(requested_scopes))
    token = secrets.token_urlsafe(CLIENT_TOKEN_BYTES)
    session.add(
        OAuthToken(
            jti=digest(token),  # the row holds a digest only, as for every other secret
            client_id=client.id,
            user_id=user.id,
            kind=CLIENT_ACCESS,
            scopes=granted,
            expires_at=utcnow() + timedelta(seconds=client.access_token_seconds),
        )
    )
    session.flush()
    return ClientToken(token, client.access_token_seconds, granted)


def authenticate_client_token(session: Session, token: str) -> ClientPrincipal:
    """The user, client and scopes of a valid client-credentials token (primary-key reads)."""
    invalid = Unauthenticated("oauth.invalid_token", "Invalid access token")
    row = session.get(OAuthToken, digest(token))
    if row is None or row.kind != CLIENT_ACCESS or row.revoked_at is not None:
        raise invalid
    if row.expires_at <= utcnow():
        raise Unauthenticated("oauth.token_expired", "Access token expired")
    client = session.get(OAuthClient, row.client_id)
    if client is None or client.revoked_at is not None or not client.is_enabled:
        raise invalid
    user = session.get(User, row.user_id) if row.user_id is not None else None
    if user is None or not user.is_enabled:
        raise invalid
    return ClientPrincipal(user=user, client=client, scopes=frozenset(row.scopes))
