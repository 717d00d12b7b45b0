"""Mount the web UI on the main app: its pages at ``/``, ``/console``, ``/portal`` ... and its
static files (CSS, the vendored htmx) under ``/static``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from polydesk.web.render import STATIC_DIR, STATIC_PREFIX
from polydesk.web.routes import (
    admin_config,
    admin_credentials,
    admin_desks,
    admin_groups,
    admin_people,
    admin_places,
    admin_presets,
    console,
    not_found,
    password,
    portal,
    portal_kb,
    portal_tickets,
    signin,
    ticket,
    ticket_actions,
    ticket_write,
)

#: Every router of the web UI (tests/web/test_contracts.py checks each route's rules).
ROUTERS = (
    signin.router,
    password.router,
    console.router,
    portal.router,
    portal_tickets.router,
    portal_kb.router,
    ticket.router,
    ticket_write.router,
    ticket_actions.router,
    admin_people.router,
    admin_groups.router,
    admin_places.router,
    admin_desks.router,
    admin_config.router,
    admin_credentials.router,
    admin_presets.router,
    not_found.router,  # last: only addresses no page claims
)


def install_web(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="static")
