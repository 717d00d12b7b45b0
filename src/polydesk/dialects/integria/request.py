"""Reading an ``api.php`` call the way PHP does (spec §1.1-1.4).

Query string and form body are parsed with PHP's rules (``+`` is a space, bad ``%`` escapes stay
as they are, the last duplicate wins, ``name[]`` makes a list); a body key hides the query key of
the same name, and an empty value counts as missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from polydesk.dialects.integria.encoding import safe_input, safe_output

RawValue = str | list[str]


def _decode(raw: str) -> str:
    data = unquote_to_bytes(raw.replace("+", " ").encode("latin-1", "replace"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # PHP safe_input applies utf8_encode to non-UTF-8 input
        return data.decode("latin-1")


def parse_php_query(raw: str) -> dict[str, RawValue]:
    values: dict[str, RawValue] = {}
    for pair in raw.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        name = _decode(key)
        if name.endswith("[]"):
            existing = values.get(name[:-2])
            items = existing if isinstance(existing, list) else []
            items.append(_decode(value))
            values[name[:-2]] = items
        elif name:
            values[name] = _decode(value)
    return values


@dataclass(frozen=True)
class ApiCall:
    """The merged request parameters (body over query) and the caller's address."""

    values: Mapping[str, RawValue]
    client_ip: str

    def text(self, name: str, default: str = "") -> str:
        """A scalar parameter; empty, missing or array-valued gives ``default``."""
        value = self.values.get(name)
        if not isinstance(value, str) or value == "":
            return default
        return value

    def is_array(self, name: str) -> bool:
        return isinstance(self.values.get(name), list)


@dataclass(frozen=True)
class Params:
    """``params`` as the ops see it: whole, or split by ``token`` on the encoded text (so
    splitting matches the product, quirks included) and decoded again."""

    whole: str
    parts: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, whole: str, token: str) -> Params:
        encoded_token = safe_input(token)
        pieces = safe_input(whole).split(encoded_token) if encoded_token else [whole]
        return cls(whole=whole, parts=[safe_output(piece) for piece in pieces])

    def has(self, index: int) -> bool:
        return index < len(self.parts)

    def get(self, index: int, default: str = "") -> str:
        return self.parts[index] if index < len(self.parts) else default

    def text(self, index: int) -> str:
        """A free-text parameter: ``:::`` stands for a comma (spec §1.4)."""
        return self.get(index).replace(":::", ",")

    def rest(self, start: int) -> list[str]:
        return self.parts[start:]
