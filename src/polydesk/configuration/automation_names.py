"""Names <-> ids in automation documents (trigger conditions and actions, workflow
definitions), so a site file names what a rule refers to and moves between installs.

A reference is a status, priority ... by name, a user by login, a category by its path and a
webhook by name; comparisons ignore case. Anything else (texts, durations, levels, flags)
passes through unchanged. An unknown name is ``<kind>.not_found``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from polydesk.catalogs.categories import require_category_path
from polydesk.catalogs.service import category_paths
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.models.automation import Webhook
from polydesk.models.catalogs import Impact, Priority, Source, Status, TicketType, Urgency
from polydesk.models.companies import Company
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.users import User

#: reference kind -> (table, the column that names a row)
_NAMED: dict[str, tuple[Any, Any]] = {
    "status": (Status, Status.name),
    "priority": (Priority, Priority.name),
    "impact": (Impact, Impact.name),
    "urgency": (Urgency, Urgency.name),
    "type": (TicketType, TicketType.name),
    "source": (Source, Source.name),
    "helpdesk": (Helpdesk, Helpdesk.name),
    "group": (Group, Group.name),
    "company": (Company, Company.name),
    "user": (User, User.login),
    "webhook": (Webhook, Webhook.name),
}
#: condition / action field -> reference kind
FIELD_KINDS = {
    **{name: name for name in ("status", "priority", "impact", "urgency", "type", "source")},
    **{"helpdesk": "helpdesk", "group": "group", "company": "company", "category": "category"},
    **{"owner": "user", "requester": "user", "webhook": "webhook"},
}


def to_id(session: Session, kind: str, name: Any) -> Any:
    """The id of the row ``name`` names; None and non-text values pass through."""
    if not isinstance(name, str):
        return name
    if kind == "category":
        return require_category_path(session, name).id
    model, column = _NAMED[kind]
    row_id = session.scalars(
        select(model.id).where((func.lower(column) == name.lower()) | (column == name))
    ).first()
    if row_id is None:
        raise not_found(kind, name)
    return row_id


def to_name(session: Session, kind: str, row_id: Any) -> Any:
    """The name of the row ``row_id``; None and non-integers pass through."""
    if not isinstance(row_id, int) or isinstance(row_id, bool):
        return row_id
    if kind == "category":
        paths = {value: path for path, value in category_paths(session).items()}
        return paths.get(row_id, row_id)
    model, column = _NAMED[kind]
    name = session.scalar(select(column).where(model.id == row_id))
    return row_id if name is None else name


Convert = Callable[[Session, str, Any], Any]


def remembered_names() -> Convert:
    """``to_name`` asking once per distinct row: an export of many rules that name the same
    statuses and priorities runs a query per row named, not per rule."""
    known: dict[tuple[str, int], Any] = {}

    def convert(session: Session, kind: str, row_id: Any) -> Any:
        if not isinstance(row_id, int) or isinstance(row_id, bool):
            return row_id
        if (kind, row_id) not in known:
            known[kind, row_id] = to_name(session, kind, row_id)
        return known[kind, row_id]

    return convert


def _value(session: Session, convert: Convert, kind: str | None, value: Any) -> Any:
    if kind is None:
        return value
    if isinstance(value, list):
        return [convert(session, kind, item) for item in value]
    return convert(session, kind, value)


def conditions(session: Session, items: list[Any], convert: Convert) -> list[Any]:
    out = []
    for item in items:
        if isinstance(item, dict) and "value" in item:
            kind = FIELD_KINDS.get(str(item.get("field")))
            item = {**item, "value": _value(session, convert, kind, item["value"])}
        out.append(item)
    return out


def actions(session: Session, items: list[Any], convert: Convert) -> list[Any]:
    out = []
    for item in items:
        if isinstance(item, dict):
            item = dict(item)
            if item.get("type") == "set" and "value" in item:
                kind = FIELD_KINDS.get(str(item.get("field")))
                item["value"] = _value(session, convert, kind, item["value"])
            for key in ("owner", "group", "webhook"):
                if key in item:
                    item[key] = convert(session, FIELD_KINDS[key], item[key])
        out.append(item)
    return out


#: workflow initial field (core) -> reference kind
_INITIAL_KINDS = {
    "status_id": "status", "priority_id": "priority", "impact_id": "impact",
    "urgency_id": "urgency", "type_id": "type", "source_id": "source",
    "helpdesk_id": "helpdesk", "owner_id": "user", "assigned_group_id": "group",
}  # fmt: skip


def definition(session: Session, document: dict[str, Any], convert: Convert) -> dict[str, Any]:
    """A workflow definition with its initial values and transitions converted."""
    out = dict(document)
    fields = document.get("initial_fields")
    if isinstance(fields, list):
        out["initial_fields"] = [_initial(session, convert, f) for f in fields]
    transitions = document.get("transitions")
    if isinstance(transitions, dict):
        out["transitions"] = {
            _key(session, convert, source): _value(session, convert, "status", targets)
            for source, targets in transitions.items()
        }
    return out


def _initial(session: Session, convert: Convert, item: Any) -> Any:
    if not isinstance(item, dict) or "value" not in item:
        return item
    kind = _INITIAL_KINDS.get(str(item.get("field")))
    return {**item, "value": _value(session, convert, kind, item["value"])}


def _key(session: Session, convert: Convert, source: str) -> str:
    """Transition keys are status ids as text in the core, status names in a file."""
    if convert is to_name:
        return str(to_name(session, "status", int(source))) if source.isdigit() else source
    return str(to_id(session, "status", source))
