"""Uploads that wait for a ticket (Motadata ``POST /api/oprfile``): the file is stored with a
random reference and no owner; a later create or update that names the reference attaches it.

Decisions:
- References are 10 letters and digits (the 2018 product's form, about 59 bits), unique.
- Only the user who uploaded a file can claim it; to anyone else the reference does not exist.
- A file belongs to one ticket: naming it again on the same ticket changes nothing, naming it
  on another ticket is a conflict. The reference stays on the row, so the ticket can show it.
- Unclaimed uploads are kept (a clean-up job for old ones is not written yet).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.attachments.service import check_file, record_attached, stored_file
from polydesk.attachments.store import FileStore
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.models.attachments import Attachment
from polydesk.models.tickets import Ticket

REF_ALPHABET = string.ascii_letters + string.digits
REF_LENGTH = 10
MAX_REFS = 100


def store_upload(
    session: Session,
    actor: Actor,
    store: FileStore,
    *,
    filename: str,
    data: bytes,
    max_bytes: int,
    content_type: str = "application/octet-stream",
) -> Attachment:
    """Keep an unclaimed file; its ``upload_ref`` is what the caller hands back later."""
    if actor.user_id is None:
        raise ValidationFailed("upload.no_user", "uploads belong to a user")
    check_file(filename, data, max_bytes)
    ref = _new_ref(session)
    upload = stored_file(store, actor, filename, data, content_type, ticket_id=None, upload_ref=ref)
    session.add(upload)
    session.flush()
    return upload


def claim_uploads(
    session: Session, actor: Actor, ticket: Ticket, refs: Sequence[str]
) -> list[Attachment]:
    """Attach the named uploads to a ticket the caller has checked the actor may change; every
    reference is checked before any is attached. Returns the newly attached ones."""
    wanted = list(dict.fromkeys(refs))
    if len(wanted) > MAX_REFS:
        raise ValidationFailed("upload.too_many", f"at most {MAX_REFS} file references")
    if not wanted:
        return []
    found = {
        row.upload_ref: row
        for row in session.scalars(select(Attachment).where(Attachment.upload_ref.in_(wanted)))
    }
    for ref in wanted:
        row = found.get(ref)
        if row is None or row.uploaded_by_id != actor.user_id:
            raise not_found("upload", ref)
        if row.ticket_id not in (None, ticket.id):
            raise Conflict("upload.already_attached", f"file {ref} belongs to another ticket")
    claimed = [found[ref] for ref in wanted if found[ref].ticket_id is None]
    for row in claimed:
        row.ticket_id = ticket.id
        record_attached(session, actor, ticket, row)
    if claimed:
        ticket.updated_at = utcnow()
    session.flush()
    return claimed


def _new_ref(session: Session) -> str:
    while True:  # a collision is astronomically rare; the unique index is the last guard
        ref = "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
        taken = select(Attachment.id).where(Attachment.upload_ref == ref)
        if session.scalars(taken).first() is None:
            return ref
