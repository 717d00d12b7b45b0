"""The trigger condition language: a list of ``{field, op, value}``, all of which must hold.

Decisions:
- Declarative JSON, validated when a trigger is saved (``validate_conditions``): an unknown
  field, an operator the field does not take or a value of the wrong shape is refused with
  ``trigger.bad_condition`` naming the condition, so a broken rule never reaches the engine.
- References (status, priority, owner ...) are compared by id, the ids the native API uses;
  ``null`` means "empty" (``{"field": "owner", "op": "is", "value": null}``: unassigned).
- ``changed`` / ``changed_to`` / ``changed_from`` read the events that woke the trigger (the
  fields one committed transaction changed), so they only make sense on event triggers.
- ``older_than`` / ``newer_than`` take a duration (``"90m"``, ``"2h"``, ``"3d"`` or seconds) on
  ``created_at`` or ``updated_at``; a time trigger needs exactly one ``older_than``: its anchor,
  the time a ticket's qualifying period starts ("no change for 3 days": ``updated_at``).
- ``event.<name>`` reads a field of the waking event (``event.sender_type`` of an
  ``article.posted``, ``event.target`` of an ``sla.breached``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from polydesk.core.errors import ValidationFailed
from polydesk.models.tickets import Ticket

#: condition field -> ticket column
REFERENCES = {
    "status": "status_id",
    "priority": "priority_id",
    "impact": "impact_id",
    "urgency": "urgency_id",
    "type": "type_id",
    "source": "source_id",
    "category": "category_id",
    "helpdesk": "helpdesk_id",
    "level": "level",
    "owner": "owner_id",
    "group": "assigned_group_id",
    "requester": "requester_id",
    "company": "company_id",
}
TEXTS = {"title": "title", "description": "description"}
FLAGS = {"sla_breached": "sla_breached", "is_spam": "is_spam"}
TIMES = {"created_at": "created_at", "updated_at": "updated_at"}

EQUALITY = frozenset({"is", "is_not"})
MEMBERSHIP = frozenset({"in", "not_in"})
CHANGES = frozenset({"changed", "changed_to", "changed_from"})
TEXT_OPS = frozenset({"contains", "not_contains"})
AGE_OPS = frozenset({"older_than", "newer_than"})

_OPERATORS: dict[str, frozenset[str]] = {
    **{name: EQUALITY | MEMBERSHIP | CHANGES for name in REFERENCES},
    **{name: EQUALITY | TEXT_OPS | CHANGES for name in TEXTS},
    **{name: EQUALITY for name in FLAGS},
    **{name: AGE_OPS for name in TIMES},
    "status_category": EQUALITY | MEMBERSHIP,
    "tags": TEXT_OPS,
}
_DURATION = re.compile(r"^(\d{1,6})([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_CONDITIONS = 30


@dataclass(frozen=True)
class Facts:
    """What a condition is checked against: the ticket as it is now, its status category and
    tags, and (event triggers) the waking event's payload and the columns the transaction
    changed, ``column -> (old, new)``."""

    ticket: Ticket
    status_category: str
    tags: frozenset[str]
    now: datetime
    event: Mapping[str, Any] = field(default_factory=dict)
    changes: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)


def _bad(index: int, message: str) -> ValidationFailed:
    return ValidationFailed("trigger.bad_condition", f"condition {index + 1}: {message}")


def duration_seconds(value: object) -> int | None:
    """``"3d"`` -> 259200; an int is seconds; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None or int(match.group(1)) == 0:
        return None
    return int(match.group(1)) * _UNITS[match.group(2)]


def validate_conditions(
    conditions: object, *, event_fields: Sequence[str] | None, timed: bool
) -> list[dict[str, Any]]:
    """The conditions, checked; ``event_fields``: the waking event's fields (None for a time
    trigger). Raises ``trigger.bad_condition``."""
    if not isinstance(conditions, list) or len(conditions) > MAX_CONDITIONS:
        raise ValidationFailed(
            "trigger.bad_condition", f"conditions must be a list of at most {MAX_CONDITIONS}"
        )
    checked = [_validate_one(i, c, event_fields, timed) for i, c in enumerate(conditions)]
    anchors = [c for c in checked if c["op"] == "older_than"]
    if timed and len(anchors) != 1:
        raise ValidationFailed(
            "trigger.bad_condition",
            "a time trigger needs exactly one older_than condition (created_at or updated_at)",
        )
    return checked


def _validate_one(
    index: int, condition: object, event_fields: Sequence[str] | None, timed: bool
) -> dict[str, Any]:
    if not isinstance(condition, dict) or set(condition) - {"field", "op", "value"}:
        raise _bad(index, "must be an object with field, op and value")
    name, op, value = condition.get("field"), condition.get("op"), condition.get("value")
    if not isinstance(name, str) or not isinstance(op, str):
        raise _bad(index, "field and op must be strings")
    if name.startswith("event."):
        if event_fields is None or name[6:] not in event_fields:
            raise _bad(index, f"the event has no field {name[6:]!r}")
        allowed = EQUALITY | MEMBERSHIP
    elif name in _OPERATORS:
        allowed = _OPERATORS[name]
    else:
        raise _bad(index, f"unknown field {name!r}")
    if op not in allowed:
        raise _bad(index, f"{name} takes {', '.join(sorted(allowed))}, not {op!r}")
    if op in CHANGES and timed:
        raise _bad(index, f"{op} needs an event; a time trigger has none")
    _check_value(index, name, op, value)
    return {"field": name, "op": op, "value": value}


def _check_value(index: int, name: str, op: str, value: object) -> None:
    problem = _value_problem(name, op, value)
    if problem:
        raise _bad(index, problem)


def _value_problem(name: str, op: str, value: object) -> str:
    if op in AGE_OPS:
        ok = duration_seconds(value) is not None
        return "" if ok else "a duration is a number of seconds or like 90m, 2h, 3d"
    if op in MEMBERSHIP:
        ok = isinstance(value, list) and bool(value) and all(_scalar(v) for v in value)
        return "" if ok else f"{op} takes a non-empty list"
    if op in TEXT_OPS:
        return "" if isinstance(value, str) and value else f"{op} takes a non-empty text"
    if op == "changed":
        return "" if value is None else "changed takes no value"
    if name in REFERENCES:
        ok = value is None or _is_int(value)
        return "" if ok else f"{name} is compared by id (an integer) or null"
    if name in FLAGS:
        return "" if isinstance(value, bool) else f"{name} is true or false"
    ok = _scalar(value)
    return "" if ok else "the value must be a number, a text, true/false or null"


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, bool | int | str)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def anchor(conditions: Sequence[Mapping[str, Any]]) -> tuple[str, timedelta]:
    """A time trigger's anchor column and age (its one ``older_than`` condition)."""
    found = next(c for c in conditions if c["op"] == "older_than")
    return TIMES[found["field"]], timedelta(seconds=duration_seconds(found["value"]) or 0)


def matches(conditions: Sequence[Mapping[str, Any]], facts: Facts) -> bool:
    return all(_holds(c["field"], c["op"], c.get("value"), facts) for c in conditions)


def _holds(name: str, op: str, value: Any, facts: Facts) -> bool:
    if op in AGE_OPS:
        age: timedelta = facts.now - getattr(facts.ticket, TIMES[name])
        limit = timedelta(seconds=duration_seconds(value) or 0)
        return age >= limit if op == "older_than" else age < limit
    if op in CHANGES:
        return _changed(REFERENCES.get(name) or TEXTS[name], op, value, facts)
    current = _current(name, facts)
    if op in TEXT_OPS:
        found = _contains(current, str(value))
        return found if op == "contains" else not found
    if op in MEMBERSHIP:
        return bool(current in value) == (op == "in")
    return bool(current == value) == (op == "is")


def _current(name: str, facts: Facts) -> Any:
    if name.startswith("event."):
        return facts.event.get(name[6:])
    if name == "status_category":
        return facts.status_category
    if name == "tags":
        return facts.tags
    column = REFERENCES.get(name) or TEXTS.get(name) or FLAGS[name]
    return getattr(facts.ticket, column)


def _contains(current: Any, needle: str) -> bool:
    if isinstance(current, frozenset):
        return needle in current
    return needle.casefold() in str(current or "").casefold()


def _changed(column: str, op: str, value: Any, facts: Facts) -> bool:
    if column not in facts.changes:
        return False
    old, new = facts.changes[column]
    if op == "changed":
        return True
    return bool((new if op == "changed_to" else old) == value)
