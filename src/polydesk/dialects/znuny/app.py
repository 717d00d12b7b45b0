"""The HTTP face: ``/otrs/nph-genericinterface.pl/Webservice/<Name>/<route>`` and
``.../WebserviceID/<id>/<route>``, any method. The web service is read first, because its
``MaxLength`` decides whether the body is read at all."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from polydesk.dialects._kit.http import read_limited
from polydesk.dialects.znuny import gateway
from polydesk.dialects.znuny.rest import HttpRequest
from polydesk.dialects.znuny.wire import TEXT_PLAIN, WireResponse, transport_error
from polydesk.runtime import Runtime

PREFIX = "/otrs/nph-genericinterface.pl/"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def create_znuny_router(runtime: Runtime) -> APIRouter:
    router = APIRouter()

    async def provider(request: Request, tail: str) -> Response:
        answer = await _answer(runtime, request, request.url.path[len(PREFIX) :])
        headers = {"Connection": "close", **answer.headers}
        return Response(answer.body, answer.status, headers=headers, media_type=answer.media_type)

    router.add_api_route(PREFIX + "{tail:path}", provider, methods=METHODS, include_in_schema=False)
    return router


def _request_uri(request: Request) -> str:
    """CGI's REQUEST_URI: the path as sent (still percent-encoded) and the query string."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    uri = raw.decode("latin-1")
    return f"{uri}?{query.decode('latin-1')}" if query else uri


async def _answer(runtime: Runtime, request: Request, path: str) -> WireResponse:
    target = gateway.parse_target(path)
    config = await run_in_threadpool(gateway.load_config, runtime, target) if target else None
    if target is None or config is None:
        # Znuny writes nothing at all; the web server turns that into a bare 500.
        return WireResponse(500, b"", TEXT_PLAIN)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > config.max_length:
        return transport_error(413, "Request Entity Too Large")
    body = await read_limited(request, config.max_length)
    if body is None:
        return transport_error(413, "Request Entity Too Large")
    http = HttpRequest(
        method=request.method,
        route=target.route,
        query=request.scope.get("query_string", b"").decode("latin-1"),
        headers={key.lower(): value for key, value in request.headers.items()},
        body=body,
        uri=_request_uri(request),
    )
    remote_addr = request.client.host if request.client else ""
    return await run_in_threadpool(gateway.handle, runtime, config, http, remote_addr)
