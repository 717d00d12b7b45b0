"""``polydesk backup FILE`` and ``polydesk restore FILE``: thin edges over polydesk.backup."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from polydesk.backup.service import create_backup, restore_backup
from polydesk.cli import app, emit, fail
from polydesk.config import Settings
from polydesk.core.errors import DomainError
from polydesk.db.engine import make_engine


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="archive to write (.tar.gz); replaced if present")],
) -> None:
    """Write an online backup (database snapshot + attachments) while the server runs."""

    def work(engine: Engine, settings: Settings) -> dict[str, Any]:
        manifest = create_backup(engine, settings.attachments_dir, file)
        return {
            "backup": str(file),
            "backend": manifest.backend,
            "created_at": manifest.created_at,
            "alembic_revision": manifest.alembic_revision,
            "rows": sum(manifest.row_counts.values()),
            "attachment_files": manifest.attachment_files,
            "missing_files": manifest.missing_files,
        }

    _run(work)


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="archive written by `polydesk backup`")],
    force: Annotated[
        bool, typer.Option("--force", help="overwrite a database that already holds data")
    ] = False,
) -> None:
    """Restore a backup into an empty install (SQLite: stop the server first), then migrate."""
    _run(
        lambda engine, settings: restore_backup(engine, settings.attachments_dir, file, force=force)
    )


def _run(work: Callable[[Engine, Settings], dict[str, Any]]) -> None:
    settings = Settings()
    try:
        with _engine(settings) as engine:
            masked = engine.url.render_as_string(hide_password=True)
            result = work(engine, settings)
    except DomainError as exc:
        fail(f"{exc.message} ({exc.code})")
    except (SQLAlchemyError, OSError) as exc:
        fail(_mask(str(exc), settings))
    emit({**result, "database": masked})


@contextmanager
def _engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.effective_database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _mask(message: str, settings: Settings) -> str:
    """Driver errors may quote the URL; never let its password reach the terminal."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.effective_database_url)
    if url.password:
        message = message.replace(str(url.password), "***")
    return message
