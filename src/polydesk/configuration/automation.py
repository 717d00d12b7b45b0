"""Site-file kinds for automation: ``webhooks``, ``triggers`` and ``workflows``
(docs/automation.md). Written through ``polydesk.automation``'s services, like the native API.

Decisions:
- Entries name what they refer to (statuses, priorities, users by login, categories by path,
  webhooks by name: ``configuration.automation_names``); the core stores ids.
- A webhook's secret is write-only: an export leaves it out, and an entry without one keeps
  the current secret (a new webhook without one gets a generated secret, shown once).
- A workflow entry is its deployed state: a definition that differs from the latest version is
  saved as a new version and deployed.
- Triggers and workflows are removed by disabling them (``enabled: false``); webhooks too.
"""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import Field

from polydesk.automation.triggers import (
    TriggerCreate,
    TriggerUpdate,
    create_trigger,
    get_trigger_by_name,
    update_trigger,
)
from polydesk.automation.triggers import list_triggers as _list_triggers
from polydesk.automation.webhooks import (
    WebhookCreate,
    WebhookUpdate,
    create_webhook,
    get_webhook_by_name,
    update_webhook,
)
from polydesk.automation.webhooks import list_webhooks as _list_webhooks
from polydesk.automation.workflows import (
    WorkflowCreate,
    WorkflowUpdate,
    create_workflow,
    deployed_definition,
    get_workflow_by_name,
    update_workflow,
)
from polydesk.automation.workflows import list_workflows as _list_workflows
from polydesk.configuration import automation_names as names
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import SYSTEM, Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.models.automation import Trigger, Webhook, Workflow


class WebhookEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Ops chat"])
    url: str = Field(min_length=8, max_length=2000, examples=["https://hooks.example.com/x"])
    secret: str | None = Field(
        default=None, min_length=16, max_length=200, description="write-only; kept when left out"
    )
    enabled: bool = True


class Webhooks(Kind[WebhookEntry]):
    section = "webhooks"
    entry = WebhookEntry

    def export(self, session: Session) -> list[WebhookEntry]:
        return [
            _webhook_entry(w).model_copy(update={"secret": None})
            for w in _list_webhooks(session, SYSTEM)
        ]

    def current(self, session: Session, key: str) -> WebhookEntry | None:
        webhook = get_webhook_by_name(session, key)
        return None if webhook is None else _webhook_entry(webhook)

    def changes(self, current: WebhookEntry, wanted: WebhookEntry) -> dict[str, Any]:
        found = super().changes(current, wanted)
        if wanted.secret is None:
            found.pop("secret", None)
        return found

    def create(self, session: Session, actor: Actor, entry: WebhookEntry) -> Outcome:
        secret = entry.secret or secrets.token_urlsafe(24)
        command = WebhookCreate(
            name=entry.name, url=entry.url, secret=secret, is_enabled=entry.enabled
        )
        create_webhook(session, actor, command)
        return Outcome() if entry.secret else Outcome(secrets={"secret": secret})

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        webhook = get_webhook_by_name(session, key)
        if webhook is None:
            raise not_found("webhook", key)
        fields = {"is_enabled" if k == "enabled" else k: v for k, v in changes.items()}
        update_webhook(session, actor, webhook.id, WebhookUpdate(**fields))
        return Outcome()


def _webhook_entry(webhook: Webhook) -> WebhookEntry:
    return WebhookEntry(
        name=webhook.name, url=webhook.url, secret=webhook.secret, enabled=webhook.is_enabled
    )


class TriggerEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Remind waiting customers"])
    event: str = Field(min_length=1, max_length=64, examples=["time", "ticket.opened"])
    conditions: list[Any] = Field(
        default_factory=list, description="{field, op, value}; references by name"
    )
    actions: list[Any] = Field(min_length=1, description="references by name")
    position: int = Field(default=0, ge=0, le=1_000_000)
    enabled: bool = True


class Triggers(Kind[TriggerEntry]):
    section = "triggers"
    entry = TriggerEntry

    def export(self, session: Session) -> list[TriggerEntry]:
        convert = names.remembered_names()  # the web UI lists them: no query per trigger
        return [_trigger_entry(session, t, convert) for t in _list_triggers(session, SYSTEM)]

    def current(self, session: Session, key: str) -> TriggerEntry | None:
        trigger = get_trigger_by_name(session, key)
        return None if trigger is None else _trigger_entry(session, trigger)

    def create(self, session: Session, actor: Actor, entry: TriggerEntry) -> Outcome:
        values = _trigger_ids(session, entry.model_dump(exclude={"enabled"}))
        create_trigger(session, actor, TriggerCreate(**values, is_enabled=entry.enabled))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        trigger = get_trigger_by_name(session, key)
        if trigger is None:
            raise not_found("trigger", key)
        fields = _trigger_ids(session, changes)
        if "enabled" in fields:
            fields["is_enabled"] = fields.pop("enabled")
        update_trigger(session, actor, trigger.id, TriggerUpdate(**fields))
        return Outcome()


def _trigger_ids(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "conditions" in out:
        out["conditions"] = names.conditions(session, out["conditions"], names.to_id)
    if "actions" in out:
        out["actions"] = names.actions(session, out["actions"], names.to_id)
    return out


def _trigger_entry(
    session: Session, trigger: Trigger, convert: names.Convert = names.to_name
) -> TriggerEntry:
    return TriggerEntry(
        name=trigger.name,
        event=trigger.event,
        conditions=names.conditions(session, trigger.conditions, convert),
        actions=names.actions(session, trigger.actions, convert),
        position=trigger.position,
        enabled=trigger.is_enabled,
    )


class WorkflowEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["New hire"])
    category: str | None = Field(default=None, description="the category's path (A/B)")
    definition: dict[str, Any] = Field(
        default_factory=dict, description="initial_fields and transitions; references by name"
    )
    enabled: bool = True


class Workflows(Kind[WorkflowEntry]):
    section = "workflows"
    entry = WorkflowEntry

    def export(self, session: Session) -> list[WorkflowEntry]:
        return [_workflow_entry(session, w) for w in _list_workflows(session, SYSTEM)]

    def current(self, session: Session, key: str) -> WorkflowEntry | None:
        workflow = get_workflow_by_name(session, key)
        return None if workflow is None else _workflow_entry(session, workflow)

    def create(self, session: Session, actor: Actor, entry: WorkflowEntry) -> Outcome:
        command = WorkflowCreate(
            name=entry.name,
            category_id=names.to_id(session, "category", entry.category),
            definition=names.definition(session, entry.definition, names.to_id),
            is_enabled=entry.enabled,
            deploy=True,
        )
        create_workflow(session, actor, command)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        workflow = get_workflow_by_name(session, key)
        if workflow is None:
            raise not_found("workflow", key)
        fields: dict[str, Any] = {}
        if "category" in changes:
            fields["category_id"] = names.to_id(session, "category", changes["category"])
        if "definition" in changes:
            fields["definition"] = names.definition(session, changes["definition"], names.to_id)
            fields["deploy"] = True
        if "enabled" in changes:
            fields["is_enabled"] = changes["enabled"]
        update_workflow(session, actor, workflow.id, WorkflowUpdate(**fields))
        return Outcome()


def _workflow_entry(session: Session, workflow: Workflow) -> WorkflowEntry:
    # The deployed state: a version saved but not deployed differs, so applying deploys it.
    deployed = deployed_definition(session, workflow)
    return WorkflowEntry(
        name=workflow.name,
        category=names.to_name(session, "category", workflow.category_id),
        definition=names.definition(session, deployed or {}, names.to_name),
        enabled=workflow.is_enabled,
    )
