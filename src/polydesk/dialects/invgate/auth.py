"""Who is calling: HTTP Basic with a core user's login and password, or a Bearer token from
``/oauth/v2.0/access_token`` (client credentials), which also carries the scopes it may use.

Scopes are per endpoint and method (``api.v1.incident:post``); Basic callers are limited only
by their user's permissions, as in the product."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from polydesk.authz.actors import actor_for
from polydesk.core.actor import Actor
from polydesk.core.errors import Unauthenticated
from polydesk.credentials.oauth import authenticate_client_token
from polydesk.db import Session
from polydesk.dialects._kit.routing import basic_credentials, bearer_token
from polydesk.dialects.invgate.errors import missing_scope, unauthorized
from polydesk.models.users import User
from polydesk.users.service import authenticate


@dataclass(frozen=True)
class Caller:
    user: User
    actor: Actor
    scopes: frozenset[str] | None  # None: Basic auth, no scope limits

    def require_scope(self, scope: str) -> None:
        if self.scopes is not None and scope not in self.scopes:
            raise missing_scope(scope)


def authenticate_caller(session: Session, headers: Mapping[str, str], address: str = "") -> Caller:
    """The caller, or ``unauthorized`` (401); Basic logins are throttled per ``address``
    (credentials.throttle) and a locked one is told when to retry."""
    token = bearer_token(headers)
    if token is not None:
        try:
            principal = authenticate_client_token(session, token)
        except Unauthenticated as error:
            raise unauthorized(error.message) from error
        user = principal.user
        return Caller(user, actor_for(session, user), principal.scopes)
    credentials = basic_credentials(headers)
    if credentials is None:
        raise unauthorized()
    try:
        user_or_none = authenticate(session, *credentials, address=address)
    except Unauthenticated as error:  # throttled
        raise unauthorized(error.message) from error
    if user_or_none is None:
        raise unauthorized("Invalid credentials")
    return Caller(user_or_none, actor_for(session, user_or_none), None)
