"""Typed reading of an operation's parameters (query string, urlencoded or multipart body,
PHP-style arrays): every malformed or missing value is a 428 naming the parameter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from polydesk.dialects._kit.hostile import MAX_INT64, ascii_digits, bounded_int
from polydesk.dialects._kit.php_params import ParamError, PhpParams
from polydesk.dialects.invgate.errors import InvGateError, bad_parameter

#: Epoch inputs must fall between 1970 and 9999 (what an aware datetime holds).
MAX_EPOCH = 253402300799
_TRUE = frozenset({"1", "true", "on", "yes"})
_FALSE = frozenset({"0", "false", "off", "no", ""})


class DateFormat(StrEnum):
    EPOCH = "epoch"
    ISO8601 = "iso8601"


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Params:
    php: PhpParams
    files: dict[str, list[UploadedFile]] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        try:
            return self.php.scalar(name)
        except ParamError as error:
            raise bad_parameter(error.message) from error

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None or not value.strip():
            raise missing(name)
        return value

    def integer(self, name: str) -> int | None:
        value = self.text(name)
        return None if value is None or value == "" else _positive(name, value)

    def required_integer(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise missing(name)
        return value

    def count(self, name: str, *, default: int, cap: int, minimum: int = 0) -> int:
        """A limit or offset: a whole number >= ``minimum``, at most ``cap``."""
        value = self.text(name)
        if value is None or value == "":
            return default
        number = bounded_int(value, maximum=MAX_INT64)
        if number is None and ascii_digits(value):
            number = cap  # past 64 bits a count is still a count, capped like any large one
        if number is None or number < minimum:
            raise bad_parameter(f"{name} must be a whole number of at least {minimum}")
        return min(number, cap)

    def page_size(self, *, default: int, cap: int) -> int:
        """``limit``: at least 1, at most ``cap`` (larger values are capped)."""
        return self.count("limit", default=default, cap=cap, minimum=1)

    def flag(self, name: str) -> bool | None:
        value = self.text(name)
        if value is None:
            return None
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise bad_parameter(f"{name} must be 1 or 0")

    def integers(self, name: str) -> list[int] | None:
        try:
            values = self.php.array(name)
        except ParamError as error:
            raise bad_parameter(error.message) from error
        if values is None:
            return None
        return list(dict.fromkeys(_positive(name, value) for value in values))

    def epoch(self, name: str) -> datetime | None:
        value = self.text(name)
        if value is None or value == "":
            return None
        stripped = value.strip()
        seconds = bounded_int(stripped, maximum=MAX_EPOCH)
        if seconds is None:
            raise bad_parameter(f"{name} must be a Unix timestamp in seconds")
        return datetime.fromtimestamp(seconds, UTC)

    def date_format(self) -> DateFormat:
        value = self.text("date_format")
        if value is None or value == "":
            return DateFormat.EPOCH
        try:
            return DateFormat(value.strip().lower())
        except ValueError:
            raise bad_parameter("date_format must be 'epoch' or 'iso8601'") from None

    def uploads(self, name: str) -> list[UploadedFile]:
        return list(self.files.get(name, []))


def missing(name: str) -> InvGateError:
    return bad_parameter(f"The parameter {name} is required")


def _positive(name: str, value: str) -> int:
    number = bounded_int(value.strip(), minimum=1)
    if number is None:
        raise bad_parameter(f"{name} must be a positive integer")
    return number
