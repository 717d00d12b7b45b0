"""The domain events of the ticket service's writes: ``TicketOpened`` for a new ticket;
``TicketChanged`` (every field an update changed, with old and new values) and, when the help
desk, level, owner or group changed, ``Assigned``. Status moves emit their own ``StatusMoved``
(``lifecycle.change_status``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.events.catalogue import (
    ASSIGNMENT_COLUMNS,
    VALUELESS_FIELDS,
    Assigned,
    FieldChange,
    Json,
    TicketChanged,
    TicketOpened,
    plain,
)
from polydesk.events.service import emit
from polydesk.models.tickets import Ticket


def emit_opened(session: Session, actor: Actor, ticket: Ticket) -> None:
    opened = TicketOpened(
        ticket_id=ticket.id, number=ticket.number, title=ticket.title,
        status_id=ticket.status_id, priority_id=ticket.priority_id,
        helpdesk_id=ticket.helpdesk_id, requester_id=ticket.requester_id,
        owner_id=ticket.owner_id, company_id=ticket.company_id,
    )  # fmt: skip
    emit(session, actor, opened)


def snapshot(ticket: Ticket, names: Iterable[str]) -> dict[str, Json]:
    """The values an update may change (``names``) and the assignment, before it does."""
    return {name: _value(ticket, name) for name in {*names, *ASSIGNMENT_COLUMNS}}


def emit_changed(
    session: Session, actor: Actor, ticket: Ticket, before: dict[str, Json], changed: set[str]
) -> None:
    """The events of an update that changed the ``changed`` fields of the ticket."""
    changes = tuple(
        FieldChange(field=name, old=before.get(name), new=_value(ticket, name))
        if name not in VALUELESS_FIELDS
        else FieldChange(field=name)
        for name in sorted(changed)
    )
    emit(session, actor, TicketChanged(ticket_id=ticket.id, changes=changes))
    if changed & ASSIGNMENT_COLUMNS.keys():
        emit_assigned(session, actor, ticket, before)


def emit_assigned(session: Session, actor: Actor, ticket: Ticket, before: dict[str, Json]) -> None:
    """``Assigned`` from the assignment ``before`` (a ``snapshot``) to the ticket's now."""
    values: dict[str, Json] = {}
    for column, name in ASSIGNMENT_COLUMNS.items():
        values[name], values[f"old_{name}"] = _value(ticket, column), before[column]
    emit(session, actor, Assigned.from_payload(ticket.id, values))


def _value(ticket: Ticket, name: str) -> Json:
    if name == "tags":
        return plain(sorted(tag.tag for tag in ticket.tags))
    if name == "cc":
        return plain(sorted(cc.email for cc in ticket.cc))
    return plain(getattr(ticket, name))
