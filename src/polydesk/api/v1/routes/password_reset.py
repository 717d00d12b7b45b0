"""Password links (``users.password_reset``): the address in the reset mail, without login.

``GET /password-reset?token=...`` says whether a link still works (and until when) without
using it; ``POST /password-reset {token, password}`` sets the password and uses the link up.
Unknown, used and expired links get the same 422 ``password_reset.invalid_token``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ConfigDict, Field

from polydesk.api.v1.deps import DbSession
from polydesk.api.v1.inputs import Guarded
from polydesk.api.v1.schemas import Out
from polydesk.users.password_reset import check_password_reset, consume_password_reset

router = APIRouter(tags=["password reset"])

Token = Annotated[str, Field(min_length=1, max_length=200)]


class PasswordReset(Guarded):
    model_config = ConfigDict(extra="forbid")

    token: Token
    password: str = Field(min_length=1, max_length=1024)


class PasswordLinkOut(Out):
    valid: bool
    expires_at: datetime


class PasswordSetOut(Out):
    login: str


@router.get("/password-reset", response_model=PasswordLinkOut)
def check_link(
    session: DbSession, token: Annotated[str, Query(min_length=1, max_length=200)]
) -> PasswordLinkOut:
    row = check_password_reset(session, token)
    return PasswordLinkOut(valid=True, expires_at=row.expires_at)


@router.post("/password-reset", response_model=PasswordSetOut)
def use_link(session: DbSession, body: PasswordReset) -> PasswordSetOut:
    """Set the password; the link works once. Log in with the login this answers."""
    user = consume_password_reset(session, body.token, body.password)
    return PasswordSetOut(login=user.login)
