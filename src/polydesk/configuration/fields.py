"""Site-file kind for ticket custom field definitions: ``custom_fields``, keyed by machine name.

An entry names the ticket type it applies to (none: every type) and, for a linked field, its
parent field, never ids. Options (list, multi_list, tree and linked fields) are the ordered list
of option values: a file adds, reorders and removes unused ones; an option in use cannot be
removed, and a file cannot rename one (a new value is another option). The core keeps tree
options flat (no parent option), so a tree field's options are a list as well. A field's type
and parent never change: a file that changes them is refused, naming the entry's line.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from polydesk.catalogs.service import get_catalog_item_by_name, list_catalog
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.ordering import parents_first
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.customfields.admin import CustomFieldUpdate, list_fields, update_field
from polydesk.customfields.service import (
    OPTION_TYPES,
    CustomFieldCreate,
    OptionValue,
    create_field,
    field_options,
)
from polydesk.db import Session
from polydesk.models.customfields import CustomField, CustomFieldOption, FieldType

#: Entry fields stored under another name in the core's commands.
_COLUMNS = {"required": "is_required", "enabled": "is_enabled"}


class CustomFieldEntry(Entry):
    name: str = Field(min_length=1, max_length=150, examples=["Version"])
    type: FieldType = Field(description="fixed once the field exists")
    label: str | None = Field(default=None, min_length=1, max_length=255, description="or name")
    ticket_type: str | None = Field(default=None, description="the ticket type's name; none: all")
    parent: str | None = Field(default=None, description="a linked field's parent field's name")
    required: bool = False
    show_in_list: bool = False
    position: int = Field(default=0, ge=0, le=1_000_000)
    enabled: bool = True
    options: list[OptionValue] = Field(default_factory=list, max_length=1000)
    config: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _options_fit_the_type(self) -> CustomFieldEntry:
        if self.options and self.type not in OPTION_TYPES:
            raise ValueError(f"{self.type.value} fields have no options")
        doubled = sorted({value for value in self.options if self.options.count(value) > 1})
        if doubled:
            raise ValueError(f"options given twice: {', '.join(doubled)}")
        if self.type is FieldType.MULTI_LIST and any("," in value for value in self.options):
            raise ValueError("multi_list options cannot contain ',' (the value separator)")
        return self


class CustomFields(Kind[CustomFieldEntry]):
    section = "custom_fields"
    entry = CustomFieldEntry

    def export(self, session: Session) -> list[CustomFieldEntry]:
        fields = list_fields(session)
        options = field_options(session, (field.id for field in fields))
        names = {field.id: field.name for field in fields}
        types = _type_names(session)  # one query, not one per field (the web UI lists them)
        entries = [self._entry(field, names, options[field.id], types) for field in fields]
        return parents_first(entries)

    def current(self, session: Session, key: str) -> CustomFieldEntry | None:
        fields = list_fields(session)
        found = next((field for field in fields if field.name == key), None)
        if found is None:
            return None
        names = {field.id: field.name for field in fields}
        options = field_options(session, [found.id])[found.id]
        return self._entry(found, names, options, _type_names(session))

    def create(self, session: Session, actor: Actor, entry: CustomFieldEntry) -> Outcome:
        cmd = CustomFieldCreate(
            name=entry.name,
            label=entry.label or entry.name,
            field_type=entry.type,
            ticket_type_id=_ticket_type_id(session, entry.ticket_type),
            parent_field_id=_require_field(session, entry.parent).id if entry.parent else None,
            is_required=entry.required,
            show_in_list=entry.show_in_list,
            position=entry.position,
            options=entry.options,
            config=entry.config,
        )
        created = create_field(session, actor, cmd)
        if not entry.enabled:
            update_field(session, actor, created.id, CustomFieldUpdate(is_enabled=False))
        return Outcome()

    def changes(self, current: CustomFieldEntry, wanted: CustomFieldEntry) -> dict[str, Any]:
        """As any kind's, except that ticket type names compare ignoring case, as the catalog
        looks them up."""
        changes = super().changes(current, wanted)
        if "ticket_type" in changes and _same_name(current.ticket_type, wanted.ticket_type):
            del changes["ticket_type"]
        return changes

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        for fixed in ("type", "parent"):
            if fixed in changes:
                raise _fixed(key, fixed, changes[fixed])
        custom_field = _require_field(session, key)
        values = {_COLUMNS.get(name, name): value for name, value in changes.items()}
        if "label" in values:
            values["label"] = values["label"] or key
        if "ticket_type" in values:
            values["ticket_type_id"] = _ticket_type_id(session, values.pop("ticket_type"))
        update_field(session, actor, custom_field.id, CustomFieldUpdate(**values))
        return Outcome()

    def _entry(
        self,
        field: CustomField,
        names: dict[int, str],
        options: list[CustomFieldOption],
        types: dict[int, str],
    ) -> CustomFieldEntry:
        return CustomFieldEntry(
            name=field.name,
            type=field.field_type,
            label=field.label,
            ticket_type=types.get(field.ticket_type_id) if field.ticket_type_id else None,
            parent=names.get(field.parent_field_id) if field.parent_field_id else None,
            required=field.is_required,
            show_in_list=field.show_in_list,
            position=field.position,
            enabled=field.is_enabled,
            options=[option.value for option in options],
            config=dict(field.config or {}),
        )


def _type_names(session: Session) -> dict[int, str]:
    return {row.id: row.name for row in list_catalog(session, "type")}


def _same_name(current: str | None, wanted: str | None) -> bool:
    if current is None or wanted is None:
        return current is wanted
    return current.casefold() == wanted.casefold()


def _require_field(session: Session, name: str) -> CustomField:
    found = next((field for field in list_fields(session) if field.name == name), None)
    if found is None:
        raise not_found("custom_field", name)
    return found


def _ticket_type_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    ticket_type = get_catalog_item_by_name(session, "type", name)
    if ticket_type is None:
        raise not_found("ticket_type", name)
    return ticket_type.id


def _fixed(key: str, part: str, wanted: object) -> ValidationFailed:
    shown = wanted.value if isinstance(wanted, FieldType) else wanted
    return ValidationFailed(
        f"custom_field.{part}_fixed",
        f"a field's {part} cannot change (the file asks for {shown!r}); "
        f"create a field under another name instead",
        field=key,
    )
