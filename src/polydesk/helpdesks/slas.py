"""SLA policies (reference data, admins only): create, change, list.

Decisions:
- Names are unique ignoring case (``sla.name_taken``), as help desk names are.
- A target is a number of minutes (1 to ten years) or none (no target of that kind). A first
  response target later than the resolution target is refused (``sla.invalid_targets``); the
  next-update target (Znuny's UpdateTime) is free.
- An SLA may name a business calendar (``calendar_id``, checked; ``None`` removes it), the
  hours its business-time targets count in (``helpdesks.calendars``).
- A disabled SLA stays on the tickets that have it; dialects refuse it for new ones.
- Warnings: ``warning_percent`` (1-99) of a target elapsed; none when unset. Escalation on a
  breach (``sla.check``): the next help desk level, an agent (an enabled agent or admin, else
  ``sla.escalation_not_an_agent``), a group (must exist); ``None`` removes agent or group.
- Reference data: no ticket history is written. Flushed, never committed.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor, Role
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.validation import changes_given
from polydesk.db.names import name_in_use
from polydesk.helpdesks.calendars import require_calendar
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Sla
from polydesk.models.users import User

MAX_MINUTES = 10 * 366 * 24 * 60
Minutes = Annotated[int, Field(ge=1, le=MAX_MINUTES)]
Percent = Annotated[int, Field(ge=1, le=99)]


class SlaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=191)
    description: str = Field(default="", max_length=1000)
    first_response_minutes: Minutes | None = None
    update_minutes: Minutes | None = None
    resolution_minutes: Minutes | None = None
    business_hours_only: bool = False
    calendar_id: int | None = None
    is_enabled: bool = True
    warning_percent: Percent | None = None
    escalate_to_next_level: bool = False
    escalate_to_user_id: int | None = None
    escalate_to_group_id: int | None = None


class SlaUpdate(BaseModel):
    """Only the fields given change; a target given as ``None`` removes that target."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    description: str | None = Field(default=None, max_length=1000)
    first_response_minutes: Minutes | None = None
    update_minutes: Minutes | None = None
    resolution_minutes: Minutes | None = None
    business_hours_only: bool | None = None
    calendar_id: int | None = None
    is_enabled: bool | None = None
    warning_percent: Percent | None = None
    escalate_to_next_level: bool | None = None
    escalate_to_user_id: int | None = None
    escalate_to_group_id: int | None = None


_TARGETS = ("first_response_minutes", "update_minutes", "resolution_minutes")
_CLEARABLE = (
    *_TARGETS,
    "calendar_id",
    "warning_percent",
    "escalate_to_user_id",
    "escalate_to_group_id",
)


def create_sla(session: Session, actor: Actor, cmd: SlaCreate) -> Sla:
    require_admin(actor)
    _require_free_name(session, cmd.name, None)
    _check_targets(cmd.first_response_minutes, cmd.resolution_minutes)
    if cmd.calendar_id is not None:
        require_calendar(session, cmd.calendar_id)
    _check_escalation(session, cmd.model_dump())
    sla = Sla(**cmd.model_dump())
    session.add(sla)
    session.flush()
    return sla


def update_sla(session: Session, actor: Actor, sla_id: int, cmd: SlaUpdate) -> Sla:
    require_admin(actor)
    sla = session.get(Sla, sla_id)
    if sla is None:
        raise not_found("sla", sla_id)
    values = changes_given(cmd, _CLEARABLE)
    if "name" in values:
        _require_free_name(session, values["name"], sla.id)
    first = values.get("first_response_minutes", sla.first_response_minutes)
    _check_targets(first, values.get("resolution_minutes", sla.resolution_minutes))
    if values.get("calendar_id") is not None:
        require_calendar(session, values["calendar_id"])
    _check_escalation(session, values)
    for name, value in values.items():
        setattr(sla, name, value)
    session.flush()
    return sla


def list_slas(session: Session) -> list[Sla]:
    """Every SLA, enabled or not, in name order."""
    return list(session.scalars(select(Sla).order_by(Sla.name)).all())


def _require_free_name(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, Sla.id, Sla.name, name, own_id=own_id):
        raise Conflict("sla.name_taken", f"SLA {name!r} already exists")


def _check_escalation(session: Session, values: dict[str, Any]) -> None:
    user_id, group_id = values.get("escalate_to_user_id"), values.get("escalate_to_group_id")
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None:
            raise not_found("user", user_id)
        if user.role is Role.CUSTOMER or not user.is_enabled:
            raise ValidationFailed(
                "sla.escalation_not_an_agent", f"user {user_id} is not an active agent"
            )
    if group_id is not None and session.get(Group, group_id) is None:
        raise not_found("group", group_id)


def _check_targets(first_response: int | None, resolution: int | None) -> None:
    if first_response is not None and resolution is not None and first_response > resolution:
        raise ValidationFailed(
            "sla.invalid_targets",
            f"the first response target ({first_response} min) is later than the resolution "
            f"target ({resolution} min)",
        )
