"""Post an article (comment) on a ticket, with its files, time and mail, in one call.

What an article does to the ticket (first response, a customer reply ending a wait, the
customer's sentiment) happens in ``comments.add_comment``, so every path that posts one,
including the opening of a ticket, has the same effects."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from polydesk.attachments.service import add_attachment
from polydesk.comments.service import add_comment
from polydesk.core.actor import Actor
from polydesk.flows.commands import ArticleDraft, FileUpload, MailOut, Resources
from polydesk.helpdesks.service import get_helpdesk
from polydesk.mail.service import queue_mail
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.service import require_ticket
from polydesk.timetracking.service import TimeEntryCreate, log_time


def post_article(
    session: Session, actor: Actor, resources: Resources, ticket_id: int, draft: ArticleDraft
) -> Comment:
    """The comment, its files and time; sent as mail when ``draft.mail`` says so."""
    ticket = require_ticket(session, actor, ticket_id)
    return write_article(session, actor, resources, ticket, draft)


def write_article(
    session: Session, actor: Actor, resources: Resources, ticket: Ticket, draft: ArticleDraft
) -> Comment:
    command = draft.comment
    if draft.mail is not None:
        command = command.model_copy(update=_mail_headers(session, resources, ticket, draft))
    comment = add_comment(session, actor, ticket.id, command)
    files = attach_files(session, actor, resources, ticket.id, draft.files, comment.id)
    if draft.time_seconds > 0:
        entry = TimeEntryCreate(duration_seconds=draft.time_seconds, comment_id=comment.id)
        log_time(session, actor, ticket.id, entry)
    if draft.mail is not None:
        _send(session, ticket, comment, draft.mail, [file.id for file in files])
    return comment


def attach_files(
    session: Session,
    actor: Actor,
    resources: Resources,
    ticket_id: int,
    files: Sequence[FileUpload],
    comment_id: int | None = None,
) -> list[Attachment]:
    return [
        add_attachment(
            session,
            actor,
            resources.store,
            ticket_id=ticket_id,
            filename=file.filename,
            data=file.data,
            max_bytes=resources.max_upload_bytes,
            content_type=file.content_type,
            comment_id=comment_id,
            description=file.description,
        )
        for file in files
    ]


def system_address(session: Session, resources: Resources, ticket: Ticket) -> str:
    """The help desk's address as ``"Name <email>"``, else the server's sender."""
    desk = get_helpdesk(session, ticket.helpdesk_id) if ticket.helpdesk_id else None
    if desk is not None and desk.email:
        return f"{desk.name} <{desk.email}>"
    return resources.mail_from


def _mail_headers(
    session: Session, resources: Resources, ticket: Ticket, draft: ArticleDraft
) -> dict[str, str]:
    """A mailed article comes from the help desk unless it names a sender, and its subject
    carries the ticket number so a reply threads back (``[Ticket#<number>]``)."""
    mail = draft.mail
    assert mail is not None
    comment = draft.comment
    return {
        "from_address": comment.from_address or system_address(session, resources, ticket),
        "subject": f"[Ticket#{ticket.number}] {comment.subject}",
        "to_addresses": ", ".join(mail.to),
        "cc_addresses": ", ".join(mail.cc),
        "bcc_addresses": ", ".join(mail.bcc),
    }


def _send(
    session: Session, ticket: Ticket, comment: Comment, mail: MailOut, attachment_ids: list[int]
) -> None:
    queue_mail(
        session,
        from_address=comment.from_address,
        to=list(mail.to),
        cc=list(mail.cc),
        bcc=list(mail.bcc),
        subject=comment.subject,
        body=comment.body,
        mime_type=comment.mime_type,
        ticket_id=ticket.id,
        comment_id=comment.id,
        attachment_ids=attachment_ids,
    )
