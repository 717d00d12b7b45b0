"""The HTTP face of InvGate Service Management's API v1: ``/api/v1/<dotted.endpoint>`` for
every method, and ``POST /oauth/v2.0/access_token``. ``POST /api/v1/incident`` is shared with
Motadata: its router owns that route and hands InvGate-shaped requests to ``incident``
(``dialects/_kit/routing.py``; wired in ``polydesk/app.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from polydesk.dialects.invgate.errors import InvGateError
from polydesk.dialects.invgate.gateway import Call, operation_for, run
from polydesk.dialects.invgate.ops.export import DOWNLOAD_PATH, open_download
from polydesk.dialects.invgate.request import read_params
from polydesk.dialects.invgate.token import TokenError, issue_token
from polydesk.runtime import Runtime

PREFIX = "/api/v1/"
TOKEN_PATH = "/oauth/v2.0/access_token"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class InvGateApi:
    """The endpoints, bound to the run-time resources."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def router(self) -> APIRouter:
        router = APIRouter(include_in_schema=False)
        router.add_api_route(TOKEN_PATH, self.token, methods=METHODS)
        # The signed CSV link ``data.export`` answers (a slash: no endpoint has one).
        router.add_api_route("/" + DOWNLOAD_PATH, self.export_download, methods=["GET"])
        router.add_api_route(PREFIX + "{endpoint}", self.endpoint, methods=METHODS)
        return router

    async def incident(self, request: Request) -> Response:
        """``POST /api/v1/incident`` when the shared route decides it is InvGate's."""
        return await self.call(request, "incident")

    async def endpoint(self, request: Request, endpoint: str) -> Response:
        return await self.call(request, endpoint)

    async def call(self, request: Request, endpoint: str) -> Response:
        try:
            operation = operation_for(request.method, endpoint)
            params = await read_params(
                request, self.runtime.settings.max_upload_bytes, utf8_only=True
            )
            call = Call(
                operation, params, dict(request.headers), str(request.base_url), _address(request)
            )
            result = await run_in_threadpool(run, self.runtime, call)
        except InvGateError as error:
            return JSONResponse(error.body, error.status, headers=error.headers)
        return JSONResponse(result)

    async def export_download(self, request: Request) -> Response:
        token = request.query_params.get("token", "")
        try:
            name, chunks = await run_in_threadpool(open_download, self.runtime, token)
        except InvGateError as error:
            return JSONResponse(error.body, error.status, headers=_NO_STORE)
        safe = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name)[:100] or "export"
        headers = {**_NO_STORE, "Content-Disposition": f'attachment; filename="{safe}.csv"'}
        return StreamingResponse(chunks, media_type="text/csv; charset=utf-8", headers=headers)

    async def token(self, request: Request) -> Response:
        try:
            if request.method != "POST":
                raise TokenError(405, "invalid_request", "Use POST")
            params = await read_params(request, 0)
            answer = await run_in_threadpool(
                issue_token, self.runtime, params, dict(request.headers), _address(request)
            )
        except InvGateError as error:
            return JSONResponse(error.body, error.status, headers=_NO_STORE)
        except TokenError as error:
            return JSONResponse(error.body, error.status, headers=_NO_STORE)
        return JSONResponse(answer, headers=_NO_STORE)


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def create_invgate_api(runtime: Runtime) -> InvGateApi:
    return InvGateApi(runtime)
