"""Writing what TicketCreate and TicketUpdate read: articles with their attachments, time and
mail, and dynamic field values, through the core's services in the operation's transaction."""

from __future__ import annotations

from typing import Any

from polydesk.attachments.service import add_attachment
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.errors import DomainError
from polydesk.customfields.service import apply_values_to_ticket
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.article import ArticlePlan, FilePlan, Mailing
from polydesk.helpdesks.service import get_helpdesk
from polydesk.mail.service import queue_mail
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.timetracking.service import TimeEntryCreate, log_time


def write_article(
    ctx: Context,
    caller: Caller,
    ticket: Ticket,
    plan: ArticlePlan,
    files: list[FilePlan],
    *,
    initial: bool = False,
) -> Comment:
    command = plan.comment.model_copy(update={"is_initial": initial})
    if plan.mailing is not None:
        command = _mail_command(ctx, ticket, command, plan.mailing)
    comment = add_comment(ctx.session, caller.actor, ticket.id, command)
    attachment_ids = [_attach(ctx, caller, ticket, comment, f) for f in files]
    if plan.time_seconds > 0 and caller.is_agent:
        entry = TimeEntryCreate(duration_seconds=plan.time_seconds, comment_id=comment.id)
        log_time(ctx.session, caller.actor, ticket.id, entry)
    if plan.mailing is not None:
        _queue(ctx, ticket, comment, plan.mailing, attachment_ids)
    return comment


def _mail_command(
    ctx: Context, ticket: Ticket, command: CommentCreate, mailing: Mailing
) -> CommentCreate:
    """ArticleSend: from the queue's address unless ``From`` is given, the subject tagged with
    the ticket number (``TicketSubjectBuild``), the recipients as parsed."""
    return command.model_copy(
        update={
            "from_address": command.from_address or system_address(ctx, ticket),
            "subject": f"[Ticket#{ticket.number}] {command.subject}",
            "to_addresses": ", ".join(mailing.to),
            "cc_addresses": ", ".join(mailing.cc),
            "bcc_addresses": ", ".join(mailing.bcc),
        }
    )


def _queue(
    ctx: Context, ticket: Ticket, comment: Comment, mailing: Mailing, attachment_ids: list[int]
) -> None:
    queue_mail(
        ctx.session,
        from_address=comment.from_address,
        to=mailing.to,
        cc=mailing.cc,
        bcc=mailing.bcc,
        subject=comment.subject,
        body=comment.body,
        mime_type=comment.mime_type,
        ticket_id=ticket.id,
        comment_id=comment.id,
        attachment_ids=attachment_ids,
    )


def _attach(ctx: Context, caller: Caller, ticket: Ticket, comment: Comment, file: FilePlan) -> int:
    attachment = add_attachment(
        ctx.session,
        caller.actor,
        ctx.runtime.store,
        ticket_id=ticket.id,
        filename=file.filename,
        data=file.data,
        max_bytes=ctx.runtime.settings.max_upload_bytes,
        content_type=file.content_type,
        comment_id=comment.id,
    )
    return attachment.id


def queue_name(ctx: Context, ticket: Ticket) -> str:
    queue = get_helpdesk(ctx.session, ticket.helpdesk_id) if ticket.helpdesk_id else None
    return queue.name if queue is not None else ""


def system_address(ctx: Context, ticket: Ticket) -> str:
    """The queue's address as ``"Name <email>"`` (Znuny's system address), else the server's."""
    queue = get_helpdesk(ctx.session, ticket.helpdesk_id) if ticket.helpdesk_id else None
    if queue is not None and queue.email:
        return f"{queue.name} <{queue.email}>"
    return ctx.runtime.settings.mail_from


def write_fields(
    ctx: Context, caller: Caller, ticket: Ticket, values: dict[int, str], operation: str
) -> None:
    try:
        apply_values_to_ticket(ctx.session, caller.actor, ticket, values)
    except (DomainError, ValueError) as error:
        raise OperationError(
            f"{operation}.InvalidParameter",
            f"{operation}: DynamicField->Value parameter is invalid!",
        ) from error


def article_list(given: Any) -> list[dict[str, Any]] | None:
    """A non-empty object, or (newer Znuny) a list of them; None when neither."""
    if isinstance(given, dict) and given:
        return [given]
    if isinstance(given, list) and given and all(isinstance(a, dict) and a for a in given):
        return given
    return None
