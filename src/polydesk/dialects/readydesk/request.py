"""Reading a call the way ASP.NET's ``Request[name]`` does: names are case-insensitive, the
query string wins over the form body, and a name given twice reads as the values joined by
``,`` (``NameValueCollection``). Values are decoded as ``HttpUtility.UrlDecode`` (``+`` is a
space, UTF-8 escapes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote_plus


def parse_pairs(raw: str) -> list[tuple[str, str]]:
    pairs = []
    for part in raw.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((unquote_plus(name, errors="replace"), unquote_plus(value, errors="replace")))
    return pairs


def merge(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Case-insensitive names; repeated names joined with ``,``."""
    merged: dict[str, list[str]] = {}
    for name, value in pairs:
        merged.setdefault(name.lower(), []).append(value)
    return {name: ",".join(values) for name, values in merged.items()}


@dataclass(frozen=True)
class Call:
    values: Mapping[str, str]  # lower-case names
    client_ip: str
    too_large: bool = False  # the body was over the limit and was not read

    @classmethod
    def build(
        cls, query: Mapping[str, str], form: Mapping[str, str], client_ip: str, *, too_large: bool
    ) -> Call:
        return cls(values={**form, **query}, client_ip=client_ip, too_large=too_large)

    def text(self, name: str) -> str:
        return self.values.get(name, "")
