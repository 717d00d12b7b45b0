"""Internal notes: ``internalnotes`` (POST, GET, PUT, DELETE) over ``notes.service``.

Decisions where the seed is silent:
- ``object_type`` 1 User, 2 Help desk, 3 Company, 4 Users group, 5 External entity; any
  other value is a 428. The object must exist (``<kind>.not_found``).
- Notes are for agents and admins (customers get 403); ``author_id`` acts (by the core's
  acting rule). Anyone who writes notes may change one (``last_author`` records who did);
  only the author or an admin deletes it.
- The answers' key is ``Status`` (capitalised, as the seed's tables and live instances
  write it), with ``info``, and ``id`` on POST; a refusal is the dialect's usual
  ``{"status": "ERROR", ...}``.
- ``GET`` requires ``id`` (the seed marks it required): the answer is an array holding that
  note, empty when ``object_type`` / ``object_id`` are sent and do not match it. Dates follow
  ``date_format`` (epoch integers by default).
"""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import DateFormat, Params
from polydesk.dialects.invgate.render import date_value
from polydesk.models.content import InternalNote
from polydesk.notes import service as notes
from polydesk.notes.service import NoteObject

OBJECT_TYPES: dict[int, NoteObject] = {
    1: NoteObject.USER,
    2: NoteObject.HELPDESK,
    3: NoteObject.COMPANY,
    4: NoteObject.GROUP,
    5: NoteObject.EXTERNAL_ENTITY,
}
_CODE_OF = {kind.value: code for code, kind in OBJECT_TYPES.items()}


def create(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    note = notes.create_note(
        ctx.session,
        author,
        _kind(params.required_integer("object_type")),
        params.required_integer("object_id"),
        params.required_text("title"),
        params.required_text("description"),
    )
    return {"Status": "OK", "info": "Internal note created", "id": note.id}


def list_all(ctx: Context, params: Params) -> list[dict[str, Any]]:
    fmt = params.date_format()
    code = params.integer("object_type")
    found = notes.list_notes(
        ctx.session,
        ctx.actor,
        note_id=params.required_integer("id"),
        kind=None if code is None else _kind(code),
        object_id=params.integer("object_id"),
    )
    return [_row(ctx, note, fmt) for note in found]


def update(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    notes.update_note(
        ctx.session,
        author,
        params.required_integer("id"),
        title=params.text("title"),
        description=params.text("description"),
    )
    return {"Status": "OK", "info": "Internal note updated"}


def delete(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    notes.delete_note(ctx.session, author, params.required_integer("id"))
    return {"Status": "OK", "info": "Internal note deleted"}


def _kind(code: int) -> NoteObject:
    if code not in OBJECT_TYPES:
        raise bad_parameter("object_type must be 1 (User), 2 (Helpdesk), 3 (Company), "
                            "4 (Users Group) or 5 (External Entity)")  # fmt: skip
    return OBJECT_TYPES[code]


def _row(ctx: Context, note: InternalNote, fmt: DateFormat) -> dict[str, Any]:
    zone = ctx.zone_for(fmt)
    return {
        "id": note.id,
        "object_type": _CODE_OF[note.object_type],
        "object_id": note.object_id,
        "title": note.title,
        "description": note.description,
        "author_id": note.author_id,
        "last_author": note.last_author_id,
        "created_at": date_value(note.created_at, fmt, zone),
        "last_update": date_value(note.updated_at, fmt, zone),
    }
