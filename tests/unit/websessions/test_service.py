"""Web UI sessions in the core: stored as a digest, ended by idle time, absolute age,
sign-out, a disabled account or a new password; sign-in fails like every other login."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import Unauthenticated, ValidationFailed
from polydesk.models.credentials import WebSession
from polydesk.runtime import Runtime
from polydesk.users.lifecycle import change_password, set_user_enabled
from polydesk.websessions.service import (
    SessionLimits,
    end_web_session,
    purge_expired_web_sessions,
    start_web_session,
    web_session_for,
)
from polydesk.websessions.tasks import PURGE_WEB_SESSIONS
from tests.factories import make_user

LIMITS = SessionLimits(idle_seconds=600, max_seconds=3600)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _start(session: Session, login: str = "ann", password: str = "pw-ann") -> str:
    return start_web_session(session, login, password, address="10.0.0.1", limits=LIMITS).token


def _rows(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(WebSession)) or 0)


def test_a_session_is_stored_by_the_digest_of_its_token_only(session: Session) -> None:
    user = make_user(session, Role.AGENT, login="ann", password="pw-ann")
    signed = start_web_session(session, "ann", "pw-ann", address="10.0.0.1", limits=LIMITS)
    row = session.scalars(select(WebSession)).one()
    assert row.id == hashlib.sha256(signed.token.encode()).hexdigest() != signed.token
    assert row.user_id == user.id and len(signed.token) >= 43
    assert signed.session.csrf_token == row.csrf_secret != signed.token
    assert signed.session.actor.user_id == user.id and signed.session.actor.is_agent


def test_each_sign_in_is_a_new_session_and_replaces_the_browsers_old_one(
    session: Session,
) -> None:
    make_user(session, Role.CUSTOMER, login="ann", password="pw-ann")
    first = _start(session)
    second = start_web_session(
        session, "ann", "pw-ann", address="10.0.0.1", limits=LIMITS, replacing=first
    ).token
    assert first != second
    assert web_session_for(session, first, limits=LIMITS) is None
    assert web_session_for(session, second, limits=LIMITS) is not None


@pytest.mark.parametrize(("login", "password"), [("ann", "wrong"), ("nobody", "pw-ann")])
def test_a_wrong_login_or_password_starts_nothing(
    session: Session, login: str, password: str
) -> None:
    make_user(session, Role.AGENT, login="ann", password="pw-ann")
    with pytest.raises(Unauthenticated) as caught:
        start_web_session(session, login, password, address="10.0.0.1", limits=LIMITS)
    assert caught.value.code == "auth.invalid"
    assert _rows(session) == 0


def test_an_empty_form_is_a_validation_error(session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        start_web_session(session, " ", "", address="10.0.0.1", limits=LIMITS)
    assert caught.value.code == "auth.missing"


def test_a_disabled_user_cannot_sign_in_and_their_sessions_end(session: Session) -> None:
    user = make_user(session, Role.AGENT, login="ann", password="pw-ann")
    token = _start(session)
    set_user_enabled(session, SYSTEM, user.id, enabled=False)
    assert web_session_for(session, token, limits=LIMITS) is None
    assert _rows(session) == 0
    with pytest.raises(Unauthenticated):
        _start(session)


def test_a_user_disabled_by_a_plain_update_is_refused_too(session: Session) -> None:
    user = make_user(session, Role.AGENT, login="ann", password="pw-ann")
    token = _start(session)
    user.is_enabled = False
    session.flush()
    assert web_session_for(session, token, limits=LIMITS) is None


def test_a_new_password_ends_the_users_sessions(session: Session) -> None:
    user = make_user(session, Role.AGENT, login="ann", password="pw-ann")
    token = _start(session)
    change_password(session, SYSTEM, user.id, "new-password")
    assert web_session_for(session, token, limits=LIMITS) is None


def test_a_session_ends_after_the_idle_limit(session: Session) -> None:
    make_user(session, Role.AGENT, login="ann", password="pw-ann")
    with frozen(T0):
        token = _start(session)
    with frozen(T0 + timedelta(seconds=LIMITS.idle_seconds - 1)):
        assert web_session_for(session, token, limits=LIMITS) is not None  # activity recorded
    with frozen(T0 + timedelta(seconds=2 * LIMITS.idle_seconds - 2)):
        assert web_session_for(session, token, limits=LIMITS) is not None
    with frozen(T0 + timedelta(seconds=3 * LIMITS.idle_seconds)):
        assert web_session_for(session, token, limits=LIMITS) is None


def test_a_busy_session_still_ends_at_its_absolute_limit(session: Session) -> None:
    make_user(session, Role.AGENT, login="ann", password="pw-ann")
    with frozen(T0):
        token = _start(session)
    moment = T0
    while moment + timedelta(minutes=5) < T0 + timedelta(seconds=LIMITS.max_seconds):
        moment += timedelta(minutes=5)
        with frozen(moment):
            assert web_session_for(session, token, limits=LIMITS) is not None
    with frozen(T0 + timedelta(seconds=LIMITS.max_seconds)):
        assert web_session_for(session, token, limits=LIMITS) is None


def test_activity_is_written_at_most_once_a_minute(session: Session) -> None:
    make_user(session, Role.AGENT, login="ann", password="pw-ann")
    with frozen(T0):
        token = _start(session)
    with frozen(T0 + timedelta(seconds=30)):
        web_session_for(session, token, limits=LIMITS)
    assert session.scalars(select(WebSession.last_seen_at)).one() == T0
    with frozen(T0 + timedelta(seconds=90)):
        web_session_for(session, token, limits=LIMITS)
    assert session.scalars(select(WebSession.last_seen_at)).one() == T0 + timedelta(seconds=90)


def test_background_requests_keep_nobody_signed_in(session: Session) -> None:
    """A page left open polls (``touch=False``): the session still goes idle."""
    make_user(session, Role.AGENT, login="ann", password="pw-ann")
    with frozen(T0):
        token = _start(session)
    for seconds in range(60, LIMITS.idle_seconds, 120):
        with frozen(T0 + timedelta(seconds=seconds)):
            assert web_session_for(session, token, limits=LIMITS, touch=False) is not None
    assert session.scalars(select(WebSession.last_seen_at)).one() == T0
    with frozen(T0 + timedelta(seconds=LIMITS.idle_seconds + 1)):
        assert web_session_for(session, token, limits=LIMITS, touch=False) is None


def test_sign_out_deletes_the_row(session: Session) -> None:
    make_user(session, Role.AGENT, login="ann", password="pw-ann")
    token = _start(session)
    assert end_web_session(session, token) is True
    assert _rows(session) == 0
    assert web_session_for(session, token, limits=LIMITS) is None
    assert end_web_session(session, token) is False


@pytest.mark.parametrize("token", [None, "", "short", "x" * 500, "not a token!" * 4, "é" * 43])
def test_garbage_cookies_are_no_session(session: Session, token: str | None) -> None:
    assert web_session_for(session, token, limits=LIMITS) is None
    assert end_web_session(session, token) is False


def test_the_purge_deletes_only_sessions_past_their_end(session: Session) -> None:
    make_user(session, Role.AGENT, login="ann", password="pw-ann")
    with frozen(T0):
        _start(session)
    with frozen(T0 + timedelta(seconds=LIMITS.max_seconds - 1)):
        _start(session)
    with frozen(T0 + timedelta(seconds=LIMITS.max_seconds + 1)):
        purge_expired_web_sessions(session)
    assert _rows(session) == 1


def test_the_purge_runs_with_the_worker(runtime: Runtime) -> None:
    names = [task.name for task in runtime.periodic_tasks()]
    assert PURGE_WEB_SESSIONS.name in names
    assert PURGE_WEB_SESSIONS.run is purge_expired_web_sessions
