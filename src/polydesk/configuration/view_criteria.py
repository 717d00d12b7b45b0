"""A saved view's criteria as a site file holds them: the core's ticket query language
(``tickets.criteria.TicketCriteria``, docs/queries.md) with every id replaced by the name a
person uses (a status's name, a category's path, a user's login, a custom field's name).

The criteria that name tickets or inventory items (``ids``, ``parent_ids``, ``inventory_ids``,
``ranges``) are ticket data, not configuration: a site file cannot hold them, and a view that
uses them is left out of an export (``Untranslatable``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from polydesk.catalogs.categories import require_category_path
from polydesk.catalogs.service import category_paths, get_catalog_item_by_name, model_for
from polydesk.companies.service import get_company_by_name
from polydesk.core.errors import not_found
from polydesk.customfields.service import get_field_by_name
from polydesk.db import Session
from polydesk.helpdesks.service import get_helpdesk_by_name, get_sla_by_name
from polydesk.models.catalogs import StatusCategory
from polydesk.models.companies import Company
from polydesk.models.customfields import CustomField
from polydesk.models.helpdesks import Helpdesk, Sla
from polydesk.models.tickets import Sentiment
from polydesk.models.users import User
from polydesk.tickets.criteria import (
    CommentPart,
    FieldCondition,
    FieldOp,
    Patterns,
    SortKey,
    SortName,
    TicketCriteria,
    Window,
)
from polydesk.users.service import get_user_by_login

Names = list[str] | None

#: A file's name list -> the TicketCriteria id list it becomes, and what its names name.
BY_NAME: dict[str, tuple[str, str]] = {
    "statuses": ("status_ids", "status"),
    "created_statuses": ("created_status_ids", "status"),
    "priorities": ("priority_ids", "priority"),
    "created_priorities": ("created_priority_ids", "priority"),
    "types": ("type_ids", "type"),
    "created_types": ("created_type_ids", "type"),
    "categories": ("category_ids", "category"),
    "sources": ("source_ids", "source"),
    "slas": ("sla_ids", "sla"),
    "helpdesks": ("helpdesk_ids", "helpdesk"),
    "created_helpdesks": ("created_helpdesk_ids", "helpdesk"),
    "owners": ("owner_ids", "user"),
    "responsibles": ("responsible_ids", "user"),
    "creators": ("creator_ids", "user"),
    "requesters": ("requester_ids", "user"),
    "participants": ("participant_user_ids", "user"),
    "companies": ("company_ids", "company"),
}
#: TicketCriteria fields a site file cannot hold (they name tickets or inventory items).
NOT_IN_FILES = frozenset({"ids", "parent_ids", "inventory_ids", "ranges"})


class Untranslatable(Exception):
    """Stored criteria a site file cannot express (ticket ids, a deleted referent)."""


class FieldConditionByName(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(min_length=1, description="the custom field's name")
    op: FieldOp
    values: list[str] = Field(default_factory=list, max_length=1000)


class SortKeyByName(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: SortName
    field: str | None = Field(default=None, description="the custom field, for custom_field")
    descending: bool = False


def _default_sort() -> list[SortKeyByName]:
    return [SortKeyByName(key="created", descending=True)]


class ViewCriteria(BaseModel):
    """``TicketCriteria`` by name; every field means what it means there."""

    model_config = ConfigDict(extra="forbid")

    statuses: Names = None
    created_statuses: Names = None
    priorities: Names = None
    created_priorities: Names = None
    types: Names = None
    created_types: Names = None
    categories: Names = Field(default=None, description="category paths, e.g. Incident/Hardware")
    sources: Names = None
    slas: Names = None
    helpdesks: Names = None
    created_helpdesks: Names = None
    owners: Names = Field(default=None, description="logins")
    responsibles: Names = None
    creators: Names = None
    requesters: Names = None
    participants: Names = None
    companies: Names = None
    numbers: Patterns = None
    titles: Patterns = None
    company_codes: Patterns = None
    requester_logins: Patterns = None
    status_categories: list[StatusCategory] | None = None
    include_sub_helpdesks: bool = False
    locked: list[bool] | None = None
    spam: bool | None = None
    owned: bool | None = None  # False: no owner (an "Unassigned" view)
    sentiments: list[Sentiment] | None = Field(default=None, max_length=3)
    tags: list[str] | None = None
    created: Window | None = None
    updated: Window | None = None
    closed: Window | None = None
    pending: Window | None = None
    escalation: Window | None = None
    escalation_response: Window | None = None
    escalation_update: Window | None = None
    escalation_solution: Window | None = None
    comment_created: Window | None = None
    changed: Window | None = None
    fulltext: str | None = Field(default=None, max_length=500)
    comment_text: dict[CommentPart, str] | None = None
    comment_text_mode: Literal["AND", "OR"] = "AND"
    comment_public_only: bool = False
    attachment_names: Patterns = None
    custom_fields: list[FieldConditionByName] | None = Field(default=None, max_length=100)
    sort: list[SortKeyByName] = Field(default_factory=_default_sort, max_length=20)


#: The fields both models share, copied as they are.
PLAIN = tuple(
    name
    for name in ViewCriteria.model_fields
    if name not in BY_NAME and name not in {"custom_fields", "sort"}
)


def to_core(session: Session, named: ViewCriteria) -> TicketCriteria:
    """The core criteria ``named`` means; NotFound names the first unknown referent."""
    values: dict[str, Any] = {name: getattr(named, name) for name in PLAIN}
    for name, (core_name, kind) in BY_NAME.items():
        given: list[str] | None = getattr(named, name)
        if given is not None:
            values[core_name] = [_id_of(session, kind, one) for one in given]
    if named.custom_fields is not None:
        values["custom_fields"] = [
            FieldCondition(field_id=_field_id(session, c.field), op=c.op, values=c.values)
            for c in named.custom_fields
        ]
    values["sort"] = [
        SortKey(
            key=key.key,
            field_id=_field_id(session, key.field) if key.field else None,
            descending=key.descending,
        )
        for key in named.sort
    ]
    return TicketCriteria(**values)


def to_names(session: Session, criteria: TicketCriteria) -> ViewCriteria:
    """``criteria`` by name; Untranslatable when it holds what a file cannot."""
    used = criteria.model_fields_set & NOT_IN_FILES
    if used:
        raise Untranslatable(f"criteria on {', '.join(sorted(used))}")
    values: dict[str, Any] = {name: getattr(criteria, name) for name in PLAIN}
    for name, (core_name, kind) in BY_NAME.items():
        ids: list[int] | None = getattr(criteria, core_name)
        if ids is not None:
            values[name] = [_name_of(session, kind, one) for one in ids]
    if criteria.custom_fields is not None:
        values["custom_fields"] = [
            FieldConditionByName(field=_field_name(session, c.field_id), op=c.op, values=c.values)
            for c in criteria.custom_fields
        ]
    values["sort"] = [
        SortKeyByName(
            key=key.key,
            field=_field_name(session, key.field_id) if key.field_id is not None else None,
            descending=key.descending,
        )
        for key in criteria.sort
    ]
    return ViewCriteria(**values)


def _id_of(session: Session, kind: str, name: str) -> int:
    found = _FINDERS[kind](session, name)
    if found is None:
        raise not_found(kind, name)
    return found


def _name_of(session: Session, kind: str, ident: int) -> str:
    if kind == "category":
        paths = {category_id: path for path, category_id in category_paths(session).items()}
        if ident in paths:
            return paths[ident]
    else:
        row = session.get(_MODELS.get(kind) or model_for(kind), ident)
        if row is not None:
            return str(row.login if isinstance(row, User) else row.name)
    raise Untranslatable(f"{kind} {ident} no longer exists")


def _field_id(session: Session, name: str) -> int:
    found = get_field_by_name(session, name)
    if found is None:
        raise not_found("custom_field", name)
    return found.id


def _field_name(session: Session, ident: int) -> str:
    found = session.get(CustomField, ident)
    if found is None:
        raise Untranslatable(f"custom field {ident} no longer exists")
    return found.name


def _catalog(kind: str) -> Callable[[Session, str], int | None]:
    def find(session: Session, name: str) -> int | None:
        row = get_catalog_item_by_name(session, kind, name)
        return None if row is None else row.id

    return find


def _id_or_none(row: Any) -> int | None:
    return None if row is None else int(row.id)


_FINDERS: dict[str, Callable[[Session, str], int | None]] = {
    "status": _catalog("status"),
    "priority": _catalog("priority"),
    "type": _catalog("type"),
    "source": _catalog("source"),
    "category": lambda session, path: require_category_path(session, path).id,
    "sla": lambda session, name: _id_or_none(get_sla_by_name(session, name)),
    "helpdesk": lambda session, name: _id_or_none(get_helpdesk_by_name(session, name)),
    "user": lambda session, login: _id_or_none(get_user_by_login(session, login)),
    "company": lambda session, name: _id_or_none(get_company_by_name(session, name)),
}
_MODELS: dict[str, type[Any]] = {
    "sla": Sla,
    "helpdesk": Helpdesk,
    "user": User,
    "company": Company,
}
