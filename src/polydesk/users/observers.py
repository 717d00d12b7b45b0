"""Entity observers: users who follow a group, company, help desk, level or location
(InvGate's ``groups.observers`` and its four siblings; every edge may use them).

What observing is (decision; the seed only says observers are added, listed and removed):
a standing interest that is stored, listed per entity and per user (``observed_by``), and
removed. It grants no permission: reading the entity's requests still follows the one
visibility model (``authz.tickets``). Admins add and remove observers; agents list them.
Any existing user may observe (customers too: a customer contact following its company).
Deleting an entity drops its observers (``forget_entities``; no foreign key can point into
five tables).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.models.companies import Company, Location
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel
from polydesk.models.observers import EntityObserver, ObservedKind
from polydesk.users.service import require_user

#: The most entities one list without ids answers (the product's list is not paged).
LIST_CAP = 1000


@dataclass(frozen=True)
class Observed:
    """An entity and the ids of the users observing it (ascending)."""

    id: int
    name: str
    user_ids: list[int]


def add_observers(
    session: Session, actor: Actor, kind: ObservedKind, entity_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True when the user now observes the entity, False when they already did.
    Every user is checked before anything changes."""
    require_admin(actor)
    _require_entity(session, kind, entity_id)
    wanted = _users(session, user_ids)
    present = _observers(session, kind, [entity_id]).get(entity_id, [])
    result = {user_id: user_id not in present for user_id in wanted}
    for user_id, fresh in result.items():
        if fresh:
            session.add(EntityObserver(entity_kind=kind, entity_id=entity_id, user_id=user_id))
    session.flush()
    return result


def remove_observers(
    session: Session, actor: Actor, kind: ObservedKind, entity_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True when the user stopped observing, False when they did not observe it."""
    require_admin(actor)
    _require_entity(session, kind, entity_id)
    wanted = _users(session, user_ids)
    present = set(_observers(session, kind, [entity_id]).get(entity_id, []))
    session.execute(
        delete(EntityObserver).where(
            EntityObserver.entity_kind == kind,
            EntityObserver.entity_id == entity_id,
            EntityObserver.user_id.in_(wanted),
        ),
        execution_options={"synchronize_session": False},
    )
    return {user_id: user_id in present for user_id in wanted}


def list_observed(
    session: Session, actor: Actor, kind: ObservedKind, entity_ids: Sequence[int] | None = None
) -> list[Observed]:
    """The active entities of a kind (or those asked for, active or not; unknown ids are left
    out), by id, each with its observers."""
    require_agent(actor)
    model, name = _MODELS[kind]
    query = select(model.id, name).order_by(model.id)
    if entity_ids is None:
        query = _active(query, kind).limit(LIST_CAP)
    else:
        query = query.where(model.id.in_(sorted(set(entity_ids))))
    rows = list(session.execute(query))
    observers = _observers(session, kind, [row[0] for row in rows])
    return [Observed(ident, label, observers.get(ident, [])) for ident, label in rows]


def observed_by(session: Session, user_id: int) -> dict[ObservedKind, list[int]]:
    """What a user observes: kind -> entity ids (ascending), every kind present."""
    result: dict[ObservedKind, list[int]] = {kind: [] for kind in ObservedKind}
    query = select(EntityObserver.entity_kind, EntityObserver.entity_id).where(
        EntityObserver.user_id == user_id
    )
    for kind, entity_id in session.execute(query.order_by(EntityObserver.entity_id)):
        result[kind].append(entity_id)
    return result


def forget_entities(session: Session, kind: ObservedKind, entity_ids: Iterable[int]) -> None:
    """Drop the observers of deleted entities (called by the services that delete them)."""
    wanted = sorted(set(entity_ids))
    if wanted:
        session.execute(
            delete(EntityObserver).where(
                EntityObserver.entity_kind == kind, EntityObserver.entity_id.in_(wanted)
            ),
            execution_options={"synchronize_session": False},
        )


_MODELS: dict[ObservedKind, tuple[Any, Any]] = {
    ObservedKind.GROUP: (Group, Group.name),
    ObservedKind.COMPANY: (Company, Company.name),
    ObservedKind.HELPDESK: (Helpdesk, Helpdesk.name),
    ObservedKind.LEVEL: (HelpdeskLevel, HelpdeskLevel.name),
    ObservedKind.LOCATION: (Location, Location.name),
}


def _active(query: Any, kind: ObservedKind) -> Any:
    if kind is ObservedKind.LEVEL:  # a level is as active as its help desk
        return query.join(Helpdesk, Helpdesk.id == HelpdeskLevel.helpdesk_id).where(
            Helpdesk.is_enabled.is_(True)
        )
    model, _name = _MODELS[kind]
    return query.where(model.is_enabled.is_(True))


def _require_entity(session: Session, kind: ObservedKind, entity_id: int) -> None:
    model, _name = _MODELS[kind]
    if session.get(model, entity_id) is None:
        raise not_found(kind.value, entity_id)


def _users(session: Session, user_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(user_ids))
    for user_id in wanted:
        require_user(session, user_id)
    return wanted


def _observers(session: Session, kind: ObservedKind, entity_ids: list[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    if not entity_ids:
        return result
    query = (
        select(EntityObserver.entity_id, EntityObserver.user_id)
        .where(EntityObserver.entity_kind == kind, EntityObserver.entity_id.in_(entity_ids))
        .order_by(EntityObserver.user_id)
    )
    for entity_id, user_id in session.execute(query):
        result.setdefault(entity_id, []).append(user_id)
    return result
