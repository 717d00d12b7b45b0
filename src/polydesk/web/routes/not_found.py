"""A page, not the JSON API's 404, for an address under the UI's areas that names no page
(a mistyped or outdated link). Mounted last, so every real page matches first."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from polydesk.web.errors import WebRoute
from polydesk.web.render import error_page

router = APIRouter(route_class=WebRoute, include_in_schema=False)

MESSAGE = "There is no page at this address. Start again from the menu."


@router.get("/console/{rest:path}")
@router.get("/portal/{rest:path}")
@router.get("/admin/{rest:path}")
def no_such_page(request: Request, rest: str) -> Response:
    return error_page(request, 404, "Page not found", MESSAGE)
