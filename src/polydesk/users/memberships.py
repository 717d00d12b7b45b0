"""Replacing an agent's help-desk memberships or a user's group memberships at once (ReadyDesk
tech ``group`` and ``customer_groups``), and reading them for a page of users (InvGate
``users.groups``: groups, companies, help desks and locations by name)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.db.names import names_by_id
from polydesk.groups.service import add_member
from polydesk.models.companies import Company, Location
from polydesk.models.groups import Group, GroupMember
from polydesk.models.helpdesks import Helpdesk, HelpdeskMember, MemberAccess
from polydesk.models.observers import EntityObserver, ObservedKind
from polydesk.models.users import User
from polydesk.users.service import add_helpdesk_membership, require_user, require_visible_user


def set_helpdesk_memberships(
    session: Session,
    actor: Actor,
    user_id: int,
    helpdesk_ids: Sequence[int],
    *,
    read_only: Collection[int] = (),
) -> None:
    """Exactly these help desks, read-write but those in ``read_only``; every id is checked
    before anything changes. A member's level is kept (a new one starts at level 1)."""
    require_admin(actor)
    require_user(session, user_id)
    wanted = list(dict.fromkeys(helpdesk_ids))
    session.execute(
        delete(HelpdeskMember).where(
            HelpdeskMember.user_id == user_id, HelpdeskMember.helpdesk_id.not_in(wanted)
        )
    )
    for helpdesk_id in wanted:
        add_helpdesk_membership(
            session, actor, user_id=user_id, helpdesk_id=helpdesk_id,
            writable=helpdesk_id not in read_only,
        )  # fmt: skip


def set_group_memberships(
    session: Session, actor: Actor, user_id: int, group_ids: Sequence[int]
) -> None:
    require_admin(actor)
    wanted = list(dict.fromkeys(group_ids))
    session.execute(
        delete(GroupMember).where(
            GroupMember.user_id == user_id, GroupMember.group_id.not_in(wanted)
        )
    )
    for group_id in wanted:
        add_member(session, actor, group_id=group_id, user_id=user_id)


def helpdesks_of(session: Session, user_ids: Sequence[int]) -> dict[int, list[int]]:
    """User id -> help desk ids (ascending), for a page of users, in one query."""
    result: dict[int, list[int]] = {}
    if not user_ids:
        return result
    query = select(HelpdeskMember.user_id, HelpdeskMember.helpdesk_id).where(
        HelpdeskMember.user_id.in_(sorted(set(user_ids)))
    )
    for user_id, helpdesk_id in session.execute(query.order_by(HelpdeskMember.helpdesk_id)):
        result.setdefault(user_id, []).append(helpdesk_id)
    return result


def helpdesk_access_of(session: Session, user_id: int) -> dict[int, bool]:
    """Help desk id -> whether this user may change tickets there (read-write), one query."""
    query = select(HelpdeskMember.helpdesk_id, HelpdeskMember.access).where(
        HelpdeskMember.user_id == user_id
    )
    return {desk: access is MemberAccess.WRITE for desk, access in session.execute(query)}


def groups_of(session: Session, user_ids: Sequence[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    if not user_ids:
        return result
    query = select(GroupMember.user_id, GroupMember.group_id).where(
        GroupMember.user_id.in_(sorted(set(user_ids)))
    )
    for user_id, group_id in session.execute(query.order_by(GroupMember.group_id)):
        result.setdefault(user_id, []).append(group_id)
    return result


@dataclass(frozen=True)
class Memberships:
    """What a user belongs to, each as id -> name, ascending by id."""

    user: User
    groups: dict[int, str]
    companies: dict[int, str]
    helpdesks: dict[int, str]
    locations: dict[int, str]
    #: What the user observes (users.observers), by kind: id -> name. Levels are left out:
    #: no InvGate membership answer has a field for them.
    observed: dict[ObservedKind, dict[int, str]]


def memberships_of(session: Session, actor: Actor, user_ids: Sequence[int]) -> list[Memberships]:
    """The memberships of each user, in the order asked, in at most nine queries. Every id must be a
    user the actor may see (agents: all; customers: themselves), or nothing is answered."""
    users = [require_visible_user(session, actor, user_id) for user_id in dict.fromkeys(user_ids)]
    ids = [user.id for user in users]
    groups = _named(session, GroupMember.user_id, Group, GroupMember.group_id, ids)
    desks = _named(session, HelpdeskMember.user_id, Helpdesk, HelpdeskMember.helpdesk_id, ids)
    companies = names_by_id(session, Company, {u.company_id for u in users if u.company_id})
    locations = names_by_id(session, Location, {u.location_id for u in users if u.location_id})
    observed = _observed(session, ids)
    return [
        Memberships(
            user=user,
            groups=groups.get(user.id, {}),
            companies=_pick(companies, user.company_id),
            helpdesks=desks.get(user.id, {}),
            locations=_pick(locations, user.location_id),
            observed=observed.get(user.id, {}),
        )
        for user in users
    ]


_OBSERVED_TABLES: dict[ObservedKind, Any] = {
    ObservedKind.GROUP: Group,
    ObservedKind.COMPANY: Company,
    ObservedKind.HELPDESK: Helpdesk,
    ObservedKind.LOCATION: Location,
}


def _observed(
    session: Session, user_ids: list[int]
) -> dict[int, dict[ObservedKind, dict[int, str]]]:
    """user -> kind -> observed id -> name: one query for the observations, one per kind."""
    rows = session.execute(
        select(EntityObserver.user_id, EntityObserver.entity_kind, EntityObserver.entity_id)
        .where(EntityObserver.user_id.in_(user_ids))
        .order_by(EntityObserver.entity_id)
    ).all()
    names = {
        kind: names_by_id(session, table, {e for _, k, e in rows if k is kind})
        for kind, table in _OBSERVED_TABLES.items()
    }
    result: dict[int, dict[ObservedKind, dict[int, str]]] = {}
    for user_id, kind, entity_id in rows:
        if kind in names and entity_id in names[kind]:
            by_kind = result.setdefault(user_id, {}).setdefault(kind, {})
            by_kind[entity_id] = names[kind][entity_id]
    return result


def _named(
    session: Session, owner: Any, table: Any, member_of: Any, user_ids: list[int]
) -> dict[int, dict[int, str]]:
    query = (
        select(owner, table.id, table.name)
        .join(table, table.id == member_of)
        .where(owner.in_(user_ids))
        .order_by(table.id)
    )
    result: dict[int, dict[int, str]] = {}
    for user_id, ident, name in session.execute(query):
        result.setdefault(user_id, {})[ident] = name
    return result


def _pick(names: dict[int, str], ident: int | None) -> dict[int, str]:
    return {ident: names[ident]} if ident is not None and ident in names else {}
