"""CRM use cases: leads, newsletters and their subscriber addresses.

Decisions (ARCHITECTURE.md: "write the decision down next to the code"):
- Leads and newsletter addresses are agents' business (admins included); newsletters themselves
  are configuration, so only admins create them. Customers are refused everywhere.
- E-mail addresses compare case-insensitively but are stored as given; they are read as users'
  are (``core.validation.MailAddress``: ``root@localhost`` and local domains too).
- Tags are stored in one comma-separated column, so a tag may not contain a comma; blank tags
  are dropped and the rest are stripped.
- ``create_lead`` does not refuse a second lead with the same e-mail address (leads from several
  sources do repeat); edges that must refuse ask ``lead_email_taken`` first.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.validation import MailAddress
from polydesk.models.companies import Company
from polydesk.models.crm import Lead, Newsletter, NewsletterAddress
from polydesk.models.users import User

_TAGS_MAX = 1000  # Lead.tags column width
_EMAIL: TypeAdapter[str] = TypeAdapter(MailAddress)


class LeadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(min_length=1, max_length=255)
    email: MailAddress = Field(max_length=254)
    phone: str = Field(default="", max_length=50)
    mobile: str = Field(default="", max_length=50)
    position: str = Field(default="", max_length=100)
    company_name: str = Field(default="", max_length=255)
    company_id: int | None = None
    owner_id: int | None = None
    country: str = Field(default="", max_length=100)
    language: str = Field(default="", max_length=16)
    description: str = Field(default="", max_length=100_000)
    progress: int = Field(default=0, ge=0, le=1000)
    estimated_sale: float = Field(default=0, ge=0, allow_inf_nan=False)
    estimated_close_on: date | None = None
    tags: list[str] = Field(default_factory=list)
    # The source system's category and campaign numbers (Integria); no core catalog yet.
    category_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    campaign_id: int | None = Field(default=None, ge=1, le=2**31 - 1)

    @field_validator("tags")
    @classmethod
    def _clean_tags(cls, tags: list[str]) -> list[str]:
        cleaned = [tag.strip() for tag in tags if tag.strip()]
        if any("," in tag for tag in cleaned):
            raise ValueError("a tag may not contain a comma")
        if len(",".join(cleaned)) > _TAGS_MAX:
            raise ValueError(f"tags may take at most {_TAGS_MAX} characters together")
        return cleaned


def create_lead(session: Session, actor: Actor, cmd: LeadCreate) -> Lead:
    require_agent(actor)
    if cmd.company_id is not None and session.get(Company, cmd.company_id) is None:
        raise not_found("company", cmd.company_id)
    if cmd.owner_id is not None and session.get(User, cmd.owner_id) is None:
        raise not_found("user", cmd.owner_id)
    values = cmd.model_dump(exclude={"email", "tags"})
    lead = Lead(**values, email=str(cmd.email), tags=",".join(cmd.tags))
    session.add(lead)
    session.flush()
    return lead


def lead_email_taken(session: Session, email: str) -> bool:
    """Is there a lead with this e-mail address (case-insensitive)? Blank is never taken."""
    if not email.strip():
        return False
    query = select(Lead.id).where(func.lower(Lead.email) == email.strip().lower())
    return session.scalars(query.limit(1)).first() is not None


def create_newsletter(
    session: Session, actor: Actor, name: str, description: str = ""
) -> Newsletter:
    require_admin(actor)
    name = name.strip()
    if not 1 <= len(name) <= 191:
        raise ValidationFailed("newsletter.invalid_name", "name must have 1 to 191 characters")
    if len(description) > 1000:
        raise ValidationFailed(
            "newsletter.invalid_description", "description may have at most 1000 characters"
        )
    clash = select(Newsletter.id).where(func.lower(Newsletter.name) == name.lower())
    if session.scalars(clash).first() is not None:
        raise Conflict("newsletter.name_taken", f"newsletter {name!r} already exists")
    newsletter = Newsletter(name=name, description=description)
    session.add(newsletter)
    session.flush()
    return newsletter


def add_newsletter_address(
    session: Session, actor: Actor, *, newsletter_id: int, name: str, email: str
) -> NewsletterAddress:
    require_agent(actor)
    email = _valid_email(email)
    if len(name) > 255:
        raise ValidationFailed("newsletter.invalid_name", "name may have at most 255 characters")
    if session.get(Newsletter, newsletter_id) is None:
        raise not_found("newsletter", newsletter_id)
    clash = select(NewsletterAddress.id).where(
        NewsletterAddress.newsletter_id == newsletter_id,
        func.lower(NewsletterAddress.email) == email.lower(),
    )
    if session.scalars(clash).first() is not None:
        raise Conflict(
            "newsletter.address_taken",
            f"{email} is already on newsletter {newsletter_id}",
            newsletter_id=newsletter_id,
        )
    address = NewsletterAddress(newsletter_id=newsletter_id, name=name.strip(), email=email)
    session.add(address)
    session.flush()
    return address


def _valid_email(email: str) -> str:
    email = email.strip()
    if len(email) > 254:
        raise ValidationFailed("newsletter.invalid_email", "e-mail address is too long")
    try:
        return _EMAIL.validate_python(email)
    except PydanticValidationError as exc:
        raise ValidationFailed(
            "newsletter.invalid_email", f"not a valid e-mail address: {email!r}"
        ) from exc
