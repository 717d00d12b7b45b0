"""Changing a custom field's definition and options; listing fields (Issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.customfields.admin import CustomFieldUpdate, list_fields, update_field
from polydesk.customfields.service import (
    CustomFieldCreate,
    create_field,
    field_options,
    set_ticket_values,
    ticket_values,
)
from polydesk.models.customfields import CustomField, FieldType
from tests.factories import actor, make_ticket, make_user


def _field(session: Session, name: str, field_type: FieldType, **fields: Any) -> CustomField:
    return create_field(
        session, SYSTEM, CustomFieldCreate(name=name, field_type=field_type, **fields)
    )


def _update(session: Session, field: CustomField, **fields: Any) -> CustomField:
    return update_field(session, SYSTEM, field.id, CustomFieldUpdate.model_validate(fields))


def _options(session: Session, field: CustomField) -> list[tuple[str, str]]:
    return [(o.value, o.label) for o in field_options(session, [field.id])[field.id]]


def test_update_changes_what_is_given(session: Session) -> None:
    field = _field(session, "asset", FieldType.TEXT, label="Asset")
    incident = get_catalog_item_by_name(session, "type", "Incident")
    assert incident is not None
    _update(
        session,
        field,
        label="Asset tag",
        is_required=True,
        show_in_list=True,
        position=4,
        ticket_type_id=incident.id,
        config={"size": 20},
    )
    assert (field.name, field.label, field.is_required, field.show_in_list) == (
        "asset",
        "Asset tag",
        True,
        True,
    )
    assert (field.position, field.ticket_type_id, field.config) == (4, incident.id, {"size": 20})
    _update(session, field, is_enabled=False)
    assert field.ticket_type_id == incident.id and not field.is_enabled
    _update(session, field, ticket_type_id=None)
    assert field.ticket_type_id is None


def test_options_are_added_reordered_and_removed_while_unused(session: Session) -> None:
    field = _field(session, "colour", FieldType.LIST, options=["red", "green"])
    _update(session, field, options=["blue", "green", "red"])
    assert _options(session, field) == [("blue", "blue"), ("green", "green"), ("red", "red")]
    _update(session, field, options=["red"])
    assert _options(session, field) == [("red", "red")]


def test_a_rename_shows_on_tickets_and_used_options_stay(session: Session) -> None:
    field = _field(session, "colour", FieldType.LIST, options=["red", "green"])
    ticket = make_ticket(session)
    set_ticket_values(session, SYSTEM, ticket.id, {field.id: "red"})
    _update(session, field, renames={"red": "crimson"})
    assert _options(session, field) == [("crimson", "crimson"), ("green", "green")]
    assert ticket_values(session, SYSTEM, ticket.id) == {field.id: "crimson"}
    with pytest.raises(Conflict) as raised:
        _update(session, field, options=["green"])
    assert raised.value.code == "custom_field.option_in_use"
    assert _options(session, field) == [("crimson", "crimson"), ("green", "green")]


def test_multi_list_values_keep_their_options(session: Session) -> None:
    field = _field(session, "tags", FieldType.MULTI_LIST, options=["a", "b", "c"])
    ticket = make_ticket(session)
    set_ticket_values(session, SYSTEM, ticket.id, {field.id: "a,c"})
    with pytest.raises(Conflict):
        _update(session, field, options=["a", "b"])
    _update(session, field, options=["c", "a"])  # b is unused
    assert [value for value, _ in _options(session, field)] == ["c", "a"]
    with pytest.raises(ValidationFailed) as raised:
        _update(session, field, options=["c", "a", "x,y"])
    assert raised.value.code == "custom_field.invalid_option"


def test_renames_and_option_lists_are_checked(session: Session) -> None:
    field = _field(session, "size", FieldType.LIST, options=["S", "M", "L"])
    with pytest.raises(ValidationFailed) as unknown:
        _update(session, field, renames={"XL": "XXL"})
    assert unknown.value.code == "custom_field.unknown_option"
    with pytest.raises(Conflict) as taken:
        _update(session, field, renames={"S": "M"})
    assert taken.value.code == "custom_field.duplicate_option"
    with pytest.raises(ValidationFailed) as twice:
        _update(session, field, options=["S", "S"])
    assert twice.value.code == "custom_field.duplicate_option"
    _update(session, field, renames={"S": "M", "M": "S"})  # a swap
    assert [value for value, _ in _options(session, field)] == ["M", "S", "L"]
    text = _field(session, "note", FieldType.TEXT)
    with pytest.raises(ValidationFailed) as no_options:
        _update(session, text, options=["x"])
    assert no_options.value.code == "custom_field.options_not_allowed"


def test_bad_input_and_unknown_ids(session: Session) -> None:
    field = _field(session, "f", FieldType.TEXT)
    for fields in ({"name": "g"}, {"field_type": "number"}, {"label": ""}, {"position": -1}):
        with pytest.raises(ValidationError):
            CustomFieldUpdate.model_validate(fields)
    with pytest.raises(NotFound) as missing_type:
        _update(session, field, ticket_type_id=999_999)
    assert missing_type.value.code == "ticket_type.not_found"
    with pytest.raises(NotFound) as missing:
        update_field(session, SYSTEM, 999_999, CustomFieldUpdate(label="x"))
    assert missing.value.code == "custom_field.not_found"


def test_list_fields_includes_disabled_ones_unless_asked(session: Session) -> None:
    second = _field(session, "second", FieldType.TEXT, position=2)
    first = _field(session, "first", FieldType.TEXT, position=1)
    _update(session, second, is_enabled=False)
    mine = [f for f in list_fields(session) if f.name in ("first", "second")]
    assert mine == [first, second]
    assert second not in list_fields(session, enabled_only=True)


def test_only_admins_change_fields(session: Session) -> None:
    field = _field(session, "locked", FieldType.TEXT, label="Locked")
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        update_field(session, agent, field.id, CustomFieldUpdate(label="Mine"))
    assert field.label == "Locked"
