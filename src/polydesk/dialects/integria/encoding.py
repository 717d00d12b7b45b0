"""Integria's input encoding (PHP ``safe_input``) and its inverse.

The product entity-encodes every request value before use and stores the encoded text; clients
decode on their side. Polydesk stores the decoded text and re-encodes on output, which gives the
same bytes for anything written through this API (SPEC.md, "Text encoding").
"""

from __future__ import annotations

import re
from html.entities import codepoint2name, name2codepoint

# PHP 5/7 is_numeric: leading (not trailing) white space, sign, decimal or exponent form.
_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_AFTER_ENTITIES = (("\\", "&#92;"), ("/*", "&#47;&#42;"), ("*/", "&#42;&#47;"))
_ENTITY = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);")


def is_numeric(value: str) -> bool:
    return _NUMERIC.fullmatch(value) is not None


def _html_entity(char: str) -> str:
    if char == "'":
        return "&#039;"
    name = codepoint2name.get(ord(char))
    return f"&{name};" if name else char


def safe_input(value: str) -> str:
    """Encode like Integria's ``safe_input``: numeric strings pass unchanged; otherwise the
    HTML 4.01 named entities, ``&#039;``, a few SQL-comment characters, and every byte up to
    0x20 as ``&#xNN;``."""
    if is_numeric(value):
        return value
    text = "".join(_html_entity(char) for char in value)
    for raw, encoded in _AFTER_ENTITIES:
        text = text.replace(raw, encoded)
    text = text.replace("(", "&#40;").replace(")", "&#41;")
    return "".join(f"&#x{ord(char):02x};" if ord(char) <= 0x20 else char for char in text)


def _decode_entity(match: re.Match[str]) -> str:
    body = match.group(1)
    if body[:2] in ("#x", "#X"):
        codepoint: int | None = int(body[2:], 16)
    elif body[0] == "#":
        codepoint = int(body[1:])
    else:
        codepoint = name2codepoint.get(body)
    if codepoint is None or codepoint > 0x10FFFF or 0xD800 <= codepoint <= 0xDFFF:
        return match.group(0)
    return chr(codepoint)


def safe_output(value: str) -> str:
    """The inverse of ``safe_input``: ``safe_output(safe_input(s)) == s`` for every string."""
    if "&" not in value:
        return value
    return _ENTITY.sub(_decode_entity, value)
