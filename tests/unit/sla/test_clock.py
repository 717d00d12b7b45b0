"""The SLA clock in the write path, with a frozen clock: due times at creation, pause and
resume, first response, next update, end and reopen, the SLA chosen again."""

from __future__ import annotations

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.helpdesks.calendars import CalendarCreate, Span, create_calendar
from polydesk.helpdesks.sla_rules import SlaRuleCreate, create_sla_rule
from polydesk.models.catalogs import StatusCategory
from polydesk.models.comments import SenderType
from polydesk.models.tickets import Ticket, WaitingFor
from polydesk.sla.check import check_due
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.solution import reopen_ticket
from polydesk.tickets.transition import move_ticket
from polydesk.tickets.waiting import start_waiting
from tests.factories import make_helpdesk
from tests.unit.sla.conftest import T0, SlaWorld, make_sla, minutes


def _dues(ticket: Ticket) -> tuple[object, object, object]:
    return ticket.first_response_due_at, ticket.update_due_at, ticket.resolution_due_at


def _say(world: SlaWorld, ticket: Ticket, at_minute: float, *, agent: bool, public: bool = True):
    who = world.agent_actor if agent else world.customer_actor
    with frozen(minutes(at_minute)):
        return add_comment(
            world.session, who, ticket.id, CommentCreate(body="words", is_public=public)
        )


def _resolve(world: SlaWorld, ticket: Ticket, at_minute: float) -> None:
    with frozen(minutes(at_minute)):
        resolved = status_for(world.session, StatusCategory.RESOLVED)
        move_ticket(world.session, world.agent_actor, ticket, resolved, minutes(at_minute))


def test_creation_computes_every_due_time_from_the_help_desk_sla(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    assert ticket.sla_id == sla_world.sla.id and not ticket.sla_pinned
    assert _dues(ticket) == (minutes(60), minutes(240), minutes(480))
    assert ticket.sla_next_check_at == minutes(30)  # the first response's 50 % warning


def test_no_sla_anywhere_means_no_due_times(session) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_ticket

    desk = make_helpdesk(session)
    with frozen(T0):
        ticket = make_ticket(session, helpdesk_id=desk.id)
    assert ticket.sla_id is None and _dues(ticket) == (None, None, None)
    assert ticket.sla_next_check_at is None


def test_waiting_stops_the_clock_and_resume_shifts_every_due_time(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    with frozen(minutes(10)):
        start_waiting(sla_world.session, sla_world.agent_actor, ticket.id, WaitingFor.CUSTOMER)
    assert ticket.sla_paused_at == minutes(10) and ticket.sla_next_check_at is None
    # Long past the first response's due time: the paused ticket is not checked, not breached.
    assert check_due(sla_world.session, minutes(200)) == 0
    assert not ticket.sla_breached and sla_world.marks(ticket) == []
    _say(sla_world, ticket, 130, agent=False)  # the customer's reply ends the wait
    assert ticket.sla_paused_at is None and ticket.sla_paused_seconds == 120 * 60
    assert _dues(ticket) == (minutes(180), minutes(360), minutes(600))
    assert ticket.sla_next_check_at == minutes(150)


def test_the_first_public_agent_answer_meets_the_first_response(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    _say(sla_world, ticket, 20, agent=True, public=False)  # internal: not an answer
    assert ticket.first_response_at is None and ticket.first_response_due_at == minutes(60)
    _say(sla_world, ticket, 45, agent=True)
    assert ticket.first_response_at == minutes(45)
    assert _dues(ticket) == (None, minutes(45 + 240), minutes(480))
    assert not ticket.sla_breached


def test_a_late_first_response_marks_the_ticket_breached(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    _say(sla_world, ticket, 61, agent=True)
    assert ticket.sla_breached and ticket.first_response_due_at is None


def test_next_update_follows_who_spoke_last(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    _say(sla_world, ticket, 30, agent=False)  # customer after the opening: unchanged
    assert ticket.update_due_at == minutes(240)
    _say(sla_world, ticket, 40, agent=True)  # agent: due from its time
    assert ticket.update_due_at == minutes(40 + 240)
    _say(sla_world, ticket, 100, agent=False)  # customer after agent: from the customer's time
    assert ticket.update_due_at == minutes(100 + 240)
    _say(sla_world, ticket, 150, agent=False)  # customer after customer: unchanged
    assert ticket.update_due_at == minutes(100 + 240)
    comment = _say(sla_world, ticket, 160, agent=True)
    assert comment.sender_type is SenderType.AGENT and ticket.update_due_at == minutes(400)


def test_ending_clears_the_due_times_and_reopening_recomputes_them(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    with frozen(minutes(10)):
        start_waiting(sla_world.session, sla_world.agent_actor, ticket.id, WaitingFor.CUSTOMER)
    _say(sla_world, ticket, 70, agent=False)  # paused 60 minutes
    _say(sla_world, ticket, 80, agent=True)
    _resolve(sla_world, ticket, 90)
    assert _dues(ticket) == (None, None, None) and ticket.sla_next_check_at is None
    with frozen(minutes(100)):
        reopen_ticket(sla_world.session, sla_world.customer_actor, ticket.id)
    # Resolution from creation, counting the hour it waited; first response already met.
    assert ticket.resolution_due_at == minutes(480 + 60)
    assert ticket.first_response_due_at is None and ticket.update_due_at == minutes(80 + 240)


def test_resolving_late_marks_the_ticket_breached(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    _resolve(sla_world, ticket, 481)
    assert ticket.sla_breached and _dues(ticket) == (None, None, None)


def test_a_priority_change_chooses_the_sla_again(sla_world: SlaWorld) -> None:
    urgent = make_sla(sla_world.session, "Urgent", first_response_minutes=15, update_minutes=None)
    high = get_catalog_item_by_name(sla_world.session, "priority", "High")
    assert high is not None
    create_sla_rule(
        sla_world.session, SYSTEM, SlaRuleCreate(name="High", sla_id=urgent.id, priority_id=high.id)
    )
    ticket = sla_world.ticket()
    assert ticket.sla_id == sla_world.sla.id
    with frozen(minutes(5)):
        update_ticket(
            sla_world.session, sla_world.agent_actor, ticket.id, TicketUpdate(priority_id=high.id)
        )
    assert ticket.sla_id == urgent.id
    assert _dues(ticket) == (minutes(15), None, minutes(480))


def test_an_sla_named_by_the_caller_stays_when_rules_would_choose_another(
    sla_world: SlaWorld,
) -> None:
    named = make_sla(sla_world.session, "Named", first_response_minutes=5)
    ticket = sla_world.ticket()
    with frozen(T0):
        update_ticket(
            sla_world.session, sla_world.agent_actor, ticket.id, TicketUpdate(sla_id=named.id)
        )
    assert ticket.sla_pinned and ticket.first_response_due_at == minutes(5)
    other = make_helpdesk(sla_world.session)
    with frozen(minutes(1)):
        update_ticket(sla_world.session, SYSTEM, ticket.id, TicketUpdate(helpdesk_id=other.id))
    assert ticket.sla_id == named.id
    with frozen(minutes(2)):
        update_ticket(sla_world.session, SYSTEM, ticket.id, TicketUpdate(sla_disabled=True))
    assert ticket.sla_id is None and _dues(ticket) == (None, None, None)


def test_business_hours_sla_counts_only_working_time(sla_world: SlaWorld) -> None:
    calendar = create_calendar(
        sla_world.session,
        SYSTEM,
        CalendarCreate(
            name="Madrid office",
            time_zone="Europe/Madrid",
            hours=[Span(weekday=d, start_minute=540, end_minute=1080) for d in range(5)],
        ),
    )
    office = make_sla(
        sla_world.session, "Office", business_hours_only=True, calendar_id=calendar.id
    )
    desk = make_helpdesk(sla_world.session)
    desk.sla_id = office.id
    # Friday 2026-03-06 17:30 Madrid (16:30 UTC): 30 minutes left that day, 30 on Monday.
    friday = T0.replace(day=6, hour=16, minute=30)
    ticket = sla_world.ticket(at=friday, helpdesk_id=desk.id)
    assert ticket.first_response_due_at == T0.replace(day=9, hour=8, minute=30)


def test_reopening_into_a_waiting_status_keeps_the_clock_stopped_with_due_times(
    sla_world: SlaWorld,
) -> None:
    ticket = sla_world.ticket()
    _resolve(sla_world, ticket, 30)
    session = sla_world.session
    waiting = status_for(session, StatusCategory.WAITING)
    move_ticket(session, sla_world.agent_actor, ticket, waiting, minutes(40))
    assert ticket.resolution_due_at == minutes(480) and ticket.sla_next_check_at is None
    opened = status_for(session, StatusCategory.OPEN)
    move_ticket(session, sla_world.agent_actor, ticket, opened, minutes(100))
    # Resumed after 60 paused minutes: every due time moved by them.
    assert _dues(ticket) == (minutes(120), minutes(300), minutes(540))
