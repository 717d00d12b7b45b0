"""The HTTP face: ``/API/`` and ``/API/default.aspx`` under any virtual directory, matched
case-insensitively as IIS does; GET query strings and urlencoded or multipart POST forms."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import Scope

from polydesk.dialects._kit.http import read_limited
from polydesk.dialects.readydesk.gateway import handle
from polydesk.dialects.readydesk.request import Call, merge, parse_pairs
from polydesk.runtime import Runtime

PATH = re.compile(r"^(?:/[^/]+)*/api(?:/|/default\.aspx)$", re.IGNORECASE)
METHODS = ["GET", "POST"]
MAX_BODY = 1024 * 1024  # no ReadyDesk action takes a file; forms are small


class ApiPathRoute(APIRoute):
    """Matches every spelling of the API path (``/api/``, ``/readydesk/API/Default.aspx``)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or not PATH.match(scope["path"]):
            return Match.NONE, {}
        child: dict[str, Any] = {"endpoint": self.endpoint, "path_params": {}}
        if self.methods and scope["method"] not in self.methods:
            return Match.PARTIAL, child
        return Match.FULL, child


def create_readydesk_router(runtime: Runtime) -> APIRouter:
    router = APIRouter(route_class=ApiPathRoute)

    async def api(request: Request) -> Response:
        call = await read_call(request)
        answer = await run_in_threadpool(handle, runtime, call)
        return Response(answer.body, media_type=answer.media_type)

    router.add_api_route("/API/default.aspx", api, methods=METHODS, include_in_schema=False)
    return router


async def read_call(request: Request) -> Call:
    query = merge(parse_pairs(request.scope.get("query_string", b"").decode("latin-1")))
    client_ip = request.client.host if request.client else ""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return Call.build(query, {}, client_ip, too_large=True)
    content_type = request.headers.get("content-type", "")
    form: dict[str, str] = {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        body = await read_limited(request, MAX_BODY)
        if body is None:
            return Call.build(query, {}, client_ip, too_large=True)
        form = merge(parse_pairs(body.decode("utf-8", errors="replace")))
    elif content_type.startswith("multipart/form-data"):
        try:
            parsed = await request.form(max_part_size=MAX_BODY)
        except HTTPException:  # a part over the limit, or a malformed body
            return Call.build(query, {}, client_ip, too_large=True)
        pairs = [(k, str(v)) for k, v in parsed.multi_items() if not isinstance(v, UploadFile)]
        form = merge(pairs)
    return Call.build(query, form, client_ip, too_large=False)
