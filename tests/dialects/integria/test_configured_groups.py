"""Integria's groups (the core's help desks), their members and the incident types, on data
written only by site files through the admin API (``POST /polydesk/v1/config/apply`` as
Integria's admin, issue 14): ``get_groups`` lists a configured group under the id incidents
take, ``user_exists_in_group`` follows the memberships a file gives an existing user (both
ways), and ``get_types`` lists a configured type that ``create_incident`` then takes."""

from __future__ import annotations

import csv
import html
import io

from tests.dialects.integria.public import PublicIntegria
from tests.dialects.integria.public import public_integria as public_integria  # ``integria``

SITE = """\
helpdesks:
  - name: Field service
users:
  - login: juan
    email: juan@example.com
    role: agent
    helpdesks: [Field service, Engineering]
"""


def _apply(integria: PublicIntegria, document: str) -> list[tuple[str, str, str]]:
    return [(s["section"], s["name"], s["action"]) for s in integria.apply(document)["steps"]]


def _ids(answer: str) -> dict[str, int]:
    """``id,name`` lines (names HTML-encoded) by name."""
    return {html.unescape(row[1]): int(row[0]) for row in csv.reader(io.StringIO(answer))}


def test_a_configured_group_and_its_members(integria: PublicIntegria) -> None:
    assert integria.call("user_exists", "juan") == "0"
    assert _apply(integria, SITE) == [
        ("helpdesks", "Field service", "create"),
        ("users", "juan", "create"),
    ]

    groups = _ids(integria.call("get_groups"))
    field, engineering = groups["Field service"], groups["Engineering"]
    assert integria.call("user_exists_in_group", f"juan,{field}") == "1"
    assert integria.call("user_exists_in_group", f"juan,{engineering}") == "1"
    assert integria.call("user_exists_in_group", f"juan,{groups['Customer #A']}") == "0"
    made = integria.call("create_incident", f"Van broken,{field},3,Flat tyre,,0,,,0,1")
    assert made.isdigit(), made
    listed = csv.reader(io.StringIO(integria.call("get_incidents", f",0,{field}")))
    assert [row[0] for row in listed] == [made]

    moved = _apply(integria, 'users:\n  - login: juan\n    helpdesks: ["Customer #A"]\n')

    assert moved == [("users", "juan", "update")]
    assert integria.call("user_exists_in_group", f"juan,{field},{engineering}") == "0"
    assert integria.call("user_exists_in_group", f"juan,{groups['Customer #A']}") == "1"


def test_a_configured_type_is_listed_and_taken(integria: PublicIntegria) -> None:
    assert "Change request" not in _ids(integria.call("get_types"))
    assert _apply(integria, "ticket_types:\n  - name: Change request\n    position: 90\n") == [
        ("ticket_types", "Change request", "create")
    ]

    change = _ids(integria.call("get_types"))["Change request"]
    made = integria.call("create_incident", f"New switch,4,3,Rack B,,{change},,,0,1")
    assert made.isdigit(), made
    [details] = csv.reader(io.StringIO(integria.call("get_incident_details", made)))
    assert int(details[17]) == change  # id_incident_type


def test_a_type_the_file_disables_is_no_longer_offered(integria: PublicIntegria) -> None:
    _apply(integria, "ticket_types:\n  - name: Change request\n")
    change = _ids(integria.call("get_types"))["Change request"]

    _apply(integria, "ticket_types:\n  - name: Change request\n    enabled: false\n")

    assert "Change request" not in _ids(integria.call("get_types"))
    assert integria.call("create_incident", f"New switch,4,3,Rack B,,{change},,,0,1") == "-1"
