"""Domain errors. Each carries a stable code; every edge maps codes to its own error envelope.

Codes look like ``ticket.not_found`` or ``validation.invalid_value``; the part before the dot
is the kind (see ``ErrorKind``), which is what edges usually switch on.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorKind(StrEnum):
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    VALIDATION = "validation"
    CONFLICT = "conflict"
    UNAUTHENTICATED = "unauthenticated"
    TOO_LARGE = "too_large"


class DomainError(Exception):
    kind: ErrorKind = ErrorKind.VALIDATION

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class NotFound(DomainError):
    kind = ErrorKind.NOT_FOUND


class PermissionDenied(DomainError):
    kind = ErrorKind.PERMISSION_DENIED


class ValidationFailed(DomainError):
    kind = ErrorKind.VALIDATION


class Conflict(DomainError):
    kind = ErrorKind.CONFLICT


class Unauthenticated(DomainError):
    kind = ErrorKind.UNAUTHENTICATED


class TooLarge(DomainError):
    kind = ErrorKind.TOO_LARGE


def not_found(entity: str, ident: object) -> NotFound:
    return NotFound(f"{entity}.not_found", f"{entity} {ident} not found", id=str(ident))
