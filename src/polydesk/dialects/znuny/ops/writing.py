"""What TicketCreate and TicketUpdate hand to the core's use cases (``polydesk.flows``):
articles with their attachments, time and mail, and how a refused dynamic field answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from polydesk.core.errors import DomainError
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.article import ArticlePlan, FilePlan
from polydesk.flows.commands import ArticleDraft, FileUpload, MailOut
from polydesk.helpdesks.service import get_helpdesk
from polydesk.models.comments import Comment


def article_draft(caller: Caller, plan: ArticlePlan, files: list[FilePlan]) -> ArticleDraft:
    """The core's article: a customer's ``TimeUnit`` is dropped (only agents account time)."""
    mailing = plan.mailing
    return ArticleDraft(
        plan.comment,
        files=[FileUpload(f.filename, f.data, f.content_type) for f in files],
        time_seconds=plan.time_seconds if caller.is_agent else 0,
        mail=MailOut(mailing.to, mailing.cc, mailing.bcc) if mailing is not None else None,
    )


def answer_article_ids(caller: Caller, comments: list[Comment], *, with_files: bool) -> list[Any]:
    """The ``ArticleID``s of a TicketCreate / TicketUpdate answer, typed as a real Znuny 6.5.1
    on MariaDB sends them (spec §11.1): the number ``ArticleCreate`` returned, but text once
    Perl has used it as a string - for a customer caller, and for the article the request's
    attachments were written to (the first)."""
    return [
        str(comment.id) if not caller.is_agent or (with_files and index == 0) else comment.id
        for index, comment in enumerate(comments)
    ]


def queue_name(ctx: Context, helpdesk_id: int | None) -> str:
    queue = get_helpdesk(ctx.session, helpdesk_id) if helpdesk_id else None
    return queue.name if queue is not None else ""


@contextmanager
def field_errors(operation: str) -> Iterator[None]:
    """A dynamic field value the core refuses is the operation's ``InvalidParameter``."""
    try:
        yield
    except DomainError as error:
        if not error.code.startswith("custom_field."):
            raise
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
