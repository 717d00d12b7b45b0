"""Sign in at ``/`` and sign out: the only pages without a session."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response

from polydesk.core.errors import Unauthenticated, ValidationFailed
from polydesk.web.deps import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    AnyCheckedSession,
    DbSession,
    MaybeSignedIn,
    SignInFormChecked,
    client_address,
    session_limits,
)
from polydesk.web.errors import WebRoute, redirect
from polydesk.web.paths import PASSWORD, SIGN_IN, home_for, landing
from polydesk.web.render import page
from polydesk.websessions.service import end_web_session, start_web_session

router = APIRouter(route_class=WebRoute, include_in_schema=False)

FormText = Annotated[str, Form(max_length=2048)]


@router.get(SIGN_IN)
def signin_page(
    request: Request, live: MaybeSignedIn, next: Annotated[str, Query(max_length=2048)] = ""
) -> Response:
    if live is not None:
        return redirect(request, home_for(live.actor))
    changed = request.query_params.get("changed") == "1"  # from /password
    notice = "Your password is changed. Sign in with the new one." if changed else ""
    return signin_form(request, wanted=next, notice=notice)


@router.post("/signin")
def sign_in(
    request: Request,
    session: DbSession,
    _csrf: SignInFormChecked,
    login: FormText = "",
    password: FormText = "",
    next: FormText = "",
) -> Response:
    try:
        signed = start_web_session(
            session,
            login,
            password,
            address=client_address(request),
            limits=session_limits(request),
            replacing=request.cookies.get(SESSION_COOKIE),
        )
    except Unauthenticated as exc:
        return signin_refused(request, exc, login=login, wanted=next)
    except ValidationFailed as exc:
        message = "Enter your login and password." if exc.code == "auth.missing" else exc.message
        return signin_form(request, login=login, wanted=next, error=message, status=400)
    live = signed.session
    response = redirect(
        request, PASSWORD if live.must_change_password else landing(live.actor, next)
    )
    response.set_cookie(
        SESSION_COOKIE,
        signed.token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )  # a browser-session cookie: the server ends the session itself (docs/web.md)
    response.delete_cookie(SIGNIN_COOKIE, path="/")
    return response


@router.post("/signout")
def sign_out(request: Request, session: DbSession, _live: AnyCheckedSession) -> Response:
    end_web_session(session, request.cookies.get(SESSION_COOKIE))
    response = redirect(request, SIGN_IN)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def signin_refused(request: Request, exc: Unauthenticated, *, login: str, wanted: str) -> Response:
    if exc.code == "auth.throttled":
        wait = int(exc.details.get("retry_after", 60))
        message = f"Too many failed sign-ins. Try again in {wait} seconds."
        return signin_form(
            request, login=login, wanted=wanted, error=message, status=429,
            headers={"Retry-After": str(wait)},
        )  # fmt: skip
    message = "Wrong login or password."
    return signin_form(request, login=login, wanted=wanted, error=message, status=401)


def signin_form(
    request: Request,
    *,
    login: str = "",
    wanted: str = "",
    error: str = "",
    notice: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The sign-in page with its own CSRF token, kept in a cookie as well (double submit)."""
    token = request.cookies.get(SIGNIN_COOKIE) or secrets.token_urlsafe(32)
    context = {
        "login": login, "next": wanted, "error": error, "notice": notice, "signin_token": token
    }
    response = page(request, "signin.html", context, status=status, headers=headers)
    response.set_cookie(
        SIGNIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response
