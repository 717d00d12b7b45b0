"""The HTTP face of the dialect: ``/include/api.php`` and ``/integria/include/api.php``, any
method, answered as ``text/html`` like the PHP original."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from polydesk.dialects._kit.http import read_limited
from polydesk.dialects.integria.gateway import Outcome, handle
from polydesk.dialects.integria.request import ApiCall, RawValue, parse_php_query
from polydesk.runtime import Runtime

PATHS = ("/include/api.php", "/integria/include/api.php")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
MEDIA_TYPE = "text/html; charset=UTF-8"


def create_integria_router(runtime: Runtime) -> APIRouter:
    router = APIRouter()
    # base64 grows data by 4/3; leave room for the other fields.
    max_body = runtime.settings.max_upload_bytes * 4 // 3 + 64 * 1024

    async def api_php(request: Request) -> Response:
        call = await read_call(request, max_body)
        outcome: Outcome = await run_in_threadpool(handle, runtime, call)
        if outcome.delay > 0:
            await asyncio.sleep(outcome.delay)  # waits without holding a thread
        return Response(outcome.body, media_type=MEDIA_TYPE)

    for path in PATHS:
        router.add_api_route(path, api_php, methods=METHODS, include_in_schema=False)
    return router


async def read_call(request: Request, max_body: int) -> ApiCall:
    """Query string, then the form body over it. An oversized body is dropped whole, as PHP
    drops a POST over ``post_max_size`` (the call then fails its login)."""
    values: dict[str, RawValue] = parse_php_query(
        request.scope.get("query_string", b"").decode("latin-1")
    )
    client_ip = request.client.host if request.client else ""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        return ApiCall(values={}, client_ip=client_ip)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        body = await read_limited(request, max_body)
        if body is None:
            return ApiCall(values={}, client_ip=client_ip)
        values.update(parse_php_query(body.decode("latin-1")))
    elif content_type.startswith("multipart/form-data"):
        try:
            form = await request.form(max_part_size=max_body)
        except HTTPException:  # malformed or oversized: PHP's $_POST stays empty
            return ApiCall(values={}, client_ip=client_ip)
        for key in form:
            items = [v for v in form.getlist(key) if not isinstance(v, UploadFile)]
            if key.endswith("[]"):
                values[key[:-2]] = [str(v) for v in items]
            elif items:
                values[key] = str(items[-1])
    return ApiCall(values=values, client_ip=client_ip)
