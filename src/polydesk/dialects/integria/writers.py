"""Byte-exact copies of the product's output writers: PHP ``fputcsv``, its five XML styles,
PHP float printing and MySQL date strings (spec §2)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

Value = str | int | float | bool | None
Row = Mapping[str, Value]

HEADER = "<xml version='1.0' encoding='UTF-8'>\n"
ZERO_DATETIME = "0000-00-00 00:00:00"
ZERO_DATE = "0000-00-00"
_NEEDS_ENCLOSURE = frozenset(',"\\\n\r\t ')


def php_string(value: Value) -> str:
    """How PHP turns a value into text: null/false -> '', true -> '1', floats with precision 14."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, float):
        return php_float(value)
    return str(value)


def php_float(value: float) -> str:
    """PHP's ``echo $float`` at ``precision=14`` (``%.14G`` with PHP's exponent style)."""
    text = format(value, ".14G")
    if "E" not in text:
        return text
    mantissa, exponent = text.split("E")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{exponent[0]}{int(exponent[1:])}"


def csv_field(value: Value) -> str:
    text = php_string(value)
    if not _NEEDS_ENCLOSURE.intersection(text):
        return text
    out, escaped = ['"'], False
    for char in text:
        if char == "\\":
            escaped = True
        elif not escaped and char == '"':
            out.append('"')
        else:
            escaped = False
        out.append(char)
    out.append('"')
    return "".join(out)


def csv_row(values: Iterable[Value]) -> str:
    """One ``fputcsv`` line: comma-joined, LF-terminated."""
    return ",".join(csv_field(value) for value in values) + "\n"


def csv_rows(rows: Iterable[Row]) -> str:
    return "".join(csv_row(row.values()) for row in rows)


def xml_scalar(value: Value) -> str:
    """Style A: ``<data>`` under the header root."""
    return f"{HEADER}<data>{php_string(value)}</data>\n</xml>\n"


def _cdata_fields(row: Row) -> str:
    return "".join(
        f"<{key}><![CDATA[{php_string(value)}]]></{key}>\n" for key, value in row.items()
    )


def xml_records(rows: Sequence[Row], tag: str) -> str:
    """Style B: header, one ``<tag>`` per row with CDATA fields (no newline after ``<tag>``);
    no rows gives the bare ``<xml></xml>``."""
    if not rows:
        return "<xml></xml>"
    body = "".join(f"<{tag}>{_cdata_fields(row)}</{tag}>\n" for row in rows)
    return f"{HEADER}{body}</xml>\n"


def xml_record(row: Row) -> str:
    """Style B': one row's CDATA fields straight under the header root."""
    return f"{HEADER}{_cdata_fields(row)}</xml>\n"


def xml_list(rows: Iterable[Row], tag: str) -> str:
    """Style C: no header, plain ``<key>value</key>`` children, one ``<tag>`` block per row."""
    body = "".join(
        f"<{tag}>\n"
        + "".join(f"<{key}>{php_string(value)}</{key}>\n" for key, value in row.items())
        + f"</{tag}>\n"
        for row in rows
    )
    return f"<xml>\n{body}</xml>\n"


def xml_block(tag: str, fields: Row, *, cdata: bool) -> str:
    """Styles D (CDATA) and E (plain): ``<xml>`` / ``<tag>`` / fields, hand-built."""
    if cdata:
        inner = _cdata_fields(fields)
    else:
        inner = "".join(f"<{k}>{php_string(v)}</{k}>\n" for k, v in fields.items())
    return f"<xml>\n<{tag}>\n{inner}</{tag}>\n</xml>\n"


def xml_plain_data(value: Value) -> str:
    """Style E scalar: ``<xml>\\n<data>VALUE</data>\\n</xml>\\n`` without the header."""
    return f"<xml>\n<data>{php_string(value)}</data>\n</xml>\n"


def php_json(value: object) -> str:
    """PHP ``json_encode``: compact, ASCII-only, ``/`` escaped."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def mysql_datetime(value: datetime | None, zone: ZoneInfo) -> str:
    if value is None:
        return ZERO_DATETIME
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def mysql_date(value: object | None) -> str:
    if value is None:
        return ZERO_DATE
    return f"{value:%Y-%m-%d}"


_LEADING_INT = re.compile(r"[ \t\n\r\v\f]*([+-]?)([0-9]+)")
# Saturation bounds: those of the INTEGER columns (32-bit on PostgreSQL) every number here
# ends up compared with or stored in; PHP on a 32-bit build saturates at the same bounds.
_INT_MAX = 2**31 - 1
_INT_MIN = -(2**31)
_MAX_DIGITS = 19


def mysql_int(text: str) -> int:
    """MySQL's cast of a string compared with an integer column: the leading integer, else 0
    (``'2,3'`` -> 2, ``'abc'`` -> 0). Out-of-range numbers saturate, as PHP's ``(int)`` and
    MySQL's casts do, at the bounds of a 32-bit INTEGER column: such a number names no row."""
    match = _LEADING_INT.match(text)
    if match is None:
        return 0
    sign, digits = match.group(1), match.group(2).lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:  # also keeps int() under its 4,300-digit limit
        return _INT_MIN if sign == "-" else _INT_MAX
    value = -int(digits) if sign == "-" else int(digits)
    return max(_INT_MIN, min(_INT_MAX, value))


def php_int(text: str | None) -> int:
    """PHP ``(int)`` / ``%d`` of a string: the leading integer, else 0."""
    return mysql_int(text or "")
