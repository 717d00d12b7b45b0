"""Each trigger action, run by the engine through the core's services, and the checks that
refuse a broken action when the trigger is saved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import ValidationFailed
from polydesk.db.engine import make_session_factory
from polydesk.mail.sender import SmtpConfig, send_due_mail
from polydesk.models.automation import WebhookDelivery
from polydesk.models.comments import Comment, SenderType
from polydesk.models.groups import Group
from polydesk.models.tickets import Ticket, TicketTag
from polydesk.runtime import Runtime
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_helpdesk, make_ticket, make_user
from tests.jobs import commit_and_run_jobs
from tests.unit.automation.conftest import add_trigger, executions, priority_ids, status_id
from tests.unit.mail.smtp_server import Recorder, running_smtp_server


def _fire(session: Session, actions: list[dict[str, Any]], **ticket: Any) -> Ticket:
    """A trigger with ``actions`` on every new ticket; a ticket opened and the worker run."""
    add_trigger(session, f"t{len(executions(session))}", "ticket.opened", [], actions)
    made = make_ticket(session, **ticket)
    commit_and_run_jobs(session)
    session.expire_all()
    return session.get_one(Ticket, made.id)


def test_set_fields(session: Session) -> None:
    desk = make_helpdesk(session)
    urgent, resolved = priority_ids(session)[5], status_id(session, "Resolved")
    ticket = _fire(
        session,
        [
            {"type": "set", "field": "priority", "value": urgent},
            {"type": "set", "field": "helpdesk", "value": desk.id},
            {"type": "set", "field": "status", "value": resolved},
        ],
    )
    assert (ticket.priority_id, ticket.helpdesk_id, ticket.status_id) == (urgent, desk.id, resolved)
    (run,) = executions(session)
    assert run.actions_done == ["set priority", "set helpdesk", "set status"]


def test_tags_added_and_removed(session: Session) -> None:
    add_trigger(
        session, "retag", "ticket.changed", [],
        [{"type": "add_tags", "tags": ["new", "keep"]}, {"type": "remove_tags", "tags": ["old"]}],
    )  # fmt: skip
    ticket = make_ticket(session, tags=["old", "keep"])
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="changed"))
    commit_and_run_jobs(session)

    tags = session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == ticket.id))
    assert sorted(tags) == ["keep", "new"]


def test_assign_owner_and_group(session: Session) -> None:
    agent = make_user(session, Role.AGENT)
    group = Group(name="Second line")
    session.add(group)
    session.flush()
    ticket = _fire(session, [{"type": "assign", "owner": agent.id, "group": group.id}])
    assert (ticket.owner_id, ticket.assigned_group_id) == (agent.id, group.id)


def test_comments_public_and_internal_by_the_system(session: Session) -> None:
    ticket = _fire(
        session,
        [
            {"type": "comment", "body": "Got {{number}}: {{title}}", "public": True},
            {"type": "comment", "body": "note to agents"},
        ],
        title="Printer",
    )
    comments = list(
        session.scalars(select(Comment).where(Comment.ticket_id == ticket.id).order_by(Comment.id))
    )
    assert [(c.body, c.is_public) for c in comments] == [
        (f"Got {ticket.number}: Printer", True),
        ("note to agents", False),
    ]
    assert {c.sender_type for c in comments} == {SenderType.SYSTEM}
    assert {c.author_id for c in comments} == {None}


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, SmtpConfig]]:
    with running_smtp_server() as server:
        yield server


def test_mail_reaches_the_requester_and_an_address_over_smtp(
    session: Session, runtime: Runtime, smtp: tuple[Recorder, SmtpConfig]
) -> None:
    requester = make_user(session, Role.CUSTOMER, login="ann")
    _fire(
        session,
        [
            {"type": "mail", "to": "requester", "subject": "[{{number}}] received",
             "body": "We have your request."},
            {"type": "mail", "to": "address", "address": "ops@example.com", "subject": "New",
             "body": "{{title}}"},
            {"type": "mail", "to": "owner", "subject": "x", "body": "y"},  # no owner: skipped
        ],
        title="Laptop", requester_id=requester.id,
    )  # fmt: skip
    (run,) = executions(session)
    assert run.actions_done == ["mail requester", "mail address", "mail skipped: no owner address"]

    recorder, config = smtp
    factory = make_session_factory(session.get_bind().engine)
    # the trigger's two mails, and the requester's own "new ticket" notification
    assert send_due_mail(factory, runtime.store, config) == 3
    by_trigger = [m for m in recorder.messages() if m["X-Polydesk-Events"] is None]
    assert sorted(str(m["To"]) for m in by_trigger) == ["ann@example.com", "ops@example.com"]
    subjects = sorted(str(m["Subject"]) for m in by_trigger)
    assert subjects[0] == "New" and subjects[1].endswith("] received")


def test_webhook_action_writes_one_outbox_row_in_the_run(session: Session) -> None:
    from polydesk.automation.webhooks import WebhookCreate, create_webhook

    hook = create_webhook(
        session, SYSTEM, WebhookCreate(name="h", url="http://127.0.0.1:9/x", secret="x" * 16)
    )
    ticket = _fire(session, [{"type": "webhook", "webhook": hook.id}])
    (run,) = executions(session)
    (row,) = session.scalars(select(WebhookDelivery))
    assert (row.webhook_id, row.execution_id) == (hook.id, run.id)
    assert f'"id":{ticket.id}' in row.body


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"type": "explode"}, "type must be one of"),
        ({"type": "set", "field": "colour", "value": 1}, "set takes field"),
        ({"type": "set", "field": "priority", "value": 99999}, "Priority 99999 not found"),
        ({"type": "set", "field": "level", "value": 0}, "level is 1 to 20"),
        ({"type": "add_tags", "tags": []}, "tags is a list"),
        ({"type": "assign"}, "assign takes owner"),
        ({"type": "assign", "owner": 99999}, "User 99999 not found"),
        ({"type": "comment", "body": " "}, "comment needs a body"),
        ({"type": "comment", "body": "x", "public": "yes"}, "public is true or false"),
        ({"type": "mail", "to": "everyone", "subject": "s", "body": "b"}, "mail goes to"),
        ({"type": "mail", "to": "address", "subject": "s", "body": "b"}, "needs address"),
        ({"type": "mail", "to": "owner", "body": "b"}, "needs a subject"),
        ({"type": "webhook", "webhook": 99999}, "Webhook 99999 not found"),
        ({"type": "comment", "body": "x", "colour": 1}, "takes no colour"),
    ],
)
def test_bad_actions_are_refused_when_saved(
    session: Session, action: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_trigger(session, "bad", "ticket.opened", [], [action])
    assert refused.value.code == "trigger.bad_action" and message in refused.value.message
    with pytest.raises(ValidationFailed, match="1 to 20 actions"):
        add_trigger(session, "none", "ticket.opened", [], [])
