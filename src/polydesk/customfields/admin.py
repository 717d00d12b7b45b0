"""Changing a ticket custom field's definition as an administrator, and listing every field.

``update_field`` changes the fields given. Options (list, multi_list, tree and linked fields):
``renames`` (old value -> new value) apply first, then ``options``, when given, is the whole
list of option values in display order: new values are added, missing ones removed, and an
option that a ticket's value refers to cannot be removed (``custom_field.option_in_use``; rename
it instead). Values are stored by option id, so a rename shows on every ticket at once.
The machine name and the type never change; ``ticket_type_id`` given as ``None`` makes the
field apply to every type (values already on tickets stay). Options have no enabled flag in the
schema, so an option cannot be disabled, only removed while unused. Reference data: no ticket
history is written.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.customfields.service import OPTION_TYPES, TICKET, OptionValue, field_options
from polydesk.models.catalogs import TicketType
from polydesk.models.customfields import (
    CustomField,
    CustomFieldOption,
    CustomFieldValue,
    FieldType,
)


class CustomFieldUpdate(BaseModel):
    """Only the fields given change; ``None`` leaves a field as is (but see ticket_type_id)."""

    model_config = ConfigDict(extra="forbid")

    label: str | None = Field(default=None, min_length=1, max_length=255)
    ticket_type_id: int | None = None
    is_required: bool | None = None
    show_in_list: bool | None = None
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    is_enabled: bool | None = None
    config: dict[str, Any] | None = None
    #: Old option value -> new value, applied before ``options``.
    renames: dict[OptionValue, OptionValue] = Field(default_factory=dict, max_length=1000)
    #: The whole list of option values, in display order (after the renames).
    options: list[OptionValue] | None = Field(default=None, max_length=1000)


def list_fields(session: Session, *, enabled_only: bool = False) -> list[CustomField]:
    """Every ticket field, by position then id."""
    query = select(CustomField).where(CustomField.entity == TICKET)
    if enabled_only:
        query = query.where(CustomField.is_enabled.is_(True))
    return list(session.scalars(query.order_by(CustomField.position, CustomField.id)))


def update_field(
    session: Session, actor: Actor, field_id: int, cmd: CustomFieldUpdate
) -> CustomField:
    """Change the given parts of a ticket field's definition (see the module docstring)."""
    require_admin(actor)
    custom_field = session.get(CustomField, field_id)
    if custom_field is None or custom_field.entity != TICKET:
        raise not_found("custom_field", field_id)
    changes = cmd.model_dump(exclude_unset=True, exclude={"renames", "options", "ticket_type_id"})
    changes = {key: value for key, value in changes.items() if value is not None}
    if "ticket_type_id" in cmd.model_fields_set:
        type_id = cmd.ticket_type_id
        if type_id is not None and session.get(TicketType, type_id) is None:
            raise not_found("ticket_type", type_id)
        changes["ticket_type_id"] = type_id
    if cmd.renames or cmd.options is not None:
        _change_options(session, custom_field, cmd)
    for key, value in changes.items():
        setattr(custom_field, key, value)
    session.flush()
    return custom_field


def _change_options(session: Session, custom_field: CustomField, cmd: CustomFieldUpdate) -> None:
    if custom_field.field_type not in OPTION_TYPES:
        raise ValidationFailed(
            "custom_field.options_not_allowed",
            f"{custom_field.field_type.value} fields have no options",
            field_type=custom_field.field_type.value,
        )
    current = field_options(session, [custom_field.id])[custom_field.id]
    by_value = {option.value: option for option in current}
    renamed = _renamed(by_value, cmd.renames)
    wanted = list(renamed) if cmd.options is None else cmd.options
    _check_values(custom_field.field_type, wanted)
    gone = [option for value, option in renamed.items() if value not in wanted]
    _check_unused(session, custom_field, gone)
    for option in gone:
        session.delete(option)
    for old, new in cmd.renames.items():
        option = by_value[old]
        option.label = new if option.label in ("", old) else option.label
        option.value = new
    if cmd.options is not None:
        for position, value in enumerate(cmd.options):
            kept = renamed.get(value)
            if kept is None:
                kept = CustomFieldOption(field_id=custom_field.id, value=value, label=value)
                session.add(kept)
            kept.position = position
    session.flush()


def _check_values(field_type: FieldType, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValidationFailed(
                "custom_field.duplicate_option", f"option {value!r} is given twice", value=value
            )
        if field_type is FieldType.MULTI_LIST and "," in value:
            raise ValidationFailed(
                "custom_field.invalid_option",
                f"multi_list option {value!r} contains ',' (the value separator)",
                value=value,
            )
        seen.add(value)


def _renamed(
    by_value: dict[str, CustomFieldOption], renames: dict[str, str]
) -> dict[str, CustomFieldOption]:
    """The options by their value after the renames (nothing is changed yet)."""
    result = {value: option for value, option in by_value.items() if value not in renames}
    for old, new in renames.items():
        if old not in by_value:
            raise ValidationFailed(
                "custom_field.unknown_option", f"no option {old!r} to rename", value=old
            )
        if new in result:
            raise Conflict(
                "custom_field.duplicate_option", f"option {new!r} already exists", value=new
            )
        result[new] = by_value[old]
    return result


def _check_unused(
    session: Session, custom_field: CustomField, options: list[CustomFieldOption]
) -> None:
    """Refuse to remove an option a stored value or another option (a tree child) refers to."""
    if not options:
        return
    ids = {option.id for option in options}
    single = select(CustomFieldValue.value_option_id).where(
        CustomFieldValue.value_option_id.in_(sorted(ids))
    )
    used = set(session.scalars(single))
    lists = select(CustomFieldValue.value_json).where(
        CustomFieldValue.field_id == custom_field.id, CustomFieldValue.value_json.is_not(None)
    )
    for value in session.scalars(lists):
        if isinstance(value, list):
            used.update(ids.intersection(i for i in value if isinstance(i, int)))
    children = select(CustomFieldOption.parent_id).where(
        CustomFieldOption.parent_id.in_(sorted(ids))
    )
    used.update(i for i in session.scalars(children) if i is not None)
    for option in options:
        if option.id in used:
            raise Conflict(
                "custom_field.option_in_use",
                f"option {option.value!r} is in use: rename it instead of removing it",
                value=option.value,
                field_id=custom_field.id,
            )
