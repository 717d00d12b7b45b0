"""Shared helpers for the automation tests: triggers saved through the admin service."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.automation.triggers import TriggerCreate, create_trigger
from polydesk.core.actor import SYSTEM
from polydesk.models.automation import Trigger, TriggerExecution
from polydesk.models.catalogs import Priority, Status


def add_trigger(
    session: Session, name: str, event: str, conditions: list[Any], actions: list[Any], **kw: Any
) -> Trigger:
    command = TriggerCreate(name=name, event=event, conditions=conditions, actions=actions, **kw)
    return create_trigger(session, SYSTEM, command)


def executions(session: Session) -> list[TriggerExecution]:
    session.expire_all()
    return list(session.scalars(select(TriggerExecution).order_by(TriggerExecution.id)))


def status_id(session: Session, name: str) -> int:
    return session.scalars(select(Status.id).where(Status.name == name)).one()


def priority_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Priority.id).order_by(Priority.position, Priority.id)))
