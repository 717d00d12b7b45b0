"""Internal notes: what agents write down about a user, a help desk, a company, a user group
or an external entity (never shown to customers).

Decisions:
- Agents and admins write and read notes; customers may not (403). The author is the acting
  user; every change records who made it (``last_author_id``) and when (``updated_at``).
- Anyone who may write notes may change one (notes are shared agent knowledge, as in the
  product); deleting is for the note's author or an administrator.
- A note's object must exist (``<kind>.not_found``); the title is 1 to 255 characters, the
  description 1 to 100,000. The object is named by kind and id, without a foreign key (one
  column serves five tables), so a note outlives a deleted object and stays listed.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import PermissionDenied, ValidationFailed, not_found
from polydesk.db.base import Base
from polydesk.models.companies import Company
from polydesk.models.content import InternalNote
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.tickets import ExternalEntity
from polydesk.models.users import User

MAX_TITLE = 255
MAX_DESCRIPTION = 100_000
MAX_NOTES = 1000


class NoteObject(StrEnum):
    USER = "user"
    HELPDESK = "helpdesk"
    COMPANY = "company"
    GROUP = "group"
    EXTERNAL_ENTITY = "external_entity"


_MODELS: dict[NoteObject, type[Base]] = {
    NoteObject.USER: User,
    NoteObject.HELPDESK: Helpdesk,
    NoteObject.COMPANY: Company,
    NoteObject.GROUP: Group,
    NoteObject.EXTERNAL_ENTITY: ExternalEntity,
}


def create_note(
    session: Session, actor: Actor, kind: NoteObject, object_id: int, title: str, description: str
) -> InternalNote:
    require_agent(actor)
    if session.get(_MODELS[kind], object_id) is None:
        raise not_found(kind.value, object_id)
    now = utcnow()
    note = InternalNote(
        object_type=kind.value,
        object_id=object_id,
        title=_checked(title, "title", MAX_TITLE),
        description=_checked(description, "description", MAX_DESCRIPTION),
        author_id=actor.user_id,
        last_author_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(note)
    session.flush()
    return note


def require_note(session: Session, actor: Actor, note_id: int) -> InternalNote:
    require_agent(actor)
    note = session.get(InternalNote, note_id)
    if note is None:
        raise not_found("internal_note", note_id)
    return note


def list_notes(
    session: Session,
    actor: Actor,
    *,
    note_id: int | None = None,
    kind: NoteObject | None = None,
    object_id: int | None = None,
) -> list[InternalNote]:
    """The notes matching every filter given, by id (at most 1000); an unknown ``note_id``
    is not found."""
    require_agent(actor)
    if note_id is not None and session.get(InternalNote, note_id) is None:
        raise not_found("internal_note", note_id)
    query = select(InternalNote).order_by(InternalNote.id).limit(MAX_NOTES)
    if note_id is not None:
        query = query.where(InternalNote.id == note_id)
    if kind is not None:
        query = query.where(InternalNote.object_type == kind.value)
    if object_id is not None:
        query = query.where(InternalNote.object_id == object_id)
    return list(session.scalars(query))


def update_note(
    session: Session,
    actor: Actor,
    note_id: int,
    *,
    title: str | None = None,
    description: str | None = None,
) -> InternalNote:
    note = require_note(session, actor, note_id)
    if title is not None:
        note.title = _checked(title, "title", MAX_TITLE)
    if description is not None:
        note.description = _checked(description, "description", MAX_DESCRIPTION)
    note.last_author_id = actor.user_id
    note.updated_at = utcnow()
    session.flush()
    return note


def delete_note(session: Session, actor: Actor, note_id: int) -> None:
    note = require_note(session, actor, note_id)
    if not actor.is_admin and note.author_id != actor.user_id:
        raise PermissionDenied("permission_denied", "only its author or an admin deletes a note")
    session.delete(note)
    session.flush()


def _checked(value: str, name: str, limit: int) -> str:
    if not value.strip() or len(value) > limit:
        raise ValidationFailed(
            f"internal_note.invalid_{name}", f"{name} must be 1 to {limit} characters"
        )
    return value
