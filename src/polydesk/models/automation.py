"""Triggers, workflows and saved views (definitions as JSON documents); the automation
engine's execution log, webhook endpoints and their delivery outbox, workflow versions and
the workflow instance a ticket started (docs/automation.md)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class Trigger(Timestamps, Base):
    __tablename__ = "triggers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    event: Mapped[str] = mapped_column(String(64))  # ticket.created, comment.added ...
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    actions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Time triggers: every ticket up to (anchor time, ticket id) has been looked at.
    scanned_until: Mapped[datetime | None]
    scanned_until_id: Mapped[int] = mapped_column(default=0)


class Workflow(Timestamps, Base):
    __tablename__ = "workflows"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    # The latest saved version's definition (what wf.deploy deploys).
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # One workflow per category: a request opened in it becomes an instance of the deployed
    # version (InvGate wf.initialfields.by.category, process_id).
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), unique=True)
    latest_version: Mapped[int] = mapped_column(default=0)
    deployed_version: Mapped[int | None]


class WorkflowVersion(Base):
    """A saved definition of a workflow; versions are never changed or deleted, so a ticket
    keeps the rules it started with after a new version is deployed."""

    __tablename__ = "workflow_versions"
    __table_args__ = (UniqueConstraint("workflow_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"))
    version: Mapped[int]
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    deployed_at: Mapped[datetime | None]


class WorkflowInstance(Base):
    """A ticket opened under a workflow version; its id is InvGate's ``process_id``."""

    __tablename__ = "workflow_instances"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflows.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("workflow_versions.id"), index=True)
    created_at: Mapped[datetime]


class ExecutionOutcome(StrEnum):
    OK = "ok"
    FAILED = "failed"


class TriggerExecution(Base):
    """One run of a trigger on a ticket (InvGate triggers.executions). ``period``: for time
    triggers, the anchor time that qualified (unique with trigger and ticket, so a trigger
    fires once per ticket per qualifying period); empty for event triggers."""

    __tablename__ = "trigger_executions"
    __table_args__ = (
        Index("ix_trigger_executions_trigger_started", "trigger_id", "started_at"),
        UniqueConstraint("trigger_id", "ticket_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trigger_id: Mapped[int] = mapped_column(ForeignKey("triggers.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(index=True)  # no foreign key: the log outlives it
    event: Mapped[str] = mapped_column(String(64))  # the event kind, or "time"
    event_id: Mapped[int | None]
    period: Mapped[str | None] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    outcome: Mapped[ExecutionOutcome] = mapped_column(
        Enum(ExecutionOutcome, native_enum=False, length=16)
    )
    error: Mapped[str] = mapped_column(Text, default="")
    actions_done: Mapped[list[str]] = mapped_column(JSON, default=list)


class Webhook(Timestamps, Base):
    """An endpoint a trigger's ``webhook`` action posts to, signed with ``secret``."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    is_enabled: Mapped[bool] = mapped_column(default=True)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class WebhookDelivery(Base):
    """The webhook outbox: one row per call, written with the trigger run, sent after commit."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # X-Polydesk-Delivery
    webhook_id: Mapped[int] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    execution_id: Mapped[int | None] = mapped_column(
        ForeignKey("trigger_executions.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=16)
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")
    response_status: Mapped[int | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class SavedView(Timestamps, Base):
    """A saved ticket filter with sort and columns (InvGate views)."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_shared: Mapped[bool] = mapped_column(default=True)
    # A TicketCriteria without paging; sort: its SortKey list (tickets/views.py).
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sort: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    columns: Mapped[list[str]] = mapped_column(JSON, default=list)
