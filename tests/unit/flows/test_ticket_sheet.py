"""``flows.ticket_sheet``: the ticket page's read model costs the same number of statements for
a ticket with one of everything as for one with many (no N+1), names what it shows, applies
the core's visibility (a customer's sheet has no internal parts), and ``sheet_if_changed``
answers None until the ticket changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from polydesk.approvals.service import request_approval
from polydesk.attachments.store import LocalFileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.customfields.service import CustomFieldCreate, create_field, set_ticket_values
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft, FileUpload, Resources
from polydesk.flows.ticket_sheet import sheet_if_changed, ticket_dues, ticket_sheet
from polydesk.models.customfields import FieldType
from polydesk.models.tickets import ParticipantRole
from polydesk.tickets.links import link_tickets
from polydesk.tickets.participants import add_participants
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.timetracking.service import TimeEntryCreate, log_time
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements


def _resources(tmp: Path) -> Resources:
    return Resources(LocalFileStore(tmp), 1_000_000, "desk@example.com")


def _busy_ticket(session: Session, resources: Resources, times: int) -> tuple[int, Actor, Actor]:
    """A ticket with ``times`` of every part: articles with files, notes, time, history,
    participants, links, approvals with votes, custom values."""
    desk = make_helpdesk(session)
    agents = [make_user(session, Role.AGENT, helpdesks=[desk]) for _ in range(times)]
    cy = make_user(session, Role.CUSTOMER)
    ann = actor(session, agents[0])
    ticket = make_ticket(session, helpdesk_id=desk.id, requester_id=cy.id, owner_id=agents[0].id)
    for n in range(times):
        who = actor(session, agents[n])
        draft = ArticleDraft(CommentCreate(body=f"reply {n}"), [FileUpload(f"f{n}.txt", b"data")])
        post_article(session, who, resources, ticket.id, draft)
        add_comment(session, who, ticket.id, CommentCreate(body=f"note {n}", is_public=False))
        log_time(session, who, ticket.id, TimeEntryCreate(duration_seconds=60 * (n + 1)))
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(owner_id=agents[n].id))
        link_tickets(session, ann, ticket.id, [make_ticket(session, helpdesk_id=desk.id).id])
        request_approval(
            session, ann, ticket.id, voter_ids=[a.id for a in agents], description=f"approval {n}"
        )
        field = create_field(
            session,
            SYSTEM,
            CustomFieldCreate(
                name=f"field_{ticket.id}_{n}", label=f"Field {n}", field_type=FieldType.TEXT
            ),
        )
        set_ticket_values(session, SYSTEM, ticket.id, {field.id: f"value {n}"})
    add_participants(session, SYSTEM, ticket.id, ParticipantRole.OBSERVER, [a.id for a in agents])
    session.flush()
    return ticket.id, ann, actor(session, cy)


def test_the_sheet_costs_the_same_statements_for_one_or_many_parts(
    session: Session, tmp_path: Path
) -> None:
    resources = _resources(tmp_path)
    small, ann_small, _ = _busy_ticket(session, resources, 1)
    large, ann_large, _ = _busy_ticket(session, resources, 4)
    session.expire_all()
    with sql_statements(session.connection()) as one:
        ticket_sheet(session, ann_small, small)
    session.expire_all()
    with sql_statements(session.connection()) as many:
        sheet = ticket_sheet(session, ann_large, large)
    assert len(many) == len(one) <= 25, many
    assert len(sheet.articles) == 8 and sum(len(a.files) for a in sheet.articles) == 4
    assert len(sheet.time) == 4 and sheet.time_total_seconds == 60 * (1 + 2 + 3 + 4)
    assert len(sheet.links) == 4 and len(sheet.approvals) == 4
    assert all(len(view.votes) == 4 for view in sheet.approvals)
    assert [label for label, _ in sheet.custom] == ["Field 0", "Field 1", "Field 2", "Field 3"]
    assert len(sheet.observers) == 4 and all(name for name in sheet.observers)
    owners = [line.text for line in sheet.history if line.text.startswith("Owner")]
    assert owners and all("user " not in text for text in owners)  # names, never bare ids


def test_a_customer_sheet_has_no_internal_parts(session: Session, tmp_path: Path) -> None:
    ticket_id, _, cy = _busy_ticket(session, _resources(tmp_path), 2)
    sheet = ticket_sheet(session, cy, ticket_id)
    assert [a.comment.body for a in sheet.articles] == ["reply 0", "reply 1"]
    assert all("internal note" not in line.text for line in sheet.history)


def test_sheet_if_changed_is_none_until_the_ticket_changes(
    session: Session, tmp_path: Path
) -> None:
    ticket_id, ann, _ = _busy_ticket(session, _resources(tmp_path), 1)
    stamp = ticket_sheet(session, ann, ticket_id).stamp
    with sql_statements(session.connection()) as quiet:
        assert sheet_if_changed(session, ann, ticket_id, stamp) is None
    assert len(quiet) <= 3  # the ticket (and its tags / cc), nothing else
    add_comment(session, ann, ticket_id, CommentCreate(body="new"))
    session.flush()
    changed = sheet_if_changed(session, ann, ticket_id, stamp)
    assert changed is not None and changed.stamp != stamp
    assert changed.articles[-1].comment.body == "new"


def test_due_states() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

    class T:  # the ticket fields ticket_dues reads
        first_response_due_at = now - timedelta(hours=2)
        first_response_at = now - timedelta(hours=3)
        update_due_at = now - timedelta(minutes=1)
        resolution_due_at = now + timedelta(minutes=30)
        solved_at = closed_at = sla_paused_at = None

    states = [(d.label, d.state) for d in ticket_dues(T(), now)]  # type: ignore[arg-type]
    assert states == [
        ("First response", "met"),
        ("Next update", "breached"),
        ("Resolution", "at_risk"),
    ]
    T.resolution_due_at = now + timedelta(hours=5)
    T.sla_paused_at = now
    assert ticket_dues(T(), now)[-1].state == "paused"  # type: ignore[arg-type]
    T.first_response_at = now
    assert ticket_dues(T(), now)[0].state == "late"  # type: ignore[arg-type]
