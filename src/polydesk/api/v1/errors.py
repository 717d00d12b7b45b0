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
STATUS_FOR_CODE = {"ticket.version_mismatch": 412}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return JSONResponse(body, status_code=status, headers=headers)


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = {"WWW-Authenticate": 'Bearer, Basic realm="polydesk"'}
    return error_response(
        STATUS_FOR_CODE.get(exc.code, STATUS_FOR_KIND[exc.kind]),
        exc.code,
        exc.message,
        exc.details,
        headers if exc.kind is ErrorKind.UNAUTHENTICATED else None,
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"location": list(error["loc"]), "message": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    return error_response(422, "validation.invalid_request", "the request is not valid", details)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = {404: "route.not_found", 405: "route.method_not_allowed"}.get(exc.status_code, "http")
    return error_response(exc.status_code, code, str(exc.detail))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
