"""Operator CLI. Every command prints JSON on success, and a message with exit code 1 on error."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer

from polydesk.bootstrap import prepare_database
from polydesk.config import Settings
from polydesk.core.errors import DomainError
from polydesk.db import Session
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime

app = typer.Typer(help="Polydesk help desk server.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database commands.", no_args_is_help=True)
settings_app = typer.Typer(help="Run-time settings stored in the database.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
apikey_app = typer.Typer(help="Dialect API keys.", no_args_is_help=True)
oauth_app = typer.Typer(help="OAuth clients.", no_args_is_help=True)
token_app = typer.Typer(help="Native API tokens.", no_args_is_help=True)
webservice_app = typer.Typer(help="Znuny GenericInterface web services.", no_args_is_help=True)
for sub, name in (
    (db_app, "db"),
    (settings_app, "settings"),
    (user_app, "user"),
    (apikey_app, "apikey"),
    (oauth_app, "oauth-client"),
    (token_app, "token"),
    (webservice_app, "webservice"),
):
    app.add_typer(sub, name=name)


def emit(value: dict[str, Any]) -> None:
    typer.echo(json.dumps(value, default=str))


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def prepared() -> Iterator[Runtime]:
    runtime = Runtime.from_settings(Settings())
    try:
        admin = prepare_database(runtime.engine, runtime.settings)
        if admin is not None:
            emit({"admin_created": admin.login, "generated_password": admin.password})
        yield runtime
    finally:
        runtime.engine.dispose()


def in_transaction(work: Callable[[Session], dict[str, Any]]) -> None:
    """Run ``work`` in one transaction on a prepared database and print its result."""
    try:
        with prepared() as runtime, unit_of_work(runtime.factory) as session:
            result = work(session)
    except DomainError as exc:
        fail(f"{exc.message} ({exc.code})")
    emit(result)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="server processes")] = 1,
) -> None:
    """Migrate the database (creating it on first start) and serve every API."""
    import uvicorn

    from polydesk.middleware.log_config import logging_config

    with prepared() as runtime:
        url = runtime.engine.url.render_as_string(hide_password=True)
        settings = runtime.settings
    emit({"serving": f"http://{host}:{port}", "database": url, "workers": workers})
    uvicorn.run(
        "polydesk.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # uvicorn applies the config in every worker process; its own access log prints
        # query strings whole (passwords, keys), so polydesk.access logs requests instead.
        log_config=logging_config(settings),
        log_level=settings.log_level.lower(),
        access_log=False,
    )


@app.command()
def worker() -> None:
    """Run the job worker and periodic tasks in the foreground (for scale-out deployments)."""
    import threading

    from polydesk.jobs.worker import Worker
    from polydesk.middleware.log_config import configure_logging

    with prepared() as runtime:
        configure_logging(runtime.settings)
        emit({"worker": "started"})
        stop = threading.Event()
        try:
            Worker(
                runtime.factory,
                handlers=runtime.job_handlers(),
                periodic=runtime.periodic_tasks(),
            ).loop(
                stop, runtime.settings.worker_poll_seconds, runtime.settings.tick_interval_seconds
            )
        except KeyboardInterrupt:
            stop.set()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration and seed missing defaults."""
    with prepared() as runtime:
        url = runtime.engine.url.render_as_string(hide_password=True)
    emit({"database": url, "status": "up to date"})


@app.command()
def demo(
    tickets: Annotated[int, typer.Option(min=1, max=20000, help="tickets to create")] = 300,
) -> None:
    """Load realistic demo data (does nothing if demo data is already there)."""
    from polydesk.demo.loader import load_demo

    def work(session: Session) -> dict[str, Any]:
        return load_demo(session, tickets=tickets)

    in_transaction(work)


def main() -> None:
    from polydesk import (
        cli_admin,  # noqa: F401  (registers the admin commands)
        cli_backup,  # noqa: F401  (registers ``polydesk backup`` / ``restore``)
        cli_config,  # noqa: F401  (registers ``polydesk config`` / ``preset``)
        cli_directory,  # noqa: F401  (registers ``group`` / ``helpdesk`` / member verbs)
        cli_mail,  # noqa: F401  (registers ``polydesk mail deliver`` / ``listen``)
        cli_webservices,  # noqa: F401  (registers ``polydesk webservice``)
    )

    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
