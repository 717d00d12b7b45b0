"""Site-file kind for newsletters (``newsletters:``, Integria's CRM). Their subscriber addresses
are people's data, not configuration: they are added through the dialects and the API."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.crm.newsletters import (
    NewsletterUpdate,
    get_newsletter_by_name,
    list_newsletters,
    update_newsletter,
)
from polydesk.crm.service import create_newsletter
from polydesk.db import Session
from polydesk.models.crm import Newsletter


class NewsletterEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Customers"])
    description: str = Field(default="", max_length=1000)


class Newsletters(Kind[NewsletterEntry]):
    section = "newsletters"
    entry = NewsletterEntry

    def export(self, session: Session) -> list[NewsletterEntry]:
        return [_entry(newsletter) for newsletter in list_newsletters(session)]

    def current(self, session: Session, key: str) -> NewsletterEntry | None:
        newsletter = get_newsletter_by_name(session, key)
        return None if newsletter is None else _entry(newsletter)

    def create(self, session: Session, actor: Actor, entry: NewsletterEntry) -> Outcome:
        create_newsletter(session, actor, entry.name, entry.description)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        newsletter = get_newsletter_by_name(session, key)
        if newsletter is None:
            raise not_found("newsletter", key)
        update_newsletter(session, actor, newsletter.id, NewsletterUpdate(**changes))
        return Outcome()


def _entry(newsletter: Newsletter) -> NewsletterEntry:
    return NewsletterEntry(name=newsletter.name, description=newsletter.description)
