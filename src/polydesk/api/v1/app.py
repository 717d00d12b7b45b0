"""The native API sub-application, mounted at ``/polydesk/v1``."""

from __future__ import annotations

from fastapi import FastAPI

from polydesk import __version__
from polydesk.api.v1.errors import install_error_handlers
from polydesk.api.v1.routes import (
    admin_directory,
    automation,
    configuration,
    credentials,
    directory,
    kb,
    leads,
    mailboxes,
    newsletters,
    notifications,
    password_reset,
    references,
    routing,
    tasks,
    ticket_parts,
    tickets,
    webservices,
)
from polydesk.runtime import Runtime


def create_native_api(runtime: Runtime) -> FastAPI:
    api = FastAPI(
        title="Polydesk native API",
        version=__version__,
        description="Polydesk's own JSON API: tickets and everything around them.",
    )
    api.state.runtime = runtime
    install_error_handlers(api)
    api.include_router(tickets.router)
    api.include_router(ticket_parts.router)
    api.include_router(tasks.router)
    api.include_router(directory.router)
    api.include_router(admin_directory.router)
    api.include_router(webservices.router)
    api.include_router(mailboxes.router)
    api.include_router(configuration.router)
    api.include_router(credentials.router)
    api.include_router(password_reset.router)
    api.include_router(newsletters.router)
    api.include_router(notifications.router)
    api.include_router(references.router)
    api.include_router(automation.router)
    api.include_router(routing.router)
    api.include_router(kb.router)
    api.include_router(leads.router)
    return api
