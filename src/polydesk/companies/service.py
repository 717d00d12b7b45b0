"""Company use cases: create, get, list (customers see only their own company)."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.listing import paged
from polydesk.models.companies import Company
from polydesk.models.users import User


class CompanyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=191)
    code: str | None = Field(default=None, min_length=1, max_length=150)
    description: str = Field(default="", max_length=2000)
    address: str = Field(default="", max_length=500)
    city: str = Field(default="", max_length=100)
    zip: str = Field(default="", max_length=20)
    country: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=100)
    portal_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    role_id: int | None = Field(default=None, ge=1, le=2**31 - 1)  # Integria id_company_role
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=254)
    website: str = Field(default="", max_length=254)
    fiscal_id: str = Field(default="", max_length=50)
    external_id: str | None = Field(default=None, max_length=191)  # the id in another system
    parent_id: int | None = None
    manager_id: int | None = None


def create_company(session: Session, actor: Actor, cmd: CompanyCreate) -> Company:
    require_admin(actor)
    code = cmd.code or cmd.name[:150]  # the code column holds 150 characters, a name 191
    clash = select(Company.id).where(
        # Exact names too: SQLite's lower() folds ASCII only, the unique index is exact.
        (func.lower(Company.name) == cmd.name.lower())
        | (Company.name == cmd.name)
        | (Company.code == code)
    )
    if session.scalars(clash).first() is not None:
        raise Conflict("company.name_taken", f"company {cmd.name!r} already exists")
    if cmd.parent_id is not None and session.get(Company, cmd.parent_id) is None:
        raise not_found("company", cmd.parent_id)
    if cmd.manager_id is not None and session.get(User, cmd.manager_id) is None:
        raise not_found("user", cmd.manager_id)
    company = Company(**cmd.model_dump(exclude={"code"}), code=code)
    session.add(company)
    session.flush()
    return company


def get_company_by_name(session: Session, name: str) -> Company | None:
    return session.scalars(select(Company).where(func.lower(Company.name) == name.lower())).first()


def require_company(session: Session, actor: Actor, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None or (actor.is_customer and actor.company_id != company_id):
        raise not_found("company", company_id)
    return company


def list_companies(session: Session, actor: Actor, page: PageRequest) -> Page[Company]:
    query = select(Company)
    if actor.is_customer:
        mine = actor.company_id
        query = query.where(Company.id == mine if mine is not None else false())
    return paged(session, query, page, Company.name, Company.id)


def get_company_by_code(session: Session, code: str) -> Company | None:
    """Znuny's CustomerID is the company's text key; matched exactly, as the product does."""
    return session.scalars(select(Company).where(Company.code == code)).first()


def companies_by_ids(session: Session, company_ids: Iterable[int]) -> dict[int, Company]:
    wanted = sorted(set(company_ids))
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(Company).where(Company.id.in_(wanted)))}
