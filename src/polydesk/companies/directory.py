"""Companies as a directory: the active companies with their user counts, filtered by id,
external id or name, and deleting a company.

Deleting (admins): the company's users leave it (their group memberships stay: the groups
outlive the company), its group links and observers go; the row is removed when nothing else
refers to it (tickets, invoices, routing rules, inventory), else it is disabled (hidden from
the active lists, its name still taken), so no history is lost.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.companies.members import require_company_row
from polydesk.core.actor import Actor
from polydesk.models.companies import Company, CompanyGroup
from polydesk.models.observers import ObservedKind
from polydesk.models.users import User
from polydesk.users.observers import forget_entities

#: The most companies one list answers (the product's list is not paged).
LIST_CAP = 1000


def active_companies(
    session: Session,
    actor: Actor,
    *,
    company_id: int | None = None,
    external_id: str | None = None,
    name: str | None = None,
) -> list[tuple[Company, int]]:
    """The enabled companies by id, narrowed by any filter given (exact values), each with
    its number of users."""
    require_agent(actor)
    query = select(Company).where(Company.is_enabled.is_(True))
    if company_id is not None:
        query = query.where(Company.id == company_id)
    if external_id is not None:
        query = query.where(Company.external_id == external_id)
    if name is not None:
        query = query.where(Company.name == name)
    companies = list(session.scalars(query.order_by(Company.id).limit(LIST_CAP)))
    counts = user_counts(session, [company.id for company in companies])
    return [(company, counts[company.id]) for company in companies]


def user_counts(session: Session, company_ids: Iterable[int]) -> dict[int, int]:
    """Company id -> number of users, in one query."""
    wanted = sorted(set(company_ids))
    if not wanted:
        return {}
    query = (
        select(User.company_id, func.count())
        .where(User.company_id.in_(wanted))
        .group_by(User.company_id)
    )
    counts = {company_id: 0 for company_id in wanted}
    counts.update({ident: count for ident, count in session.execute(query) if ident is not None})
    return counts


def delete_company(session: Session, actor: Actor, company_id: int) -> bool:
    """Delete a company; True when the row was removed, False when it was disabled."""
    require_admin(actor)
    company = require_company_row(session, company_id)
    forget_entities(session, ObservedKind.COMPANY, [company_id])
    session.execute(delete(CompanyGroup).where(CompanyGroup.company_id == company_id))
    session.execute(update(User).where(User.company_id == company_id).values(company_id=None))
    try:
        with session.begin_nested():
            session.execute(delete(Company).where(Company.id == company_id))
    except IntegrityError:
        company.is_enabled = False
        session.flush()
        return False
    session.expunge(company)
    return True
