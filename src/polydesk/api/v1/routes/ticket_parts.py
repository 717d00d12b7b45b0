"""What hangs off a ticket: comments, attachments, history, time entries, custom field
values."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import Response

from polydesk.api.v1.bodies import CommentCreateBody, TimeEntryCreateBody
from polydesk.api.v1.deps import CurrentActor, DbSession, UseCaseResources, runtime
from polydesk.api.v1.inputs import CleanText, Id, PathId
from polydesk.api.v1.paging import Paging
from polydesk.api.v1.schemas import (
    AttachmentOut,
    CommentOut,
    HistoryOut,
    Out,
    PageOut,
    TimeEntryOut,
    page_of,
)
from polydesk.attachments import service as attachments
from polydesk.comments import service as comments
from polydesk.core.errors import TooLarge
from polydesk.customfields.service import fields_by_ids, ticket_values
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft
from polydesk.history.service import list_events
from polydesk.runtime import Runtime
from polydesk.tickets.service import require_ticket
from polydesk.timetracking import service as timetracking

router = APIRouter(tags=["tickets"])
RuntimeDep = Annotated[Runtime, Depends(runtime)]


class FieldValueOut(Out):
    field_id: int
    name: str
    value: str  # the core's display text, the same every edge shows


@router.get("/tickets/{ticket_id}/custom-fields", response_model=list[FieldValueOut])
def list_field_values(
    session: DbSession, actor: CurrentActor, ticket_id: PathId
) -> list[FieldValueOut]:
    """Every value stored on a ticket the caller reads, in field order (whichever edge wrote
    it: Motadata ``customFieldValueDetails``, InvGate ``custom_fields``, Znuny dynamic fields,
    Integria's custom parameters)."""
    values = ticket_values(session, actor, ticket_id)
    names = fields_by_ids(session, values)
    return [
        FieldValueOut(field_id=field_id, name=names[field_id].name, value=value)
        for field_id, value in values.items()
    ]


@router.get("/tickets/{ticket_id}/comments", response_model=PageOut[CommentOut])
def list_comments(
    session: DbSession, actor: CurrentActor, ticket_id: PathId, page: Paging
) -> dict[str, Any]:
    return page_of(comments.list_comments(session, actor, ticket_id, page), CommentOut)


@router.post("/tickets/{ticket_id}/comments", status_code=201, response_model=CommentOut)
def add_comment(
    session: DbSession,
    actor: CurrentActor,
    resources: UseCaseResources,
    ticket_id: PathId,
    body: CommentCreateBody,
) -> CommentOut:
    comment = post_article(session, actor, resources, ticket_id, ArticleDraft(body))
    return CommentOut.model_validate(comment)


@router.get("/tickets/{ticket_id}/attachments", response_model=PageOut[AttachmentOut])
def list_attachments(
    session: DbSession, actor: CurrentActor, ticket_id: PathId, page: Paging
) -> dict[str, Any]:
    return page_of(attachments.list_attachments(session, actor, ticket_id, page), AttachmentOut)


@router.post("/tickets/{ticket_id}/attachments", status_code=201, response_model=AttachmentOut)
def upload_attachment(
    session: DbSession,
    actor: CurrentActor,
    rt: RuntimeDep,
    ticket_id: PathId,
    file: Annotated[UploadFile, File()],
    description: Annotated[str, Form(max_length=2000), CleanText] = "",
    comment_id: Annotated[Id | None, Form()] = None,
) -> AttachmentOut:
    limit = rt.settings.max_upload_bytes
    data = file.file.read(limit + 1)  # never buffer more than the limit allows
    if len(data) > limit:
        raise TooLarge("attachment.too_large", f"file exceeds {limit} bytes", limit=limit)
    attachment = attachments.add_attachment(
        session,
        actor,
        rt.store,
        ticket_id=ticket_id,
        filename=file.filename or "",
        data=data,
        max_bytes=limit,
        content_type=file.content_type or "",
        comment_id=comment_id,
        description=description,
    )
    return AttachmentOut.model_validate(attachment)


@router.get("/attachments/{attachment_id}", response_model=AttachmentOut)
def get_attachment(session: DbSession, actor: CurrentActor, attachment_id: PathId) -> AttachmentOut:
    return AttachmentOut.model_validate(
        attachments.require_attachment(session, actor, attachment_id)
    )


@router.get("/attachments/{attachment_id}/content", response_class=Response)
def download_attachment(
    session: DbSession, actor: CurrentActor, rt: RuntimeDep, attachment_id: PathId
) -> Response:
    attachment = attachments.require_attachment(session, actor, attachment_id)
    return Response(
        attachments.read_content(rt.store, attachment),
        media_type=attachment.content_type,
        headers={"Content-Disposition": _disposition(attachment.filename)},
    )


@router.get("/tickets/{ticket_id}/history", response_model=PageOut[HistoryOut])
def ticket_history(
    session: DbSession, actor: CurrentActor, ticket_id: PathId, page: Paging
) -> dict[str, Any]:
    require_ticket(session, actor, ticket_id)
    return page_of(list_events(session, actor, ticket_id, page), HistoryOut)


@router.get("/tickets/{ticket_id}/time-entries", response_model=PageOut[TimeEntryOut])
def list_time_entries(
    session: DbSession, actor: CurrentActor, ticket_id: PathId, page: Paging
) -> dict[str, Any]:
    return page_of(timetracking.list_time_entries(session, actor, ticket_id, page), TimeEntryOut)


@router.post("/tickets/{ticket_id}/time-entries", status_code=201, response_model=TimeEntryOut)
def log_time(
    session: DbSession, actor: CurrentActor, ticket_id: PathId, body: TimeEntryCreateBody
) -> TimeEntryOut:
    return TimeEntryOut.model_validate(timetracking.log_time(session, actor, ticket_id, body))


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"
