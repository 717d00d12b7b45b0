"""What an action answers and how it is written in the three output formats (spec B.3).

- XML: ``<?xml version="1.0"?>``, a plural root, one element per record, custom fields nested
  in ``<custom_fields>``; tab-indented as in the seed.
- JSON: every value a string; ``custom_fields`` an array holding one object; laid out as the
  seed's example (tabs, ``"name" : "value"``), but valid (no duplicate keys).
- URL-delimited: one record per line (CRLF between records, our choice), ``name=value`` joined
  by ``&``; custom fields flattened, then ``custom_fields=<names>``.

Values marked "URL Encoded: Yes" in the product's tables are encoded in every format, .NET
``HttpUtility.UrlEncode`` style (space ``+``, ``@`` ``%40``, lower-case hex).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from xml.sax.saxutils import escape

XML_DECLARATION = '<?xml version="1.0"?>'
RECORD_SEPARATOR = "\r\n"
_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!*()")
_XML_NAME = re.compile(r"[^A-Za-z0-9_.-]")


class Format(StrEnum):
    XML = "xml"
    JSON = "json"
    DELIMITED = "delimited"


MEDIA_TYPES = {
    Format.XML: "text/xml; charset=utf-8",
    Format.JSON: "application/json; charset=utf-8",
    Format.DELIMITED: "text/plain; charset=utf-8",
}


def url_encode(value: str) -> str:
    """.NET ``HttpUtility.UrlEncode``: UTF-8 bytes, space as ``+``, lower-case hex escapes."""
    out = []
    for byte in value.encode("utf-8"):
        if byte in _SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02x}")
    return "".join(out)


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    encoded: bool = False  # "URL Encoded: Yes" in the product's output table

    @property
    def wire(self) -> str:
        return url_encode(self.value) if self.encoded else self.value


@dataclass(frozen=True)
class CustomFields:
    """The ``custom_fields`` sub-section: (name, value) pairs, values URL-encoded."""

    values: Sequence[tuple[str, str]]


Item = Field | CustomFields


@dataclass(frozen=True)
class Listing:
    """A get action's records: ``<root><element>...</element></root>``."""

    root: str
    element: str
    records: Sequence[Sequence[Item]]


@dataclass(frozen=True)
class Count:
    """``count_only=Y``: the number of matching records."""

    value: int


@dataclass(frozen=True)
class Response:
    """An add/update action's (or an error's) ``response`` envelope."""

    fields: Sequence[Field] = field(default_factory=tuple)


Reply = Listing | Count | Response


def answer(name: str, ident: int | str) -> Response:
    """The add/update envelope with one value, e.g. ``answer("added_company", 5)``."""
    return Response([Field(name, str(ident))])


def render(reply: Reply, fmt: Format) -> str:
    if isinstance(reply, Listing):
        return _LISTING[fmt](reply)
    if isinstance(reply, Count):
        return render_response(Response([Field("count", str(reply.value))]), fmt, root="count")
    return render_response(reply, fmt)


def render_response(reply: Response, fmt: Format, *, root: str = "response") -> str:
    if fmt is Format.XML:
        if root == "count":
            return f"{XML_DECLARATION}\n<count>{escape(reply.fields[0].wire)}</count>"
        inner = "".join(f"<{f.name}>{escape(f.wire)}</{f.name}>" for f in reply.fields)
        return f"{XML_DECLARATION}<response>{inner}</response>"
    if fmt is Format.JSON:
        values = {f.name: f.wire for f in reply.fields}
        return json.dumps(values if root == "count" else {"response": [values]})
    return "&".join(f"{f.name}={f.wire}" for f in reply.fields)


# --- XML ---------------------------------------------------------------------------------------


def xml_name(name: str) -> str:
    """Custom field names become element names: anything else than letters, digits, ``_``,
    ``.`` and ``-`` turns into ``_``, and a leading digit gets a ``_`` before it."""
    cleaned = _XML_NAME.sub("_", name) or "_"
    return f"_{cleaned}" if not (cleaned[0].isalpha() or cleaned[0] == "_") else cleaned


def _xml_item(item: Item) -> str:
    if isinstance(item, Field):
        return f"\t\t<{item.name}>{escape(item.wire)}</{item.name}>"
    lines = ["\t\t<custom_fields>"]
    for name, value in item.values:
        tag = xml_name(name)
        lines.append(f"\t\t\t<{tag}>{escape(url_encode(value))}</{tag}>")
    lines.append("\t\t</custom_fields>")
    return "\n".join(lines)


def _xml_listing(listing: Listing) -> str:
    lines = [XML_DECLARATION, f"<{listing.root}>"]
    for record in listing.records:
        lines.append(f"\t<{listing.element}>")
        lines.extend(_xml_item(item) for item in record)
        lines.append(f"\t</{listing.element}>")
    lines.append(f"</{listing.root}>")
    return "\n".join(lines)


# --- JSON --------------------------------------------------------------------------------------


def _json_item(item: Item) -> str:
    if isinstance(item, Field):
        return f"\t\t\t{json.dumps(item.name)} : {json.dumps(item.wire)}"
    pairs = ",\n".join(
        f"\t\t\t\t{json.dumps(name)} : {json.dumps(url_encode(value))}"
        for name, value in item.values
    )
    body = f"{pairs}\n" if pairs else ""
    return f'\t\t\t"custom_fields" : [\n\t\t\t\t{{\n{body}\t\t\t\t}}\n\t\t\t]'


def _json_listing(listing: Listing) -> str:
    records = [
        "\t\t{\n" + ",\n".join(_json_item(item) for item in record) + "\n\t\t}"
        for record in listing.records
    ]
    inner = ",\n".join(records)
    body = f"{inner}\n" if inner else ""
    return f"{{\n\t{json.dumps(listing.root)}: [\n{body}\t]\n}}"


# --- URL-delimited -----------------------------------------------------------------------------


def _delimited_item(item: Item) -> list[str]:
    if isinstance(item, Field):
        return [f"{item.name}={item.wire}"]
    pairs = [f"{url_encode(name)}={url_encode(value)}" for name, value in item.values]
    names = ",".join(url_encode(name) for name, _ in item.values)
    return [*pairs, f"custom_fields={names}"]


def _delimited_listing(listing: Listing) -> str:
    lines = [
        "&".join(p for item in record for p in _delimited_item(item)) for record in listing.records
    ]
    return RECORD_SEPARATOR.join(lines)


_LISTING = {
    Format.XML: _xml_listing,
    Format.JSON: _json_listing,
    Format.DELIMITED: _delimited_listing,
}
