"""Custom field service: definitions, options, values as text, history, permissions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from polydesk.customfields.service import (
    CustomFieldCreate,
    apply_values_to_ticket,
    create_field,
    field_options,
    fields_for_type,
    set_ticket_values,
    ticket_values,
)
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.customfields import CustomField, CustomFieldOption, CustomFieldValue, FieldType
from polydesk.models.history import EventKind, HistoryEvent
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements

LATER = datetime(2032, 1, 2, 3, 4, 5, tzinfo=UTC)


def _field(session: Session, name: str, field_type: FieldType, **fields: Any) -> CustomField:
    return create_field(
        session, SYSTEM, CustomFieldCreate(name=name, field_type=field_type, **fields)
    )


def _type_id(session: Session, name: str) -> int:
    item = get_catalog_item_by_name(session, "type", name)
    assert item is not None, name
    return item.id


def _changes(session: Session, ticket_id: int) -> list[tuple[str, str | None, str | None]]:
    query = select(HistoryEvent).where(
        HistoryEvent.ticket_id == ticket_id,
        HistoryEvent.kind == EventKind.CUSTOM_FIELD_CHANGED,
    )
    rows = session.scalars(query.order_by(HistoryEvent.id))
    return [(e.field, e.old_value, e.new_value) for e in rows]


def _error(call: Any, *args: Any, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- definitions -------------------------------------------------------------------------------


def test_admin_creates_a_list_field_with_options_in_order(session: Session) -> None:
    desk = make_helpdesk(session)
    field = create_field(
        session,
        actor(session, make_user(session, Role.ADMIN)),
        CustomFieldCreate(
            name="os",
            field_type=FieldType.LIST,
            ticket_type_id=_type_id(session, "Incident"),
            helpdesk_id=desk.id,
            is_required=True,
            show_in_list=True,
            position=3,
            options=["Linux", "Windows", "macOS"],
            config={"default": "Linux"},
        ),
    )
    session.expire_all()
    stored = session.get_one(CustomField, field.id)
    assert (stored.entity, stored.name, stored.label, stored.field_type) == (
        "ticket",
        "os",
        "os",  # label defaults to the name
        FieldType.LIST,
    )
    assert stored.is_required and stored.show_in_list and stored.position == 3
    assert stored.helpdesk_id == desk.id and stored.config == {"default": "Linux"}
    options = field_options(session, [field.id])[field.id]
    assert [(o.value, o.label, o.position) for o in options] == [
        ("Linux", "Linux", 0),
        ("Windows", "Windows", 1),
        ("macOS", "macOS", 2),
    ]


def test_only_admins_define_fields(session: Session) -> None:
    for role in (Role.AGENT, Role.CUSTOMER):
        who = actor(session, make_user(session, role))
        with pytest.raises(PermissionDenied) as caught:
            create_field(session, who, CustomFieldCreate(name="x", field_type=FieldType.TEXT))
        assert caught.value.code == "permission_denied"
    assert session.scalars(select(CustomField)).all() == []


def test_duplicate_name_is_a_conflict(session: Session) -> None:
    _field(session, "serial", FieldType.TEXT, label="Serial number")
    with pytest.raises(Conflict) as caught:
        _field(session, "serial", FieldType.NUMBER)
    assert caught.value.code == "custom_field.name_taken"
    assert len(session.scalars(select(CustomField)).all()) == 1


@pytest.mark.parametrize(
    ("fields", "error", "code"),
    [
        ({"ticket_type_id": 999999}, NotFound, "ticket_type.not_found"),
        ({"helpdesk_id": 999999}, NotFound, "helpdesk.not_found"),
        ({"parent_field_id": 999999}, NotFound, "custom_field.not_found"),
        ({"options": ["a"]}, ValidationFailed, "custom_field.options_not_allowed"),
    ],
)
def test_create_rejects_bad_references_and_options(
    session: Session, fields: dict[str, Any], error: type[DomainError], code: str
) -> None:
    with pytest.raises(error) as caught:
        _field(session, "f", FieldType.TEXT, **fields)
    assert caught.value.code == code


def test_option_lists_must_be_usable(session: Session) -> None:
    duplicate = _error(_field, session, "l", FieldType.LIST, options=["a", "b", "a"])
    assert duplicate.code == "custom_field.duplicate_option" and duplicate.details == {"value": "a"}
    comma = _error(_field, session, "m", FieldType.MULTI_LIST, options=["a,b"])
    assert comma.code == "custom_field.invalid_option"
    assert _field(session, "l2", FieldType.LIST, options=["a,b"]).id  # fine for single choice
    for bad in (
        {"name": "x", "field_type": "colour"},
        {"name": "", "field_type": "text"},
        {"name": "x", "field_type": "text", "entity": "user"},
        {"name": "x", "field_type": "list", "options": [""]},
    ):
        with pytest.raises(ValidationError):
            CustomFieldCreate.model_validate(bad)


def test_fields_for_type_are_global_plus_own_type_ordered(session: Session) -> None:
    incident, question = _type_id(session, "Incident"), _type_id(session, "Question")
    late_global = _field(session, "late", FieldType.TEXT, position=9)
    early_global = _field(session, "early", FieldType.TEXT, position=1)
    for_incident = _field(session, "inc", FieldType.TEXT, position=1, ticket_type_id=incident)
    _field(session, "q", FieldType.TEXT, ticket_type_id=question)
    disabled = _field(session, "off", FieldType.TEXT)
    disabled.is_enabled = False
    session.flush()

    assert [f.id for f in fields_for_type(session, incident)] == [
        early_global.id,
        for_incident.id,
        late_global.id,
    ]
    assert [f.id for f in fields_for_type(session, None)] == [early_global.id, late_global.id]


def test_field_options_loads_many_fields_in_one_query(session: Session) -> None:
    first = _field(session, "a", FieldType.LIST, options=["x", "y"])
    second = _field(session, "b", FieldType.MULTI_LIST, options=["p", "q", "r"])
    plain = _field(session, "c", FieldType.TEXT)
    with sql_statements(session.get_bind()) as queries:
        options = field_options(session, [second.id, first.id, plain.id])
    assert len(queries) == 1
    assert {k: [o.value for o in v] for k, v in options.items()} == {
        first.id: ["x", "y"],
        second.id: ["p", "q", "r"],
        plain.id: [],
    }
    assert field_options(session, []) == {}


# --- values --------------------------------------------------------------------------------------


def test_every_type_round_trips_as_display_text(session: Session) -> None:
    owner = make_user(session)
    laptop = create_item(session, SYSTEM, InventoryItemCreate(name="Laptop"))
    f = {
        "text": _field(session, "text", FieldType.TEXT),
        "area": _field(session, "area", FieldType.TEXTAREA),
        "int": _field(session, "int", FieldType.NUMBER),
        "dec": _field(session, "dec", FieldType.NUMBER),
        "date": _field(session, "date", FieldType.DATE),
        "dt": _field(session, "dt", FieldType.DATETIME),
        "naive": _field(session, "naive", FieldType.DATETIME),
        "yes": _field(session, "yes", FieldType.CHECKBOX),
        "no": _field(session, "no", FieldType.CHECKBOX),
        "list": _field(session, "list", FieldType.LIST, options=["red", "green"]),
        "multi": _field(session, "multi", FieldType.MULTI_LIST, options=["a", "b", "c"]),
        "user": _field(session, "user", FieldType.USER),
        "ci": _field(session, "ci", FieldType.CI),
    }
    given = {
        "text": " keeps spaces ",
        "area": "line 1\nline 2",
        "int": "3.0",
        "dec": "-2.5",
        "date": "2024-02-29",
        "dt": "2024-05-01T12:30:00+02:00",
        "naive": "2024-05-01 08:00:00",
        "yes": "TRUE",
        "no": "0",
        "list": "green",
        "multi": "c, a",
        "user": str(owner.id),
        "ci": f" {laptop.id} ",
    }
    expected = {
        "text": " keeps spaces ",
        "area": "line 1\nline 2",
        "int": "3",
        "dec": "-2.5",
        "date": "2024-02-29",
        "dt": "2024-05-01T10:30:00+00:00",
        "naive": "2024-05-01T08:00:00+00:00",
        "yes": "1",
        "no": "0",
        "list": "green",
        "multi": "a,c",
        "user": str(owner.id),
        "ci": str(laptop.id),
    }
    ticket = make_ticket(session)
    set_ticket_values(session, SYSTEM, ticket.id, {f[k].id: v for k, v in given.items()})
    session.expire_all()
    assert ticket_values(session, SYSTEM, ticket.id) == {f[k].id: v for k, v in expected.items()}
    stored = {
        v.field_id: v
        for v in session.scalars(
            select(CustomFieldValue).where(CustomFieldValue.ticket_id == ticket.id)
        )
    }
    assert stored[f["int"].id].value_number == 3
    assert stored[f["dt"].id].value_datetime == datetime(2024, 5, 1, 10, 30, tzinfo=UTC)
    _red, green = field_options(session, [f["list"].id])[f["list"].id]
    assert stored[f["list"].id].value_option_id == green.id
    assert stored[f["user"].id].value_user_id == owner.id
    assert stored[f["ci"].id].value_inventory_id == laptop.id
    assert stored[f["text"].id].value_number is None  # only the type's own column is set


def test_history_only_for_real_changes(session: Session) -> None:
    count = _field(session, "count", FieldType.NUMBER)
    colour = _field(session, "colour", FieldType.LIST, options=["red", "blue"])
    desk = make_helpdesk(session)
    agent = actor(session, make_user(session, helpdesks=[desk]))
    ticket = make_ticket(session, helpdesk_id=desk.id)
    created_at = ticket.updated_at

    set_ticket_values(session, agent, ticket.id, {count.id: "", colour.id: ""})  # unset -> unset
    assert _changes(session, ticket.id) == [] and ticket.updated_at == created_at

    with frozen(LATER):
        set_ticket_values(session, agent, ticket.id, {count.id: "7", colour.id: "red"})
    assert _changes(session, ticket.id) == [("count", None, "7"), ("colour", None, "red")]
    assert ticket.updated_at == LATER and ticket.last_editor_id == agent.user_id
    events = session.scalars(
        select(HistoryEvent).where(HistoryEvent.kind == EventKind.CUSTOM_FIELD_CHANGED)
    ).all()
    assert {e.related_id for e in events} == {count.id, colour.id}
    assert {e.actor_id for e in events} == {agent.user_id}

    with frozen(datetime(2040, 1, 1, tzinfo=UTC)):  # same values, other spelling: no change
        set_ticket_values(session, agent, ticket.id, {count.id: "7.000", colour.id: " red "})
    assert len(_changes(session, ticket.id)) == 2 and ticket.updated_at == LATER

    set_ticket_values(session, agent, ticket.id, {count.id: "8.25", colour.id: ""})
    assert _changes(session, ticket.id)[2:] == [("count", "7", "8.25"), ("colour", "red", None)]
    assert ticket_values(session, agent, ticket.id) == {count.id: "8.25"}


@pytest.mark.parametrize(
    ("field_type", "options", "bad"),
    [
        (FieldType.NUMBER, [], "twelve"),
        (FieldType.NUMBER, [], "nan"),
        (FieldType.NUMBER, [], "1e20"),
        (FieldType.DATE, [], "2024-02-30"),
        (FieldType.DATE, [], "yesterday"),
        (FieldType.DATETIME, [], "2024-13-01T00:00:00"),
        (FieldType.DATETIME, [], "0001-01-01T00:00:00+01:00"),
        (FieldType.CHECKBOX, [], "yes"),
        (FieldType.LIST, ["red"], "Red"),
        (FieldType.TREE, ["root"], "leaf"),
        (FieldType.MULTI_LIST, ["a", "b"], "a,z"),
        (FieldType.MULTI_LIST, ["a", "b"], ","),
        (FieldType.USER, [], "not-a-number"),
        (FieldType.USER, [], "999999"),
        (FieldType.CI, [], "999999"),
    ],
)
def test_bad_values_are_rejected_with_the_field_id(
    session: Session, field_type: FieldType, options: list[str], bad: str
) -> None:
    ok = _field(session, "ok", FieldType.TEXT)
    field = _field(session, "f", field_type, options=options)
    ticket = make_ticket(session)
    with pytest.raises(ValidationFailed) as caught:
        set_ticket_values(session, SYSTEM, ticket.id, {ok.id: "fine", field.id: bad})
    assert caught.value.code == "custom_field.invalid_value"
    assert caught.value.details == {"field_id": field.id}
    # Checked before anything is written: the valid value in the same call was not stored.
    assert ticket_values(session, SYSTEM, ticket.id) == {}
    assert _changes(session, ticket.id) == []


def test_unknown_disabled_other_type_and_required_fields(session: Session) -> None:
    incident, question = _type_id(session, "Incident"), _type_id(session, "Question")
    ticket = make_ticket(session, type_id=incident)
    off = _field(session, "off", FieldType.TEXT)
    off.is_enabled = False
    for_question = _field(session, "q", FieldType.TEXT, ticket_type_id=question)
    for_incident = _field(session, "i", FieldType.TEXT, ticket_type_id=incident)
    required = _field(session, "req", FieldType.TEXT, is_required=True)
    session.flush()

    def code(values: dict[int, str]) -> tuple[str, dict[str, Any]]:
        error = _error(set_ticket_values, session, SYSTEM, ticket.id, values)
        return error.code, error.details

    assert code({999999: "x"}) == ("custom_field.not_found", {"id": "999999"})
    assert code({off.id: "x"}) == ("custom_field.not_found", {"id": str(off.id)})
    assert code({for_question.id: "x"})[0] == "custom_field.not_for_ticket_type"
    assert code({required.id: ""}) == ("custom_field.required", {"field_id": required.id})
    assert ticket_values(session, SYSTEM, ticket.id) == {}

    set_ticket_values(session, SYSTEM, ticket.id, {for_incident.id: "x", required.id: " \t"})
    assert code({required.id: ""})[0] == "custom_field.required"
    # Text is kept as given: blanks are a value, only the empty string clears.
    assert ticket_values(session, SYSTEM, ticket.id) == {for_incident.id: "x", required.id: " \t"}


def test_permissions_follow_the_ticket(session: Session) -> None:
    desk = make_helpdesk(session)
    company = make_company(session)
    requester = make_user(session, Role.CUSTOMER, company=company)
    ticket = make_ticket(session, helpdesk_id=desk.id, requester_id=requester.id)
    note = _field(session, "note", FieldType.TEXT)
    set_ticket_values(session, SYSTEM, ticket.id, {note.id: "hello"})
    customer = actor(session, requester)
    reader = actor(session, make_user(session, read_only=[desk]))
    outsider = actor(session, make_user(session, helpdesks=[make_helpdesk(session)]))

    assert ticket_values(session, customer, ticket.id) == {note.id: "hello"}
    assert ticket_values(session, reader, ticket.id) == {note.id: "hello"}
    for who in (customer, reader):
        error = _error(set_ticket_values, session, who, ticket.id, {note.id: "changed"})
        assert error.code == "ticket.permission_denied"
    assert _error(ticket_values, session, outsider, ticket.id).code == "ticket.not_found"
    error = _error(set_ticket_values, session, outsider, ticket.id, {note.id: "changed"})
    assert error.code == "ticket.not_found"
    assert _error(ticket_values, session, SYSTEM, 999999).code == "ticket.not_found"
    assert ticket_values(session, SYSTEM, ticket.id) == {note.id: "hello"}
    assert len(_changes(session, ticket.id)) == 1


def test_apply_values_to_ticket_skips_the_visibility_checks(session: Session) -> None:
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, as_user=customer)
    urgent = _field(session, "urgent", FieldType.CHECKBOX)
    who = actor(session, customer)
    with pytest.raises(PermissionDenied):
        set_ticket_values(session, who, ticket.id, {urgent.id: "1"})
    apply_values_to_ticket(session, who, ticket, {urgent.id: "1"})  # e.g. inside create_ticket
    assert ticket_values(session, who, ticket.id) == {urgent.id: "1"}
    event_row = session.scalars(
        select(HistoryEvent).where(HistoryEvent.kind == EventKind.CUSTOM_FIELD_CHANGED)
    ).one()
    assert (event_row.actor_id, event_row.new_value) == (customer.id, "1")
    apply_values_to_ticket(session, who, ticket, {})  # nothing to do, nothing queried
    assert len(_changes(session, ticket.id)) == 1


def test_ticket_values_cost_does_not_grow_with_option_fields(session: Session) -> None:
    lists = [_field(session, f"l{n}", FieldType.LIST, options=["a", "b"]).id for n in range(5)]
    multi = _field(session, "m", FieldType.MULTI_LIST, options=["a", "b"]).id
    one, many = make_ticket(session).id, make_ticket(session).id
    set_ticket_values(session, SYSTEM, one, {lists[0]: "a"})
    set_ticket_values(session, SYSTEM, many, {**dict.fromkeys(lists, "b"), multi: "b,a"})
    session.expire_all()
    with sql_statements(session.get_bind()) as few:
        single = ticket_values(session, SYSTEM, one)
    session.expire_all()
    with sql_statements(session.get_bind()) as more:
        several = ticket_values(session, SYSTEM, many)
    assert single == {lists[0]: "a"}
    assert several == {**dict.fromkeys(lists, "b"), multi: "a,b"}
    assert few and len(few) == len(more)


def test_options_renamed_later_show_their_new_value(session: Session) -> None:
    colour = _field(session, "colour", FieldType.MULTI_LIST, options=["red", "blue"])
    ticket = make_ticket(session)
    set_ticket_values(session, SYSTEM, ticket.id, {colour.id: "blue,red"})
    red = session.scalars(select(CustomFieldOption).where(CustomFieldOption.value == "red")).one()
    red.value = "crimson"
    session.flush()
    assert ticket_values(session, SYSTEM, ticket.id) == {colour.id: "crimson,blue"}
