"""Custom field use cases: define fields (with options), read and set their values on tickets.

Values travel as text in both directions, one string per field, so every edge can carry them:
text/textarea as given; number as a decimal (``3``, ``2.5``); date ``YYYY-MM-DD``; datetime ISO
8601 (a value without a zone is taken as UTC; shown as ``...+00:00``); checkbox ``1``/``0``
(``true``/``false`` accepted); list, tree and linked fields the value of one of their options;
multi_list option values joined with ``,`` (kept in option order); user the id; ci (inventory
items) one id or several joined with ``,`` (kept in the order given, at most ``MAX_ITEMS``). The
empty string clears a value.

Decisions:
- Only enabled ``ticket`` fields can be set; a disabled or unknown field is not found.
- A field bound to a ticket type (``ticket_type_id``) only applies to tickets of that type.
- A required field cannot be cleared (``custom_field.required``); whether required fields are
  present when a ticket is opened is the ticket service's business.
- Every value is checked before anything is written, so a bad value changes nothing.
- History: one ``CUSTOM_FIELD_CHANGED`` event per changed field, ``field`` = the field's name
  (cut to the history column's 64 characters), ``related_id`` = the field's id, old/new = the
  display text (None when empty).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_change
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.customfields.changes import record_change
from polydesk.models.catalogs import TicketType
from polydesk.models.customfields import CustomField, CustomFieldOption, CustomFieldValue, FieldType
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.inventory import InventoryItem
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.access import require_ticket

TICKET = "ticket"
OPTION_TYPES = frozenset({FieldType.LIST, FieldType.MULTI_LIST, FieldType.TREE, FieldType.LINKED})
TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.TEXTAREA})
MAX_TEXT = 100_000
MAX_ITEMS = 1000  # inventory items in one ci value
MAX_NUMBER = 1e14  # custom_field_values.value_number is NUMERIC(20, 6)
VALUE_COLUMNS = (
    "value_text",
    "value_number",
    "value_datetime",
    "value_option_id",
    "value_user_id",
    "value_inventory_id",
    "value_json",
)
_CHECKBOX = {"1": 1, "true": 1, "0": 0, "false": 0}
_MAX_ID = 2**63 - 1

OptionValue = Annotated[str, Field(min_length=1, max_length=255)]


class CustomFieldCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=150)
    label: str = Field(default="", max_length=255)  # empty: the name
    field_type: FieldType
    ticket_type_id: int | None = None
    helpdesk_id: int | None = None
    parent_field_id: int | None = None
    is_required: bool = False
    show_in_list: bool = False
    position: int = Field(default=0, ge=0, le=1_000_000)
    #: Option values of list, multi_list, tree and linked fields, in display order.
    options: list[OptionValue] = Field(default_factory=list, max_length=1000)
    config: dict[str, Any] = Field(default_factory=dict)


def create_field(session: Session, actor: Actor, cmd: CustomFieldCreate) -> CustomField:
    require_admin(actor)
    _check_options(cmd)
    taken = select(CustomField.id).where(CustomField.entity == TICKET, CustomField.name == cmd.name)
    if session.scalars(taken).first() is not None:
        raise Conflict("custom_field.name_taken", f"custom field {cmd.name!r} already exists")
    references: tuple[tuple[str, type[Any], int | None], ...] = (
        ("ticket_type", TicketType, cmd.ticket_type_id),
        ("helpdesk", Helpdesk, cmd.helpdesk_id),
        ("custom_field", CustomField, cmd.parent_field_id),
    )
    for entity, model, ident in references:
        if ident is not None and session.get(model, ident) is None:
            raise not_found(entity, ident)
    custom_field = CustomField(
        **cmd.model_dump(exclude={"options", "label"}), label=cmd.label or cmd.name, entity=TICKET
    )
    session.add(custom_field)
    session.flush()
    session.add_all(
        CustomFieldOption(field_id=custom_field.id, value=value, label=value, position=position)
        for position, value in enumerate(cmd.options)
    )
    session.flush()
    return custom_field


def fields_for_type(session: Session, ticket_type_id: int | None) -> list[CustomField]:
    """Enabled ticket fields for tickets of a type: the type's own and those of every type."""
    applies: ColumnElement[bool] = CustomField.ticket_type_id.is_(None)
    if ticket_type_id is not None:
        applies = or_(applies, CustomField.ticket_type_id == ticket_type_id)
    query = (
        select(CustomField)
        .where(CustomField.entity == TICKET, CustomField.is_enabled, applies)
        .order_by(CustomField.position, CustomField.id)
    )
    return list(session.scalars(query).all())


def get_field_by_name(session: Session, name: str) -> CustomField | None:
    """An enabled ticket field by its machine name (Znuny's DynamicField Name), exactly."""
    query = select(CustomField).where(
        CustomField.entity == TICKET, CustomField.is_enabled, CustomField.name == name
    )
    return session.scalars(query).first()


def fields_by_ids(session: Session, field_ids: Iterable[int]) -> dict[int, CustomField]:
    """Field definitions for rendering stored values; unknown ids are simply absent."""
    wanted = sorted(set(field_ids))
    if not wanted:
        return {}
    query = select(CustomField).where(CustomField.id.in_(wanted))
    return {custom_field.id: custom_field for custom_field in session.scalars(query)}


def field_options(session: Session, field_ids: Iterable[int]) -> dict[int, list[CustomFieldOption]]:
    """Options of each field (every given id is a key), in position order; one query."""
    result: dict[int, list[CustomFieldOption]] = {field_id: [] for field_id in field_ids}
    if not result:
        return result
    query = (
        select(CustomFieldOption)
        .where(CustomFieldOption.field_id.in_(sorted(result)))
        .order_by(CustomFieldOption.field_id, CustomFieldOption.position, CustomFieldOption.id)
    )
    for option in session.scalars(query):
        result[option.field_id].append(option)
    return result


def ticket_values(session: Session, actor: Actor, ticket_id: int) -> dict[int, str]:
    """Field id -> display text of every value stored on a readable ticket (field order)."""
    ticket = require_ticket(session, actor, ticket_id)
    rows = session.execute(
        select(CustomFieldValue, CustomField.field_type)
        .join(CustomField, CustomField.id == CustomFieldValue.field_id)
        .where(CustomFieldValue.ticket_id == ticket.id)
        .order_by(CustomField.position, CustomField.id)
    ).all()
    option_text = _option_text(session, [value for value, _ in rows])
    return {value.field_id: _display(kind, value, option_text) for value, kind in rows}


def set_ticket_values(
    session: Session, actor: Actor, ticket_id: int, values: Mapping[int, str]
) -> None:
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    apply_values_to_ticket(session, actor, ticket, values)


def apply_values_to_ticket(
    session: Session, actor: Actor, ticket: Ticket, values: Mapping[int, str]
) -> None:
    """Set field values (field id -> text) on a ticket the caller has already checked the actor
    may change, e.g. inside the ticket service's own transaction. The ticket must be flushed."""
    if not values:
        return
    fields = _load_fields(session, values)
    options = field_options(
        session, [f.id for f in fields.values() if f.field_type in OPTION_TYPES]
    )
    planned = [
        (fields[field_id], _parse(session, ticket, fields[field_id], text, options.get(field_id)))
        for field_id, text in values.items()
    ]
    query = select(CustomFieldValue).where(
        CustomFieldValue.ticket_id == ticket.id, CustomFieldValue.field_id.in_(sorted(fields))
    )
    existing = {row.field_id: row for row in session.scalars(query)}
    option_text = {option.id: option.value for group in options.values() for option in group}
    changed = False
    for custom_field, parsed in planned:
        row = existing.get(custom_field.id)
        old = "" if row is None else _display(custom_field.field_type, row, option_text)
        new = "" if parsed is None else parsed.display
        if old != new:
            _store(session, ticket, custom_field, row, parsed)
            record_change(session, actor, ticket, custom_field, old, new)
            changed = True
    if changed:
        ticket.updated_at = utcnow()
        ticket.last_editor_id = actor.user_id
    session.flush()


# --- definitions -------------------------------------------------------------------------------


def _check_options(cmd: CustomFieldCreate) -> None:
    if cmd.options and cmd.field_type not in OPTION_TYPES:
        raise ValidationFailed(
            "custom_field.options_not_allowed",
            f"{cmd.field_type.value} fields have no options",
            field_type=cmd.field_type.value,
        )
    seen: set[str] = set()
    for value in cmd.options:
        if value in seen:
            raise ValidationFailed(
                "custom_field.duplicate_option", f"option {value!r} is given twice", value=value
            )
        if cmd.field_type is FieldType.MULTI_LIST and "," in value:
            raise ValidationFailed(
                "custom_field.invalid_option",
                f"multi_list option {value!r} contains ',' (the value separator)",
                value=value,
            )
        seen.add(value)


def _load_fields(session: Session, field_ids: Iterable[int]) -> dict[int, CustomField]:
    wanted = sorted(set(field_ids))
    query = select(CustomField).where(
        CustomField.id.in_(wanted), CustomField.entity == TICKET, CustomField.is_enabled
    )
    fields = {custom_field.id: custom_field for custom_field in session.scalars(query)}
    for field_id in wanted:
        if field_id not in fields:
            raise not_found("custom_field", field_id)
    return fields


# --- reading values ----------------------------------------------------------------------------


def _option_text(session: Session, rows: Sequence[CustomFieldValue]) -> dict[int, str]:
    ids: set[int] = set()
    for row in rows:
        if row.value_option_id is not None:
            ids.add(row.value_option_id)
        if isinstance(row.value_json, list) and row.value_inventory_id is None:  # not ci ids
            ids.update(i for i in row.value_json if isinstance(i, int))
    if not ids:
        return {}
    query = select(CustomFieldOption.id, CustomFieldOption.value).where(
        CustomFieldOption.id.in_(sorted(ids))
    )
    return {option_id: value for option_id, value in session.execute(query)}


def _number_text(number: float | None) -> str:
    if number is None:
        return ""
    number = float(number)  # SQLite hands back NUMERIC integers as int
    return str(int(number)) if number.is_integer() else repr(number)


def _id_text(ident: int | None) -> str:
    return "" if ident is None else str(ident)


def _option_list_text(row: CustomFieldValue, option_text: Mapping[int, str]) -> str:
    ids = row.value_json if isinstance(row.value_json, list) else []
    return ",".join(option_text[i] for i in ids if i in option_text)


def _datetime_text(row: CustomFieldValue, *, day: bool) -> str:
    moment = row.value_datetime
    if moment is None:
        return ""
    return moment.date().isoformat() if day else moment.isoformat()


def _items_text(row: CustomFieldValue) -> str:
    """A CI value: its item ids (``value_json``; single-item values kept before it was a list
    only have ``value_inventory_id``)."""
    if isinstance(row.value_json, list):
        return ",".join(str(i) for i in row.value_json)
    return _id_text(row.value_inventory_id)


def _option_display(row: CustomFieldValue, option_text: Mapping[int, str]) -> str:
    return "" if row.value_option_id is None else option_text.get(row.value_option_id, "")


def _checkbox_text(flag: float | None) -> str:
    return "" if flag is None else ("1" if flag else "0")


_Display = Callable[[CustomFieldValue, Mapping[int, str]], str]
_DISPLAY: dict[FieldType, _Display] = {
    FieldType.TEXT: lambda row, _: row.value_text or "",
    FieldType.TEXTAREA: lambda row, _: row.value_text or "",
    FieldType.NUMBER: lambda row, _: _number_text(row.value_number),
    FieldType.DATE: lambda row, _: _datetime_text(row, day=True),
    FieldType.DATETIME: lambda row, _: _datetime_text(row, day=False),
    FieldType.CHECKBOX: lambda row, _: _checkbox_text(row.value_number),
    FieldType.LIST: _option_display,
    FieldType.TREE: _option_display,
    FieldType.LINKED: _option_display,
    FieldType.MULTI_LIST: _option_list_text,
    FieldType.USER: lambda row, _: _id_text(row.value_user_id),
    FieldType.CI: lambda row, _: _items_text(row),
}


def _display(kind: FieldType, row: CustomFieldValue, option_text: Mapping[int, str]) -> str:
    return _DISPLAY[kind](row, option_text)


# --- writing values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    display: str
    columns: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Input:
    session: Session
    text: str
    options: list[CustomFieldOption]


def _parse(
    session: Session,
    ticket: Ticket,
    custom_field: CustomField,
    raw: str,
    options: list[CustomFieldOption] | None,
) -> _Parsed | None:
    """The value to store, or None to clear it; raises ValidationFailed for a bad value."""
    if custom_field.ticket_type_id is not None and custom_field.ticket_type_id != ticket.type_id:
        raise ValidationFailed(
            "custom_field.not_for_ticket_type",
            f"field {custom_field.name!r} does not apply to this ticket's type",
            field_id=custom_field.id,
        )
    text = raw if custom_field.field_type in TEXT_TYPES else raw.strip()
    if text == "":
        if custom_field.is_required:
            raise ValidationFailed(
                "custom_field.required",
                f"field {custom_field.name!r} is required",
                field_id=custom_field.id,
            )
        return None
    try:
        return _PARSERS[custom_field.field_type](_Input(session, text, options or []))
    except (ValueError, OverflowError) as exc:  # e.g. 0001-01-01T00:00+01:00 is before UTC 1
        raise ValidationFailed(
            "custom_field.invalid_value",
            f"invalid value for {custom_field.field_type.value} field {custom_field.name!r}: {exc}",
            field_id=custom_field.id,
        ) from exc


def _parse_text(given: _Input) -> _Parsed:
    if len(given.text) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT} characters")
    return _Parsed(given.text, {"value_text": given.text})


def _parse_number(given: _Input) -> _Parsed:
    number = round(float(given.text), 6)
    if not math.isfinite(number) or abs(number) >= MAX_NUMBER:
        raise ValueError("number out of range")
    return _Parsed(_number_text(number), {"value_number": number})


def _parse_date(given: _Input) -> _Parsed:
    day = date.fromisoformat(given.text)
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return _Parsed(day.isoformat(), {"value_datetime": moment})


def _parse_datetime(given: _Input) -> _Parsed:
    moment = datetime.fromisoformat(given.text)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return _Parsed(moment.isoformat(), {"value_datetime": moment})


def _parse_checkbox(given: _Input) -> _Parsed:
    flag = _CHECKBOX.get(given.text.lower())
    if flag is None:
        raise ValueError("expected 1, 0, true or false")
    return _Parsed(str(flag), {"value_number": float(flag)})


def _parse_option(given: _Input) -> _Parsed:
    for option in given.options:
        if option.value == given.text:
            return _Parsed(option.value, {"value_option_id": option.id})
    raise ValueError(f"{given.text!r} is not one of the options")


def _parse_options(given: _Input) -> _Parsed:
    wanted = {part.strip() for part in given.text.split(",")} - {""}
    chosen = [option for option in given.options if option.value in wanted]
    unknown = wanted - {option.value for option in chosen}
    if unknown or not chosen:
        raise ValueError(f"not options: {', '.join(sorted(unknown)) or given.text!r}")
    display = ",".join(option.value for option in chosen)
    return _Parsed(display, {"value_json": [option.id for option in chosen]})


def _reference_parser(model: type[Any], column: str) -> Callable[[_Input], _Parsed]:
    """A parser for an id that must name an existing row of ``model``."""

    def parse(given: _Input) -> _Parsed:
        ident = int(given.text)
        if not 0 < ident <= _MAX_ID or given.session.get(model, ident) is None:
            raise ValueError(f"no {model.__tablename__} row with id {ident}")
        return _Parsed(str(ident), {column: ident})

    return parse


def _parse_items(given: _Input) -> _Parsed:
    """Inventory item ids, comma separated: ``value_json`` keeps them all (in the order given),
    ``value_inventory_id`` the first, for readers of a single item."""
    ids = list(dict.fromkeys(int(part) for part in given.text.split(",") if part.strip()))
    if not ids or len(ids) > MAX_ITEMS or not all(0 < i <= _MAX_ID for i in ids):
        raise ValueError(f"expected 1 to {MAX_ITEMS} inventory item ids")
    found = set(given.session.scalars(select(InventoryItem.id).where(InventoryItem.id.in_(ids))))
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise ValueError(f"no inventory items with ids {', '.join(unknown)}")
    return _Parsed(",".join(map(str, ids)), {"value_inventory_id": ids[0], "value_json": ids})


_PARSERS: dict[FieldType, Callable[[_Input], _Parsed]] = {
    FieldType.TEXT: _parse_text,
    FieldType.TEXTAREA: _parse_text,
    FieldType.NUMBER: _parse_number,
    FieldType.DATE: _parse_date,
    FieldType.DATETIME: _parse_datetime,
    FieldType.CHECKBOX: _parse_checkbox,
    FieldType.LIST: _parse_option,
    FieldType.TREE: _parse_option,
    FieldType.LINKED: _parse_option,
    FieldType.MULTI_LIST: _parse_options,
    FieldType.USER: _reference_parser(User, "value_user_id"),
    FieldType.CI: _parse_items,
}


def _store(
    session: Session,
    ticket: Ticket,
    custom_field: CustomField,
    row: CustomFieldValue | None,
    parsed: _Parsed | None,
) -> None:
    if parsed is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = CustomFieldValue(ticket_id=ticket.id, field_id=custom_field.id)
        session.add(row)
    for column in VALUE_COLUMNS:
        setattr(row, column, parsed.columns.get(column))
