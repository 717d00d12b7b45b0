"""Event triggers: woken after commit by the worker, conditions on the ticket and the change,
actions through the core's services, a logged run, and a loop guard."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.events.service import ticket_events
from polydesk.models.automation import ExecutionOutcome
from polydesk.models.history import HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket, make_user
from tests.jobs import commit_and_run_jobs
from tests.unit.automation.conftest import add_trigger, executions, priority_ids, status_id


def _ticket(session: Session, ticket_id: int) -> Ticket:
    session.expire_all()
    return session.get_one(Ticket, ticket_id)


def test_a_trigger_runs_after_commit_on_its_event_when_conditions_hold(session: Session) -> None:
    low, high = priority_ids(session)[2], priority_ids(session)[4]
    add_trigger(
        session, "urgent words", "ticket.opened",
        [{"field": "title", "op": "contains", "value": "outage"}],
        [{"type": "set", "field": "priority", "value": high}],
    )  # fmt: skip
    hit = make_ticket(session, title="Mail OUTAGE", priority_id=low)
    miss = make_ticket(session, title="Printer", priority_id=low)
    assert executions(session) == []  # nothing before commit

    commit_and_run_jobs(session)

    assert _ticket(session, hit.id).priority_id == high
    assert _ticket(session, miss.id).priority_id == low
    (run,) = executions(session)
    assert (run.ticket_id, run.event, run.outcome) == (hit.id, "ticket.opened", ExecutionOutcome.OK)
    assert run.actions_done == ["set priority"] and run.finished_at is not None
    # Written as any change is: history by no user, and the trigger.ran event.
    history = session.scalars(select(HistoryEvent).where(HistoryEvent.ticket_id == hit.id))
    assert any(h.field == "priority_id" and h.actor_id is None for h in history)
    kinds = [e.kind for e in ticket_events(session, hit.id)]
    assert "trigger.ran" in kinds


def test_changed_to_reads_the_change_that_woke_the_trigger(session: Session) -> None:
    waiting = status_id(session, "Waiting for customer")
    add_trigger(
        session, "ask the customer", "ticket.status_moved",
        [{"field": "status", "op": "changed_to", "value": waiting}],
        [{"type": "comment", "body": "We need your answer on {{number}}", "public": True}],
    )  # fmt: skip
    ticket = make_ticket(session)
    commit_and_run_jobs(session)
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(status_id=status_id(session, "Open")))
    commit_and_run_jobs(session)
    assert executions(session) == []

    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(status_id=waiting))
    commit_and_run_jobs(session)

    (run,) = executions(session)
    assert run.actions_done == ["comment public"]


def test_a_trigger_does_not_wake_itself_and_chains_stop(session: Session) -> None:
    # Each trigger's change is a ticket.changed that would wake both again without the guard.
    add_trigger(
        session, "tag a", "ticket.changed", [], [{"type": "add_tags", "tags": ["a"]}], position=1
    )
    add_trigger(
        session, "tag b", "ticket.changed", [], [{"type": "add_tags", "tags": ["b"]}], position=2
    )
    ticket = make_ticket(session)
    commit_and_run_jobs(session)

    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Changed"))
    commit_and_run_jobs(session)

    runs = executions(session)
    # Both ran once on the person's change; their own changes woke neither again.
    assert sorted(run.actions_done[0] for run in runs) == ["add_tags", "add_tags"]
    assert len(runs) == 2
    assert sorted(tag.tag for tag in _tags(session, ticket.id)) == ["a", "b"]


def _tags(session: Session, ticket_id: int) -> list[object]:
    from polydesk.models.tickets import TicketTag

    return list(session.scalars(select(TicketTag).where(TicketTag.ticket_id == ticket_id)))


def test_a_failing_action_is_logged_and_rolls_back_only_that_trigger(session: Session) -> None:
    ticket = make_ticket(session)
    customer = make_user(session, Role.CUSTOMER)
    high = priority_ids(session)[4]
    first = add_trigger(
        session, "first", "ticket.changed", [],
        # A customer cannot own a ticket: the second action is refused when it runs.
        [{"type": "add_tags", "tags": ["seen"]}, {"type": "assign", "owner": customer.id}],
        position=1,
    )  # fmt: skip
    add_trigger(
        session, "second", "ticket.changed", [],
        [{"type": "set", "field": "priority", "value": high}], position=2,
    )  # fmt: skip
    commit_and_run_jobs(session)
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Changed"))
    commit_and_run_jobs(session)

    runs = {run.trigger_id: run for run in executions(session)}
    assert runs[first.id].outcome is ExecutionOutcome.FAILED
    assert "owner" in runs[first.id].error and runs[first.id].actions_done == []
    assert _tags(session, ticket.id) == []  # its first action was rolled back with it
    assert _ticket(session, ticket.id).priority_id == high  # the other trigger still ran
    assert sorted(run.outcome.value for run in runs.values()) == ["failed", "ok"]


def test_event_fields_and_disabled_triggers(session: Session) -> None:
    add_trigger(
        session, "customer replied", "article.posted",
        [{"field": "event.sender_type", "op": "is", "value": "customer"}],
        [{"type": "add_tags", "tags": ["replied"]}],
    )  # fmt: skip
    add_trigger(
        session, "off", "article.posted", [], [{"type": "add_tags", "tags": ["off"]}],
        is_enabled=False,
    )  # fmt: skip
    from polydesk.comments.schemas import CommentCreate
    from polydesk.comments.service import add_comment
    from polydesk.models.comments import SenderType

    ticket = make_ticket(session)
    add_comment(session, SYSTEM, ticket.id, CommentCreate(body="agent note"))
    commit_and_run_jobs(session)
    assert executions(session) == []

    reply = CommentCreate(body="thanks", sender_type=SenderType.CUSTOMER)
    add_comment(session, SYSTEM, ticket.id, reply)
    commit_and_run_jobs(session)

    (run,) = executions(session)
    assert run.event == "article.posted" and [t.tag for t in _tags(session, ticket.id)] == [
        "replied"
    ]
