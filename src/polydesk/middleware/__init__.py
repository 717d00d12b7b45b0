"""ASGI middleware every edge passes through: request ids, the access log (secrets redacted),
the request size limit; and the logging configuration of ``polydesk serve``."""

from __future__ import annotations

from starlette.applications import Starlette

from polydesk.config import Settings
from polydesk.middleware.access_log import AccessLogMiddleware
from polydesk.middleware.body_limit import BodyLimitMiddleware


def install_middleware(app: Starlette, settings: Settings) -> None:
    """Outermost first: the access log (so it times and logs the 413s too), the size limit."""
    app.add_middleware(BodyLimitMiddleware, limit=settings.effective_max_request_bytes)
    app.add_middleware(AccessLogMiddleware)  # added last: Starlette puts it outermost
