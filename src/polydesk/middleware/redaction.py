"""Query strings made safe to log: the value of every secret-bearing parameter becomes ``***``;
names, order and every other value stay as sent.

Secret names, from each edge's authentication and operations (SPEC.md of every dialect):
Integria ``user_pass``, ``pass``; ReadyDesk ``key`` and ``pass`` (add/update customer and tech);
Znuny ``SessionID``, ``Password``, ``TwoFactorToken``; Motadata ``password``, ``refresh_token``,
``client_secret``; InvGate ``client_secret``, ``access_token``, ``password``; and the usual
spellings any client may put in a URL. Matching ignores case, PHP array brackets
(``password[0]``) and PHP's name mangling (``user.pass`` arrives as ``user_pass``).
"""

from __future__ import annotations

from urllib.parse import unquote_plus

MASK = "***"
SECRET_NAMES = frozenset({
    "pass", "user_pass", "password", "passwd", "pwd", "key", "apikey", "api_key", "sessionid",
    "session_id", "token", "access_token", "refresh_token", "id_token", "twofactortoken",
    "client_secret", "secret", "authorization", "auth", "signature", "jwt",
})  # fmt: skip
# Any name containing one of these is treated as secret too (new_password, x_api_key, ...).
SECRET_PARTS = ("pass", "secret", "token", "apikey", "api_key", "sessionid", "credential")
# Integria ops whose ``params`` carry a password (create_user: the 5th field; validate_user: the
# 2nd). ``params`` is also hidden when the query names no op: it may then come in the body.
PASSWORD_OPS = frozenset({"create_user", "validate_user"})


def base_name(raw_name: str) -> str:
    """The parameter name as the servers compare it: decoded, lower case, without an array
    suffix, with PHP's ``.`` and space turned into ``_``."""
    name = unquote_plus(raw_name).strip().lower()
    name = name.split("[", 1)[0]
    return name.replace(".", "_").replace(" ", "_")


def is_secret(name: str) -> bool:
    return name in SECRET_NAMES or any(part in name for part in SECRET_PARTS)


def redact_query(query: str) -> str:
    """``query`` with the values of secret parameters replaced by ``***``."""
    if not query:
        return query
    pairs = [pair.partition("=") for pair in query.split("&")]
    names = [base_name(name) for name, _, _ in pairs]
    hide_params = _op_carries_password(pairs, names)
    kept = []
    for (raw_name, equals, value), name in zip(pairs, names, strict=True):
        secret = is_secret(name) or (hide_params and name == "params")
        kept.append(f"{raw_name}{equals}{MASK if secret and equals else value}")
    return "&".join(kept)


def _op_carries_password(pairs: list[tuple[str, str, str]], names: list[str]) -> bool:
    ops = [
        unquote_plus(value).strip().lower()
        for (_, _, value), name in zip(pairs, names, strict=True)
        if name == "op"
    ]
    return not ops or any(op in PASSWORD_OPS for op in ops)
