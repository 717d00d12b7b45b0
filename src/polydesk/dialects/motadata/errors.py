"""Motadata's two error shapes (specs/seeds-002-003.md A.5): Spring Security OAuth2 errors
(``{"error","error_description"}``) for authentication and authorization, and the resource
envelope ``{"returnCode","status","userMessage","id"}`` for everything the API itself refuses.
Domain error codes are mapped here and nowhere else."""

from __future__ import annotations

from typing import Any

from polydesk.core.errors import DomainError, ErrorKind

FULL_AUTH = "Full authentication is required to access this resource"
TOKEN_REALM = 'Basic realm="oauth2/client"'
RESOURCE_REALM = "oauth2-resource"

#: oauth.* domain codes -> (HTTP status, Spring error).
OAUTH_ERRORS: dict[str, tuple[int, str]] = {
    "oauth.bad_client": (401, "invalid_client"),
    "oauth.unauthorized_grant": (401, "invalid_client"),
    "oauth.bad_credentials": (400, "invalid_grant"),
    "oauth.user_disabled": (400, "invalid_grant"),
    "oauth.invalid_refresh_token": (400, "invalid_grant"),
    "oauth.wrong_client": (400, "invalid_grant"),
    "oauth.refresh_token_expired": (401, "invalid_token"),
    "oauth.invalid_token": (401, "invalid_token"),
    "oauth.token_expired": (401, "invalid_token"),
    "oauth.token_revoked": (401, "invalid_token"),
}
#: Envelope ``returnCode`` and HTTP status per domain error kind (our choice, SPEC.md).
ENVELOPE_ERRORS: dict[ErrorKind, tuple[int, str]] = {
    ErrorKind.VALIDATION: (400, "INVALID_INPUT"),
    ErrorKind.NOT_FOUND: (400, "INVALID_INPUT"),  # something the body names; see not_found
    ErrorKind.CONFLICT: (409, "CONFLICT"),
    ErrorKind.TOO_LARGE: (413, "FILE_TOO_LARGE"),
}


class MotadataError(Exception):
    """An answer other than success: status, JSON body and extra headers."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(str(body))
        self.status = status
        self.body = body
        self.headers = headers or {}


def oauth_error(
    status: int, error: str, description: str, headers: dict[str, str] | None = None
) -> MotadataError:
    return MotadataError(status, {"error": error, "error_description": description}, headers)


def envelope_error(status: int, return_code: str, message: str) -> MotadataError:
    body = {"returnCode": return_code, "status": status, "userMessage": message, "id": None}
    return MotadataError(status, body)


def invalid_input(message: str) -> MotadataError:
    return envelope_error(400, "INVALID_INPUT", message)


def unauthorized(*, token_endpoint: bool = False) -> MotadataError:
    """No credentials at all (Spring's entry points add the challenge header)."""
    challenge = TOKEN_REALM if token_endpoint else _bearer_challenge("unauthorized", FULL_AUTH)
    return oauth_error(401, "unauthorized", FULL_AUTH, {"WWW-Authenticate": challenge})


def from_domain(error: DomainError, *, token_endpoint: bool = False) -> MotadataError:
    if error.code in OAUTH_ERRORS:
        status, name = OAUTH_ERRORS[error.code]
        return oauth_error(
            status, name, error.message, _challenge(status, name, error, token_endpoint)
        )
    if error.kind is ErrorKind.PERMISSION_DENIED:
        return oauth_error(403, "access_denied", "Access is denied")
    if error.kind is ErrorKind.UNAUTHENTICATED:
        return unauthorized(token_endpoint=token_endpoint)
    if error.code == "ticket.not_found":  # the incident in the path
        return envelope_error(404, "NOT_FOUND", f"Incident not found: {error.details.get('id')}")
    if error.code == "requester.invalid_address":  # the core's requester policy, our words
        return invalid_input(f"Invalid value for requesterEmail: {error.details.get('address')}")
    status, code = ENVELOPE_ERRORS.get(error.kind, (400, "INVALID_INPUT"))
    return envelope_error(status, code, error.message)


def _challenge(
    status: int, name: str, error: DomainError, token_endpoint: bool
) -> dict[str, str] | None:
    if status != 401:
        return None
    if token_endpoint and name == "invalid_client":
        return {"WWW-Authenticate": TOKEN_REALM}
    return {"WWW-Authenticate": _bearer_challenge(name, error.message)}


def _bearer_challenge(error: str, description: str) -> str:
    quoted = description.replace("\\", "\\\\").replace('"', '\\"')
    return f'Bearer realm="{RESOURCE_REALM}", error="{error}", error_description="{quoted}"'
