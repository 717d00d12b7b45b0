"""The request size limit on every edge, before any route reads a byte.

A declared ``Content-Length`` over the limit is answered 413 at once, the body unread. A body
without one (chunked) is counted as it streams; once over, the app reading it is stopped and,
if nothing was answered yet, the client gets the 413 instead of whatever the app made of the
cut-off body. The dialects keep their own, smaller limits (Znuny's ``MaxLength`` and others)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polydesk.middleware.refusals import too_large


class RequestTooLarge(Exception):
    """Raised into the app when the streamed body passes the limit."""


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope["headers"])
        if declared is not None and declared > self.limit:
            await too_large(scope["path"], self.limit)(scope, receive, send)
            return
        await _CountedRequest(self.app, self.limit, scope, receive, send).run()


def declared_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name.lower() == b"content-length":
            return int(value) if value.strip().isdigit() else None
    return None


class _CountedRequest:
    """One request whose body is counted while the app reads it."""

    def __init__(self, app: ASGIApp, limit: int, scope: Scope, receive: Receive, send: Send):
        self.app, self.limit, self.scope = app, limit, scope
        self.receive, self.send = receive, send
        self.received = 0
        self.response_started = False
        self.refused = False  # over the limit before any answer: ours is the 413

    async def run(self) -> None:
        try:
            await self.app(self.scope, self.counted_receive, self.guarded_send)
        except Exception:
            # Unless the app failed because we cut its body off before it answered (then the
            # 413 below is the answer), let it through; past the limit mid-answer, that drops
            # the connection, which is all that is left to do.
            if not self.refused:
                raise
        if self.refused:
            await too_large(self.scope["path"], self.limit)(self.scope, self.receive, self.send)

    async def counted_receive(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.refused = not self.response_started
                raise RequestTooLarge(f"request body over {self.limit} bytes")
        return message

    async def guarded_send(self, message: Message) -> None:
        if self.refused:
            return  # the app's answer to a body it never got whole
        if message["type"] == "http.response.start":
            self.response_started = True
        await self.send(message)
