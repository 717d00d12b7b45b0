"""Use cases behind the web UI's configuration pages: a section's entries with the form their
fields get, one entry's form, and saving a submitted form (create or change), each as one
call. They write exactly as ``put_entry`` (the admin API's one entry) does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polydesk.authz.tickets import require_admin
from polydesk.configuration.document import InvalidConfiguration, Problem
from polydesk.configuration.forms import FormField, form_data, form_fields, form_values
from polydesk.configuration.service import kind_for, put_entry
from polydesk.core.actor import Actor
from polydesk.core.errors import NotFound
from polydesk.db import Session


@dataclass(frozen=True)
class SectionPage:
    section: str
    key_field: str
    fields: list[FormField]
    entries: list[dict[str, Any]]  # as a site file holds them


@dataclass(frozen=True)
class EntryForm:
    section: str
    key_field: str
    fields: list[FormField]
    values: dict[str, Any]  # form text per field


def section_page(session: Session, actor: Actor, section: str) -> SectionPage:
    require_admin(actor)
    kind = kind_for(section)
    entries = [entry.model_dump(mode="json") for entry in kind.export(session)]
    return SectionPage(section, kind.key_field, form_fields(kind.entry), entries)


def entry_form(session: Session, actor: Actor, section: str, key: str) -> EntryForm:
    """The form of entry ``key`` filled with its values."""
    require_admin(actor)
    kind = kind_for(section)
    fields = form_fields(kind.entry)
    entry = kind.current(session, key)
    if entry is None:
        raise NotFound(f"{section}.not_found", f"{section} has no {key!r}", id=key)
    values = form_values(fields, entry.model_dump(mode="json"))
    return EntryForm(section, kind.key_field, fields, values)


def blank_form(actor: Actor, section: str, submitted: dict[str, str] | None) -> EntryForm:
    """A new entry's form filled with the defaults (``submitted`` None), or showing what was
    submitted (to show again with its problems)."""
    require_admin(actor)
    kind = kind_for(section)
    fields = form_fields(kind.entry)
    if submitted is None:
        return EntryForm(section, kind.key_field, fields, form_values(fields, _defaults(kind)))
    return EntryForm(section, kind.key_field, fields, _as_submitted(fields, submitted))


def store_entry_form(
    session: Session, actor: Actor, section: str, key: str | None, form: dict[str, str]
) -> str:
    """Create (``key`` None: the form names it) or change entry ``key`` from a submitted form;
    the entry's name. InvalidConfiguration names each problem and nothing is written (a
    savepoint is undone)."""
    require_admin(actor)
    kind = kind_for(section)
    data = form_data(form_fields(kind.entry), form)
    name = str(data.get(kind.key_field) or "").strip() if key is None else key
    if not name:
        raise InvalidConfiguration([Problem(0, f"{kind.key_field}: a new entry needs one")])
    if key is None and kind.current(session, name) is not None:
        message = f"{kind.key_field}: {section} already has {name!r}; edit that one instead"
        raise InvalidConfiguration([Problem(0, message)])
    data[kind.key_field] = name
    with session.begin_nested():  # a refusal half way leaves nothing behind
        put_entry(session, actor, section, name, data)
    return name


def _defaults(kind: Any) -> dict[str, Any]:
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in kind.entry.model_fields.items()
        if not info.is_required()
    }


def _as_submitted(fields: list[FormField], form: dict[str, str]) -> dict[str, Any]:
    return {
        field.name: (field.name in form) if field.widget == "checkbox" else form.get(field.name, "")
        for field in fields
    }
