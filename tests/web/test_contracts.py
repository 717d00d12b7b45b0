"""Rules every web UI route keeps, checked over the routes the app really has: each unsafe
method checks a CSRF token; the pages use no inline script or style (the CSP forbids them);
the vendored htmx is the pinned file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from polydesk.web import deps
from polydesk.web.app import ROUTERS
from polydesk.web.errors import WebRoute
from polydesk.web.render import STATIC_DIR

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_CHECKS = {deps._checked, deps._any_checked, deps._signin_checked}
TEMPLATES = Path(deps.__file__).parent / "templates"
HTMX_VERSION = "2.0.11"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"


def _calls(dependant: Dependant) -> set[object]:
    found: set[object] = {dependant.call} if dependant.call else set()
    for sub in dependant.dependencies:
        found |= _calls(sub)
    return found


def _web_routes() -> list[APIRoute]:
    routes = [route for router in ROUTERS for route in router.routes]
    assert all(isinstance(route, WebRoute) for route in routes)  # errors become pages
    return [route for route in routes if isinstance(route, APIRoute)]


def test_every_unsafe_web_route_checks_a_csrf_token() -> None:
    routes = _web_routes()
    unsafe = [route for route in routes if route.methods & UNSAFE]
    assert {route.path for route in unsafe} >= {"/signin", "/signout"}
    unchecked = [route.path for route in unsafe if not _calls(route.dependant) & CSRF_CHECKS]
    assert unchecked == []


def test_the_web_ui_owns_the_root_and_its_pages(client: TestClient) -> None:
    assert {"/", "/console", "/portal"} <= {route.path for route in _web_routes()}
    for path in ("/", "/console", "/portal"):
        answer = client.get(path)  # unsigned: the sign-in page, wherever one starts
        assert answer.status_code == 200 and "<h1>Sign in</h1>" in answer.text


def test_templates_have_no_inline_script_or_style() -> None:
    for template in TEMPLATES.rglob("*.html"):  # the slices' folders too
        text = template.read_text()
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=|hx-on", text), template.name
        for script in re.findall(r"<script[^>]*>", text):
            assert "src=" in script, template.name


def test_htmx_is_the_pinned_release(client: TestClient) -> None:
    data = (STATIC_DIR / "htmx.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == HTMX_SHA256
    assert f'version:"{HTMX_VERSION}"' in data.decode()
    assert HTMX_VERSION in (STATIC_DIR / "README.md").read_text()
    served = client.get(f"/static/htmx.min.js?v={HTMX_VERSION}")
    assert served.status_code == 200 and served.content == data
    assert "javascript" in served.headers["content-type"]


def test_an_address_no_page_claims_is_a_page_not_json(client: TestClient) -> None:
    for path in ("/console/nothing-here", "/portal/a/b", "/admin/unknown"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("text/html")
        assert "Page not found" in answer.text
    assert client.get("/polydesk/v1/nothing-here").headers["content-type"].startswith(
        "application/json"
    )  # the APIs keep their own 404
