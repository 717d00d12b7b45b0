"""Failed-login throttling, shared by every edge that checks a password or a key.

Failures are counted under two subjects: the client address (any login: stops spraying many
accounts) and the login from that address (stops guessing one account). Below a subject's
threshold nothing happens; from it on, each further failure locks the subject for twice as
long as the last (15 s, 30 s, 1 min ... at most ``max_lock_seconds``), and a locked subject is
refused before any password is checked, so a guesser costs no argon2 time either. Failures
older than ``window_seconds`` are forgotten. Keying the account by address means a guesser
elsewhere cannot lock the real user out: a correct login from another address keeps working.
A success clears its account subject, never the address one. Every check of a password, key or
secret runs through ``guarded``, which does all of this around it.

Counters live in the database (``login_throttles``) so every process shares them, and a
failure is recorded in its own short transaction right after the request's ends: the request
that failed rolls back, its failure record must not. Nothing here sleeps, so no worker thread
is ever blocked.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import Engine, case, delete, event, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.core.errors import Unauthenticated
from polydesk.models.credentials import LoginThrottle

T = TypeVar("T")

ADDRESS, ACCOUNT = "address", "account"
_PENDING, _LISTENING = "polydesk.throttle.pending", "polydesk.throttle.listening"


@dataclass(frozen=True)
class ThrottlePolicy:
    account_threshold: int = 5  # failures of one login from one address before locks begin
    address_threshold: int = 20  # failures from one address, whatever the login
    base_lock_seconds: float = 15.0
    max_lock_seconds: float = 900.0
    window_seconds: float = 3600.0

    def threshold(self, scope: str) -> int:
        return self.account_threshold if scope == ACCOUNT else self.address_threshold

    def lock_seconds(self, scope: str, failures: int) -> float:
        """0 below the threshold; then doubling from ``base_lock_seconds``, capped."""
        beyond = failures - self.threshold(scope)
        if beyond < 0:
            return 0.0
        return min(self.base_lock_seconds * 2.0 ** min(beyond, 30), self.max_lock_seconds)


POLICY = ThrottlePolicy()


@dataclass(frozen=True)
class Subject:
    scope: str
    key: str


def subjects_for(login: str, address: str) -> tuple[Subject, Subject]:
    """The address subject and the login-from-address subject (digests: no login in clear)."""
    return (
        Subject(ADDRESS, _digest(ADDRESS, address)),
        Subject(ACCOUNT, _digest(ACCOUNT, login.lower(), address)),
    )


def guarded(session: Session, login: str, address: str, check: Callable[[], T | None]) -> T | None:
    """Run a credential ``check`` (what it accepts, or None) under the throttle of ``login``
    from ``address``: while locked, raises ``auth.throttled`` before ``check`` runs; a None
    is recorded as a failure; a success clears the login's failures (never the address's).
    Every password, key and secret check goes through here."""
    subjects = subjects_for(login, address)
    on_record = refuse_if_locked(session, subjects)
    accepted = check()
    if accepted is None:
        record_failure(session, subjects)
    else:
        clear_account(session, subjects, on_record)
    return accepted


def refuse_if_locked(session: Session, subjects: Sequence[Subject]) -> frozenset[str]:
    """Raise ``Unauthenticated`` ``auth.throttled`` (with ``retry_after`` seconds) while any
    subject is locked; else the keys of the subjects that have failures on record (for
    ``clear_account``). One primary-key read."""
    keys = [subject.key for subject in subjects]
    rows = session.execute(
        select(LoginThrottle.key, LoginThrottle.locked_until).where(LoginThrottle.key.in_(keys))
    ).all()
    now = utcnow()
    until = (moment for _key, moment in rows if moment is not None and moment > now)
    latest = max(until, default=None)
    if latest is not None:
        wait = math.ceil((latest - now).total_seconds())
        raise Unauthenticated(
            "auth.throttled",
            f"too many failed logins; try again in {wait} s",
            retry_after=wait,
        )
    return frozenset(key for key, _until in rows)


def record_failure(session: Session, subjects: Sequence[Subject]) -> None:
    """Count one failure for each subject once the caller's transaction has ended, in a
    transaction of its own: committed whatever happens to the caller's (which usually rolls
    back), and never while the caller may hold SQLite's write lock."""
    session.connection()  # a transaction whose end will come (and fire the listeners)
    pending: list[Subject] = session.info.setdefault(_PENDING, [])
    if not session.info.get(_LISTENING):
        session.info[_LISTENING] = True
        event.listen(session, "after_commit", _flush_pending)
        event.listen(session, "after_rollback", _flush_pending)
    pending.extend(subjects)


def _flush_pending(session: Session) -> None:
    subjects = session.info.pop(_PENDING, [])
    if subjects:
        bind = session.get_bind()
        store_failures(bind if isinstance(bind, Engine) else bind.engine, subjects)


def store_failures(
    engine: Engine, subjects: Sequence[Subject], policy: ThrottlePolicy = POLICY
) -> None:
    """Count one failure per subject and lock those past their threshold (own transaction)."""
    now = utcnow()
    with Session(engine) as session, session.begin():
        for subject in subjects:
            failures = _bump(session, subject, now, policy)
            lock = policy.lock_seconds(subject.scope, failures)
            if lock > 0:
                session.execute(
                    update(LoginThrottle)
                    .where(LoginThrottle.key == subject.key)
                    .values(locked_until=now + timedelta(seconds=lock))
                )


def clear_account(
    session: Session, subjects: Sequence[Subject], on_record: frozenset[str]
) -> None:
    """After a success: forget the account subject's failures; ``on_record`` (from
    ``refuse_if_locked``) says whether there are any, so a clean login writes nothing."""
    keys = [s.key for s in subjects if s.scope == ACCOUNT and s.key in on_record]
    if keys:
        session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))


def sweep(session: Session, policy: ThrottlePolicy = POLICY) -> int:
    """Delete counters whose last failure is past the window and whose lock has ended."""
    now = utcnow()
    cutoff = now - timedelta(seconds=max(policy.window_seconds, policy.max_lock_seconds))
    result = session.execute(delete(LoginThrottle).where(LoginThrottle.last_failed_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def _bump(session: Session, subject: Subject, now: datetime, policy: ThrottlePolicy) -> int:
    """One atomic upsert: failures + 1, or 1 when the last failure is outside the window."""
    stale = now - timedelta(seconds=policy.window_seconds)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    row = insert(LoginThrottle).values(
        key=subject.key, scope=subject.scope, failures=1, last_failed_at=now, locked_until=None
    )
    failures = case(
        (LoginThrottle.last_failed_at < stale, 1), else_=LoginThrottle.failures + 1
    )
    statement = row.on_conflict_do_update(
        index_elements=[LoginThrottle.key],
        set_={"failures": failures, "last_failed_at": now},
    ).returning(LoginThrottle.failures)
    return int(session.execute(statement).scalar_one())


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
