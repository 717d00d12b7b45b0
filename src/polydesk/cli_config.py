"""``polydesk config export|apply`` and ``polydesk preset list|apply``: configuration as code.

Every command prints JSON (export prints the site file itself, YAML); a bad file prints each
bad line on stderr and exits 1 with nothing applied.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from polydesk.cli import app, emit, fail, prepared
from polydesk.configuration.apply import Applied
from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    apply_preset,
    export_configuration,
    preset_names,
    site_schema,
)
from polydesk.core.actor import SYSTEM
from polydesk.core.errors import DomainError
from polydesk.db.uow import unit_of_work

config_app = typer.Typer(help="Configuration as code: site files.", no_args_is_help=True)
preset_app = typer.Typer(help="Products' fresh-install stock data.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(preset_app, name="preset")

DryRun = Annotated[bool, typer.Option("--dry-run", help="print the plan, change nothing")]


@config_app.command("export")
def config_export() -> None:
    """Print the install's configuration as a site file (YAML) on stdout."""
    with prepared() as runtime, unit_of_work(runtime.factory) as session:
        text = export_configuration(session, SYSTEM)
    typer.echo(text, nl=False)


@config_app.command("schema")
def config_schema() -> None:
    """Print the JSON Schema of a site file (for an editor's YAML language server)."""
    typer.echo(json.dumps(site_schema(SYSTEM), indent=2))


@config_app.command("apply")
def config_apply(
    file: Annotated[Path, typer.Argument(help="the site file; - reads stdin")],
    dry_run: DryRun = False,
) -> None:
    """Apply a site file: create what is missing, change what differs, keep the rest."""
    text = sys.stdin.read() if str(file) == "-" else _read(file)
    _applying(lambda session: apply_configuration(session, SYSTEM, text, dry_run=dry_run), dry_run)


@preset_app.command("list")
def preset_list() -> None:
    """The products that have a preset."""
    emit({"presets": preset_names()})


@preset_app.command("apply")
def preset_apply(name: str, dry_run: DryRun = False) -> None:
    """Load a product's fresh-install stock data (several presets may share an install)."""
    _applying(lambda session: apply_preset(session, SYSTEM, name, dry_run=dry_run), dry_run)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {file}: {error}")


def _applying(work: Any, dry_run: bool) -> None:
    try:
        with prepared() as runtime, unit_of_work(runtime.factory) as session:
            applied: Applied = work(session)
    except InvalidConfiguration as error:
        for problem in error.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    except DomainError as error:
        fail(f"{error.message} ({error.code})")
    emit(
        {
            "dry_run": dry_run,
            "summary": applied.summary(),
            "steps": [step.as_dict() for step in applied.steps],
            "created_users": applied.secrets,
        }
    )
