"""The 413 answer, in the shape of the edge the request was for, where that is cheap: the
native API's error envelope, Znuny's plain-text transport error, plain text elsewhere."""

from __future__ import annotations

from starlette.responses import JSONResponse, PlainTextResponse, Response

from polydesk.api.v1 import PREFIX as NATIVE_PREFIX

# Everything Znuny's web server answers lives under /otrs/ (nph-genericinterface.pl).
ZNUNY_PREFIX = "/otrs/"
MESSAGE = "Request Entity Too Large"
# The unread body may still be on its way: the connection cannot be reused.
CLOSE = {"Connection": "close"}


def too_large(path: str, limit: int) -> Response:
    if path == NATIVE_PREFIX or path.startswith(NATIVE_PREFIX + "/"):
        error = {
            "code": "request.too_large",
            "message": f"the request body exceeds {limit} bytes",
            "details": {"limit": limit},
        }
        return JSONResponse({"error": error}, status_code=413, headers=CLOSE)
    if path.startswith(ZNUNY_PREFIX):
        # Byte for byte what the dialect answers over a web service's MaxLength (znuny/wire.py).
        return Response(MESSAGE, 413, headers=CLOSE, media_type="text/plain; charset=UTF-8")
    return PlainTextResponse(MESSAGE, 413, headers=CLOSE)
