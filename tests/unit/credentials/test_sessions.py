"""Login sessions (Znuny SessionID): create, look up, lifetime and idle expiry, remove."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.core.errors import ValidationFailed
from polydesk.credentials.service import (
    create_session,
    digest,
    get_session_row,
    remove_session,
    session_user,
)
from polydesk.models.credentials import AuthSession
from polydesk.models.users import User
from polydesk.settings.service import get_setting, set_setting
from tests.factories import make_user

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
HOUR = 3600


def _start(session: Session, user: User, max_seconds: int = 16 * HOUR) -> str:
    with frozen(NOW):
        return create_session(
            session, user, kind="znuny-agent", remote_addr="192.0.2.7", max_seconds=max_seconds
        )


def _lookup(session: Session, token: str, at: datetime, idle: int = 6 * HOUR) -> User | None:
    with frozen(at):
        found = session_user(session, token, max_idle_seconds=idle)
    return found[1] if found else None


def test_a_session_token_is_random_alphanumeric_and_stored_as_a_digest(session: Session) -> None:
    user = make_user(session)
    token, other = _start(session, user), _start(session, user)
    assert len(token) == 32 and set(token) <= set(string.ascii_letters + string.digits)
    assert token != other
    stored = {r.token_hash for r in session.scalars(select(AuthSession))}
    assert token not in stored and digest(token) in stored
    row = get_session_row(session, token)
    assert row is not None
    assert (row.kind, row.remote_addr, row.user_id) == ("znuny-agent", "192.0.2.7", user.id)
    assert (row.created_at, row.last_used_at) == (NOW, NOW)
    assert row.expires_at == NOW + timedelta(hours=16)


def test_lookup_returns_the_user_and_marks_the_session_used(session: Session) -> None:
    user = make_user(session)
    token = _start(session, user)
    later = NOW + timedelta(minutes=5)
    with frozen(later):
        found = session_user(session, token, max_idle_seconds=6 * HOUR)
    assert found is not None
    row, who = found
    assert who.id == user.id and row.last_used_at == later


def test_unknown_and_empty_tokens_find_nothing(session: Session) -> None:
    _start(session, make_user(session))
    assert _lookup(session, "x" * 32, NOW) is None
    assert _lookup(session, "", NOW) is None
    assert get_session_row(session, "") is None


def test_a_session_ends_at_its_lifetime_however_busy(session: Session) -> None:
    user = make_user(session)
    token = _start(session, user, max_seconds=2 * HOUR)
    # Used every hour, so never idle; still over after two hours.
    assert _lookup(session, token, NOW + timedelta(hours=1)) is not None
    assert _lookup(session, token, NOW + timedelta(hours=2) - timedelta(seconds=1)) is not None
    assert _lookup(session, token, NOW + timedelta(hours=2)) is None
    assert get_session_row(session, token) is not None  # still readable, just not valid


def test_an_idle_session_ends_and_each_use_restarts_the_idle_clock(session: Session) -> None:
    user = make_user(session)
    token = _start(session, user)
    idle = 30 * 60
    assert _lookup(session, token, NOW + timedelta(seconds=idle), idle) is not None  # exactly idle
    resumed = NOW + timedelta(seconds=idle)
    assert _lookup(session, token, resumed + timedelta(seconds=idle), idle) is not None
    assert _lookup(session, token, resumed + timedelta(seconds=3 * idle), idle) is None


def test_a_disabled_user_has_no_session(session: Session) -> None:
    user = make_user(session)
    token = _start(session, user)
    user.is_enabled = False
    session.flush()
    assert _lookup(session, token, NOW) is None


def test_remove_returns_the_row_once(session: Session) -> None:
    user = make_user(session)
    token, kept = _start(session, user), _start(session, user)
    removed = remove_session(session, token)
    assert removed is not None and removed.user_id == user.id and removed.kind == "znuny-agent"
    assert get_session_row(session, token) is None
    assert _lookup(session, token, NOW) is None
    assert remove_session(session, token) is None
    assert _lookup(session, kept, NOW) is not None


def test_a_lifetime_must_be_positive(session: Session) -> None:
    with pytest.raises(ValidationFailed):
        create_session(session, make_user(session), kind="web", max_seconds=0)


def test_znuny_session_settings_default_to_znuny_and_take_positive_integers(
    session: Session,
) -> None:
    assert get_setting(session, "znuny.session_max_time") == "57600"
    assert get_setting(session, "znuny.session_max_idle_time") == "21600"
    assert set_setting(session, SYSTEM, "znuny.session_max_idle_time", "900").value == "900"
    for bad in ("0", "-5", "1.5", "", "ten", "²"):
        with pytest.raises(ValidationFailed) as error:
            set_setting(session, SYSTEM, "znuny.session_max_time", bad)
        assert error.value.code == "setting.invalid_value"
    assert get_setting(session, "znuny.session_max_time") == "57600"
