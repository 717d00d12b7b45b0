"""Mail to a ticket's cc addresses when the ticket service opens or changes it: written by
the ``mail.cc_notices`` event subscriber, so after the change commits and the worker runs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.models.catalogs import StatusCategory
from polydesk.models.jobs import OutgoingMail
from polydesk.settings.service import NOTIFICATION_FROM, set_setting
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket
from tests.jobs import commit_and_run_jobs


def _mails(session: Session) -> list[OutgoingMail]:
    return list(session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def test_cc_addresses_hear_of_a_new_ticket_and_of_each_change(session: Session) -> None:
    set_setting(session, SYSTEM, NOTIFICATION_FROM, "desk@acme.example")
    ticket = make_ticket(
        session, title="Printer", description="jammed", cc=["B@x.example", "a@x.example"]
    )
    commit_and_run_jobs(session)

    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Printer jammed", is_spam=False))
    commit_and_run_jobs(session)
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Printer jammed"))  # no change
    commit_and_run_jobs(session)

    created, changed = _mails(session)
    assert (created.from_address, created.to_addresses, created.cc_addresses) == (
        "desk@acme.example", "", "a@x.example, b@x.example"
    )  # fmt: skip
    assert created.subject == f"[Ticket#{ticket.number}] New ticket: Printer"
    assert "jammed" in created.body and "Status: New" in created.body
    assert changed.subject == f"[Ticket#{ticket.number}] Updated: Printer jammed"
    assert "Changed: title" in changed.body and changed.ticket_id == ticket.id


def test_no_cc_no_mail(session: Session) -> None:
    ticket = make_ticket(session)
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Other"))
    commit_and_run_jobs(session)

    assert _mails(session) == []


def test_cc_given_in_two_cases_is_kept_once(session: Session) -> None:
    ticket = make_ticket(session, cc=["Boss@x.example", "boss@x.example"])

    assert [cc.email for cc in ticket.cc] == ["boss@x.example"]


def test_one_notice_names_everything_one_transaction_changed(session: Session) -> None:
    ticket = make_ticket(session, title="Printer", cc=["a@x.example"])
    commit_and_run_jobs(session)
    closed = status_for(session, StatusCategory.CLOSED)

    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Printer jammed"))
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(priority_id=1, status_id=closed.id))
    commit_and_run_jobs(session)

    created, changed = _mails(session)
    assert "New ticket" in created.subject
    assert "Changed: priority, status, title" in changed.body
    assert f"Status: {closed.name}" in changed.body
