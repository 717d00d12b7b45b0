"""Rendering: the Jinja2 environment (autoescaping on), the values every page gets, and the
error page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from polydesk import __version__
from polydesk.websessions.service import LiveSession

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
STATIC_DIR = HERE / "static"
STATIC_PREFIX = "/static"


def static_url(name: str) -> str:
    """A static file's address; the version in the query string renews browser caches."""
    return f"{STATIC_PREFIX}/{name}?v={__version__}"


def when(moment: datetime | None) -> str:
    """A stored UTC time as people read it in a list."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else ""


TEMPLATES.env.trim_blocks = TEMPLATES.env.lstrip_blocks = True  # smaller pages, same markup
TEMPLATES.env.globals["static"] = static_url
TEMPLATES.env.filters["when"] = when


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    live: LiveSession | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Render ``template`` with ``context``; ``live`` (the signed-in session) gives the layout
    its user, navigation and CSRF token."""
    values = {"live": live, **context}
    return TEMPLATES.TemplateResponse(request, template, values, status, headers=headers)


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    # No session here: an error page offers the way back, never a form that needs a token.
    return page(request, "error.html", {"title": title, "message": message}, status=status)
