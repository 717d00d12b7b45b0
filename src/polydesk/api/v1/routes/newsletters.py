"""Newsletters with their ids and subscribers (admins): what Integria's newsletter operations
refer to by id. Created and changed as configuration (``newsletters:`` in a site file)."""

from __future__ import annotations

from fastapi import APIRouter

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.schemas import Out
from polydesk.crm.newsletters import newsletters_with_addresses

router = APIRouter(tags=["configuration"])


class SubscriberOut(Out):
    email: str
    name: str
    is_validated: bool


class NewsletterOut(Out):
    id: int
    name: str
    description: str
    addresses: list[str]
    subscribers: list[SubscriberOut]  # the same addresses with the name given for each


@router.get("/newsletters", response_model=list[NewsletterOut])
def list_newsletters(session: DbSession, actor: CurrentActor) -> list[NewsletterOut]:
    """Every newsletter in name order, with its subscribers (address order)."""
    return [
        NewsletterOut(
            id=letter.id,
            name=letter.name,
            description=letter.description,
            addresses=[row.email for row in rows],
            subscribers=[SubscriberOut.model_validate(row) for row in rows],
        )
        for letter, rows in newsletters_with_addresses(session, actor)
    ]
