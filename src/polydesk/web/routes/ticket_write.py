"""What an agent writes on the ticket page: a public reply (to the requester, through the
core's comment and notification path), an internal note, and a forward of the ticket to an
e-mail address (an article sent through the outbox, as Znuny's ArticleSend). Each takes
files (multipart), each is one ``flows.articles.post_article`` call, each comes back to the
ticket page (303, Post/Redirect/Get)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from pydantic_core import PydanticCustomError

from polydesk.comments.schemas import CommentCreate
from polydesk.core.errors import TooLarge, ValidationFailed
from polydesk.core.validation import mail_address
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft, FileUpload, MailOut
from polydesk.models.comments import Channel
from polydesk.web.deps import CheckedSession, DbSession, runtime
from polydesk.web.errors import WebRoute, redirect
from polydesk.web.routes.ticket import TICKET, TicketId

router = APIRouter(route_class=WebRoute, include_in_schema=False)

#: The most files one article takes from the form.
MAX_FILES = 20
Body = Annotated[str, Form(max_length=1_000_000)]
Files = Annotated[list[UploadFile], File()]


@router.post(TICKET + "/reply")
def reply(
    request: Request,
    session: DbSession,
    live: CheckedSession,
    ticket_id: TicketId,
    body: Body = "",
    files: Files = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    draft = ArticleDraft(_comment(body, is_public=True), _files(request, files))
    post_article(session, live.actor, runtime(request).resources, ticket_id, draft)
    return redirect(request, _back(ticket_id))


@router.post(TICKET + "/note")
def note(
    request: Request,
    session: DbSession,
    live: CheckedSession,
    ticket_id: TicketId,
    body: Body = "",
    files: Files = [],  # noqa: B006
) -> Response:
    comment = _comment(body, is_public=False, channel=Channel.NOTE)
    draft = ArticleDraft(comment, _files(request, files))
    post_article(session, live.actor, runtime(request).resources, ticket_id, draft)
    return redirect(request, _back(ticket_id))


@router.post(TICKET + "/forward")
def forward(
    request: Request,
    session: DbSession,
    live: CheckedSession,
    ticket_id: TicketId,
    to: Annotated[str, Form(max_length=320)] = "",
    subject: Annotated[str, Form(max_length=900)] = "",
    body: Body = "",
    files: Files = [],  # noqa: B006
) -> Response:
    """Sent to ``to`` from the help desk's address; kept on the ticket as an internal
    article (a third party's mail is not the customer's conversation)."""
    address = _address(to)
    comment = _comment(
        body, is_public=False, channel=Channel.EMAIL, subject=subject.strip() or "Forwarded ticket"
    )
    mail = MailOut(to=(address,))
    draft = ArticleDraft(comment, _files(request, files), mail=mail)
    post_article(session, live.actor, runtime(request).resources, ticket_id, draft)
    return redirect(request, _back(ticket_id))


def _back(ticket_id: int) -> str:
    return TICKET.format(ticket_id=ticket_id) + "#conversation"


def _comment(body: str, **fields: object) -> CommentCreate:
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationFailed("comment.empty", "Write a message first: the text is empty.")
    return CommentCreate.model_validate({"body": text, **fields})


def _address(value: str) -> str:
    try:
        return mail_address(value.strip())
    except PydanticCustomError as exc:
        message = f"Forward to: {exc.message()}."
        raise ValidationFailed("forward.invalid_address", message) from exc


def _files(request: Request, uploads: list[UploadFile]) -> list[FileUpload]:
    """The chosen files (a form with no file chosen sends one empty, nameless part); none
    read past the upload limit (``POLYDESK_MAX_UPLOAD_BYTES``, as the native API)."""
    chosen = [upload for upload in uploads if upload.filename]
    if len(chosen) > MAX_FILES:
        raise ValidationFailed("attachment.too_many", f"Attach at most {MAX_FILES} files.")
    limit = runtime(request).settings.max_upload_bytes
    files = []
    for upload in chosen:
        data = upload.file.read(limit + 1)
        if len(data) > limit:
            message = f"{upload.filename} is larger than {limit} bytes."
            raise TooLarge("attachment.too_large", message, limit=limit)
        kind = upload.content_type or "application/octet-stream"
        files.append(FileUpload(upload.filename or "", data, kind))
    return files
