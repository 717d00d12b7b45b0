"""Site-file kind for SLA policies (``slas:``): the targets a help desk's tickets are held to.

Targets are minutes (``null``: no target of that kind). Business calendars and the rules that
choose an SLA by priority, help desk, company, category or type are not stored yet, so they are
not fields here.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.helpdesks.service import get_sla_by_name
from polydesk.helpdesks.slas import (
    MAX_MINUTES,
    SlaCreate,
    SlaUpdate,
    create_sla,
    list_slas,
    update_sla,
)
from polydesk.models.helpdesks import Sla


class SlaEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Gold"])
    description: str = Field(default="", max_length=1000)
    first_response_minutes: int | None = Field(default=None, ge=1, le=MAX_MINUTES)
    update_minutes: int | None = Field(
        default=None, ge=1, le=MAX_MINUTES, description="next update (Znuny UpdateTime)"
    )
    resolution_minutes: int | None = Field(default=None, ge=1, le=MAX_MINUTES)
    business_hours_only: bool = False
    enabled: bool = True


class Slas(Kind[SlaEntry]):
    section = "slas"
    entry = SlaEntry

    def export(self, session: Session) -> list[SlaEntry]:
        return [_entry(sla) for sla in list_slas(session)]

    def current(self, session: Session, key: str) -> SlaEntry | None:
        sla = get_sla_by_name(session, key)
        return None if sla is None else _entry(sla)

    def create(self, session: Session, actor: Actor, entry: SlaEntry) -> Outcome:
        values = entry.model_dump(exclude={"enabled"})
        create_sla(session, actor, SlaCreate(**values, is_enabled=entry.enabled))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        sla = get_sla_by_name(session, key)
        if sla is None:
            raise not_found("sla", key)
        fields = {"is_enabled" if name == "enabled" else name: v for name, v in changes.items()}
        update_sla(session, actor, sla.id, SlaUpdate(**fields))
        return Outcome()


def _entry(sla: Sla) -> SlaEntry:
    return SlaEntry(
        name=sla.name,
        description=sla.description,
        first_response_minutes=sla.first_response_minutes,
        update_minutes=sla.update_minutes,
        resolution_minutes=sla.resolution_minutes,
        business_hours_only=sla.business_hours_only,
        enabled=sla.is_enabled,
    )
