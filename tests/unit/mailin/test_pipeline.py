"""The mail-in pipeline on real messages: new tickets, replies, charsets, files, duplicates."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.attachments.store import LocalFileStore
from polydesk.core.actor import Role
from polydesk.core.errors import PermissionDenied, TooLarge, ValidationFailed
from polydesk.flows.commands import Resources
from polydesk.mailin.pipeline import Delivered, Outcome, deliver_mail
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Channel, Comment
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.mailin import Mailbox, MailImport
from polydesk.models.tickets import Ticket, WaitingFor
from polydesk.models.users import User
from polydesk.tickets.waiting import start_waiting
from tests.factories import actor, make_user
from tests.unit.mailin.mails import PDF, PNG, message, raw

LIMIT = 1024 * 1024


def deliver(session: Session, resources: Resources, mailbox: Mailbox, data: bytes) -> Delivered:
    return deliver_mail(session, resources, mailbox, data, max_bytes=LIMIT)


def comments(session: Session, ticket_id: int) -> list[Comment]:
    query = select(Comment).where(Comment.ticket_id == ticket_id).order_by(Comment.id)
    return list(session.scalars(query))


def test_a_new_message_opens_a_ticket_for_a_new_customer(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    result = deliver(session, resources, mailbox, raw())
    assert result.outcome is Outcome.TICKET
    ticket = session.get_one(Ticket, result.ticket_id)
    assert (ticket.title, ticket.helpdesk_id) == ("Printer on fire", mailbox.helpdesk_id)
    requester = session.get_one(User, ticket.requester_id)
    assert (requester.email, requester.role) == ("carla@example.com", Role.CUSTOMER)
    [opening] = comments(session, ticket.id)
    assert opening.id == result.comment_id and opening.is_initial
    assert (opening.body, opening.channel) == ("It smokes.\n", Channel.EMAIL)
    assert opening.message_id == "<m1@client.example>"
    assert opening.author_id == requester.id


def test_a_known_sender_is_matched_without_regard_to_case(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    known = make_user(session, Role.CUSTOMER, login="dora")
    result = deliver(session, resources, mailbox, raw(sender="DORA@EXAMPLE.COM"))
    assert session.get_one(Ticket, result.ticket_id).requester_id == known.id


def test_an_unknown_sender_is_refused_when_the_mailbox_makes_no_accounts(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    mailbox.create_unknown_senders = False
    with pytest.raises(PermissionDenied) as refused:
        deliver(session, resources, mailbox, raw(sender="eve@example.org"))
    assert refused.value.code == "mail.unknown_sender"
    assert session.scalars(select(User).where(User.email == "eve@example.org")).first() is None
    # (the claimed Message-ID goes with the edge's rollback: tests/test_cli_mail.py)


def test_a_reply_threads_by_the_subject_hook(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    first = deliver(session, resources, mailbox, raw())
    number = session.get_one(Ticket, first.ticket_id).number
    reply = raw(subject=f"Re: [Ticket#{number}] Printer on fire", message_id="<m2@client.example>",
                body="Still smoking.\n")  # fmt: skip
    result = deliver(session, resources, mailbox, reply)
    assert (result.outcome, result.ticket_id) == (Outcome.REPLY, first.ticket_id)
    assert [c.body for c in comments(session, first.ticket_id)][-1] == "Still smoking.\n"


def test_a_reply_threads_by_references_alone(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    first = deliver(session, resources, mailbox, raw())
    reply = raw(subject="Re: the printer", message_id="<m3@client.example>",
                References="<other@x> <m1@client.example>")  # fmt: skip
    result = deliver(session, resources, mailbox, reply)
    assert (result.outcome, result.ticket_id) == (Outcome.REPLY, first.ticket_id)
    assert comments(session, first.ticket_id)[-1].references == "<other@x> <m1@client.example>"


def test_a_hook_to_a_ticket_the_sender_cannot_see_opens_a_new_one(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    first = deliver(session, resources, mailbox, raw())
    number = session.get_one(Ticket, first.ticket_id).number
    other = raw(sender="mallory@example.net", subject=f"[Ticket#{number}] hi",
                message_id="<m9@x>")  # fmt: skip
    result = deliver(session, resources, mailbox, other)
    assert result.outcome is Outcome.TICKET and result.ticket_id != first.ticket_id
    assert len(comments(session, first.ticket_id)) == 1


def test_attachments_and_inline_images_are_kept_byte_exact(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    mail = message()
    mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="report.pdf")
    mail.add_attachment(PNG, maintype="image", subtype="png", filename="shot.png",
                        disposition="inline", cid="<img1@client>")  # fmt: skip
    result = deliver(session, resources, mailbox, mail.as_bytes())
    files = list(
        session.scalars(select(Attachment).where(Attachment.ticket_id == result.ticket_id))
    )
    assert isinstance(resources.store, LocalFileStore)
    stored = {file.filename: resources.store.get(file.storage_key) for file in files}
    assert stored == {"report.pdf": PDF, "shot.png": PNG}
    assert {file.comment_id for file in files} == {result.comment_id}


def test_latin1_body_and_rfc2047_subject_are_decoded(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    data = (
        b"From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.com>\r\n"
        b"To: support@example.com\r\n"
        b"Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=\r\n"
        b"Message-ID: <latin@x>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=ISO-8859-1\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"Gr\xfc\xdfe, \xe7a va?\r\n"
    )
    result = deliver(session, resources, mailbox, data)
    ticket = session.get_one(Ticket, result.ticket_id)
    assert ticket.title == "Café crème"
    [opening] = comments(session, ticket.id)
    assert opening.body.rstrip("\r\n") == "Grüße, ça va?"
    assert opening.from_address == "André <andre@example.com>"


def test_an_html_only_message_keeps_its_html(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "carla@example.com", "support@example.com", "Hi"
    mail["Message-ID"] = "<html@x>"
    mail.set_content("<p>Hello <b>desk</b></p>", subtype="html")
    result = deliver(session, resources, mailbox, mail.as_bytes())
    [opening] = comments(session, result.ticket_id or 0)
    assert (opening.body.strip(), opening.mime_type) == ("<p>Hello <b>desk</b></p>", "text/html")


def test_text_and_html_keep_the_text_as_article_and_the_html_as_its_file(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    mail = message(body="plain words\n")
    mail.add_alternative("<p>rich words</p>", subtype="html")
    result = deliver(session, resources, mailbox, mail.as_bytes())
    [opening] = comments(session, result.ticket_id or 0)
    assert opening.body == "plain words\n"
    [html] = session.scalars(select(Attachment).where(Attachment.comment_id == opening.id))
    assert html.filename == "message.html"
    assert resources.store.get(html.storage_key).strip() == b"<p>rich words</p>"


@pytest.mark.parametrize(
    "header", [{"Auto_Submitted": "auto-replied"}, {"Precedence": "bulk"},
               {"X_Autoreply": "yes"}, {"X_Autorespond": "vacation"}],
)  # fmt: skip
def test_automatic_messages_are_dropped_and_remembered(
    session: Session, resources: Resources, mailbox: Mailbox, header: dict[str, str]
) -> None:
    result = deliver(session, resources, mailbox, raw(**header))
    assert (result.outcome, result.ticket_id) == (Outcome.IGNORED, None)
    assert (
        session.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.title == "Printer on fire")
        )
        == 0
    )
    again = deliver(session, resources, mailbox, raw(**header))
    assert again.outcome is Outcome.DUPLICATE


def test_auto_submitted_no_is_an_ordinary_message(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    result = deliver(session, resources, mailbox, raw(Auto_Submitted="no"))
    assert result.outcome is Outcome.TICKET


def test_the_same_message_is_imported_once(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    first = deliver(session, resources, mailbox, raw())
    again = deliver(session, resources, mailbox, raw())
    assert again == Delivered(Outcome.DUPLICATE, "<m1@client.example>")
    assert len(comments(session, first.ticket_id or 0)) == 1
    imports = session.scalars(select(MailImport)).all()
    assert [(row.outcome, row.ticket_id) for row in imports] == [("ticket", first.ticket_id)]


def test_a_message_without_message_id_is_known_by_its_content(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    data = raw(message_id="")
    assert deliver(session, resources, mailbox, data).outcome is Outcome.TICKET
    assert deliver(session, resources, mailbox, data).outcome is Outcome.DUPLICATE


def test_bad_input_is_refused_and_changes_nothing(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    with pytest.raises(ValidationFailed) as unparseable:
        deliver(session, resources, mailbox, b"this is not a mail at all")
    assert unparseable.value.code == "mail.unparseable"
    with pytest.raises(TooLarge):
        deliver_mail(session, resources, mailbox, raw(), max_bytes=100)
    assert session.scalar(select(func.count()).select_from(MailImport)) == 0


def test_a_customers_mailed_reply_ends_the_wait(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    first = deliver(session, resources, mailbox, raw())
    ticket = session.get_one(Ticket, first.ticket_id)
    agent = make_user(session, helpdesks=[session.get_one(Helpdesk, mailbox.helpdesk_id)])
    start_waiting(session, actor(session, agent), ticket.id, WaitingFor.CUSTOMER)
    reply = raw(subject=f"Re: [Ticket#{ticket.number}]", message_id="<m4@client.example>")
    assert deliver(session, resources, mailbox, reply).outcome is Outcome.REPLY
    assert ticket.waiting_for is None


def test_a_disabled_account_is_refused(
    session: Session, resources: Resources, mailbox: Mailbox
) -> None:
    make_user(session, Role.CUSTOMER, login="gone").is_enabled = False
    with pytest.raises(PermissionDenied):
        deliver(session, resources, mailbox, raw(sender="gone@example.com"))
