"""``POST /api/oauth/token`` (specs/seeds-002-003.md A.2): the password and refresh_token grants
of Spring Security OAuth2, checked in Spring's order: client authentication, ``grant_type``
present and known, the client allowed that grant, then the grant's own parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polydesk.core.errors import DomainError
from polydesk.credentials.oauth import (
    IssuedTokens,
    authenticate_client,
    password_grant,
    refresh_grant,
)
from polydesk.db import Session
from polydesk.dialects._kit.hostile import all_storable
from polydesk.dialects.motadata.auth import jwt_secret
from polydesk.dialects.motadata.errors import from_domain, oauth_error
from polydesk.models.credentials import OAuthClient
from polydesk.runtime import Runtime

GRANTS = ("password", "refresh_token")
_GRANT_FIELDS = ("username", "password", "refresh_token")


def issue(
    session: Session,
    runtime: Runtime,
    client: tuple[str, str],
    params: Mapping[str, str],
    address: str = "",
) -> dict[str, Any]:
    """The token response for a grant request; raises ``MotadataError`` otherwise. Client and
    user credentials are throttled per ``address`` (credentials.throttle)."""
    try:
        found = authenticate_client(session, *client, address=address)
    except DomainError as error:
        raise from_domain(error, token_endpoint=True) from error
    grant = params.get("grant_type", "")
    if not grant:
        raise oauth_error(400, "invalid_request", "Missing grant type")
    if grant not in GRANTS:
        raise oauth_error(400, "unsupported_grant_type", f"Unsupported grant type: {grant}")
    if not all_storable(params.get(name, "") for name in _GRANT_FIELDS):
        # No account or token holds NUL (PostgreSQL would refuse the lookup): wrong credentials.
        raise oauth_error(400, "invalid_grant", "Bad credentials")
    secret = jwt_secret(session, runtime)
    try:
        if grant == "password":
            tokens = password_grant(
                session,
                found,
                username=params.get("username", ""),
                password=params.get("password", ""),
                secret=secret,
                address=address,
            )
        else:
            tokens = _refresh(session, found, params.get("refresh_token", ""), secret)
    except DomainError as error:
        raise from_domain(error, token_endpoint=True) from error
    return token_response(tokens)


def _refresh(session: Session, client: OAuthClient, token: str, secret: str) -> IssuedTokens:
    if not token:
        raise oauth_error(400, "invalid_request", "Missing refresh token")
    return refresh_grant(session, client, refresh_token=token, secret=secret)


def token_response(tokens: IssuedTokens) -> dict[str, Any]:
    """Spring's ``/oauth/token`` JSON, in its key order; ``scope`` space-joined."""
    return {
        "access_token": tokens.access_token,
        "token_type": "bearer",
        "refresh_token": tokens.refresh_token,
        "expires_in": tokens.expires_in,
        "scope": " ".join(tokens.scopes),
        "jti": tokens.jti,
    }
