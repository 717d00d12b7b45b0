"""``/password``: a user signed in with a temporary password (an admin's forced change,
users/forced_change.py) chooses their own before any other page opens. Changing it ends the
user's sessions, this one too, so they sign in again with the new password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from polydesk.core.errors import ValidationFailed
from polydesk.users.forced_change import change_own_password
from polydesk.web.deps import (
    SESSION_COOKIE,
    AnyCheckedSession,
    AnySession,
    DbSession,
    client_address,
)
from polydesk.web.errors import WebRoute, redirect
from polydesk.web.paths import PASSWORD, SIGN_IN
from polydesk.web.render import page
from polydesk.websessions.service import LiveSession

router = APIRouter(route_class=WebRoute, include_in_schema=False)

PasswordField = Annotated[str, Form(max_length=1024)]


@router.get(PASSWORD)
def password_page(request: Request, live: AnySession) -> Response:
    return _form(request, live)


@router.post(PASSWORD)
def choose_password(
    request: Request,
    session: DbSession,
    live: AnyCheckedSession,
    current: PasswordField = "",
    new: PasswordField = "",
    repeat: PasswordField = "",
) -> Response:
    if not new or new != repeat:
        return _form(request, live, error="The two new passwords differ.", status=422)
    try:
        change_own_password(
            session, live.actor, current_password=current, new_password=new,
            address=client_address(request),
        )  # fmt: skip
    except ValidationFailed as exc:
        return _form(request, live, error=exc.message.capitalize() + ".", status=422)
    response = redirect(request, f"{SIGN_IN}?changed=1")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _form(request: Request, live: LiveSession, *, error: str = "", status: int = 200) -> Response:
    context = {"error": error, "forced": live.must_change_password}
    return page(request, "password.html", context, live=live, status=status)
