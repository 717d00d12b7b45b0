"""Newsletters with their ids and subscribers (admins): what Integria's newsletter operations
refer to by id. Created and changed as configuration (``newsletters:`` in a site file)."""

from __future__ import annotations

from fastapi import APIRouter

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.schemas import Out
from polydesk.crm.newsletters import newsletters_with_addresses

router = APIRouter(tags=["configuration"])


class NewsletterOut(Out):
    id: int
    name: str
    description: str
    addresses: list[str]


@router.get("/newsletters", response_model=list[NewsletterOut])
def list_newsletters(session: DbSession, actor: CurrentActor) -> list[NewsletterOut]:
    """Every newsletter in name order, with its subscribers' addresses."""
    return [
        NewsletterOut(
            id=letter.id, name=letter.name, description=letter.description, addresses=emails
        )
        for letter, emails in newsletters_with_addresses(session, actor)
    ]
