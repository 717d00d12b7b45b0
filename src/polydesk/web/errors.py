"""How the web UI answers what goes wrong: ``WebRoute`` turns the edge's own signals and the
core's domain errors into pages, with the right status, and puts the security headers on
every page.

- Not signed in (or the session ended): a GET goes to the sign-in page (``?next=`` brings the
  user back); an htmx request gets ``HX-Redirect`` so the whole page moves, not a fragment.
- Wrong area (a customer at ``/console``): to the actor's own home.
- A missing or wrong CSRF token: 403 page, nothing changed (the unit of work rolls back).
- Domain errors: a page with the message, status by kind (404, 403, 400, 409, 401, 413).
- Unparseable parameters: 400 page, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from polydesk.core.errors import DomainError, ErrorKind
from polydesk.web.render import error_page

STATUS = {
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.PERMISSION_DENIED: 403,
    ErrorKind.VALIDATION: 400,
    ErrorKind.CONFLICT: 409,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.TOO_LARGE: 413,
}

#: Pages only load what this site serves; no inline script or style, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages hold personal data: never from a shared cache
}


class SignInRequired(Exception):
    """No live session; ``wanted`` is the page to come back to after signing in."""

    def __init__(self, wanted: str = "") -> None:
        super().__init__("sign in required")
        self.wanted = wanted


class WrongHome(Exception):
    """The signed-in actor belongs elsewhere (a customer in the console)."""

    def __init__(self, home: str) -> None:
        super().__init__("wrong area")
        self.home = home


class CsrfRejected(Exception):
    """An unsafe request without its session's CSRF token."""


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class WebRoute(APIRoute):
    """Every web UI route: failures become pages, every page gets the security headers."""

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                response = await handler(request)
            except Exception as exc:  # only what ``failure_response`` knows; others re-raise
                response = failure_response(request, exc)
            response.headers.update(SECURITY_HEADERS)
            response.headers.setdefault("Vary", "HX-Request")
            return response

        return answer


def failure_response(request: Request, exc: Exception) -> Response:
    if isinstance(exc, SignInRequired):
        return redirect(request, "/?" + urlencode({"next": exc.wanted}) if exc.wanted else "/")
    if isinstance(exc, WrongHome):
        return redirect(request, exc.home)
    if isinstance(exc, CsrfRejected):
        message = "The form was not sent by this site, or it is out of date. Reload the page."
        return error_page(request, 403, "Request refused", message)
    if isinstance(exc, DomainError):
        return error_page(request, STATUS.get(exc.kind, 400), "Cannot do that", exc.message)
    if isinstance(exc, RequestValidationError):
        return error_page(request, 400, "Bad request", "Some values on this page are invalid.")
    raise exc


def redirect(request: Request, location: str) -> Response:
    """A 303 to ``location``; for htmx, which would swap a fragment, ``HX-Redirect``."""
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=200, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)
