"""Who is calling: the client of ``/api/oauth/token`` (HTTP Basic ``client_id:secret``) and the
user behind a resource request's ``Authorization: Bearer`` access token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from polydesk.authz.actors import actor_for
from polydesk.core.actor import Actor
from polydesk.core.errors import DomainError
from polydesk.credentials.oauth import (
    authenticate_access_token,
    is_issued_token,
    known_secret,
    signing_secret,
)
from polydesk.db import Session
from polydesk.dialects._kit.routing import bearer_token
from polydesk.dialects.motadata.errors import from_domain, unauthorized
from polydesk.models.users import User
from polydesk.runtime import Runtime


@dataclass(frozen=True)
class Caller:
    user: User
    actor: Actor


def jwt_secret(session: Session, runtime: Runtime) -> str:
    configured = runtime.settings.jwt_secret
    return signing_secret(session, configured.get_secret_value() if configured else None)


def issued_here(session: Session, runtime: Runtime, token: str) -> bool:
    """Whether ``/api/oauth/token`` issued this bearer token (never creates a key)."""
    configured = runtime.settings.jwt_secret
    secret = known_secret(session, configured.get_secret_value() if configured else None)
    return secret is not None and is_issued_token(token, secret)


def resource_caller(session: Session, runtime: Runtime, headers: Mapping[str, str]) -> Caller:
    """The caller of a resource request, or the Spring error for a missing or bad token."""
    token = bearer_token(headers)
    if token is None:
        raise unauthorized()
    try:
        principal = authenticate_access_token(session, token, jwt_secret(session, runtime))
    except DomainError as error:
        raise from_domain(error) from error
    return Caller(principal.user, actor_for(session, principal.user))
