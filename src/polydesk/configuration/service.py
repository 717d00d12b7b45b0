"""The configuration use cases: export the install, apply a site file or a product preset.

Applying checks the whole file first (every bad line named), then writes every entry in the
caller's transaction; a refusal on any entry leaves the transaction to roll back, so a bad file
changes nothing. A dry run writes inside a savepoint and rolls it back: its plan is exactly
what the apply would do, and it shows no generated password.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from pydantic import ValidationError

from polydesk.authz.tickets import require_admin
from polydesk.configuration.apply import Applied, apply_entries, apply_text, export_sections
from polydesk.configuration.document import (
    InvalidConfiguration,
    Located,
    Problem,
    dump_document,
    field_problems,
)
from polydesk.configuration.kinds import Kind
from polydesk.configuration.registry import KINDS
from polydesk.core.actor import Actor
from polydesk.core.errors import NotFound
from polydesk.db import Session

_PRESETS = resources.files("polydesk.configuration.presets")


def preset_names() -> list[str]:
    """The products with a preset (a ``<product>.yml`` in the package)."""
    return sorted(
        item.name.removesuffix(".yml") for item in _PRESETS.iterdir() if item.name.endswith(".yml")
    )


def export_configuration(session: Session, actor: Actor) -> str:
    """The install's configuration as a site file (YAML)."""
    require_admin(actor)
    return dump_document(export_sections(session))


def export_data(session: Session, actor: Actor) -> dict[str, Any]:
    """The same, as data (the admin API answers it as JSON)."""
    require_admin(actor)
    return export_sections(session)


def apply_configuration(
    session: Session, actor: Actor, text: str, *, dry_run: bool = False
) -> Applied:
    """Apply a site file's text (YAML or JSON); InvalidConfiguration names every bad line."""
    require_admin(actor)
    if not dry_run:
        return apply_text(session, actor, text)
    with session.begin_nested() as trial:
        applied = apply_text(session, actor, text)
        trial.rollback()
    applied.secrets.clear()
    return applied


def list_presets(actor: Actor) -> list[str]:
    require_admin(actor)
    return preset_names()


def apply_preset(session: Session, actor: Actor, name: str, *, dry_run: bool = False) -> Applied:
    """Apply a product's fresh-install stock data (a site file shipped in the package)."""
    require_admin(actor)
    if name not in preset_names():
        known = ", ".join(preset_names())
        raise InvalidConfiguration([Problem(0, f"no preset {name!r} (presets: {known})")])
    return apply_configuration(session, actor, preset_text(name), dry_run=dry_run)


def preset_text(name: str) -> str:
    return _PRESETS.joinpath(f"{name}.yml").read_text(encoding="utf-8")


def list_entries(session: Session, actor: Actor, section: str) -> list[dict[str, Any]]:
    """Every entry of one section, as a site file would hold it."""
    require_admin(actor)
    return [entry.model_dump(mode="json") for entry in _kind(section).export(session)]


def get_entry(session: Session, actor: Actor, section: str, key: str) -> dict[str, Any]:
    require_admin(actor)
    entry = _kind(section).current(session, key)
    if entry is None:
        raise NotFound(f"{section}.not_found", f"{section} has no {key!r}", id=key)
    shown: dict[str, Any] = entry.model_dump(mode="json")
    return shown


def put_entry(
    session: Session, actor: Actor, section: str, key: str, data: dict[str, Any]
) -> Applied:
    """Create or change one entry (fields left out keep their value), as a site file with
    that one entry would; the entry's own name field, when given, must be ``key``."""
    require_admin(actor)
    kind = _kind(section)
    data = {**data, kind.key_field: data.get(kind.key_field, key)}
    try:
        entry = kind.entry.model_validate(data)
    except ValidationError as error:
        raise InvalidConfiguration(field_problems(error)) from None
    if kind.key(entry) != key:
        message = f"{kind.key_field} {kind.key(entry)!r} is not the {key!r} of the path"
        raise InvalidConfiguration([Problem(0, message)])
    return apply_entries(session, actor, [Located(kind, entry, 0)])


def remove_entry(session: Session, actor: Actor, section: str, key: str) -> str:
    """Take one entry out of use: ``"deleted"``, or ``"disabled"`` where records refer to it."""
    require_admin(actor)
    kind = _kind(section)
    if kind.current(session, key) is None:
        raise NotFound(f"{section}.not_found", f"{section} has no {key!r}", id=key)
    return kind.remove(session, actor, key)


def kind_for(section: str) -> Kind[Any]:
    """The kind of ``section``; NotFound naming the known sections otherwise."""
    return _kind(section)


def _kind(section: str) -> Kind[Any]:
    for kind in KINDS:
        if kind.section == section:
            return kind
    known = ", ".join(kind.section for kind in KINDS)
    raise NotFound("configuration.no_section", f"no section {section!r} ({known})", id=section)


def site_schema(actor: Actor) -> dict[str, Any]:
    """A JSON Schema (2020-12) of a site file: every section, each entry's fields with their
    types, defaults and descriptions. Editors (a YAML language server) check files with it."""
    require_admin(actor)
    definitions: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    for kind in KINDS:
        schema = kind.entry.model_json_schema(ref_template="#/$defs/{model}")
        definitions.update(schema.pop("$defs", {}))
        name = kind.entry.__name__
        definitions[name] = schema
        sections[kind.section] = {"type": ["array", "null"], "items": {"$ref": f"#/$defs/{name}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Polydesk site file",
        "type": "object",
        "properties": sections,
        "additionalProperties": False,
        "$defs": definitions,
    }
