"""InvGate's two error shapes (specs/invgate-api.md §2.4) and how core errors map onto them.

- HTTP 4xx/5xx with ``{"error": "<message>", "status": <http code>}``: credentials (401), a
  missing OAuth scope or a forbidden action (403), an unknown endpoint (404) or method (405),
  malformed parameters (428, as the product answers ``ids=1,2``), too large (413), and
  operations not built yet (501).
- HTTP 200 with ``{"status": "ERROR", "error": "<code>", "info": "<message>"}``: the request was
  well formed but the core refused it (an unknown id, a rule of the life cycle).
"""

from __future__ import annotations

from typing import Any

from polydesk.core.errors import DomainError, ErrorKind

PARAMETER_STATUS = 428


class InvGateError(Exception):
    """An answer that is an error; ``status`` 200 means the ``status: ERROR`` body."""

    def __init__(self, status: int, message: str, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code

    @property
    def body(self) -> dict[str, Any]:
        if self.status == 200:
            return {"status": "ERROR", "error": self.code, "info": self.message}
        return {"error": self.message, "status": self.status}

    @property
    def headers(self) -> dict[str, str]:
        if self.status == 401:
            return {"WWW-Authenticate": 'Basic realm="InvGate Service Management API"'}
        return {}


def bad_parameter(message: str) -> InvGateError:
    return InvGateError(PARAMETER_STATUS, message)


def refused(code: str, message: str) -> InvGateError:
    """A well-formed request the product turns down (HTTP 200, ``status: ERROR``)."""
    return InvGateError(200, message, code)


def unauthorized(message: str = "Unauthorized") -> InvGateError:
    return InvGateError(401, message)


def missing_scope(scope: str) -> InvGateError:
    return InvGateError(403, f"The access token does not have the scope {scope}")


_STATUS_FOR_KIND = {
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.PERMISSION_DENIED: 403,
    ErrorKind.TOO_LARGE: 413,
}


def from_domain(error: DomainError) -> InvGateError:
    status = _STATUS_FOR_KIND.get(error.kind)
    if status is None:
        return refused(error.code, error.message)
    return InvGateError(status, error.message, error.code)
