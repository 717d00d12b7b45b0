"""Webhook endpoints (admin data) and the reads of the delivery outbox and the execution log.

Decisions:
- An endpoint is a name, an http(s) URL and a secret (at least 16 characters) that signs
  every delivery. The secret is write-only: reads show ``has_secret``, never the value.
- A disabled endpoint gets no new deliveries (the action is logged as skipped) and its
  pending ones fail when their turn comes.
- A webhook a trigger still calls cannot be deleted (``webhook.in_use``); disable it.
- The execution log is read by time: the last hour by default (InvGate
  ``triggers.executions``), through ``ix_trigger_executions_started_at`` or, for one trigger,
  ``ix_trigger_executions_trigger_started``; at most ``MAX_LISTED`` rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.automation.actions import referenced_webhooks
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, not_found
from polydesk.core.validation import changes_given
from polydesk.db.names import name_in_use
from polydesk.models.automation import Trigger, TriggerExecution, Webhook, WebhookDelivery

MAX_LISTED = 1000
LOG_WINDOW = timedelta(hours=1)


def _http_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// URL")
    return value


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=191)
    url: str = Field(min_length=8, max_length=2000)
    secret: str = Field(min_length=16, max_length=200)
    is_enabled: bool = True

    _url = field_validator("url")(_http_url)


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    url: str | None = Field(default=None, min_length=8, max_length=2000)
    secret: str | None = Field(default=None, min_length=16, max_length=200)
    is_enabled: bool | None = None

    _url = field_validator("url")(_http_url)


def _require_free_name(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, Webhook.id, Webhook.name, name, own_id=own_id):
        raise Conflict("webhook.name_taken", f"a webhook named {name!r} exists")


def create_webhook(session: Session, actor: Actor, cmd: WebhookCreate) -> Webhook:
    require_admin(actor)
    _require_free_name(session, cmd.name, None)
    webhook = Webhook(**cmd.model_dump())
    session.add(webhook)
    session.flush()
    return webhook


def update_webhook(session: Session, actor: Actor, webhook_id: int, cmd: WebhookUpdate) -> Webhook:
    require_admin(actor)
    webhook = require_webhook(session, webhook_id)
    values = changes_given(cmd)
    if "name" in values:
        _require_free_name(session, values["name"], webhook.id)
    for name, value in values.items():
        setattr(webhook, name, value)
    session.flush()
    return webhook


def delete_webhook(session: Session, actor: Actor, webhook_id: int) -> None:
    require_admin(actor)
    webhook = require_webhook(session, webhook_id)
    users = [t.name for t in session.scalars(select(Trigger).limit(MAX_LISTED)) if webhook.id in
             referenced_webhooks(t.actions)]  # fmt: skip
    if users:
        raise Conflict("webhook.in_use", f"triggers call this webhook: {', '.join(users)}")
    session.delete(webhook)
    session.flush()


def require_webhook(session: Session, webhook_id: int) -> Webhook:
    webhook = session.get(Webhook, webhook_id)
    if webhook is None:
        raise not_found("webhook", webhook_id)
    return webhook


def get_webhook_by_name(session: Session, name: str) -> Webhook | None:
    return session.scalars(select(Webhook).where(Webhook.name == name)).first()


def get_webhook(session: Session, actor: Actor, webhook_id: int) -> Webhook:
    require_admin(actor)
    return require_webhook(session, webhook_id)


def list_webhooks(session: Session, actor: Actor) -> list[Webhook]:
    require_admin(actor)
    return list(session.scalars(select(Webhook).order_by(Webhook.name).limit(MAX_LISTED)))


def list_deliveries(
    session: Session, actor: Actor, webhook_id: int, *, limit: int = 100
) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first (admins)."""
    require_admin(actor)
    require_webhook(session, webhook_id)
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(min(limit, MAX_LISTED))
    )
    return list(session.scalars(query))


def list_executions(
    session: Session,
    actor: Actor,
    *,
    trigger_id: int | None = None,
    since: datetime | None = None,
) -> list[TriggerExecution]:
    """Trigger runs since ``since`` (default: the last hour), newest first (admins)."""
    require_admin(actor)
    start = since if since is not None else utcnow() - LOG_WINDOW
    query = select(TriggerExecution).where(TriggerExecution.started_at >= start)
    if trigger_id is not None:
        query = query.where(TriggerExecution.trigger_id == trigger_id)
    order = (TriggerExecution.started_at.desc(), TriggerExecution.id.desc())
    return list(session.scalars(query.order_by(*order).limit(MAX_LISTED)))
