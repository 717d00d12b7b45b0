"""Mount the web UI on the main app: its pages at ``/``, ``/console``, ``/portal`` ... and its
static files (CSS, the vendored htmx) under ``/static``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from polydesk.web.render import STATIC_DIR, STATIC_PREFIX
from polydesk.web.routes import console, portal, signin


def install_web(app: FastAPI) -> None:
    for module in (signin, console, portal):
        app.include_router(module.router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="static")
