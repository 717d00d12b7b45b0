"""One log line per request (replacing uvicorn's access log, which prints query strings whole):
method, path, redacted query, status, duration, client, response bytes and the request id.
Headers and bodies are never logged.

A pure ASGI middleware, not ``BaseHTTPMiddleware``: responses keep streaming, and the request
runs in the context where the request id is set."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polydesk.middleware.redaction import redact_query
from polydesk.middleware.request_id import HEADER, current_request_id, request_id_from

access_logger = logging.getLogger("polydesk.access")


@dataclass
class _Exchange:
    """What the log line reports about the response."""

    status: int = 0
    bytes_sent: int = 0


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope["headers"])
        reset_token = current_request_id.set(request_id)
        exchange = _Exchange()
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                exchange.status = message["status"]
                message = {**message, "headers": _with_request_id(message, request_id)}
            elif message["type"] == "http.response.body":
                exchange.bytes_sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except BaseException:
            exchange.status = exchange.status or 500  # what the server will answer
            raise
        finally:
            _log(scope, exchange, time.perf_counter() - started, request_id)
            current_request_id.reset(reset_token)


def _with_request_id(message: Message, request_id: str) -> list[tuple[bytes, bytes]]:
    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
    return [*headers, (HEADER, request_id.encode("ascii"))]


def _log(scope: Scope, exchange: _Exchange, seconds: float, request_id: str) -> None:
    fields = access_fields(scope, exchange.status, seconds, exchange.bytes_sent)
    target = fields["path"] + (f"?{fields['query']}" if fields["query"] else "")
    access_logger.info(
        "%s %s %d %.1fms client=%s bytes=%d",
        fields["method"],
        target,
        fields["status"],
        fields["duration_ms"],
        fields["client"],
        fields["bytes"],
        extra={"access": fields, "request_id": request_id},
    )


def access_fields(scope: Scope, status: int, seconds: float, bytes_sent: int) -> dict[str, Any]:
    """The line's fields. The path is the raw one (percent-escapes kept) and the query is
    redacted; both are made printable so no request can forge a log line."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    client = scope.get("client")
    return {
        "method": scope["method"],
        "path": printable(raw_path.decode("latin-1").split("?", 1)[0]),
        "query": printable(redact_query(scope.get("query_string", b"").decode("latin-1"))),
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "client": f"{client[0]}:{client[1]}" if client else "-",
        "bytes": bytes_sent,
    }


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\x0a``), so it stays on one line."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in text)
