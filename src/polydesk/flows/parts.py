"""What opening and changing a ticket write after the ticket itself, in one order so the history
reads the same whichever use case wrote it: articles (with their files, time and mail), files on
the ticket, claimed uploads, configuration items, custom values, linked tickets.

Configuration items come before custom values: Integria's tracking lists "Added inventory
object" before the values' "Updated"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from polydesk.attachments.uploads import claim_uploads
from polydesk.core.actor import Actor
from polydesk.customfields.service import apply_values_to_ticket
from polydesk.flows.articles import attach_files, write_article
from polydesk.flows.commands import ArticleDraft, FileUpload, Resources
from polydesk.inventory.service import link_item
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.links import link_tickets


@dataclass(frozen=True)
class Parts:
    articles: Sequence[ArticleDraft] = ()
    files: Sequence[FileUpload] = ()
    upload_refs: Sequence[str] = ()
    inventory_ids: Sequence[int] = ()
    custom_values: Mapping[int, str] = field(default_factory=dict)
    linked_ticket_ids: Sequence[int] = ()


@dataclass
class Written:
    """What a use case wrote: the ticket, its new articles and its new files."""

    ticket: Ticket
    articles: list[Comment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def write_parts(
    session: Session, actor: Actor, resources: Resources, ticket: Ticket, parts: Parts
) -> Written:
    written = Written(ticket)
    for draft in parts.articles:
        written.articles.append(write_article(session, actor, resources, ticket, draft))
    written.attachments += attach_files(session, actor, resources, ticket.id, parts.files)
    if parts.upload_refs:
        written.attachments += claim_uploads(session, actor, ticket, parts.upload_refs)
    for item_id in dict.fromkeys(parts.inventory_ids):
        link_item(session, actor, ticket.id, item_id)
    apply_values_to_ticket(session, actor, ticket, parts.custom_values)
    if parts.linked_ticket_ids:
        link_tickets(session, actor, ticket.id, parts.linked_ticket_ids)
    return written
