"""The core's use cases: one call opens, changes or answers a ticket with everything that
travels with it, and a refused part writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.attachments.store import LocalFileStore
from polydesk.attachments.uploads import store_upload
from polydesk.comments.schemas import CommentCreate
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import DomainError, PermissionDenied, ValidationFailed
from polydesk.customfields.service import CustomFieldCreate, create_field, ticket_values
from polydesk.flows.acting import act_as
from polydesk.flows.articles import post_article
from polydesk.flows.changing import change_ticket
from polydesk.flows.commands import (
    ArticleDraft,
    ChangeTicket,
    FileUpload,
    MailOut,
    OpenTicket,
    RequesterAddress,
    Resources,
)
from polydesk.flows.opening import open_ticket
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import ParticipantRole, Ticket
from polydesk.models.timetracking import TimeEntry
from polydesk.models.users import User
from polydesk.settings.service import MOTADATA_CREATE_UNKNOWN_REQUESTERS, set_setting
from polydesk.tickets.links import list_linked_tickets
from polydesk.tickets.participants import list_participants
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from tests.factories import actor, make_ticket, make_user


@pytest.fixture
def resources(tmp_path: Path) -> Resources:
    return Resources(LocalFileStore(tmp_path), 64 * 1024, "desk@example.com")


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_open_ticket_writes_every_part_in_one_call(session: Session, resources: Resources) -> None:
    agent = make_user(session, Role.ADMIN)
    observer = make_user(session, Role.AGENT)
    other = make_ticket(session, agent)
    item = create_item(session, SYSTEM, InventoryItemCreate(name="Printer 7"))
    field = create_field(session, SYSTEM, CustomFieldCreate(name="Serial", field_type="text"))
    command = OpenTicket(
        ticket=TicketCreate(title="Printer jams"),
        articles=[
            ArticleDraft(
                CommentCreate(body="It jams on page 2"),
                files=[FileUpload("jam.txt", b"paper")],
                time_seconds=600,
            ),
            ArticleDraft(CommentCreate(body="Also smells", is_public=False)),
        ],
        custom_values={field.id: "SN-1"},
        participants={ParticipantRole.OBSERVER: [observer.id]},
        linked_ticket_ids=[other.id],
        inventory_ids=[item.id],
    )

    opened = open_ticket(session, actor(session, agent), resources, command)

    ticket = opened.ticket
    assert [a.is_initial for a in opened.articles] == [True, False]
    assert [f.filename for f in opened.attachments] == []  # files went on the article
    assert ticket_values(session, SYSTEM, ticket.id) == {field.id: "SN-1"}
    observers = list_participants(session, SYSTEM, ticket.id, ParticipantRole.OBSERVER)
    assert list(observers) == [observer.id]
    assert [t.id for t in list_linked_tickets(session, SYSTEM, ticket.id)] == [other.id]
    minutes = session.scalars(
        select(TimeEntry.duration_seconds).where(TimeEntry.ticket_id == ticket.id)
    )
    assert list(minutes) == [600]


def test_a_refused_part_refuses_the_whole_opening(session: Session, resources: Resources) -> None:
    agent = make_user(session, Role.ADMIN)
    before = _count(session, Ticket)
    command = OpenTicket(
        ticket=TicketCreate(title="Linked to nothing"), linked_ticket_ids=[2**31 - 1]
    )
    with pytest.raises(DomainError), session.begin_nested():
        open_ticket(session, actor(session, agent), resources, command)
    assert _count(session, Ticket) == before


def test_requester_by_address_follows_the_policy(session: Session, resources: Resources) -> None:
    agent = make_user(session, Role.AGENT)
    who = actor(session, agent)
    named = RequesterAddress("new@acme.com", "New Person", MOTADATA_CREATE_UNKNOWN_REQUESTERS)
    command = OpenTicket(ticket=TicketCreate(title="From mail"), requester=named)

    with pytest.raises(ValidationFailed) as refused:
        open_ticket(session, who, resources, command)
    assert refused.value.code == "requester.unknown"

    set_setting(session, SYSTEM, MOTADATA_CREATE_UNKNOWN_REQUESTERS, "true")
    ticket = open_ticket(session, who, resources, command).ticket
    requester = session.get_one(User, ticket.requester_id)
    assert (requester.email, requester.role, requester.first_name) == (
        "new@acme.com",
        Role.CUSTOMER,
        "New Person",
    )
    again = open_ticket(session, who, resources, command).ticket
    assert again.requester_id == requester.id


def test_a_customer_opens_only_for_themselves(session: Session, resources: Resources) -> None:
    customer = make_user(session, Role.CUSTOMER)
    someone = make_user(session, Role.CUSTOMER)
    command = OpenTicket(
        ticket=TicketCreate(title="Mine?"), requester=RequesterAddress(str(someone.email))
    )
    with pytest.raises(PermissionDenied):
        open_ticket(session, actor(session, customer), resources, command)


def test_change_ticket_applies_steps_values_articles_and_uploads(
    session: Session, resources: Resources
) -> None:
    agent = make_user(session, Role.ADMIN)
    who = actor(session, agent)
    ticket = make_ticket(session, agent)
    upload = store_upload(
        session, who, resources.store, filename="a.txt", data=b"a", max_bytes=1024
    )
    command = ChangeTicket(
        fields=[TicketUpdate(title="Renamed"), TicketUpdate(is_spam=True)],
        articles=[
            ArticleDraft(CommentCreate(body="Done", subject="Fixed"), mail=MailOut(to=["c@x.org"]))
        ],
        upload_refs=[upload.upload_ref or ""],
    )

    changed = change_ticket(session, who, resources, ticket.id, command)

    assert (changed.ticket.title, changed.ticket.is_spam) == ("Renamed", True)
    assert [a.filename for a in changed.attachments] == ["a.txt"]
    mail = session.scalars(
        select(OutgoingMail).where(OutgoingMail.comment_id == changed.articles[0].id)
    ).one()
    assert mail.subject == f"[Ticket#{ticket.number}] Fixed"
    assert mail.from_address == "desk@example.com"
    assert mail.to_addresses == "c@x.org"


def test_post_article_by_the_requester_and_refused_time(
    session: Session, resources: Resources
) -> None:
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, customer)
    comment = post_article(
        session,
        actor(session, customer),
        resources,
        ticket.id,
        ArticleDraft(CommentCreate(body="Any news?")),
    )
    assert comment.author_id == customer.id
    with pytest.raises(DomainError):
        post_article(
            session,
            actor(session, customer),
            resources,
            ticket.id,
            ArticleDraft(CommentCreate(body="I worked on it"), time_seconds=60),
        )


def test_only_admins_act_as_someone_else(session: Session) -> None:
    admin, agent, other = (make_user(session, Role.ADMIN), make_user(session), make_user(session))
    assert act_as(session, actor(session, admin), other.id).user_id == other.id
    assert act_as(session, actor(session, agent), agent.id) == actor(session, agent)
    assert act_as(session, actor(session, agent), None) == actor(session, agent)
    with pytest.raises(PermissionDenied) as denied:
        act_as(session, actor(session, agent), other.id)
    assert denied.value.code == "actor.act_as_denied"
