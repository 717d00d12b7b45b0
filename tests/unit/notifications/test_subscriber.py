"""Notifications reach a real SMTP server: who gets what for each event, in their language,
once per person and transaction, never the actor, never an internal note to a customer."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.approvals.service import add_voter, request_approval
from polydesk.attachments.store import LocalFileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.db.engine import make_session_factory
from polydesk.events.catalogue import SlaBreached
from polydesk.events.service import emit
from polydesk.mail.sender import SmtpConfig, send_due_mail
from polydesk.models.approvals import Approval
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import ParticipantRole, Ticket
from polydesk.notifications import admin
from polydesk.tickets.participants import add_participants
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.solution import propose_solution
from tests.factories import actor, make_ticket, make_user
from tests.jobs import commit_and_run_jobs, run_jobs
from tests.queries import sql_statements
from tests.unit.mail.smtp_server import Recorder
from tests.unit.notifications.conftest import Desk

Server = tuple[Recorder, SmtpConfig]


def _deliver(session: Session, server: Server, tmp_path: object) -> dict[str, EmailMessage]:
    """Commit, run the subscribers, send the outbox over SMTP; the messages by recipient."""
    recorder, config = server
    recorder.envelopes.clear()
    commit_and_run_jobs(session)
    factory = make_session_factory(session.get_bind().engine)
    send_due_mail(factory, LocalFileStore(str(tmp_path)), config)
    by_recipient: dict[str, EmailMessage] = {}
    for envelope, message in zip(recorder.envelopes, recorder.messages(), strict=True):
        [address] = envelope.rcpt_tos
        assert address not in by_recipient, f"{address} got two mails"
        by_recipient[address] = message
    return by_recipient


def _open(session: Session, desk: Desk) -> Ticket:
    return make_ticket(
        session, desk.carla, title="Printer on fire", description="smoke",
        helpdesk_id=desk.helpdesk.id,
    )  # fmt: skip


def test_a_new_unowned_ticket_reaches_the_desk_not_the_requester_who_opened_it(
    session: Session, desk: Desk, smtp_server: Server, tmp_path: object
) -> None:
    ticket = _open(session, desk)

    mails = _deliver(session, smtp_server, tmp_path)

    assert sorted(mails) == ["ann@example.com", "bob@example.com"]
    message = mails["ann@example.com"]
    assert str(message["Subject"]) == f"[Ticket#{ticket.number}] New ticket: Printer on fire"
    assert message["Message-ID"]
    assert message["X-Polydesk-Events"] == "ticket.opened"
    assert "was opened by carla" in message.get_content()


def test_replies_go_to_requester_and_observers_in_their_language_notes_to_agents_only(
    session: Session, desk: Desk, smtp_server: Server, tmp_path: object
) -> None:
    ticket = _open(session, desk)
    ann = actor(session, desk.ann)
    update_ticket(session, ann, ticket.id, TicketUpdate(owner_id=desk.ann.id))
    add_participants(session, ann, ticket.id, ParticipantRole.OBSERVER, [desk.dieter.id])
    _deliver(session, smtp_server, tmp_path)

    add_comment(session, ann, ticket.id, CommentCreate(body="We are on it", subject="Hi"))
    public = _deliver(session, smtp_server, tmp_path)
    add_comment(session, ann, ticket.id, CommentCreate(body="fire brigade?", is_public=False))
    internal = _deliver(session, smtp_server, tmp_path)

    assert sorted(public) == ["carla@example.com", "dieter@example.com"]  # not ann: she wrote
    assert str(public["carla@example.com"]["Subject"]).endswith("Respuesta: Printer on fire")
    assert "escribió" in public["carla@example.com"].get_content()
    assert "We are on it" in public["carla@example.com"].get_content()
    assert str(public["dieter@example.com"]["Subject"]).endswith("Antwort: Printer on fire")
    assert sorted(internal) == ["dieter@example.com"]
    assert "fire brigade?" in internal["dieter@example.com"].get_content()


def test_one_mail_per_person_names_everything_the_transaction_did(
    session: Session, desk: Desk, smtp_server: Server, tmp_path: object
) -> None:
    ticket = _open(session, desk)
    ann = actor(session, desk.ann)
    update_ticket(session, ann, ticket.id, TicketUpdate(owner_id=desk.ann.id))
    _deliver(session, smtp_server, tmp_path)

    propose_solution(session, ann, ticket.id, "Replaced the fuser")
    mails = _deliver(session, smtp_server, tmp_path)

    assert sorted(mails) == ["carla@example.com"]
    message = mails["carla@example.com"]
    assert str(message["Subject"]).endswith("Solución propuesta: Printer on fire")
    assert message["X-Polydesk-Events"] == "solution.proposed, ticket.status_moved"
    body = message.get_content()
    assert "Replaced the fuser" in body and "pasó de" in body


def test_voters_hear_of_an_approval_and_disabled_or_addressless_users_never(
    session: Session, desk: Desk, smtp_server: Server, tmp_path: object
) -> None:
    ticket = _open(session, desk)
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(owner_id=desk.ann.id))
    _deliver(session, smtp_server, tmp_path)
    voters = [desk.bob.id, desk.dieter.id, desk.carla.id]

    request_approval(session, actor(session, desk.ann), ticket.id, voter_ids=voters)
    desk.bob.is_enabled = False  # before the worker runs
    desk.dieter.email = None
    mails = _deliver(session, smtp_server, tmp_path)

    assert sorted(mails) == ["carla@example.com"]
    assert "Aprobación solicitada" in str(mails["carla@example.com"]["Subject"])
    erik = make_user(session, login="erik")
    erik.language = "de"
    approval_id = session.scalars(select(Approval.id).where(Approval.ticket_id == ticket.id)).one()
    assert add_voter(session, actor(session, desk.ann), approval_id, erik.id)
    added = _deliver(session, smtp_server, tmp_path)
    assert sorted(added) == ["erik@example.com"]  # the new voter only, asked the same way
    assert "Genehmigung angefragt" in str(added["erik@example.com"]["Subject"])
    assert "(custom)" in added["erik@example.com"].get_content()


def test_an_override_template_and_a_switched_off_recipient_kind(
    session: Session, desk: Desk, smtp_server: Server, tmp_path: object
) -> None:
    template = admin.TemplateText("en", "Fresh: {ticket_title} ({helpdesk})", "For {recipient}")
    admin.set_template(session, SYSTEM, "ticket.opened", template)
    admin.set_switch(session, SYSTEM, "ticket.opened", "requester", False)
    make_ticket(
        session, desk.ann, title="Desk move", helpdesk_id=desk.helpdesk.id,
        requester_id=desk.dieter.id,
    )  # fmt: skip

    mails = _deliver(session, smtp_server, tmp_path)

    assert sorted(mails) == ["bob@example.com"]  # not ann (actor), not dieter (switched off)
    message = mails["bob@example.com"]
    assert str(message["Subject"]).endswith(f"Fresh: Desk move ({desk.helpdesk.name})")
    assert message.get_content().strip() == "For bob"


def test_no_one_to_tell_no_mail(session: Session) -> None:
    make_ticket(session, title="Nobody around")
    commit_and_run_jobs(session)

    assert session.scalars(select(OutgoingMail)).first() is None


def test_forced_users_hear_of_a_silenced_note_but_a_customer_is_never_forced(
    session: Session, desk: Desk, smtp_server: Server, tmp_path: object
) -> None:
    ticket = _open(session, desk)
    ann = actor(session, desk.ann)
    update_ticket(session, ann, ticket.id, TicketUpdate(owner_id=desk.ann.id))
    _deliver(session, smtp_server, tmp_path)
    note = CommentCreate(
        body="quiet", is_public=False, no_agent_notify=True,
        notify_user_ids=[desk.dieter.id, desk.carla.id, desk.ann.id],
    )  # fmt: skip

    add_comment(session, actor(session, desk.bob), ticket.id, note)
    mails = _deliver(session, smtp_server, tmp_path)

    assert sorted(mails) == ["ann@example.com", "dieter@example.com"]  # not carla: a customer


def test_agent_only_events_reach_the_owner_never_the_customer(
    session: Session, desk: Desk, smtp_server: Server, tmp_path: object
) -> None:
    ticket = _open(session, desk)
    _deliver(session, smtp_server, tmp_path)

    update_ticket(session, actor(session, desk.bob), ticket.id, TicketUpdate(owner_id=desk.ann.id))
    assigned = _deliver(session, smtp_server, tmp_path)
    breach = SlaBreached(ticket_id=ticket.id, target="first_response", due_at="2026-03-02T10:00")
    emit(session, SYSTEM, breach)
    breached = _deliver(session, smtp_server, tmp_path)

    assert sorted(assigned) == ["ann@example.com"]  # not bob (actor), not carla (agents only)
    assert str(assigned["ann@example.com"]["Subject"]).endswith("Assigned: Printer on fire")
    assert sorted(breached) == ["ann@example.com"]  # the owner; the desk only while unowned
    assert (
        "first response target was due at 2026-03-02T10:00"
        in breached["ann@example.com"].get_content()
    )


def test_the_statements_do_not_grow_with_the_people_told(session: Session, desk: Desk) -> None:
    ticket = _open(session, desk)
    ann = actor(session, desk.ann)
    update_ticket(session, ann, ticket.id, TicketUpdate(owner_id=desk.ann.id))
    add_participants(session, ann, ticket.id, ParticipantRole.OBSERVER, [desk.dieter.id])
    commit_and_run_jobs(session)

    def statements_for_a_reply() -> list[str]:
        add_comment(session, ann, ticket.id, CommentCreate(body="news"))
        session.commit()
        engine = session.get_bind().engine
        with sql_statements(engine) as seen:
            run_jobs(make_session_factory(engine))
        return [text for text in seen if not text.startswith("INSERT INTO outgoing_mail")]

    few = statements_for_a_reply()
    more = [make_user(session, login=f"watcher{n}").id for n in range(8)]
    add_participants(session, ann, ticket.id, ParticipantRole.OBSERVER, more)
    commit_and_run_jobs(session)
    many = statements_for_a_reply()

    mails = session.scalars(select(OutgoingMail).where(OutgoingMail.ticket_id == ticket.id))
    assert len([mail for mail in mails if "news" in mail.body]) == 2 + 10  # carla, dieter; +8
    assert len(many) == len(few)  # one read of each thing, however many people are told
