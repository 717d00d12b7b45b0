"""Listing companies by id, name (exact list or ``*`` patterns) or name prefix range, sorted by
a whitelisted column and paged with a hard cap. Customers only see their own company."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Select, false, func, literal, or_, select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.db.ranged import Slice, count_of, page_of
from polydesk.models.companies import Company
from polydesk.tickets.criteria import TextRange
from polydesk.tickets.criteria_ranges import ESCAPE, prefix_range

CompanySort = Literal["id", "name", "created"]


@dataclass(frozen=True)
class NamedQuery:
    """Shared by companies and help desks: which rows, by id or name."""

    ids: list[int] | None = None
    names: list[str] | None = None
    name_range: TextRange | None = None
    sort: str = "id"
    page: Slice = field(default_factory=Slice)


def search_companies(session: Session, actor: Actor, query: NamedQuery) -> list[Company]:
    column = _SORTS.get(query.sort, Company.id)
    return page_of(session, _filtered(actor, query), column, Company.id, query.page)


def count_companies(session: Session, actor: Actor, query: NamedQuery) -> int:
    return count_of(session, _filtered(actor, query))


_SORTS: dict[str, Any] = {
    "id": Company.id,
    "name": func.lower(Company.name),
    "created": Company.created_at,
}


def _filtered(actor: Actor, query: NamedQuery) -> Select[Company]:
    statement = select(Company)
    if actor.is_customer:
        mine = actor.company_id
        statement = statement.where(Company.id == mine if mine is not None else false())
    return statement.where(*named_clauses(Company.id, Company.name, query))


def named_clauses(ident: Any, name: Any, query: NamedQuery) -> list[Any]:
    clauses: list[Any] = []
    if query.ids is not None:
        clauses.append(ident.in_(query.ids))
    if query.names is not None:
        clauses.append(or_(*(_name_matches(name, wanted) for wanted in query.names)))
    if query.name_range is not None:
        clauses.extend(prefix_range(name, query.name_range))
    return clauses


def _name_matches(column: Any, wanted: str) -> Any:
    lowered = func.lower(column)
    if "*" not in wanted:
        return lowered == wanted.lower()
    escaped = wanted.lower().replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%")
    pattern = escaped.replace("_", ESCAPE + "_").replace("*", "%")
    return lowered.like(literal(pattern), escape=ESCAPE)
