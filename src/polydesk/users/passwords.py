"""Password hashing with argon2id, on low-priority threads of their own.

Parameters: argon2-cffi's RFC 9106 low-memory profile (64 MiB, 3 passes) with one lane instead
of four, so one check keeps to one core. Checks run on at most ``cores - 1`` dedicated threads
(at least one) whose scheduling priority is lowered (nice +10, Linux), so password guessing,
however many clients do it, never takes the machine from other requests: they wait for a check
only if they are logins themselves. Hashes made with other parameters still verify and are
upgraded at the next successful login (``needs_rehash``)."""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
# Verified against when the login is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("polydesk-dummy-password")
NICENESS = 10


def _lower_priority() -> None:
    # On Linux a thread id names just this thread; elsewhere checks run at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


_checks = ThreadPoolExecutor(
    max_workers=max(1, (os.cpu_count() or 1) - 1),
    thread_name_prefix="polydesk-password",
    initializer=_lower_priority,
)


def hash_password(password: str) -> str:
    return _checks.submit(lambda: _hasher.hash(password)).result()


def verify_password(password_hash: str | None, password: str) -> bool:
    return _checks.submit(_verify, password_hash, password).result()


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        verified = _hasher.verify(password_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return verified and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
