"""Newsletters as configuration (admins only): change, look up, list. Created with
``crm.service.create_newsletter``; their subscriber addresses are agents' business there.

Names stay unique ignoring case (``newsletter.name_taken``). Flushed, never committed.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, not_found
from polydesk.db.names import name_in_use
from polydesk.models.crm import Newsletter, NewsletterAddress


class NewsletterUpdate(BaseModel):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    description: str | None = Field(default=None, max_length=1000)


def update_newsletter(
    session: Session, actor: Actor, newsletter_id: int, cmd: NewsletterUpdate
) -> Newsletter:
    require_admin(actor)
    newsletter = session.get(Newsletter, newsletter_id)
    if newsletter is None:
        raise not_found("newsletter", newsletter_id)
    if cmd.name is not None:
        if name_in_use(session, Newsletter.id, Newsletter.name, cmd.name, own_id=newsletter.id):
            raise Conflict("newsletter.name_taken", f"newsletter {cmd.name!r} already exists")
        newsletter.name = cmd.name
    if cmd.description is not None:
        newsletter.description = cmd.description
    session.flush()
    return newsletter


def get_newsletter_by_name(session: Session, name: str) -> Newsletter | None:
    query = select(Newsletter).where(func.lower(Newsletter.name) == name.strip().lower())
    return session.scalars(query).first()


def list_newsletters(session: Session) -> list[Newsletter]:
    """Every newsletter, in name order."""
    return list(session.scalars(select(Newsletter).order_by(Newsletter.name)).all())


def newsletters_with_addresses(
    session: Session, actor: Actor
) -> list[tuple[Newsletter, list[NewsletterAddress]]]:
    """Every newsletter with its subscribers by address (admins): the ids Integria's
    ``add_address_to_newsletter`` takes, and what it added (address and name). Two queries."""
    require_admin(actor)
    newsletters = list_newsletters(session)
    rows = session.scalars(select(NewsletterAddress).order_by(NewsletterAddress.email))
    addresses: dict[int, list[NewsletterAddress]] = {}
    for row in rows:
        addresses.setdefault(row.newsletter_id, []).append(row)
    return [(newsletter, addresses.get(newsletter.id, [])) for newsletter in newsletters]
