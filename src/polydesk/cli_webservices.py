"""``polydesk webservice``: list, show, import (Znuny YAML) and delete GenericInterface services."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from polydesk.cli import fail, in_transaction, webservice_app
from polydesk.core.actor import SYSTEM
from polydesk.core.errors import NotFound
from polydesk.db import Session
from polydesk.models.webservices import WebService
from polydesk.webservices.service import (
    delete_webservice,
    get_webservice,
    list_webservices,
    save_webservice,
)
from polydesk.webservices.yaml_import import config_from_znuny_yaml


def _summary(ws: WebService) -> dict[str, Any]:
    config = ws.config or {}
    return {
        "id": ws.id,
        "name": ws.name,
        "is_valid": ws.is_valid,
        "transport": config.get("transport"),
        "operations": sorted(config.get("operations", {})),
    }


@webservice_app.command("list")
def webservice_list() -> None:
    """List the web services with their transport and operation names."""
    in_transaction(lambda s: {"webservices": [_summary(ws) for ws in list_webservices(s)]})


@webservice_app.command("show")
def webservice_show(name: str) -> None:
    """Print a web service's full configuration."""

    def work(session: Session) -> dict[str, Any]:
        ws = _require(session, name)
        return {"id": ws.id, "name": ws.name, "is_valid": ws.is_valid, "config": ws.config}

    in_transaction(work)


@webservice_app.command("import")
def webservice_import(
    name: str,
    file: Annotated[Path, typer.Argument(help="YAML exported from Znuny's web service admin")],
    invalid: Annotated[bool, typer.Option("--invalid", help="store it switched off")] = False,
) -> None:
    """Create or replace a web service from a Znuny/OTRS YAML export."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}")

    def work(session: Session) -> dict[str, Any]:
        config = config_from_znuny_yaml(text)
        ws = save_webservice(session, SYSTEM, name=name, config=config, is_valid=not invalid)
        return _summary(ws)

    in_transaction(work)


@webservice_app.command("delete")
def webservice_delete(name: str) -> None:
    """Delete a web service (its URL then answers as unknown)."""

    def work(session: Session) -> dict[str, Any]:
        if not delete_webservice(session, SYSTEM, name):
            raise NotFound("webservice.not_found", f"no web service named {name!r}")
        return {"deleted": name}

    in_transaction(work)


def _require(session: Session, name: str) -> WebService:
    ws = get_webservice(session, name=name)
    if ws is None:
        raise NotFound("webservice.not_found", f"no web service named {name!r}")
    return ws
