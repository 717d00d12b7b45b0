"""Native error envelope: ``{"error": {"code", "message", "details"}}`` with a fitting status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from polydesk.core.errors import DomainError, ErrorKind

STATUS_FOR_KIND = {
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.PERMISSION_DENIED: 403,
    ErrorKind.VALIDATION: 422,
    ErrorKind.CONFLICT: 409,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.TOO_LARGE: 413,
}
#: Codes whose HTTP status is not their kind's: a failed If-Match is 412 (RFC 9110 13.1.1).
#: Too many failed logins is 429 with Retry-After (RFC 6585).
STATUS_FOR_CODE = {"ticket.version_mismatch": 412, "auth.throttled": 429}


HTTP_CODES = {
    400: "request.malformed",  # a body that cannot be decoded (bad UTF-8, JSON nested too deep)
    404: "route.not_found",
    405: "route.method_not_allowed",
}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": _encodable(details or {})}}
    return JSONResponse(body, status_code=status, headers=headers)


def _encodable(value: Any) -> Any:
    """Details may echo client input; a lone surrogate in it must not break the JSON answer."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode()
    if isinstance(value, list | tuple):
        return [_encodable(item) for item in value]
    if isinstance(value, dict):
        return {_encodable(key): _encodable(item) for key, item in value.items()}
    return value


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return error_response(
        STATUS_FOR_CODE.get(exc.code, STATUS_FOR_KIND[exc.kind]),
        exc.code,
        exc.message,
        exc.details,
        _headers_for(exc),
    )


def _headers_for(exc: DomainError) -> dict[str, str] | None:
    if exc.code == "auth.throttled":
        return {"Retry-After": str(exc.details.get("retry_after", 1))}
    if exc.kind is ErrorKind.UNAUTHENTICATED:
        return {"WWW-Authenticate": 'Bearer, Basic realm="polydesk"'}
    return None


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"location": _location(error), "message": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    return error_response(422, "validation.invalid_request", "the request is not valid", details)


def _location(error: Any) -> list[Any]:
    # A hostile value deep inside a body carries its own path (see inputs.Guarded).
    inner = (error.get("ctx") or {}).get("path") or []
    return [*error["loc"], *inner]


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "http")
    return error_response(exc.status_code, code, str(exc.detail))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
