"""``POST /api/oprfile`` (refFileName, then ``attachmentsRefNames``) and custom fields
(``GET /api/ususer/form/{module}``, ``customFieldValueDetails`` with the seed's typed values)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field, set_ticket_values
from polydesk.db.uow import unit_of_work
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.customfields import CustomField, FieldType
from tests.dialects.motadata.conftest import Motadata, envelope_error, row_counts

SEED_FILE = "simple_add_your_logo_rubber_stamp-r4b9fb34b28254f4ebf7f8bc25bff8fb4_6ogxj_307.jpg"


def _upload(
    motadata: Motadata, name: str = SEED_FILE, data: bytes = b"\xff\xd8jpeg", **headers: str
) -> Any:
    return motadata.post(
        "/api/oprfile",
        files={"file": (name, data, "image/jpeg")},
        headers=headers or motadata.auth(),
    )


def test_the_seed_upload_then_create_with_its_reference(motadata: Motadata) -> None:
    response = _upload(motadata)

    assert response.status_code == 200
    answer = response.json()
    assert list(answer) == ["refFileName", "realName", "link"]
    assert re.fullmatch(r"[A-Za-z0-9]{10}", answer["refFileName"])
    assert (answer["realName"], answer["link"]) == (SEED_FILE, None)
    body = {"subject": "Logo", "requesterEmail": "tim@acme.com",
            "attachmentsRefNames": [answer["refFileName"]]}  # fmt: skip
    motadata.create(body)
    assert motadata.get(1)["fileAttachments"] == [
        {"refFileName": answer["refFileName"], "realName": SEED_FILE, "link": None}
    ]


def test_update_adds_files_and_the_later_file_attachments_form_works(motadata: Motadata) -> None:
    first = _upload(motadata, "a.txt", b"a").json()["refFileName"]
    second = _upload(motadata, "b.txt", b"b").json()["refFileName"]
    motadata.create(
        {"subject": "s", "requesterEmail": "tim@acme.com", "attachmentsRefNames": [first]}
    )

    response = motadata.post(
        "/api/v1/incident/1",
        json={
            "fileAttachments": [{"refFileName": second, "realName": "b.txt"}],
            "attachmentsRefNames": [first],
        },
        headers=motadata.auth(),
    )

    assert response.status_code == 200
    names = [item["realName"] for item in motadata.get(1)["fileAttachments"]]
    assert names == ["a.txt", "b.txt"]


def test_a_file_belongs_to_one_ticket_and_to_its_uploader(motadata: Motadata) -> None:
    ref = _upload(motadata, "a.txt", b"a").json()["refFileName"]
    motadata.create(
        {"subject": "s", "requesterEmail": "tim@acme.com", "attachmentsRefNames": [ref]}
    )
    john = motadata.auth("john@flotomate.com", "john")
    johns = _upload(motadata, "j.txt", b"j", **john).json()["refFileName"]
    headers = motadata.auth()
    before = row_counts(motadata)

    elsewhere = motadata.post(
        "/api/v1/incident",
        json={"subject": "t", "requesterEmail": "tim@acme.com", "attachmentsRefNames": [ref]},
        headers=headers,
    )
    not_mine = motadata.post(
        "/api/v1/incident/1", json={"attachmentsRefNames": [johns]}, headers=headers
    )

    assert (elsewhere.status_code, elsewhere.json()) == (
        409,
        envelope_error(409, "CONFLICT", f"file {ref} belongs to another ticket"),
    )
    assert (not_mine.status_code, not_mine.json()) == (
        400,
        envelope_error(400, "INVALID_INPUT", f"upload {johns} not found"),
    )
    assert row_counts(motadata) == before


def test_upload_errors(motadata: Motadata) -> None:
    headers = motadata.auth()
    before = row_counts(motadata)

    oversized = _upload(motadata, "big.bin", b"x" * (64 * 1024 + 1), **headers)
    far_too_big = _upload(motadata, "huge.bin", b"x" * (200 * 1024), **headers)
    no_part = motadata.post("/api/oprfile", files={"other": ("a", b"a")}, headers=headers)
    no_token = motadata.post("/api/oprfile", files={"file": ("a", b"a")})

    too_large = envelope_error(413, "FILE_TOO_LARGE", "file exceeds 65536 bytes")
    assert (oversized.status_code, oversized.json()) == (413, too_large)
    assert far_too_big.status_code == 413
    assert (no_part.status_code, no_part.json()["userMessage"]) == (
        400,
        "Required request part 'file' is not present",
    )
    assert no_token.status_code == 401
    assert row_counts(motadata) == before


@pytest.fixture
def fields(motadata: Motadata) -> dict[str, int]:
    """Field 1 a dropdown with "Open" (the seed's example), 35 a text field, and one of every
    other kind."""
    specs: list[tuple[str, FieldType, list[str]]] = [
        ("state", FieldType.LIST, ["Open", "Closed"]),
        ("count", FieldType.NUMBER, []),
        ("vip", FieldType.CHECKBOX, []),
        ("due", FieldType.DATE, []),
        ("seen", FieldType.DATETIME, []),
        ("parts", FieldType.MULTI_LIST, ["cpu", "ram", "disk"]),
        ("notes", FieldType.TEXTAREA, []),
    ]
    with unit_of_work(motadata.runtime.factory) as session:
        ids = {
            name: create_field(
                session, SYSTEM, CustomFieldCreate(name=name, field_type=kind, options=options)
            ).id
            for name, kind, options in specs
        }
        session.add(
            CustomField(id=35, name="asset tag", label="Asset tag", field_type=FieldType.TEXT)
        )
    assert ids["state"] == 1
    return {**ids, "asset tag": 35}


def test_the_form_lists_every_field_with_its_type(
    motadata: Motadata, fields: dict[str, int]
) -> None:
    response = motadata.client.get("/api/ususer/form/request", headers=motadata.auth())

    assert response.status_code == 200
    listed = {
        f["name"]: (f["id"], f["type"], f["valueKey"], f["options"])
        for f in response.json()["fields"]
    }
    assert listed == {
        "state": (1, 1, "stringValue", ["Open", "Closed"]),
        "count": (fields["count"], 3, "doubleValue", []),
        "vip": (fields["vip"], 4, "booleanValue", []),
        "due": (fields["due"], 5, "longValue", []),
        "seen": (fields["seen"], 5, "longValue", []),
        "parts": (fields["parts"], 8, "stringListValue", ["cpu", "ram", "disk"]),
        "notes": (fields["notes"], 10, "stringValue", []),
        "asset tag": (35, 1, "stringValue", []),
    }
    unknown = motadata.client.get("/api/ususer/form/toys", headers=motadata.auth())
    assert (unknown.status_code, unknown.json()["userMessage"]) == (400, "Unknown module: toys")


def test_the_seed_custom_field_values(motadata: Motadata, fields: dict[str, int]) -> None:
    seed = {"1": {"type": 1, "stringValue": "Open"}, "35": {"type": 1, "stringValue": None}}

    motadata.create(
        {"subject": "s", "requesterEmail": "tim@acme.com", "customFieldValueDetails": seed}
    )

    assert motadata.get(1)["customFieldValueDetails"] == {"1": {"type": 1, "stringValue": "Open"}}


def test_typed_values_round_trip(motadata: Motadata, fields: dict[str, int]) -> None:
    given = {
        str(fields["count"]): {"type": 3, "doubleValue": 2.5},
        str(fields["vip"]): {"type": 4, "booleanValue": True},
        str(fields["due"]): {"type": 5, "longValue": 1538611200000},
        str(fields["seen"]): {"type": 5, "longValue": 1538677393000},
        str(fields["parts"]): {"type": 8, "stringListValue": ["ram", "cpu"]},
        str(fields["notes"]): {"type": 10, "stringValue": "long\ntext"},
        "35": {"type": 1, "stringValue": "A-17"},
    }
    motadata.create(
        {"subject": "s", "requesterEmail": "tim@acme.com", "customFieldValueDetails": given}
    )

    shown = motadata.get(1)["customFieldValueDetails"]

    assert shown == {**given, str(fields["parts"]): {"type": 8, "stringListValue": ["cpu", "ram"]}}
    motadata.post(
        "/api/v1/incident/1",
        json={"customFieldValueDetails": {"35": {"type": 1, "stringValue": None}}},
        headers=motadata.auth(),
    )
    assert "35" not in motadata.get(1)["customFieldValueDetails"]


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"x": {"type": 1, "stringValue": "a"}}, "Invalid custom field id: 'x'"),
        ({"999": {"type": 1, "stringValue": "a"}}, "Custom field not found: 999"),
        ({"1": {"type": 6, "stringValue": "Open"}}, "Unsupported custom field type 6 for field 1"),
        ({"1": {"type": 1, "stringValue": "Maybe"}},
         "invalid value for list field 'state': 'Maybe' is not one of the options"),
        ({"1": {"stringValue": "Open"}},
         "Invalid value for customFieldValueDetails.1.type: Field required"),
        ("COUNT", "Invalid value for customFieldValueDetails: Input should be a valid dictionary"),
    ],
)  # fmt: skip
def test_bad_custom_field_values(
    motadata: Motadata, fields: dict[str, int], details: Any, message: str
) -> None:
    headers = motadata.auth()
    before = row_counts(motadata)
    body = {"subject": "s", "requesterEmail": "tim@acme.com", "customFieldValueDetails": details}

    response = motadata.post("/api/v1/incident", json=body, headers=headers)

    assert (response.status_code, response.json()["userMessage"]) == (400, message)
    assert row_counts(motadata) == before


def test_a_value_of_the_wrong_json_type_is_refused(
    motadata: Motadata, fields: dict[str, int]
) -> None:
    wrong = {str(fields["vip"]): {"type": 4, "booleanValue": 7}}
    body = {"subject": "s", "requesterEmail": "tim@acme.com", "customFieldValueDetails": wrong}

    response = motadata.post("/api/v1/incident", json=body, headers=motadata.auth())

    assert response.status_code == 400
    assert (
        response.json()["userMessage"]
        == f"Invalid value for custom field {fields['vip']} (checkbox): int"
    )


def test_a_ci_field_holding_several_items_shows_its_first(motadata: Motadata) -> None:
    """Another edge (InvGate PATCH incident.custom_field) may put several items in a CI field;
    Motadata's LONG value carries one."""
    ticket_id = motadata.create({"subject": "s", "requesterEmail": "tim@acme.com"})
    with unit_of_work(motadata.runtime.factory) as session:
        field = create_field(session, SYSTEM, CustomFieldCreate(name="ci", field_type=FieldType.CI))
        items = [create_item(session, SYSTEM, InventoryItemCreate(name=n)).id for n in "ab"]
        set_ticket_values(session, SYSTEM, ticket_id, {field.id: f"{items[0]},{items[1]}"})

    shown = motadata.get(ticket_id)["customFieldValueDetails"]

    assert shown == {str(field.id): {"type": 5, "longValue": items[0]}}
