"""Changing notifications: through the service and through a site file's ``notifications``
section; bad input is a clear domain error that changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import apply_configuration, get_entry, remove_entry
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.models.notifications import NotificationSwitch, NotificationTemplate
from polydesk.notifications import admin
from tests.factories import actor, make_user

SITE_FILE = """\
notifications:
  - event: ticket.opened
    recipients: {helpdesk: false}
    templates:
      - language: es
        subject: "Nuevo: {ticket_title}"
        body: "Ticket {ticket_number} para {recipient}"
"""


def _rows(session: Session) -> tuple[int, int]:
    count = select(func.count())
    return (
        session.scalar(count.select_from(NotificationTemplate)) or 0,
        session.scalar(count.select_from(NotificationSwitch)) or 0,
    )


@pytest.mark.parametrize(
    ("event", "language", "subject", "body", "code"),
    [
        ("ticket.opened", "en", "Hi {name}", "body", "notification.unknown_placeholder"),
        ("ticket.opened", "en", "Hi", "{owner.__class__}", "notification.unknown_placeholder"),
        ("ticket.opened", "english", "Hi", "body", "notification.invalid_language"),
        ("ticket.opened", "en", "two\nlines", "body", "notification.invalid_template"),
        ("ticket.exploded", "en", "Hi", "body", "notification.unknown_event"),
    ],
)  # fmt: skip
def test_bad_templates_are_refused_and_change_nothing(
    session: Session, event: str, language: str, subject: str, body: str, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        admin.set_template(session, SYSTEM, event, admin.TemplateText(language, subject, body))

    assert refused.value.code == code
    assert _rows(session) == (0, 0)


def test_switches_take_only_the_event_s_recipient_kinds_and_admins_only(session: Session) -> None:
    with pytest.raises(ValidationFailed) as refused:
        admin.set_switch(session, SYSTEM, "solution.proposed", "voters", False)
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        admin.set_switch(session, agent, "ticket.opened", "owner", False)
    with pytest.raises(NotFound):
        admin.delete_template(session, SYSTEM, "ticket.opened", "es")

    assert refused.value.code == "notification.unknown_recipient"
    assert _rows(session) == (0, 0)


def test_a_site_file_sets_switches_and_templates_and_removing_resets(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE_FILE)

    entry = get_entry(session, SYSTEM, "notifications", "ticket.opened")
    assert entry["recipients"] == {
        "requester": True, "owner": True, "helpdesk": False, "participants": True
    }  # fmt: skip
    assert entry["templates"] == [
        {"language": "es", "subject": "Nuevo: {ticket_title}",
         "body": "Ticket {ticket_number} para {recipient}"}
    ]  # fmt: skip
    again = apply_configuration(session, SYSTEM, SITE_FILE)
    assert again.summary()["keep"] == 1 and again.summary()["update"] == 0

    assert remove_entry(session, SYSTEM, "notifications", "ticket.opened") == "deleted"
    assert _rows(session) == (0, 0)


def test_a_site_file_with_an_unknown_placeholder_changes_nothing(session: Session) -> None:
    bad = SITE_FILE.replace("{recipient}", "{secret}")

    with pytest.raises(InvalidConfiguration) as refused:
        apply_configuration(session, SYSTEM, bad)

    assert "{secret} is not a placeholder" in refused.value.message
    session.rollback()  # the edge rolls the request back
    assert _rows(session) == (0, 0)


def test_a_site_file_names_an_auto_close_target_by_name(session: Session) -> None:
    site_file = """\
statuses:
  - name: Pending auto close (week)
    category: waiting
    pending_action: auto_close
    pending_target: Closed unsuccessful
"""
    apply_configuration(session, SYSTEM, site_file)

    entry = get_entry(session, SYSTEM, "statuses", "Pending auto close (week)")
    assert (entry["pending_action"], entry["pending_target"]) == (
        "auto_close", "Closed unsuccessful"
    )  # fmt: skip
    stock = get_entry(session, SYSTEM, "statuses", "Pending auto close+")
    assert (stock["pending_action"], stock["pending_target"]) == ("auto_close", "Closed")
