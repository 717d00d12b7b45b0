"""``/incident.custom_field`` POST and DELETE: a request's custom field values set and erased
through the core's field rules, read back in ``GET /incident``; bad input changes nothing."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.models.customfields import CustomFieldValue, FieldType
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate
from tests.dialects.invgate.golden import check_row, response_fields


def _field(invgate: InvGate, name: str, kind: FieldType, **extra: Any) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        cmd = CustomFieldCreate(name=name, field_type=kind, **extra)
        return create_field(session, SYSTEM, cmd).id


def _set(invgate: InvGate, ident: int, uid: int, *values: str) -> Any:
    form = [("request_id", ident), ("author_id", invgate.users["api"]), ("custom_field_uid", uid)]
    form += [("values[]", value) for value in values]
    return invgate.call("POST", "incident.custom_field", data=form)


def _fields(invgate: InvGate, ident: int) -> dict[str, str]:
    fields: dict[str, str] = invgate.ok("GET", "incident", {"id": ident})["custom_fields"]
    return fields


def test_values_are_set_and_erased(invgate: InvGate) -> None:
    ident = invgate.create()
    serial = _field(invgate, "serial", FieldType.TEXT)
    parts = _field(invgate, "parts", FieldType.MULTI_LIST, options=["RAM", "SSD", "Fan"])

    first = _set(invgate, ident, serial, "SN-1", "ignored")
    _set(invgate, ident, parts, "RAM", "Fan")
    both = _fields(invgate, ident)
    erased = invgate.ok(
        "DELETE",
        "incident.custom_field",
        {"request_id": ident, "author_id": invgate.users["api"], "custom_field_uid": serial},
    )

    check_row(first.json(), response_fields("POST", "incident.custom_field"))
    check_row(erased, response_fields("DELETE", "incident.custom_field"))
    assert both == {str(serial): "SN-1", str(parts): "RAM,Fan"}
    assert _fields(invgate, ident) == {str(parts): "RAM,Fan"}
    _set(invgate, ident, parts, "")
    assert _fields(invgate, ident) == {}
    assert state.kinds(invgate, ident).count("custom_field_changed") == 4


def test_bad_values_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    size = _field(invgate, "size", FieldType.NUMBER, is_required=True)
    _set(invgate, ident, size, "14")
    before = (state.events(invgate), state.count(invgate, CustomFieldValue))
    base = {"request_id": ident, "author_id": invgate.users["api"], "custom_field_uid": size}
    answers = [
        _set(invgate, ident, size, "fourteen"),
        _set(invgate, ident, size, ""),
        _set(invgate, ident, 9999, "x"),
        _set(invgate, 9999, size, "1"),
        invgate.call("POST", "incident.custom_field", data={**base, "values": "15"}),
        invgate.call(
            "POST",
            "incident.custom_field",
            data={**base, "values[]": "a.txt"},
            files=[("attachments[]", ("a.txt", b"x"))],
        ),
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 428, 428]
    assert [a.json()["error"] for a in answers[:4]] == [
        "custom_field.invalid_value",
        "custom_field.required",
        "custom_field.not_found",
        "ticket.not_found",
    ]
    assert answers[4].json()["error"] == "values must be an array (values[]=value)"
    assert (state.events(invgate), state.count(invgate, CustomFieldValue)) == before
    assert _fields(invgate, ident) == {str(size): "14"}
