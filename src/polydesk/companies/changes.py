"""Changing a company (admins only): the fields given change, the name stays unique.

Names are unique, also compared case-insensitively, and codes exactly (``company.name_taken``,
``company.code_taken``). ``parent_id``, ``manager_id`` and ``external_id`` given as ``None``
clear them; a parent must exist and not be the company or one below it
(``company.parent_cycle``), a manager must be an existing user. Reference data: no ticket
history is written.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.db.hierarchy import is_below
from polydesk.db.names import name_in_use
from polydesk.models.companies import Company
from polydesk.models.users import User

#: Fields where a given ``None`` clears the value instead of leaving it as is.
CLEARABLE = frozenset({"parent_id", "manager_id", "external_id", "portal_id", "role_id"})


class CompanyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=191)
    code: str | None = Field(default=None, min_length=1, max_length=150)
    description: str | None = Field(default=None, max_length=2000)
    address: str | None = Field(default=None, max_length=500)
    city: str | None = Field(default=None, max_length=100)
    zip: str | None = Field(default=None, max_length=20)
    country: str | None = Field(default=None, max_length=100)
    state: str | None = Field(default=None, max_length=100)
    portal_id: int | None = Field(default=None, ge=1, le=2**31 - 1)  # a given None: no portal
    role_id: int | None = Field(default=None, ge=1, le=2**31 - 1)  # a given None: no role
    phone: str | None = Field(default=None, max_length=50)
    fax: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=254)
    website: str | None = Field(default=None, max_length=254)
    fiscal_id: str | None = Field(default=None, max_length=50)
    external_id: str | None = Field(default=None, max_length=191)
    parent_id: int | None = None
    manager_id: int | None = None
    is_enabled: bool | None = None


def update_company(session: Session, actor: Actor, company_id: int, cmd: CompanyUpdate) -> Company:
    """Change the given fields of a company."""
    require_admin(actor)
    company = session.get(Company, company_id)
    if company is None:
        raise not_found("company", company_id)
    changes = {
        key: value
        for key, value in cmd.model_dump(exclude_unset=True).items()
        if value is not None or key in CLEARABLE
    }
    _check_unique(session, company, changes)
    if changes.get("parent_id") is not None:
        _check_parent(session, company, changes["parent_id"])
    manager_id = changes.get("manager_id")
    if manager_id is not None and session.get(User, manager_id) is None:
        raise not_found("user", manager_id)
    for key, value in changes.items():
        setattr(company, key, value)
    session.flush()
    return company


def _check_unique(session: Session, company: Company, changes: dict[str, object]) -> None:
    name = changes.get("name")
    if (
        isinstance(name, str)
        and name != company.name
        and name_in_use(session, Company.id, Company.name, name, own_id=company.id)
    ):
        raise Conflict("company.name_taken", f"company {name!r} already exists")
    code = changes.get("code")
    if isinstance(code, str) and code != company.code:
        clash = select(Company.id).where(Company.code == code, Company.id != company.id)
        if session.scalars(clash).first() is not None:
            raise Conflict("company.code_taken", f"company code {code!r} is taken", taken=code)


def _check_parent(session: Session, company: Company, parent_id: int) -> None:
    if session.get(Company, parent_id) is None:
        raise not_found("company", parent_id)
    if is_below(session, Company.id, Company.parent_id, company.id, parent_id):
        raise ValidationFailed(
            "company.parent_cycle",
            f"company {company.name!r} cannot be below itself",
            id=company.id,
            parent_id=parent_id,
        )
