"""Linked tickets and external entities on a ticket (InvGate ``incident.link`` and
``incident.external_entity``).

Ticket links are undirected for "related" (a link A-B is found from either side, and adding
B-A when A-B exists reports "already linked"). Linking needs change rights on the ticket and
read rights on the others; all ids are checked before anything is written. Each new link
leaves a LINK_ADDED event on both tickets.

External entities (suppliers, carriers, other service desks) are linked with the entity's
own reference for the case; linking the same entity with the same reference again returns
the existing link. A ticket can wait for a linked entity (``waiting.start_waiting``);
removing that link ends the wait.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import readable_tickets, require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.events.catalogue import EntityLinked, EntityUnlinked, TicketsLinked
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.history import EventKind
from polydesk.models.tickets import (
    ExternalEntity,
    LinkKind,
    Ticket,
    TicketExternalEntity,
    TicketLink,
    WaitingFor,
)
from polydesk.tickets.access import require_changeable, require_ticket
from polydesk.tickets.waiting import end_wait

MAX_LINKS_PER_CALL = 100
#: Most linked tickets / entity links listed for one ticket.
MAX_LISTED = 1000


def link_tickets(
    session: Session,
    actor: Actor,
    ticket_id: int,
    other_ids: Iterable[int],
    kind: LinkKind = LinkKind.RELATED,
) -> dict[int, bool]:
    """Link the ticket to each other ticket; per id, True if linked now, False if it was."""
    ticket = require_changeable(session, actor, ticket_id)
    others = list(dict.fromkeys(other_ids))
    if not others or len(others) > MAX_LINKS_PER_CALL:
        raise ValidationFailed(
            "link.invalid_count", f"give between 1 and {MAX_LINKS_PER_CALL} tickets"
        )
    if ticket_id in others:
        raise ValidationFailed("link.self", "a ticket cannot be linked to itself")
    visible = set(
        session.scalars(select(Ticket.id).where(Ticket.id.in_(others), readable_tickets(actor)))
    )
    missing = [other for other in others if other not in visible]
    if missing:
        raise not_found("ticket", missing[0])
    linked = set(_linked_ids(session, ticket.id, kind))
    now = utcnow()
    result: dict[int, bool] = {}
    for other in others:
        result[other] = other not in linked
        if result[other]:
            _add_link(session, actor, ticket.id, other, kind, now)
    session.flush()
    return result


def list_linked_tickets(
    session: Session, actor: Actor, ticket_id: int, kind: LinkKind = LinkKind.RELATED
) -> list[Ticket]:
    """The linked tickets the actor may read, by id."""
    require_ticket(session, actor, ticket_id)
    ids = _linked_ids(session, ticket_id, kind)
    query = select(Ticket).where(Ticket.id.in_(ids), readable_tickets(actor))
    return list(session.scalars(query.order_by(Ticket.id).limit(MAX_LISTED)))


def _linked_ids(session: Session, ticket_id: int, kind: LinkKind) -> list[int]:
    outgoing = select(TicketLink.target_id).where(
        TicketLink.source_id == ticket_id, TicketLink.kind == kind
    )
    incoming = select(TicketLink.source_id).where(
        TicketLink.target_id == ticket_id, TicketLink.kind == kind
    )
    return sorted(set(session.scalars(outgoing.union(incoming))))


def _add_link(
    session: Session, actor: Actor, source: int, target: int, kind: LinkKind, now: datetime
) -> None:
    session.add(
        TicketLink(
            source_id=source, target_id=target, kind=kind, created_at=now,
            created_by_id=actor.user_id,
        )
    )  # fmt: skip
    emit(session, actor, TicketsLinked(ticket_id=source, other_ticket_id=target, link=kind.value))
    for this, other in ((source, target), (target, source)):
        record_event(
            session,
            actor,
            ticket_id=this,
            kind=EventKind.LINK_ADDED,
            field=kind.value,
            new=other,
            related_id=other,
        )


# --- external entities -------------------------------------------------------------------------


def create_external_entity(session: Session, actor: Actor, name: str) -> ExternalEntity:
    require_agent(actor)
    name = _free_entity_name(session, name)
    entity = ExternalEntity(name=name, created_at=utcnow())
    session.add(entity)
    session.flush()
    return entity


def update_external_entity(
    session: Session,
    actor: Actor,
    entity_id: int,
    *,
    name: str | None = None,
    enabled: bool | None = None,
) -> ExternalEntity:
    """Rename an entity or enable / disable it (admins only). A disabled entity cannot be
    linked any more; the links it has stay as they are."""
    require_admin(actor)
    entity = session.get(ExternalEntity, entity_id)
    if entity is None:
        raise not_found("external_entity", entity_id)
    if name is not None and name.strip() != entity.name:
        entity.name = _free_entity_name(session, name, entity.id)
    if enabled is not None:
        entity.is_enabled = enabled
    session.flush()
    return entity


def list_external_entities(session: Session) -> list[ExternalEntity]:
    """Every external entity, enabled or not, by name."""
    return list(session.scalars(select(ExternalEntity).order_by(ExternalEntity.name)))


def get_external_entity_by_name(session: Session, name: str) -> ExternalEntity | None:
    """The entity with this name: the exact one, else the only one equal ignoring case."""
    name = name.strip()
    exact = session.scalars(select(ExternalEntity).where(ExternalEntity.name == name)).first()
    if exact is not None:
        return exact
    wanted = name.casefold()
    found = [e for e in list_external_entities(session) if e.name.casefold() == wanted]
    return found[0] if len(found) == 1 else None


def _free_entity_name(session: Session, name: str, entity_id: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationFailed("external_entity.invalid_name", "name: 1 to 200 characters")
    taken = session.scalar(select(ExternalEntity.id).where(ExternalEntity.name == name))
    if taken is not None and taken != entity_id:
        raise Conflict("external_entity.exists", f"external entity {name!r} exists")
    return name


def link_external_entity(
    session: Session, actor: Actor, ticket_id: int, entity_id: int, reference: str = ""
) -> TicketExternalEntity:
    ticket = require_changeable(session, actor, ticket_id)
    entity = session.get(ExternalEntity, entity_id)
    if entity is None or not entity.is_enabled:
        raise not_found("external_entity", entity_id)
    if len(reference) > 200:
        raise ValidationFailed("external_entity.invalid_reference", "reference: 200 characters")
    existing = session.scalars(
        select(TicketExternalEntity).where(
            TicketExternalEntity.ticket_id == ticket.id,
            TicketExternalEntity.entity_id == entity_id,
            TicketExternalEntity.reference == reference,
        )
    ).first()
    if existing is not None:
        existing.is_enabled = True
        return existing
    link = TicketExternalEntity(
        ticket_id=ticket.id, entity_id=entity_id, reference=reference,
        created_at=utcnow(), created_by_id=actor.user_id,
    )  # fmt: skip
    session.add(link)
    session.flush()
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.LINK_ADDED,
        field="external_entity",
        new=entity.name,
        related_id=link.id,
    )
    linked = EntityLinked(
        ticket_id=ticket.id, link_id=link.id, entity_id=entity.id, entity_name=entity.name,
        reference=reference,
    )  # fmt: skip
    emit(session, actor, linked)
    return link


def unlink_external_entity(session: Session, actor: Actor, ticket_id: int, link_id: int) -> None:
    """Disable the link (InvGate keeps it, status 0); a wait for it ends."""
    ticket = require_changeable(session, actor, ticket_id)
    link = session.get(TicketExternalEntity, link_id)
    if link is None or link.ticket_id != ticket.id or not link.is_enabled:
        raise not_found("external_entity_link", link_id)
    if link.is_waited_on and ticket.waiting_for is WaitingFor.EXTERNAL_ENTITY:
        end_wait(session, actor, ticket, "external entity unlinked", utcnow())
    link.is_enabled = link.is_waited_on = False
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.LINK_REMOVED,
        field="external_entity",
        old=link.entity_id,
        related_id=link.id,
    )
    unlinked = EntityUnlinked(ticket_id=ticket.id, link_id=link.id, entity_id=link.entity_id)
    emit(session, actor, unlinked)


def list_external_entity_links(
    session: Session, actor: Actor, ticket_id: int
) -> list[tuple[TicketExternalEntity, ExternalEntity]]:
    """Every link of the ticket (disabled ones too: InvGate lists them with status 0)."""
    require_ticket(session, actor, ticket_id)
    query = (
        select(TicketExternalEntity, ExternalEntity)
        .join(ExternalEntity, ExternalEntity.id == TicketExternalEntity.entity_id)
        .where(TicketExternalEntity.ticket_id == ticket_id)
        .order_by(TicketExternalEntity.id)
        .limit(MAX_LISTED)
    )
    return [(link, entity) for link, entity in session.execute(query)]
