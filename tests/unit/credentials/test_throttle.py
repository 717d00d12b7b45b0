"""Throttle counters: thresholds, doubling locks, the window, per-address keys, clearing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from polydesk.core.clock import frozen
from polydesk.core.errors import Unauthenticated
from polydesk.credentials import throttle
from polydesk.credentials.throttle import POLICY, ThrottlePolicy
from polydesk.db.engine import make_session_factory
from polydesk.jobs.worker import Worker
from polydesk.models.credentials import LoginThrottle
from polydesk.runtime import Runtime

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _fail(engine: Engine, login: str, address: str, times: int = 1) -> None:
    """Failures recorded the way edges record them: after the request's transaction ends."""
    for _ in range(times):
        with make_session_factory(engine)() as session:
            throttle.record_failure(session, throttle.subjects_for(login, address))
            session.rollback()  # the failed request rolls back; its failure record stays


def _locked(engine: Engine, login: str, address: str) -> bool:
    with make_session_factory(engine)() as session:
        try:
            throttle.refuse_if_locked(session, throttle.subjects_for(login, address))
        except Unauthenticated as error:
            assert error.code == "auth.throttled"
            return True
        return False


def test_policy_locks_double_from_the_threshold_up_to_the_cap() -> None:
    policy = ThrottlePolicy(account_threshold=5, base_lock_seconds=15, max_lock_seconds=900)
    locks = [policy.lock_seconds(throttle.ACCOUNT, n) for n in range(1, 12)]
    assert locks == [0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 900]
    assert policy.lock_seconds(throttle.ACCOUNT, 10_000) == 900


def test_a_login_locks_at_its_threshold_for_its_address_only(clean_engine: Engine) -> None:
    with frozen(T0):
        _fail(clean_engine, "alice", "10.0.0.1", POLICY.account_threshold - 1)
        assert not _locked(clean_engine, "alice", "10.0.0.1")
        _fail(clean_engine, "alice", "10.0.0.1")
        assert _locked(clean_engine, "alice", "10.0.0.1")
        assert _locked(clean_engine, "ALICE", "10.0.0.1")  # logins ignore case
        assert not _locked(clean_engine, "alice", "10.0.0.2")
        assert not _locked(clean_engine, "bob", "10.0.0.1")
    with frozen(T0 + timedelta(seconds=POLICY.base_lock_seconds + 1)):
        assert not _locked(clean_engine, "alice", "10.0.0.1")


def test_the_retry_after_is_the_time_left(clean_engine: Engine) -> None:
    with frozen(T0):
        _fail(clean_engine, "alice", "10.0.0.1", POLICY.account_threshold + 1)
    with frozen(T0 + timedelta(seconds=10)), make_session_factory(clean_engine)() as session:
        with pytest.raises(Unauthenticated) as caught:
            throttle.refuse_if_locked(session, throttle.subjects_for("alice", "10.0.0.1"))
        assert caught.value.details["retry_after"] == 2 * POLICY.base_lock_seconds - 10


def test_an_address_spraying_logins_locks_at_its_own_threshold(clean_engine: Engine) -> None:
    with frozen(T0):
        for n in range(POLICY.address_threshold):
            _fail(clean_engine, f"user{n}", "10.0.0.9")
        assert _locked(clean_engine, "someone-new", "10.0.0.9")
        assert not _locked(clean_engine, "someone-new", "10.0.0.8")


def test_failures_outside_the_window_are_forgotten(clean_engine: Engine) -> None:
    with frozen(T0):
        _fail(clean_engine, "alice", "10.0.0.1", POLICY.account_threshold - 1)
    with frozen(T0 + timedelta(seconds=POLICY.window_seconds + 1)):
        _fail(clean_engine, "alice", "10.0.0.1")
        assert not _locked(clean_engine, "alice", "10.0.0.1")


def test_a_success_clears_the_account_not_the_address(clean_engine: Engine) -> None:
    with frozen(T0):
        _fail(clean_engine, "alice", "10.0.0.1", 3)
        with make_session_factory(clean_engine)() as session, session.begin():
            subjects = throttle.subjects_for("alice", "10.0.0.1")
            throttle.clear_account(session, subjects, throttle.refuse_if_locked(session, subjects))
        with make_session_factory(clean_engine)() as session:
            scopes = session.scalars(select(LoginThrottle.scope)).all()
    assert scopes == [throttle.ADDRESS]


def test_guarded_runs_the_check_between_refusal_failure_and_clearing(clean_engine: Engine) -> None:
    calls: list[str] = []

    def attempt(accepted: str | None) -> str | None:
        def check() -> str | None:
            calls.append("check")
            return accepted

        with make_session_factory(clean_engine)() as session:
            try:
                return throttle.guarded(session, "alice", "10.0.0.1", check)
            finally:
                session.commit()  # ends the transaction: a failure is recorded after it

    def scopes() -> list[str]:
        with make_session_factory(clean_engine)() as session:
            return sorted(session.scalars(select(LoginThrottle.scope)))

    with frozen(T0):
        assert attempt(None) is None
        assert scopes() == [throttle.ACCOUNT, throttle.ADDRESS]
        assert attempt("ok") == "ok"
        assert scopes() == [throttle.ADDRESS]  # a success clears the login, not the address
        _fail(clean_engine, "alice", "10.0.0.1", POLICY.account_threshold)
        calls.clear()
        with pytest.raises(Unauthenticated):
            attempt("ok")
        assert calls == []  # refused before the check (no argon2 time for a locked guesser)


def test_concurrent_failures_are_all_counted(clean_engine: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with frozen(T0), ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: _fail(clean_engine, "alice", "10.0.0.1"), range(12)))
    with make_session_factory(clean_engine)() as session:
        counts = session.scalars(select(LoginThrottle.failures).order_by(LoginThrottle.scope))
        assert list(counts) == [12, 12]  # account, address


def test_sweep_removes_old_counters(session: Session) -> None:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with frozen(T0):
        _fail(engine, "alice", "10.0.0.1")
    with frozen(T0 + timedelta(seconds=POLICY.window_seconds + POLICY.max_lock_seconds)):
        assert throttle.sweep(session) == 2
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 0


def test_the_worker_sweeps_old_counters(runtime: Runtime) -> None:
    with frozen(T0):
        _fail(runtime.engine, "alice", "10.0.0.1")
    later = T0 + timedelta(seconds=POLICY.window_seconds + POLICY.max_lock_seconds + 1)
    with frozen(later):
        Worker(runtime.factory, handlers={}, periodic=runtime.periodic_tasks()).tick()
    with runtime.factory() as session:
        assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 0
