"""emit: events are rows of the change's own transaction, with one dispatch job per
transaction; the services emit them where the state changes."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.db.engine import make_session_factory
from polydesk.events.catalogue import FieldChange, TicketChanged
from polydesk.events.service import DISPATCH_JOB, emit, ticket_events
from polydesk.models.catalogs import StatusCategory
from polydesk.models.events import EventRecord
from polydesk.models.jobs import Job
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket


def _count(session: Session, model: type[EventRecord] | type[Job]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_rolled_back_change_leaves_no_event_and_no_job(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    with factory() as session:
        make_ticket(session, title="Never")
        assert _count(session, EventRecord) == 1 and _count(session, Job) == 1
        session.rollback()

    with factory() as session:
        assert (_count(session, EventRecord), _count(session, Job)) == (0, 0)


def test_one_dispatch_job_per_transaction(session: Session) -> None:
    ticket = make_ticket(session, title="Printer")
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Printer jammed"))
    session.commit()
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Printer fixed"))
    session.commit()

    records = ticket_events(session, ticket.id)
    jobs = list(session.scalars(select(Job).order_by(Job.id)))
    kinds = [record.kind for record in records]
    assert kinds == ["ticket.opened", "ticket.changed", "ticket.changed"]
    assert [job.kind for job in jobs] == [DISPATCH_JOB, DISPATCH_JOB]
    batches = [record.batch for record in records]
    assert batches[0] == batches[1] != batches[2]
    assert [job.payload["batch"] for job in jobs] == [batches[0], batches[2]]


def test_a_savepoint_rolled_back_with_the_job_starts_a_new_batch(session: Session) -> None:
    ticket = make_ticket(session)
    session.commit()
    event = TicketChanged(ticket_id=ticket.id, changes=(FieldChange(field="title"),))
    with session.begin_nested() as savepoint:
        emit(session, SYSTEM, event)
        savepoint.rollback()
    kept = emit(session, SYSTEM, event)
    session.commit()

    jobs = session.scalars(select(Job)).all()
    assert [job.kind for job in jobs if job.payload["batch"] == kept.batch] == [DISPATCH_JOB]
    assert _count(session, EventRecord) == 2  # the opening and the one kept


def test_an_update_records_what_changed_with_old_and_new_values(session: Session) -> None:
    ticket = make_ticket(session, title="Printer", tags=["b"])
    opened_in, closed = ticket.status_id, status_for(session, StatusCategory.CLOSED)

    update_ticket(
        session, SYSTEM, ticket.id,
        TicketUpdate(title="Printer jammed", tags=["a", "b"], status_id=closed.id),
    )  # fmt: skip

    kinds = [record.kind for record in ticket_events(session, ticket.id)]
    assert kinds == ["ticket.opened", "ticket.status_moved", "ticket.changed"]
    moved, changed = ticket_events(session, ticket.id)[1:]
    assert moved.payload["closed"] is True and moved.payload["new_category"] == "closed"
    assert changed.payload["changes"] == [
        {"field": "status_id", "old": opened_in, "new": closed.id},
        {"field": "tags", "old": ["b"], "new": ["a", "b"]},
        {"field": "title", "old": "Printer", "new": "Printer jammed"},
    ]
    assert changed.actor_id is None and changed.ticket_id == ticket.id
