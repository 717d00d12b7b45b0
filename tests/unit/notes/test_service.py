"""notes.service: internal notes on five kinds of objects, agents only, the last author kept,
deletion by the author or an admin, refusals that leave the note as it was."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.groups.service import GroupCreate, create_group
from polydesk.notes.service import NoteObject, create_note, delete_note, list_notes, update_note
from tests.factories import make_company, make_helpdesk, make_user


def _actor(session: Session, role: Role) -> Actor:
    user = make_user(session, role)
    return Actor(user_id=user.id, role=role, login=user.login)


def test_notes_on_every_kind_of_object(session: Session) -> None:
    agent = _actor(session, Role.AGENT)
    objects = {
        NoteObject.USER: make_user(session, Role.CUSTOMER).id,
        NoteObject.HELPDESK: make_helpdesk(session).id,
        NoteObject.COMPANY: make_company(session).id,
        NoteObject.GROUP: create_group(session, SYSTEM, GroupCreate(name="Sales")).id,
    }
    made = [create_note(session, agent, kind, ident, "t", "d") for kind, ident in objects.items()]

    assert [note.author_id for note in made] == [agent.user_id] * 4
    company = objects[NoteObject.COMPANY]
    found = list_notes(session, agent, kind=NoteObject.COMPANY, object_id=company)
    assert [note.id for note in found] == [made[2].id]
    with pytest.raises(NotFound):
        create_note(session, agent, NoteObject.EXTERNAL_ENTITY, 999_999, "t", "d")


def test_changes_keep_the_last_author_and_deletes_are_guarded(session: Session) -> None:
    author, other = _actor(session, Role.AGENT), _actor(session, Role.AGENT)
    note = create_note(session, author, NoteObject.USER, author.user_id or 0, "VIP", "x")

    update_note(session, other, note.id, description="Call first")
    assert (note.title, note.description, note.last_author_id) == (
        "VIP",
        "Call first",
        other.user_id,
    )
    with pytest.raises(ValidationFailed):
        update_note(session, other, note.id, title=" ")
    with pytest.raises(PermissionDenied):
        delete_note(session, other, note.id)
    with pytest.raises(PermissionDenied):
        list_notes(session, _actor(session, Role.CUSTOMER))
    assert note.title == "VIP"
    delete_note(session, SYSTEM, note.id)
    with pytest.raises(NotFound):
        list_notes(session, author, note_id=note.id)
