"""Password hashing with argon2id.

Parameters: argon2-cffi's RFC 9106 low-memory profile (64 MiB, 3 passes) with one lane
instead of four, so a check keeps to one core and never takes the whole machine; and at most
``cores - 1`` checks run at once per process (at least one), so password guessing, however
many clients do it, leaves a core for every other request. Hashes made with other parameters
still verify and are upgraded at the next successful login (``needs_rehash``)."""

from __future__ import annotations

import os
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
# Verified against when the login is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("polydesk-dummy-password")
_CHECKS_AT_ONCE = threading.BoundedSemaphore(max(1, (os.cpu_count() or 1) - 1))


def hash_password(password: str) -> str:
    with _CHECKS_AT_ONCE:
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    with _CHECKS_AT_ONCE:
        try:
            verified = _hasher.verify(password_hash or _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return False
    return verified and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
