"""A small help desk for the portal tests, made through the core services: a help desk with an
agent, a company with two customers (``cy`` requests, ``co`` is a colleague who sees the
company's tickets), a customer of no company who only observes cy's ticket (``obs``), and a
stranger (``dee``). cy's ticket has a public reply with a file and an internal note with a
file."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from polydesk.attachments.service import list_attachments
from polydesk.comments.schemas import CommentCreate
from polydesk.core.actor import Actor, Role
from polydesk.core.pagination import PageRequest
from polydesk.db.uow import unit_of_work
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft, FileUpload
from polydesk.models.tickets import ParticipantRole
from polydesk.runtime import Runtime
from polydesk.tickets.participants import add_participants
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user

PASSWORD = "correct-horse"
PUBLIC_TEXT = "We replaced the toner, please try again."
INTERNAL_TEXT = "Internal: the printer contract ends in March."


@dataclass(frozen=True)
class World:
    desk_id: int
    agent_id: int
    cy_id: int
    ticket_id: int  # cy's
    other_ticket_id: int  # dee's
    public_file_id: int
    internal_file_id: int


def build(runtime: Runtime) -> World:
    with unit_of_work(runtime.factory) as session:
        desk = make_helpdesk(session, "Front desk")
        agent = make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[desk])
        firm = make_company(session, "Acme")
        cy = make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD, company=firm)
        make_user(session, Role.CUSTOMER, login="co", password=PASSWORD, company=firm)
        obs = make_user(session, Role.CUSTOMER, login="obs", password=PASSWORD)
        dee = make_user(session, Role.CUSTOMER, login="dee", password=PASSWORD)
        ticket = make_ticket(
            session, title="Printer jam", description="The printer on floor 2 jams.",
            helpdesk_id=desk.id, requester_id=cy.id, company_id=firm.id,
        )  # fmt: skip
        other = make_ticket(session, title="Payroll question", requester_id=dee.id)
        ann = actor(session, agent)
        add_participants(session, ann, ticket.id, ParticipantRole.OBSERVER, [obs.id])
        resources = runtime.resources
        public = ArticleDraft(
            CommentCreate(body=PUBLIC_TEXT), files=[FileUpload("toner.txt", b"toner log")]
        )
        internal = ArticleDraft(
            CommentCreate(body=INTERNAL_TEXT, is_public=False),
            files=[FileUpload("contract.txt", b"secret terms")],
        )
        shown = post_article(session, ann, resources, ticket.id, public)
        hidden = post_article(session, ann, resources, ticket.id, internal)
        return World(
            desk_id=desk.id, agent_id=agent.id, cy_id=cy.id, ticket_id=ticket.id,
            other_ticket_id=other.id,
            public_file_id=_file_of(session, ann, ticket.id, shown.id),
            internal_file_id=_file_of(session, ann, ticket.id, hidden.id),
        )  # fmt: skip


def _file_of(session: Session, ann: Actor, ticket_id: int, comment_id: int) -> int:
    files = list_attachments(session, ann, ticket_id, PageRequest(limit=50)).items
    return next(file.id for file in files if file.comment_id == comment_id)
