"""``incident.attributes.*`` and ``categories``: golden answers from the seed (and the live
codes the spec records), one item by ``id``, unknown ids refused."""

from __future__ import annotations

import pytest

from tests.dialects.invgate.conftest import InvGate
from tests.dialects.invgate.golden import check_row, response_fields

EXPECTED = {
    "priority": [(1, "Low"), (2, "Medium"), (3, "High"), (4, "Urgent"), (5, "Critical")],
    "type": [
        (1, "Incident"),
        (2, "Service Request"),
        (3, "Question"),
        (4, "Problem"),
        (5, "Change"),
        (6, "Major Incident"),
    ],
    "status": [
        (1, "New"),
        (2, "Open"),
        (3, "Pending"),
        (4, "On hold"),
        (5, "Solved"),
        (6, "Closed"),
        (7, "Rejected"),
        (8, "Cancelled"),
    ],
}


@pytest.mark.parametrize("kind", ["priority", "type", "status"])
def test_attribute_lists(invgate: InvGate, kind: str) -> None:
    endpoint = f"incident.attributes.{kind}"

    rows = invgate.ok("GET", endpoint)
    one = invgate.ok("GET", endpoint, {"id": 2})

    assert [(row["id"], row["name"]) for row in rows] == EXPECTED[kind]
    for row in rows:
        check_row(row, response_fields("GET", endpoint))
    assert one == [{"id": 2, "name": EXPECTED[kind][1][1]}]


def test_sources_are_the_live_instances_list(invgate: InvGate) -> None:
    rows = invgate.ok("GET", "incident.attributes.source")

    assert [row["id"] for row in rows] == list(range(1, 15))
    assert rows[7] == {"id": 8, "name": "API"}


@pytest.mark.parametrize(
    "endpoint",
    [f"incident.attributes.{kind}" for kind in ("priority", "source", "status", "type")]
    + ["categories"],
)
def test_unknown_ids_are_refused(invgate: InvGate, endpoint: str) -> None:
    unknown = invgate.call("GET", endpoint, {"id": 999})
    malformed = invgate.call("GET", endpoint, {"id": "x"})

    assert unknown.status_code == 200 and unknown.json()["status"] == "ERROR"
    assert "999" in unknown.json()["info"]
    assert malformed.status_code == 428


def test_categories_are_the_core_tree_with_string_ids(invgate: InvGate) -> None:
    rows = invgate.ok("GET", "categories")
    by_name = {row["name"]: row for row in rows}

    for row in rows:
        assert isinstance(row["id"], str)  # as live instances send it (invgo)
        assert set(row) == set(response_fields("GET", "categories"))
    hardware = by_name["Hardware"]
    assert hardware["id"] == str(invgate.category_id)
    assert hardware["parent_category_id"] == int(by_name["Incident"]["id"])
    assert by_name["Incident"]["parent_category_id"] is None
    assert invgate.ok("GET", "categories", {"id": invgate.category_id}) == [hardware]
