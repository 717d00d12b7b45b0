"""Custom fields defined only by a site file (``POST /polydesk/v1/config/apply``, as the
integration's admin tim@acme.com, on an install set up only through the public surface:
``public.py``): ``GET /api/ususer/form/request`` lists them with their ids, labels, types and
options as the file gives them, an incident carries their typed values in
``customFieldValueDetails``, and a later file's changes are what the form shows next."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.motadata.public import PublicMotadata

SITE = """\
custom_fields:
  - name: environment
    type: list
    label: Environment
    options: [prod, test]
    required: true
    position: 1
  - name: affected_users
    type: number
    position: 2
  - name: vip
    type: checkbox
    position: 3
  - name: due
    type: date
    position: 4
  - name: parts
    type: multi_list
    options: [cpu, ram, disk]
    position: 5
  - name: analysis
    type: textarea
    ticket_type: Problem
"""


def _apply(motadata: PublicMotadata, document: str) -> None:
    response = motadata.client.post(
        f"{V1}/config/apply", headers=motadata.admin(), json={"document": document}
    )
    assert response.status_code == 200, response.text


def _form(motadata: PublicMotadata) -> dict[str, dict[str, Any]]:
    response = motadata.client.get("/api/ususer/form/request", headers=motadata.auth())
    assert response.status_code == 200, response.text
    return {field["name"]: field for field in response.json()["fields"]}


def test_the_form_lists_the_file_s_fields(public_motadata: PublicMotadata) -> None:
    motadata = public_motadata
    _apply(motadata, SITE)

    form = _form(motadata)

    shown = {
        name: (f["label"], f["type"], f["valueKey"], f["required"], f["options"])
        for name, f in form.items()
    }
    assert shown == {
        "environment": ("Environment", 1, "stringValue", True, ["prod", "test"]),
        "affected_users": ("affected_users", 3, "doubleValue", False, []),
        "vip": ("vip", 4, "booleanValue", False, []),
        "due": ("due", 5, "longValue", False, []),
        "parts": ("parts", 8, "stringListValue", False, ["cpu", "ram", "disk"]),
    }  # "analysis" applies to Problem tickets only
    assert [form[name]["order"] for name in ("environment", "parts")] == [1, 5]


def test_an_incident_carries_typed_values_of_configured_fields(
    public_motadata: PublicMotadata,
) -> None:
    motadata = public_motadata
    _apply(motadata, SITE)
    ids = {name: str(field["id"]) for name, field in _form(motadata).items()}
    given = {
        ids["environment"]: {"type": 1, "stringValue": "prod"},
        ids["affected_users"]: {"type": 3, "doubleValue": 40.0},
        ids["vip"]: {"type": 4, "booleanValue": True},
        ids["due"]: {"type": 5, "longValue": 1538611200000},
        ids["parts"]: {"type": 8, "stringListValue": ["ram", "cpu"]},
    }

    ticket_id = motadata.create(
        {"subject": "s", "requesterEmail": "tim@acme.com", "customFieldValueDetails": given}
    )

    shown = motadata.get(ticket_id)["customFieldValueDetails"]
    assert shown == {**given, ids["parts"]: {"type": 8, "stringListValue": ["cpu", "ram"]}}


def test_the_file_s_rules_hold_on_the_wire(public_motadata: PublicMotadata) -> None:
    motadata = public_motadata
    _apply(motadata, SITE)
    ids = {name: str(field["id"]) for name, field in _form(motadata).items()}
    body = {"subject": "s", "requesterEmail": "tim@acme.com"}

    outside = motadata.post(
        "/api/v1/incident",
        json={
            **body,
            "customFieldValueDetails": {ids["environment"]: {"type": 1, "stringValue": "dev"}},
        },
        headers=motadata.auth(),
    )

    assert (outside.status_code, outside.json()["userMessage"]) == (
        400,
        "invalid value for list field 'environment': 'dev' is not one of the options",
    )


def test_a_later_file_s_changes_reach_the_form(public_motadata: PublicMotadata) -> None:
    motadata = public_motadata
    _apply(motadata, SITE)
    before = _form(motadata)
    changed = (
        SITE.replace("[prod, test]", "[staging, prod]")
        .replace("label: Environment", "label: Stage")
        .replace("type: checkbox", "type: checkbox\n    enabled: false")
    )

    _apply(motadata, changed)

    after = _form(motadata)
    assert "vip" not in after
    environment = after["environment"]
    assert (environment["id"], environment["label"], environment["options"]) == (
        before["environment"]["id"],
        "Stage",
        ["staging", "prod"],
    )
