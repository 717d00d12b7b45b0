"""Listing companies by id, name (exact list or ``*`` patterns) or name prefix range, sorted by
a whitelisted column and paged with a hard cap. Customers only see their own company."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.pagination import PageRequest
from polydesk.db.filters import prefix_range, text_matches
from polydesk.db.listing import DIRECTORY_PAGE, count_of, paged
from polydesk.models.companies import Company
from polydesk.tickets.criteria import TextRange

CompanySort = Literal["id", "name", "created"]
T = TypeVar("T")


@dataclass(frozen=True)
class NamedQuery:
    """Shared by companies and help desks: which rows, by id or name."""

    ids: list[int] | None = None
    names: list[str] | None = None
    name_range: TextRange | None = None
    sort: str = "id"
    descending: bool = False  # the sort key's direction, then the id's
    page: PageRequest = DIRECTORY_PAGE


def search_companies(session: Session, actor: Actor, query: NamedQuery) -> list[Company]:
    return named_page(session, _filtered(actor, query), Company, query)


def count_companies(session: Session, actor: Actor, query: NamedQuery) -> int:
    return count_of(session, _filtered(actor, query))


def _filtered(actor: Actor, query: NamedQuery) -> Select[Company]:
    statement = select(Company)
    if actor.is_customer:
        mine = actor.company_id
        statement = statement.where(Company.id == mine if mine is not None else false())
    return statement.where(*named_clauses(Company.id, Company.name, query))


def named_page(session: Session, statement: Select[T], model: Any, query: NamedQuery) -> list[T]:
    """A page of ``model`` rows (with ``id``, ``name``, ``created_at``) in the query's order:
    by id, name (ignoring case) or creation, then id; an unknown sort key is by id."""
    column = {"name": func.lower(model.name), "created": model.created_at}.get(query.sort, model.id)
    order = (column.desc(), model.id.desc()) if query.descending else (column.asc(), model.id.asc())
    return paged(session, statement, query.page, *order).items


def named_clauses(ident: Any, name: Any, query: NamedQuery) -> list[Any]:
    clauses: list[Any] = []
    if query.ids is not None:
        clauses.append(ident.in_(query.ids))
    if query.names is not None:
        clauses.append(text_matches(name, query.names))
    if query.name_range is not None:
        clauses.extend(prefix_range(name, query.name_range))
    return clauses
