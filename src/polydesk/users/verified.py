"""A per-process cache of recently verified passwords, so HTTP Basic clients (which send the
password with every request) do not pay argon2 (~0.1-0.2 s) on every call.

An entry is keyed by an HMAC of login and password under a random key made when the process
starts (never stored, so neither the password nor a reusable hash of it leaves memory), and
remembers which user it verified and that user's password hash at the time. A hit counts only
while the user row, read fresh on every request, still has that same hash and is enabled: a
password change or a disable, made by any process, ends it at once. Entries live ``TTL_SECONDS``
at most; the cache holds at most ``MAX_ENTRIES`` (oldest dropped first).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

TTL_SECONDS = 60.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class _Entry:
    user_id: int
    password_hash: str
    expires: float


class VerifiedPasswords:
    def __init__(self, ttl: float = TTL_SECONDS, max_entries: int = MAX_ENTRIES) -> None:
        self._key = secrets.token_bytes(32)
        self._ttl = ttl
        self._max = max_entries
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def is_verified(self, login: str, password: str, user_id: int, password_hash: str) -> bool:
        """Whether this login and password were verified for this user, with this hash,
        less than the TTL ago."""
        slot = self._slot(login, password)
        with self._lock:
            entry = self._entries.get(slot)
            if entry is None:
                return False
            if entry.expires < time.monotonic():
                del self._entries[slot]
                return False
        return entry.user_id == user_id and hmac.compare_digest(
            entry.password_hash, password_hash
        )

    def remember(self, login: str, password: str, user_id: int, password_hash: str) -> None:
        slot = self._slot(login, password)
        entry = _Entry(user_id, password_hash, time.monotonic() + self._ttl)
        with self._lock:
            self._entries[slot] = entry
            self._entries.move_to_end(slot)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def forget_all(self) -> None:
        with self._lock:
            self._entries.clear()

    def _slot(self, login: str, password: str) -> bytes:
        message = f"{login.lower()}\x00{password}".encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).digest()


#: The process's cache (each process has its own; the user row keeps them all honest).
VERIFIED = VerifiedPasswords()
