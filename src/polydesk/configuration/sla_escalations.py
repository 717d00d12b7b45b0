"""Site-file kind ``sla_escalations:``: the agent and the group an SLA's breaches go to.

A section of its own because it names users and groups, which are applied after SLAs (help
desks name their SLA, users name their help desks); entries are keyed by the SLA's name and
the SLA must exist (section ``slas``). ``null`` removes the agent or the group. Removing an
entry clears both.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import select

from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.groups.service import get_group_by_name
from polydesk.helpdesks.service import get_sla_by_name
from polydesk.helpdesks.slas import SlaUpdate, list_slas, update_sla
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Sla
from polydesk.models.users import User
from polydesk.users.service import get_user_by_login


class SlaEscalationEntry(Entry):
    name: str = Field(min_length=1, max_length=191, description="the SLA's name (section slas)")
    agent: str | None = Field(default=None, description="login of the agent breaches go to")
    group: str | None = Field(default=None, description="name of the group breaches go to")


class SlaEscalations(Kind[SlaEscalationEntry]):
    section = "sla_escalations"
    entry = SlaEscalationEntry

    def export(self, session: Session) -> list[SlaEscalationEntry]:
        slas = [
            sla
            for sla in list_slas(session)
            if sla.escalate_to_user_id is not None or sla.escalate_to_group_id is not None
        ]
        logins, groups = _names(session, slas)  # two queries, not two per SLA
        return [_entry(sla, logins, groups) for sla in slas]

    def current(self, session: Session, key: str) -> SlaEscalationEntry | None:
        sla = get_sla_by_name(session, key)
        return None if sla is None else _entry(sla, *_names(session, [sla]))

    def create(self, session: Session, actor: Actor, entry: SlaEscalationEntry) -> Outcome:
        raise not_found("sla", entry.name)  # current() is None only when the SLA is missing

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        sla = get_sla_by_name(session, key)
        if sla is None:
            raise not_found("sla", key)
        fields: dict[str, Any] = {}
        if "agent" in changes:
            fields["escalate_to_user_id"] = _user_id(session, changes["agent"])
        if "group" in changes:
            fields["escalate_to_group_id"] = _group_id(session, changes["group"])
        update_sla(session, actor, sla.id, SlaUpdate(**fields))
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        self.update(session, actor, key, {"agent": None, "group": None})
        return "cleared"


def _user_id(session: Session, login: str | None) -> int | None:
    if login is None:
        return None
    user = get_user_by_login(session, login)
    if user is None:
        raise not_found("user", login)
    return user.id


def _group_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    group = get_group_by_name(session, name)
    if group is None:
        raise not_found("group", name)
    return group.id


def _names(session: Session, slas: list[Sla]) -> tuple[dict[int, str], dict[int, str]]:
    user_ids = sorted({sla.escalate_to_user_id for sla in slas if sla.escalate_to_user_id})
    group_ids = sorted({sla.escalate_to_group_id for sla in slas if sla.escalate_to_group_id})
    logins = session.execute(select(User.id, User.login).where(User.id.in_(user_ids)))
    groups = session.execute(select(Group.id, Group.name).where(Group.id.in_(group_ids)))
    return {key: login for key, login in logins}, {key: name for key, name in groups}


def _entry(sla: Sla, logins: dict[int, str], groups: dict[int, str]) -> SlaEscalationEntry:
    return SlaEscalationEntry(
        name=sla.name,
        agent=logins.get(sla.escalate_to_user_id) if sla.escalate_to_user_id else None,
        group=groups.get(sla.escalate_to_group_id) if sla.escalate_to_group_id else None,
    )
