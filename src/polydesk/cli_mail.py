"""``polydesk mail deliver`` (the MTA pipe) and ``polydesk mail listen`` (the SMTP listener):
thin edges over polydesk.mailin. The pipe answers in sysexits codes, which every MTA reads:
0 delivered (or a duplicate), 65 unreadable or too large, 67 no such mailbox or sender,
75 temporary trouble (the MTA keeps the message and retries)."""

from __future__ import annotations

import sys
import threading
from typing import Annotated, NoReturn

import typer
from sqlalchemy.exc import SQLAlchemyError

from polydesk.cli import app, emit
from polydesk.config import Settings
from polydesk.core.errors import DomainError, ErrorKind
from polydesk.db.uow import unit_of_work
from polydesk.mailin.intake import deliver_raw
from polydesk.mailin.listener import start_listener
from polydesk.runtime import Runtime

mail_app = typer.Typer(help="Incoming mail (issue 19).", no_args_is_help=True)
app.add_typer(mail_app, name="mail")

EX_OK, EX_DATAERR, EX_NOUSER, EX_TEMPFAIL = 0, 65, 67, 75


def exit_code(error: DomainError) -> int:
    """Refused for good: the MTA bounces. Only trouble on our side is worth a retry."""
    if error.kind in (ErrorKind.NOT_FOUND, ErrorKind.PERMISSION_DENIED):
        return EX_NOUSER
    return EX_DATAERR


@mail_app.command()
def deliver(
    mailbox: Annotated[
        str | None, typer.Option(help="mailbox name; else chosen by the recipients")
    ] = None,
) -> None:
    """Import one message read from standard input (for an MTA's pipe transport)."""
    raw = sys.stdin.buffer.read()
    try:
        runtime = Runtime.from_settings(Settings())
    except Exception as exc:  # no database to reach: the MTA retries later
        _stop(EX_TEMPFAIL, f"cannot start: {exc}")
    try:
        with unit_of_work(runtime.factory) as session:
            result = deliver_raw(
                session, runtime.resources, raw,
                max_bytes=runtime.settings.mail_max_message_bytes, mailbox_name=mailbox,
            )  # fmt: skip
    except DomainError as exc:
        _stop(exit_code(exc), f"{exc.message} ({exc.code})")
    except SQLAlchemyError as exc:
        _stop(EX_TEMPFAIL, f"database trouble, try again later: {type(exc).__name__}")
    finally:
        runtime.engine.dispose()
    emit({"outcome": result.outcome.value, "message_id": result.message_id,
          "ticket_id": result.ticket_id, "comment_id": result.comment_id})  # fmt: skip


def _stop(code: int, message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@mail_app.command()
def listen(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 2525,
) -> None:
    """Receive mail over SMTP for the mailboxes' addresses until stopped (Ctrl-C)."""
    runtime = Runtime.from_settings(Settings())
    limit = runtime.settings.mail_max_message_bytes
    controller = start_listener(runtime.factory, runtime.resources, limit, hostname=host, port=port)
    emit({"listening": f"{host}:{port}"})
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
        runtime.engine.dispose()
