"""Triggers as admin data: create, change, list, delete (admins only).

Decisions:
- ``event`` is a domain event kind from the catalogue (``ticket.opened``, ``article.posted``,
  ``sla.breached`` ...) or ``time`` for a time trigger; conditions and actions are validated
  against it when saved (``automation.conditions``, ``automation.actions``), so a broken rule
  is refused with a clear error and nothing is written.
- Names are unique ignoring case (``trigger.name_taken``). Changing a time trigger's
  conditions restarts its scan from the oldest ticket (what qualifies may have changed); the
  log keeps it from firing twice in one period.
- Deleting a trigger deletes its execution log (cascade); its sent webhooks stay.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.automation.actions import validate_actions
from polydesk.automation.conditions import validate_conditions
from polydesk.automation.engine import EVENT_KINDS, TIME_EVENT
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.validation import changes_given
from polydesk.db.names import name_in_use
from polydesk.events.catalogue import CATALOGUE
from polydesk.models.automation import Trigger, TriggerExecution

MAX_LISTED = 1000


class TriggerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=191)
    event: str = Field(min_length=1, max_length=64, examples=["ticket.opened", "time"])
    conditions: list[Any] = Field(default_factory=list)
    actions: list[Any]
    position: int = Field(default=0, ge=0, le=1_000_000)
    is_enabled: bool = True


class TriggerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    event: str | None = Field(default=None, min_length=1, max_length=64)
    conditions: list[Any] | None = None
    actions: list[Any] | None = None
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    is_enabled: bool | None = None


def event_fields(event: str) -> list[str] | None:
    """The fields ``event.<name>`` conditions may read; None for a time trigger."""
    if event == TIME_EVENT:
        return None
    if event not in EVENT_KINDS:
        kinds = ", ".join(sorted(EVENT_KINDS))
        raise ValidationFailed("trigger.bad_event", f"event is time or one of: {kinds}")
    return [f.name for f in fields(CATALOGUE[event]) if f.name != "ticket_id"]


def _validated(session: Session, event: str, conditions: Any, actions: Any) -> dict[str, Any]:
    timed = event == TIME_EVENT
    return {
        "conditions": validate_conditions(
            conditions, event_fields=event_fields(event), timed=timed
        ),
        "actions": validate_actions(session, actions),
    }


def _require_free_name(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, Trigger.id, Trigger.name, name, own_id=own_id):
        raise Conflict("trigger.name_taken", f"a trigger named {name!r} exists")


def create_trigger(session: Session, actor: Actor, cmd: TriggerCreate) -> Trigger:
    require_admin(actor)
    _require_free_name(session, cmd.name, None)
    checked = _validated(session, cmd.event, cmd.conditions, cmd.actions)
    trigger = Trigger(
        name=cmd.name, event=cmd.event, position=cmd.position, is_enabled=cmd.is_enabled,
        scanned_until_id=0, **checked,
    )  # fmt: skip
    session.add(trigger)
    session.flush()
    return trigger


def update_trigger(session: Session, actor: Actor, trigger_id: int, cmd: TriggerUpdate) -> Trigger:
    require_admin(actor)
    trigger = require_trigger(session, trigger_id)
    values = changes_given(cmd)
    if "name" in values:
        _require_free_name(session, values["name"], trigger.id)
    event = values.get("event", trigger.event)
    checked = _validated(
        session, event, values.get("conditions", trigger.conditions),
        values.get("actions", trigger.actions),
    )  # fmt: skip
    values.update(checked)
    if checked["conditions"] != trigger.conditions or event != trigger.event:
        trigger.scanned_until, trigger.scanned_until_id = None, 0
    for name, value in values.items():
        setattr(trigger, name, value)
    session.flush()
    return trigger


def delete_trigger(session: Session, actor: Actor, trigger_id: int) -> None:
    require_admin(actor)
    session.delete(require_trigger(session, trigger_id))
    session.flush()


def require_trigger(session: Session, trigger_id: int) -> Trigger:
    trigger = session.get(Trigger, trigger_id)
    if trigger is None:
        raise not_found("trigger", trigger_id)
    return trigger


def get_trigger_by_name(session: Session, name: str) -> Trigger | None:
    return session.scalars(select(Trigger).where(Trigger.name == name)).first()


def get_trigger(session: Session, actor: Actor, trigger_id: int) -> Trigger:
    require_admin(actor)
    return require_trigger(session, trigger_id)


def list_triggers(
    session: Session, actor: Actor, *, trigger_id: int | None = None
) -> list[Trigger]:
    """Every trigger (or the one asked for), in the order they run (admins)."""
    require_admin(actor)
    query = select(Trigger).order_by(Trigger.position, Trigger.id).limit(MAX_LISTED)
    if trigger_id is not None:
        query = query.where(Trigger.id == trigger_id)
    return list(session.scalars(query))


def recent_executions(
    session: Session, actor: Actor, *, since: datetime, trigger_id: int | None = None
) -> list[TriggerExecution]:
    """The executions started at ``since`` or later, oldest first, at most ``MAX_LISTED``
    (admins; InvGate ``triggers.executions`` asks for the last hour)."""
    require_admin(actor)
    query = select(TriggerExecution).where(TriggerExecution.started_at >= since)
    if trigger_id is not None:
        query = query.where(TriggerExecution.trigger_id == trigger_id)
    ordered = query.order_by(TriggerExecution.started_at, TriggerExecution.id)
    return list(session.scalars(ordered.limit(MAX_LISTED)))
