"""Changing a company (admins only): the fields given change, the name stays unique."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, not_found
from polydesk.models.companies import Company


class CompanyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=191)
    description: str | None = Field(default=None, max_length=2000)
    address: str | None = Field(default=None, max_length=500)
    city: str | None = Field(default=None, max_length=100)
    zip: str | None = Field(default=None, max_length=20)
    country: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=50)
    fax: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=254)
    website: str | None = Field(default=None, max_length=254)


def update_company(session: Session, actor: Actor, company_id: int, cmd: CompanyUpdate) -> Company:
    require_admin(actor)
    company = session.get(Company, company_id)
    if company is None:
        raise not_found("company", company_id)
    changes = cmd.model_dump(exclude_unset=True)
    name = changes.get("name")
    if name is not None and name.lower() != company.name.lower():
        clash = select(Company.id).where(func.lower(Company.name) == name.lower())
        if session.scalars(clash).first() is not None:
            raise Conflict("company.name_taken", f"company {name!r} already exists")
    for key, value in changes.items():
        if value is not None:
            setattr(company, key, value)
    session.flush()
    return company
