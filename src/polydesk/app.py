"""create_app(settings): one ASGI app with the native API, every dialect and the web UI mounted
on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from polydesk import __version__
from polydesk.api.v1 import PREFIX
from polydesk.api.v1.app import create_native_api
from polydesk.config import Settings
from polydesk.dialects.integria.app import create_integria_router
from polydesk.dialects.invgate.app import create_invgate_api
from polydesk.dialects.motadata.app import create_motadata_router
from polydesk.dialects.readydesk.app import create_readydesk_router
from polydesk.dialects.znuny.app import create_znuny_router
from polydesk.jobs.worker import start_embedded
from polydesk.middleware import install_middleware
from polydesk.runtime import Runtime
from polydesk.web.app import install_web


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    runtime = runtime or Runtime.from_settings(settings or Settings())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = None
        if runtime.settings.embedded_worker:
            _thread, stop = start_embedded(
                runtime.factory,
                runtime.settings.worker_poll_seconds,
                runtime.settings.tick_interval_seconds,
                runtime.job_handlers(),
                runtime.periodic_tasks(),
            )
        try:
            yield
        finally:
            if stop is not None:
                stop.set()

    app = FastAPI(
        title="Polydesk",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.runtime = runtime
    # On the main app, so the mounted native API and every dialect router pass through it.
    install_middleware(app, runtime.settings)
    app.mount(PREFIX, create_native_api(runtime))
    app.include_router(create_integria_router(runtime))
    app.include_router(create_znuny_router(runtime))
    # Motadata owns POST /api/v1/incident (shared with InvGate: dialects/_kit/routing.py) and
    # hands InvGate-shaped requests to InvGate; it must come before InvGate's catch-all route.
    invgate = create_invgate_api(runtime)
    app.include_router(create_motadata_router(runtime, invgate_incident=invgate.incident))
    app.include_router(invgate.router())
    app.include_router(create_readydesk_router(runtime))
    # The web UI: the sign-in page at /, /console, /portal and /static (no dialect uses them).
    install_web(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (``polydesk serve --workers N``)."""
    return create_app(Settings())
