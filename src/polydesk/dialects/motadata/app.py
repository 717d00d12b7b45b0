"""The HTTP face of Motadata ServiceOps (Flotomate) 2018 "v1" API: ``/api/oauth/token``,
``/api/v1/incident[/{id}]`` (also without ``/v1``), ``/api/oprfile`` and
``/api/ususer/form/{module}``. Bodies are read with a hard limit, then each request runs in one
transaction in a worker thread; ``POST /api/v1/incident`` is shared with InvGate
(``dialects/_kit/routing.py``)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from polydesk.attachments.uploads import store_upload
from polydesk.core.errors import DomainError
from polydesk.db import Session
from polydesk.db.uow import unit_of_work
from polydesk.dialects._kit.hostile import bounded_int
from polydesk.dialects._kit.http import read_limited
from polydesk.dialects._kit.routing import (
    Owner,
    RequestHandler,
    basic_credentials,
    owner_of_incident_post,
)
from polydesk.dialects.motadata import incidents
from polydesk.dialects.motadata.auth import Caller, issued_here, resource_caller
from polydesk.dialects.motadata.customfields import form
from polydesk.dialects.motadata.errors import (
    MotadataError,
    envelope_error,
    from_domain,
    invalid_input,
    oauth_error,
    unauthorized,
)
from polydesk.dialects.motadata.forms import UploadedFile, read_form
from polydesk.dialects.motadata.token import issue
from polydesk.dialects.motadata.wire import parse_incident
from polydesk.runtime import Runtime

JSON_LIMIT = 2 * 1024 * 1024
TOKEN_LIMIT = 64 * 1024
MULTIPART_OVERHEAD = 64 * 1024
_MAX_ID = 2**63 - 1
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
INCIDENT_PATHS = ("/api/v1/incident/{ticket_id}", "/api/incident/{ticket_id}")

Work = Callable[[Session, Caller], dict[str, Any]]
Endpoint = Callable[..., Awaitable[Response]]


def create_motadata_router(
    runtime: Runtime, *, invgate_incident: RequestHandler | None = None
) -> APIRouter:
    """``invgate_incident`` answers the InvGate-shaped requests to ``POST /api/v1/incident``;
    without it they get the plain 404 of a path nobody serves (SPEC.md, "Shared path")."""
    router = APIRouter(include_in_schema=False)
    api = Endpoints(runtime, invgate_incident)
    others = ["GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    router.add_api_route("/api/oauth/token", api.token, methods=["POST", *others])
    router.add_api_route("/api/v1/incident", api.create_shared, methods=["POST"])
    router.add_api_route("/api/incident", api.create, methods=["POST"])
    for path in INCIDENT_PATHS:
        router.add_api_route(path, api.read, methods=["GET"])
        router.add_api_route(path, api.update, methods=["POST", "PUT", "PATCH"])
        router.add_api_route(path, _not_allowed, methods=["DELETE"])
    router.add_api_route("/api/oprfile", api.upload, methods=["POST"])
    router.add_api_route("/api/ususer/form/{module}", api.module_form, methods=["GET"])
    return router


def answering(endpoint: Endpoint) -> Endpoint:
    """An endpoint whose ``MotadataError`` (from any step) becomes its JSON answer."""

    @functools.wraps(endpoint)
    async def wrapped(*args: Any, **kwargs: Any) -> Response:
        try:
            return await endpoint(*args, **kwargs)
        except MotadataError as error:
            return error_response(error)

    return wrapped


class Endpoints:
    """The endpoints, bound to the run-time resources (and InvGate's handler, when wired)."""

    def __init__(self, runtime: Runtime, invgate_incident: RequestHandler | None) -> None:
        self.runtime = runtime
        self.invgate_incident = invgate_incident

    @answering
    async def token(self, request: Request) -> Response:
        return await _token(self.runtime, request)

    @answering
    async def create_shared(self, request: Request) -> Response:
        owner = await run_in_threadpool(_owner, self.runtime, request.headers)
        if owner is Owner.MOTADATA:
            return await self.create(request)
        if self.invgate_incident is not None:
            return await self.invgate_incident(request)
        return JSONResponse({"detail": "Not Found"}, 404)

    @answering
    async def create(self, request: Request) -> Response:
        def work(session: Session, caller: Caller, raw: bytes) -> dict[str, Any]:
            body = parse_incident(raw)
            resources = self.runtime.resources
            return _success(incidents.create_incident(session, caller, resources, body))

        return await _with_body(self.runtime, request, work)

    @answering
    async def update(self, request: Request, ticket_id: str) -> Response:
        ident = _incident_id(ticket_id)

        def work(session: Session, caller: Caller, raw: bytes) -> dict[str, Any]:
            body = parse_incident(raw)
            resources = self.runtime.resources
            return _success(incidents.update_incident(session, caller, resources, ident, body))

        return await _with_body(self.runtime, request, work)

    @answering
    async def read(self, request: Request, ticket_id: str) -> Response:
        ident = _incident_id(ticket_id)

        def work(session: Session, caller: Caller) -> dict[str, Any]:
            return incidents.read_incident(session, caller, ident)

        return await _answer(self.runtime, request.headers, work)

    @answering
    async def upload(self, request: Request) -> Response:
        return await _upload(self.runtime, request)

    @answering
    async def module_form(self, request: Request, module: str) -> Response:
        return await _answer(self.runtime, request.headers, lambda s, _c: form(s, module))


def error_response(error: MotadataError) -> Response:
    return JSONResponse(error.body, error.status, headers=error.headers)


@answering
async def _not_allowed(request: Request) -> Response:
    raise _method_not_allowed(request.method)


def _method_not_allowed(method: str) -> MotadataError:
    return oauth_error(405, "method_not_allowed", f"Request method '{method}' not supported")


async def _token(runtime: Runtime, request: Request) -> Response:
    if request.method != "POST":
        raise _method_not_allowed(request.method)
    client = basic_credentials(request.headers)
    if client is None:
        raise unauthorized(token_endpoint=True)
    body = await read_limited(request, TOKEN_LIMIT)
    if body is None:
        raise oauth_error(400, "invalid_request", "Request too large")
    fields, _files = await read_form(request, body)
    params = {**dict(request.query_params), **fields}
    address = request.client.host if request.client else ""
    answer = await run_in_threadpool(_token_transaction, runtime, client, params, address)
    return JSONResponse(answer, headers=_NO_STORE)


def _token_transaction(
    runtime: Runtime, client: tuple[str, str], params: Mapping[str, str], address: str
) -> dict[str, Any]:
    with unit_of_work(runtime.factory) as session:
        return issue(session, runtime, client, params, address)


def _owner(runtime: Runtime, headers: Mapping[str, str]) -> Owner:
    def ours(token: str) -> bool:
        with unit_of_work(runtime.factory) as session:
            return issued_here(session, runtime, token)

    return owner_of_incident_post(headers, ours)


async def _with_body(
    runtime: Runtime, request: Request, work: Callable[[Session, Caller, bytes], dict[str, Any]]
) -> Response:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > JSON_LIMIT:
        raise envelope_error(413, "FILE_TOO_LARGE", "Request body too large")
    raw = await read_limited(request, JSON_LIMIT)
    if raw is None:
        raise envelope_error(413, "FILE_TOO_LARGE", "Request body too large")
    return await _answer(runtime, request.headers, lambda s, c: work(s, c, raw))


async def _answer(runtime: Runtime, headers: Mapping[str, str], work: Work) -> Response:
    result = await run_in_threadpool(_transaction, runtime, dict(headers), work)
    return JSONResponse(result)


def _transaction(runtime: Runtime, headers: Mapping[str, str], work: Work) -> dict[str, Any]:
    """Authenticate and work in one transaction; any refusal rolls everything back."""
    try:
        with unit_of_work(runtime.factory) as session:
            return work(session, resource_caller(session, runtime, headers))
    except DomainError as error:
        raise from_domain(error) from error


async def _upload(runtime: Runtime, request: Request) -> Response:
    limit = runtime.settings.max_upload_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise envelope_error(413, "FILE_TOO_LARGE", f"File exceeds {limit} bytes")
    raw = await read_limited(request, limit + MULTIPART_OVERHEAD)
    if raw is None:
        raise envelope_error(413, "FILE_TOO_LARGE", f"File exceeds {limit} bytes")
    _fields, files = await read_form(request, raw)
    upload = files.get("file")
    if upload is None:
        raise invalid_input("Required request part 'file' is not present")

    def work(session: Session, caller: Caller) -> dict[str, Any]:
        return _stored(runtime, session, caller, upload)

    return await _answer(runtime, request.headers, work)


def _stored(
    runtime: Runtime, session: Session, caller: Caller, upload: UploadedFile
) -> dict[str, Any]:
    row = store_upload(
        session,
        caller.actor,
        runtime.store,
        filename=upload.filename,
        data=upload.data,
        max_bytes=runtime.settings.max_upload_bytes,
        content_type=upload.content_type,
    )
    return {"refFileName": row.upload_ref, "realName": row.filename, "link": None}


def _incident_id(text: str) -> int:
    number = bounded_int(text, minimum=1)  # past MAX_ID no row has it (nor can the database)
    if number is None:
        raise invalid_input(f"Invalid incident id: {text}")
    return number


def _success(ticket_id: int) -> dict[str, Any]:
    return {"returnCode": "SUCCESS", "status": 0, "userMessage": None, "id": ticket_id}
