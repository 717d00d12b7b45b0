"""Errors answer in the ``response`` envelope with one ``error`` value, at HTTP 200 (spec B.6
item 2; the product's shape is unverified). Raising ``ReadyDeskError`` inside an action rolls
its transaction back, so bad input changes nothing."""

from __future__ import annotations

from pydantic import ValidationError

from polydesk.core.errors import DomainError, ErrorKind

INVALID_KEY = "Invalid API key or IP address not allowed"
UNKNOWN_ACTION = "Invalid action"
TOO_LARGE = "Request too large"


class ReadyDeskError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invalid(name: str, why: str = "") -> ReadyDeskError:
    """``Invalid <name>`` with an optional reason, e.g. ``Invalid tid: not a number``."""
    return ReadyDeskError(f"Invalid {name}" + (f": {why}" if why else ""))


def domain_message(error: DomainError) -> str:
    """The core's refusal in words a ReadyDesk client can log."""
    if error.kind is ErrorKind.NOT_FOUND:
        return f"Not found: {error.message}"
    if error.kind is ErrorKind.PERMISSION_DENIED:
        return f"Access denied: {error.message}"
    return error.message


def validation_message(error: ValidationError) -> str:
    first = error.errors()[0] if error.errors() else None
    if first is None:
        return "Invalid input"
    where = ".".join(str(part) for part in first["loc"])
    return f"Invalid {where}: {first['msg']}" if where else f"Invalid input: {first['msg']}"
