"""Configuration (admins only): the whole install as a site file, one section or entry of it,
and product presets. The same kinds, checks and plan as ``polydesk config`` and ``preset``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import ConfigDict

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import Guarded, NameInPath
from polydesk.configuration import service as configuration
from polydesk.configuration.apply import Applied

router = APIRouter(tags=["configuration"])

DryRun = Annotated[bool, Query(description="plan only: report what would change, change nothing")]

SITE_FILE_EXAMPLE = """helpdesks:
  - name: Service desk
    levels: [Level 1, Level 2]
groups:
  - name: Network team
users:
  - login: jane
    email: jane@example.com
    role: agent
    helpdesks: [Service desk]
    groups: [Network team]
"""


class SiteFile(Guarded):
    document: str = Body(
        max_length=2_000_000,
        description="a site file, YAML (JSON is YAML too); errors name its lines",
        examples=[SITE_FILE_EXAMPLE],
    )


class EntryBody(Guarded):
    """One entry of the section, as in a site file (the section's schema checks it)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [{"description": "First line", "levels": ["Level 1"]}]},
    )


def _plan(applied: Applied, dry_run: bool) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "summary": applied.summary(),
        "steps": [step.as_dict() for step in applied.steps],
        "created_users": applied.secrets,  # generated passwords: shown once, here
    }


@router.get("/config")
def export_configuration(session: DbSession, actor: CurrentActor) -> dict[str, Any]:
    """The install's configuration, every section, as a site file's data."""
    return configuration.export_data(session, actor)


@router.post("/config/apply")
def apply_configuration(
    session: DbSession, actor: CurrentActor, body: SiteFile, dry_run: DryRun = False
) -> dict[str, Any]:
    """Apply a site file: create what is missing, change what differs, keep the rest."""
    applied = configuration.apply_configuration(session, actor, body.document, dry_run=dry_run)
    return _plan(applied, dry_run)


@router.get("/config/schema")
def site_schema(actor: CurrentActor) -> dict[str, Any]:
    """The JSON Schema of a site file (every section and field), for editors and checks."""
    return configuration.site_schema(actor)


@router.get("/config/presets")
def list_presets(actor: CurrentActor) -> dict[str, list[str]]:
    return {"presets": configuration.list_presets(actor)}


@router.post("/config/presets/{name}/apply")
def apply_preset(
    session: DbSession, actor: CurrentActor, name: NameInPath, dry_run: DryRun = False
) -> dict[str, Any]:
    """Load a product's fresh-install stock data (queues, groups, its stock admin...)."""
    return _plan(configuration.apply_preset(session, actor, name, dry_run=dry_run), dry_run)


@router.get("/config/{section}")
def list_section(
    session: DbSession, actor: CurrentActor, section: NameInPath
) -> list[dict[str, Any]]:
    """Every entry of one section (helpdesks, groups, companies, users...)."""
    return configuration.list_entries(session, actor, section)


@router.get("/config/{section}/{name}")
def get_entry(
    session: DbSession, actor: CurrentActor, section: NameInPath, name: NameInPath
) -> dict[str, Any]:
    return configuration.get_entry(session, actor, section, name)


@router.put("/config/{section}/{name}")
def put_entry(
    session: DbSession,
    actor: CurrentActor,
    section: NameInPath,
    name: NameInPath,
    entry: EntryBody,
) -> dict[str, Any]:
    """Create or change one entry; fields left out keep their value."""
    applied = configuration.put_entry(session, actor, section, name, entry.model_dump())
    return _plan(applied, False)


@router.delete("/config/{section}/{name}")
def remove_entry(
    session: DbSession, actor: CurrentActor, section: NameInPath, name: NameInPath
) -> dict[str, str]:
    """Take an entry out of use: users nothing refers to are deleted; anything tickets or
    history refer to is disabled (``enabled: false``), so no history is lost."""
    return {"name": name, "result": configuration.remove_entry(session, actor, section, name)}
