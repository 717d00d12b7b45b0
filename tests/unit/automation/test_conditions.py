"""The condition language: each operator on the facts it reads, and the checks that refuse a
broken condition when a trigger is saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from polydesk.automation.conditions import (
    Facts,
    anchor,
    duration_seconds,
    matches,
    validate_conditions,
)
from polydesk.core.errors import ValidationFailed
from polydesk.models.tickets import Ticket

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def _facts(**extra: Any) -> Facts:
    ticket = Ticket(
        id=7, title="VPN outage in Lyon", description="", status_id=3, priority_id=4,
        owner_id=None, helpdesk_id=2, level=1, sla_breached=False, is_spam=False,
        created_at=NOW - timedelta(hours=3), updated_at=NOW - timedelta(days=2),
    )  # fmt: skip
    values: dict[str, Any] = {
        "ticket": ticket, "status_category": "open", "tags": frozenset({"vip"}), "now": NOW,
    }  # fmt: skip
    return Facts(**(values | extra))


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"field": "status", "op": "is", "value": 3}, True),
        ({"field": "status", "op": "is_not", "value": 3}, False),
        ({"field": "owner", "op": "is", "value": None}, True),  # unassigned
        ({"field": "priority", "op": "in", "value": [4, 5]}, True),
        ({"field": "priority", "op": "not_in", "value": [4, 5]}, False),
        ({"field": "status_category", "op": "is", "value": "open"}, True),
        ({"field": "title", "op": "contains", "value": "vpn"}, True),  # ignoring case
        ({"field": "title", "op": "not_contains", "value": "printer"}, True),
        ({"field": "tags", "op": "contains", "value": "vip"}, True),
        ({"field": "tags", "op": "contains", "value": "VIP"}, False),  # tags are exact
        ({"field": "sla_breached", "op": "is", "value": False}, True),
        ({"field": "created_at", "op": "older_than", "value": "2h"}, True),
        ({"field": "created_at", "op": "older_than", "value": "4h"}, False),
        ({"field": "updated_at", "op": "newer_than", "value": "3d"}, True),
        ({"field": "updated_at", "op": "older_than", "value": 172800}, True),  # seconds
    ],
)
def test_each_operator(condition: dict[str, Any], expected: bool) -> None:
    assert matches([condition], _facts()) is expected


def test_all_conditions_must_hold() -> None:
    both = [
        {"field": "status", "op": "is", "value": 3},
        {"field": "tags", "op": "contains", "value": "vip"},
    ]
    assert matches(both, _facts()) and not matches(both, _facts(tags=frozenset()))
    assert matches([], _facts())  # no condition: always


def test_changes_and_event_fields() -> None:
    facts = _facts(changes={"status_id": (1, 3)}, event={"sender_type": "customer"})
    assert matches([{"field": "status", "op": "changed", "value": None}], facts)
    assert matches([{"field": "status", "op": "changed_to", "value": 3}], facts)
    assert matches([{"field": "status", "op": "changed_from", "value": 1}], facts)
    assert not matches([{"field": "status", "op": "changed_to", "value": 1}], facts)
    assert not matches([{"field": "priority", "op": "changed", "value": None}], facts)
    assert matches([{"field": "event.sender_type", "op": "is", "value": "customer"}], facts)
    assert not matches([{"field": "event.sender_type", "op": "in", "value": ["agent"]}], facts)


def test_durations_and_the_anchor() -> None:
    assert [duration_seconds(v) for v in ("90m", "2h", "3d", "45s", 60)] == [
        5400, 7200, 259200, 45, 60
    ]  # fmt: skip
    assert [duration_seconds(v) for v in ("0d", "3w", "", -5, True, None)] == [None] * 6
    conditions = validate_conditions(
        [{"field": "updated_at", "op": "older_than", "value": "3d"}], event_fields=None, timed=True
    )
    assert anchor(conditions) == ("updated_at", timedelta(days=3))


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ("status is 3", "must be a list"),
        ([{"field": "colour", "op": "is", "value": 1}], "unknown field 'colour'"),
        ([{"field": "status", "op": "contains", "value": "x"}], "status takes"),
        ([{"field": "status", "op": "is", "value": "Open"}], "compared by id"),
        ([{"field": "status", "op": "in", "value": []}], "non-empty list"),
        ([{"field": "title", "op": "contains", "value": ""}], "non-empty text"),
        ([{"field": "sla_breached", "op": "is", "value": 1}], "true or false"),
        ([{"field": "updated_at", "op": "older_than", "value": "soon"}], "a duration"),
        ([{"field": "status", "op": "changed", "value": 3}], "changed takes no value"),
        ([{"field": "event.nothing", "op": "is", "value": 1}], "the event has no field"),
        ([{"field": "status", "op": "is", "value": 3, "extra": 1}], "must be an object"),
    ],
)
def test_bad_conditions_are_refused(conditions: Any, message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        validate_conditions(conditions, event_fields=["sender_type"], timed=False)
    assert refused.value.code == "trigger.bad_condition" and message in refused.value.message


def test_time_triggers_need_one_anchor_and_no_change_operators() -> None:
    with pytest.raises(ValidationFailed, match="exactly one older_than"):
        validate_conditions(
            [{"field": "status", "op": "is", "value": 3}], event_fields=None, timed=True
        )
    changed = [
        {"field": "status", "op": "changed_to", "value": 3},
        {"field": "updated_at", "op": "older_than", "value": "1d"},
    ]
    with pytest.raises(ValidationFailed, match="needs an event"):
        validate_conditions(changed, event_fields=None, timed=True)
