"""queue_mail validates before it writes; parse_address_list splits header-style lists."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.errors import NotFound, ValidationFailed
from polydesk.mail.service import parse_address_list, queue_mail
from polydesk.models.jobs import JobStatus, OutgoingMail


def _queue(session: Session, **overrides: Any) -> OutgoingMail:
    fields: dict[str, Any] = {
        "from_address": "Help Desk <desk@example.com>",
        "to": ["Ann <ann@example.com>"],
        "subject": "Ticket 42",
        "body": "Hello",
    }
    return queue_mail(session, **(fields | overrides))


def test_queue_mail_writes_a_pending_row_due_now(session: Session) -> None:
    mail = _queue(
        session,
        to=['"Doe, John" <john@example.com>'],
        cc=["Zoë <zoe@example.com>"],
        bcc=["audit@example.com"],
        subject="line one\nline two",
        mime_type="text/html; charset=utf-8",
        headers={"In-Reply-To": "<a@b>"},
    )
    assert mail.id is not None and mail.status is JobStatus.PENDING and mail.attempts == 0
    assert mail.next_attempt_at == mail.created_at
    assert mail.to_addresses == '"Doe, John" <john@example.com>'
    assert (mail.cc_addresses, mail.bcc_addresses) == ("Zoë <zoe@example.com>", "audit@example.com")
    assert mail.subject == "line one line two" and mail.mime_type == "text/html"
    assert mail.headers["In-Reply-To"] == "<a@b>"
    assert mail.headers["Message-ID"].endswith("@example.com>")
    assert mail.attachment_ids == []


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"to": []}, "mail.invalid_address"),
        ({"to": ["not-an-address"]}, "mail.invalid_address"),
        ({"to": ["a@example.com, b@example.com"]}, "mail.invalid_address"),
        ({"to": ["Doe, John <john@example.com>"]}, "mail.invalid_address"),
        ({"cc": ["@example.com"]}, "mail.invalid_address"),
        ({"bcc": ["a@"]}, "mail.invalid_address"),
        ({"from_address": "desk"}, "mail.invalid_address"),
        ({"to": ["a@example.com\r\nBcc: victim@example.com"]}, "mail.invalid_address"),
        ({"headers": {"X-Tag": "a\r\nBcc: victim@example.com"}}, "mail.invalid_header"),
        ({"headers": {"Bcc": "victim@example.com"}}, "mail.invalid_header"),
        ({"headers": {"Bad Name": "x"}}, "mail.invalid_header"),
        ({"mime_type": "application/pdf"}, "mail.invalid_mime_type"),
    ],
)
def test_queue_mail_refuses_bad_input_and_writes_nothing(
    session: Session, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        _queue(session, **overrides)
    assert raised.value.code == code
    assert session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_queue_mail_refuses_unknown_attachments(session: Session) -> None:
    with pytest.raises(NotFound) as raised:
        _queue(session, attachment_ids=[987654])
    assert raised.value.code == "attachment.not_found"
    assert session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_parse_address_list() -> None:
    assert parse_address_list("A <a@x.org>, b@y.org") == ["A <a@x.org>", "b@y.org"]
    assert parse_address_list('"Doe, John" <j@x.org>,') == ['"Doe, John" <j@x.org>']
    assert parse_address_list("  ") == []
    for bad in ("a@x.org, foo", "Doe, John <j@x.org>", "a@x.org b@y.org", "<>", "a@x.org\nb@y"):
        with pytest.raises(ValidationFailed) as raised:
            parse_address_list(bad)
        assert raised.value.code == "mail.invalid_address"
