"""Attachment use cases: attach a file to a ticket, list, read.

The bytes are written to the store before the row; a rolled-back transaction can leave an
unreferenced file behind, never a row without its file.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.attachments.store import FileStore
from polydesk.authz.parts import visible_attachments
from polydesk.authz.tickets import require_agent, require_change, require_contribute
from polydesk.comments.service import require_ticket_comment
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import TooLarge, ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.events.catalogue import AttachmentAdded, AttachmentDeleted
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.jobs.service import enqueue_job
from polydesk.jobs.tasks import FILES_DELETE_JOB, JobHandler
from polydesk.models.attachments import Attachment
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket
from polydesk.tickets import repository as tickets
from polydesk.tickets.access import require_ticket
from polydesk.tickets.parts import list_ticket_parts

MAX_FILENAME = 255


def add_attachment(
    session: Session,
    actor: Actor,
    store: FileStore,
    *,
    ticket_id: int,
    filename: str,
    data: bytes,
    max_bytes: int,
    content_type: str = "application/octet-stream",
    comment_id: int | None = None,
    description: str = "",
    declared_size: int | None = None,
) -> Attachment:
    ticket = require_ticket(session, actor, ticket_id)
    require_contribute(actor, ticket)  # reading is not enough: an observer only reads
    check_file(filename, data, max_bytes)
    if comment_id is not None:
        require_ticket_comment(session, actor, ticket.id, comment_id)
    attachment = stored_file(
        store,
        actor,
        filename,
        data,
        content_type,
        ticket_id=ticket.id,
        comment_id=comment_id,
        description=description,
        declared_size=declared_size,
    )
    tickets.lock(session, ticket)  # after the file is stored: no I/O under the lock
    session.add(attachment)
    session.flush()
    ticket.updated_at = attachment.created_at
    record_attached(session, actor, ticket, attachment)
    return attachment


def list_attachments(
    session: Session, actor: Actor, ticket_id: int, page: PageRequest
) -> Page[Attachment]:
    return list_ticket_parts(session, actor, ticket_id, Attachment, page, Attachment.id)


def require_attachment(session: Session, actor: Actor, attachment_id: int) -> Attachment:
    """A ticket's attachment the actor reads (``authz.parts``); any other is not found."""
    query = select(Attachment).where(
        Attachment.id == attachment_id,
        Attachment.ticket_id.is_not(None),
        visible_attachments(actor),
    )
    attachment = session.scalars(query).first()
    if attachment is None or attachment.ticket_id is None:
        raise not_found("attachment", attachment_id)
    require_ticket(session, actor, attachment.ticket_id)
    return attachment


def delete_attachment(session: Session, actor: Actor, attachment_id: int) -> Attachment:
    """Remove the row now; the worker deletes the stored bytes after commit."""
    attachment = require_attachment(session, actor, attachment_id)  # checks the ticket's visibility
    ticket = session.get_one(Ticket, attachment.ticket_id)  # already loaded: no second query
    require_agent(actor)
    require_change(actor, tickets.lock(session, ticket))
    session.delete(attachment)
    ticket.updated_at = utcnow()
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.ATTACHMENT_DELETED,
        related_id=attachment.id,
        old=attachment.filename,
    )
    deleted = AttachmentDeleted(
        ticket_id=ticket.id, attachment_id=attachment.id, filename=attachment.filename
    )
    emit(session, actor, deleted)
    enqueue_job(session, FILES_DELETE_JOB, {"keys": [attachment.storage_key]})
    session.flush()
    return attachment


def find_ticket_attachment(
    session: Session, actor: Actor, ticket_id: int, filename: str
) -> Attachment | None:
    """The ticket's attachment with exactly this name among those the actor reads (the caller
    has checked the ticket is readable)."""
    query = select(Attachment).where(
        Attachment.ticket_id == ticket_id,
        Attachment.filename == filename,
        visible_attachments(actor),
    )
    return session.scalars(query).first()


def delete_files_handler(store: FileStore) -> JobHandler:
    """Job ``files.delete``: remove stored bytes whose rows are gone (idempotent)."""

    def run(_session: Session, payload: dict[str, Any]) -> None:
        for key in payload.get("keys", []):
            store.delete(str(key))

    return run


def read_content(store: FileStore, attachment: Attachment) -> bytes:
    return store.get(attachment.storage_key)


def attachment_content(
    session: Session, actor: Actor, store: FileStore, attachment_id: int
) -> tuple[Attachment, bytes]:
    """A readable ticket attachment and its bytes, in one call (the web UI's download)."""
    attachment = require_attachment(session, actor, attachment_id)
    return attachment, read_content(store, attachment)


def check_file(filename: str, data: bytes, max_bytes: int) -> None:
    """A plain file name (no path, at most 255 characters) and at most ``max_bytes``."""
    if not filename or len(filename) > MAX_FILENAME or "/" in filename or "\x00" in filename:
        raise ValidationFailed("attachment.invalid_filename", "invalid file name")
    if len(data) > max_bytes:
        raise TooLarge("attachment.too_large", f"file exceeds {max_bytes} bytes", limit=max_bytes)


def stored_file(
    store: FileStore,
    actor: Actor,
    filename: str,
    data: bytes,
    content_type: str,
    **columns: Any,
) -> Attachment:
    """A new attachment row (not yet added) for ``data``, written to the store first."""
    return Attachment(
        uploaded_by_id=actor.user_id,
        filename=filename,
        content_type=content_type or "application/octet-stream",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=store.put(data),
        created_at=utcnow(),
        **columns,
    )


def record_attached(session: Session, actor: Actor, ticket: Ticket, attachment: Attachment) -> None:
    """The ticket's history line and event: ``attachment`` was added to it."""
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.ATTACHMENT_ADDED,
        related_id=attachment.id,
        new=attachment.filename,
    )
    added = AttachmentAdded(
        ticket_id=ticket.id, attachment_id=attachment.id, filename=attachment.filename,
        size=attachment.size, comment_id=attachment.comment_id,
    )  # fmt: skip
    emit(session, actor, added)
