"""Request dependencies of the web UI: the unit of work, the signed-in session, CSRF checks.

Every route that changes state takes ``CheckedSession`` (or, for the sign-in form, which has no
session yet, ``SignInFormChecked``): tests/web/test_routes_contract.py fails an unsafe route
that takes neither."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from polydesk.db import Session
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from polydesk.web.errors import CsrfRejected, SignInRequired, WrongHome
from polydesk.web.paths import PASSWORD, home_for
from polydesk.websessions.service import LiveSession, SessionLimits, web_session_for

SESSION_COOKIE = "polydesk_session"
#: The sign-in form's own CSRF token (double submit: cookie and hidden field must agree).
SIGNIN_COOKIE = "polydesk_signin"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
#: Sent ("1") by a page's own background requests (htmx polling): they keep nobody signed in.
BACKGROUND_HEADER = "X-Polydesk-Background"


def runtime(request: Request) -> Runtime:
    value: Runtime = request.app.state.runtime
    return value


def session_limits(request: Request) -> SessionLimits:
    settings = runtime(request).settings
    return SessionLimits(settings.web_session_idle_seconds, settings.web_session_max_seconds)


def _session(request: Request) -> Iterator[Session]:
    # scope="function": the transaction commits before the response is sent, and an error
    # (a refused CSRF token included) rolls everything back.
    with unit_of_work(runtime(request).factory) as session:
        yield session


DbSession = Annotated[Session, Depends(_session, scope="function")]


def _maybe_signed_in(request: Request, session: DbSession) -> LiveSession | None:
    token = request.cookies.get(SESSION_COOKIE)
    touch = request.headers.get(BACKGROUND_HEADER) != "1"
    return web_session_for(session, token, limits=session_limits(request), touch=touch)


MaybeSignedIn = Annotated[LiveSession | None, Depends(_maybe_signed_in)]


def _any_session(request: Request, live: MaybeSignedIn) -> LiveSession:
    if live is None:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(wanted if request.method == "GET" else "")
    return live


#: Any live session, also one that must change its password first: the password page and
#: sign-out only.
AnySession = Annotated[LiveSession, Depends(_any_session)]


def _signed_in(live: AnySession) -> LiveSession:
    if live.must_change_password:
        raise WrongHome(PASSWORD)
    return live


SignedIn = Annotated[LiveSession, Depends(_signed_in)]


def _agent(live: SignedIn) -> LiveSession:
    if not live.actor.is_agent:
        raise WrongHome(home_for(live.actor))
    return live


def _customer(live: SignedIn) -> LiveSession:
    if not live.actor.is_customer:
        raise WrongHome(home_for(live.actor))
    return live


AgentSession = Annotated[LiveSession, Depends(_agent)]
CustomerSession = Annotated[LiveSession, Depends(_customer)]


async def _sent_token(request: Request) -> str:
    """The CSRF token a request carries: the htmx header, else the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header is not None:
        return header
    value = (await request.form()).get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def _checked(request: Request, live: SignedIn) -> LiveSession:
    if not _same(await _sent_token(request), live.csrf_token):
        raise CsrfRejected()
    return live


#: A signed-in session whose request carries its CSRF token: every state-changing route.
CheckedSession = Annotated[LiveSession, Depends(_checked)]


async def _any_checked(request: Request, live: AnySession) -> LiveSession:
    if not _same(await _sent_token(request), live.csrf_token):
        raise CsrfRejected()
    return live


#: ``CheckedSession`` for the pages a session that must change its password may use.
AnyCheckedSession = Annotated[LiveSession, Depends(_any_checked)]


async def _signin_checked(request: Request) -> None:
    if not _same(await _sent_token(request), request.cookies.get(SIGNIN_COOKIE, "")):
        raise CsrfRejected()


SignInFormChecked = Annotated[None, Depends(_signin_checked)]


def _same(sent: str, expected: str) -> bool:
    return bool(sent) and bool(expected) and hmac.compare_digest(sent, expected)


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
