"""User commands take what the products take for logins and e-mail addresses: Znuny's stock
admin ``root@localhost`` (login and e-mail) and addresses on local domains."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from polydesk.users.schemas import LOGIN_PATTERN, UserCreate, UserUpdate


@pytest.mark.parametrize("login", ["root@localhost", "admin@intranet", "jo.doe+it@corp.local"])
def test_logins_may_be_local_addresses(login: str) -> None:
    assert re.fullmatch(LOGIN_PATTERN, login)
    assert UserCreate(login=login).login == login


@pytest.mark.parametrize("login", ["", "root localhost", "root@localhost\x00", "x" * 192])
def test_logins_stay_strict(login: str) -> None:
    with pytest.raises(ValidationError):
        UserCreate(login=login)


@pytest.mark.parametrize(
    ("email", "stored"),
    [
        ("root@localhost", "root@localhost"),
        ("Root@LOCALHOST", "Root@localhost"),
        ("admin@intranet", "admin@intranet"),
        ("jo@Corp.Local", "jo@corp.local"),
        ("ada@Example.com", "ada@example.com"),
    ],
)
def test_create_and_update_take_local_addresses(email: str, stored: str) -> None:
    assert UserCreate(login="root@localhost", email=email).email == stored
    assert UserUpdate(email=email).email == stored


@pytest.mark.parametrize(
    "email", ["root", "root@", "@localhost", "ro ot@localhost", "root@local\x00host", "a@b.invalid"]
)
def test_create_and_update_refuse_garbage(email: str) -> None:
    for build in (lambda: UserCreate(login="x", email=email), lambda: UserUpdate(email=email)):
        with pytest.raises(ValidationError) as refused:
            build()
        assert refused.value.errors()[0]["loc"] == ("email",)
