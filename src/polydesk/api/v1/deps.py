"""Request dependencies: the unit of work and the authenticated actor."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from polydesk.authz.actors import actor_for
from polydesk.core.actor import Actor
from polydesk.core.errors import Unauthenticated
from polydesk.credentials.service import user_for_api_token
from polydesk.db import Session
from polydesk.db.uow import unit_of_work
from polydesk.flows.commands import Resources
from polydesk.models.users import User
from polydesk.runtime import Runtime
from polydesk.users.forced_change import require_password_current
from polydesk.users.service import authenticate


def runtime(request: Request) -> Runtime:
    value: Runtime = request.app.state.runtime
    return value


def _resources(request: Request) -> Resources:
    return runtime(request).resources


#: What the core's use cases (``polydesk.flows``) need of the run time.
UseCaseResources = Annotated[Resources, Depends(_resources)]


def _session(request: Request) -> Iterator[Session]:
    # scope="function": the transaction commits before the response is sent, so a client
    # never sees success for a write that then fails to commit.
    with unit_of_work(runtime(request).factory) as session:
        yield session


DbSession = Annotated[Session, Depends(_session, scope="function")]


def _caller(request: Request, session: DbSession) -> User:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    user = None
    if scheme.lower() == "bearer" and credentials:
        user = user_for_api_token(session, credentials.strip())
    elif scheme.lower() == "basic" and credentials:
        login, password = _basic(credentials)
        address = request.client.host if request.client else ""
        # a user who must change their password gets in, to be told so (users.forced_change)
        user = authenticate(session, login, password, address=address, pending_change_ok=True)
    else:
        raise Unauthenticated("auth.missing", "send a Bearer token or HTTP Basic credentials")
    if user is None:
        raise Unauthenticated("auth.invalid", "invalid credentials")
    return user


def _actor(session: DbSession, user: Annotated[User, Depends(_caller)]) -> Actor:
    require_password_current(user)  # 403 auth.password_change_required
    return actor_for(session, user)


def _account_actor(session: DbSession, user: Annotated[User, Depends(_caller)]) -> Actor:
    return actor_for(session, user)


def _basic(credentials: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise Unauthenticated("auth.invalid", "malformed Basic credentials") from exc
    login, sep, password = decoded.partition(":")
    if not sep:
        raise Unauthenticated("auth.invalid", "malformed Basic credentials")
    return login, password


CurrentActor = Annotated[Actor, Depends(_actor)]
#: The caller even while it must change its password: reading oneself and changing it.
AccountActor = Annotated[Actor, Depends(_account_actor)]
