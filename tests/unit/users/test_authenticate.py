"""Password logins: one answer for every failure, the verified-password cache, last login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.users import service
from polydesk.users.passwords import verify_password
from polydesk.users.schemas import UserUpdate
from polydesk.users.service import authenticate, get_user_by_login, update_user
from polydesk.users.verified import VERIFIED, VerifiedPasswords
from tests.factories import make_user

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _login(engine: Engine, login: str, password: str) -> int | None:
    with unit_of_work(make_session_factory(engine)) as session:
        user = authenticate(session, login, password, address="10.0.0.1")
        return user.id if user is not None else None


def _make(engine: Engine, login: str, password: str) -> int:
    with unit_of_work(make_session_factory(engine)) as session:
        return make_user(session, Role.AGENT, login=login, password=password).id


def test_cached_logins_skip_argon2_until_the_password_changes(
    clean_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_id = _make(clean_engine, "alice", "first-pass")
    VERIFIED.forget_all()
    checks: list[str] = []

    def counting(password_hash: str | None, password: str) -> bool:
        checks.append(password)
        return verify_password(password_hash, password)

    monkeypatch.setattr(service, "verify_password", counting)
    assert _login(clean_engine, "alice", "first-pass") == user_id
    assert _login(clean_engine, "Alice", "first-pass") == user_id
    assert checks == ["first-pass"]  # the second login was a cache hit: no argon2
    with unit_of_work(make_session_factory(clean_engine)) as session:
        update_user(session, SYSTEM, user_id, UserUpdate(password="second-pass"))
    assert _login(clean_engine, "alice", "first-pass") is None
    assert _login(clean_engine, "alice", "second-pass") == user_id
    assert checks == ["first-pass", "first-pass", "second-pass"]


def test_a_disabled_account_stops_cached_logins_at_once(clean_engine: Engine) -> None:
    user_id = _make(clean_engine, "bob", "pass-word")
    assert _login(clean_engine, "bob", "pass-word") == user_id
    with unit_of_work(make_session_factory(clean_engine)) as session:
        update_user(session, SYSTEM, user_id, UserUpdate(is_enabled=False))
    assert _login(clean_engine, "bob", "pass-word") is None


def test_last_login_is_written_at_most_once_a_minute(clean_engine: Engine) -> None:
    _make(clean_engine, "carol", "pass-word")

    def last_login() -> datetime | None:
        with make_session_factory(clean_engine)() as session:
            user = get_user_by_login(session, "carol")
            assert user is not None
            return user.last_login_at

    with frozen(T0):
        _login(clean_engine, "carol", "pass-word")
    with frozen(T0 + timedelta(seconds=30)):
        _login(clean_engine, "carol", "pass-word")
    assert last_login() == T0
    with frozen(T0 + timedelta(seconds=61)):
        _login(clean_engine, "carol", "pass-word")
    assert last_login() == T0 + timedelta(seconds=61)


def test_the_cache_expires_and_is_bounded() -> None:
    expired = VerifiedPasswords(ttl=-1)
    expired.remember("a", "p", 1, "hash")
    assert not expired.is_verified("a", "p", 1, "hash")
    small = VerifiedPasswords(max_entries=2)
    for n in range(3):
        small.remember(f"user{n}", "p", n, "hash")
    assert not small.is_verified("user0", "p", 0, "hash")
    assert small.is_verified("user2", "p", 2, "hash")
    assert not small.is_verified("user2", "other", 2, "hash")
    assert not small.is_verified("user2", "p", 3, "hash")
