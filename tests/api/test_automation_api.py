"""Native API: triggers, their execution log, webhooks and workflows (routes/automation); a
workflow's initial fields and a refused transition through the ticket routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from polydesk.core.actor import Role
from polydesk.models.catalogs import Category, Priority, Status
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for
from tests.jobs import run_jobs

V1 = "/polydesk/v1"


@dataclass
class World:
    admin: dict[str, str]
    agent: dict[str, str]
    statuses: dict[str, int]
    priorities: dict[str, int]
    category_id: int


@pytest.fixture
def world(runtime: Runtime) -> World:
    with runtime.factory() as session, session.begin():
        admin = make_user(session, Role.ADMIN)
        agent = make_user(session, Role.AGENT)
        statuses = {s.name: s.id for s in session.scalars(select(Status))}
        priorities = {p.name: p.id for p in session.scalars(select(Priority))}
        category = session.scalars(select(Category).where(Category.name == "Hardware")).one()
        return World(
            token_for(session, admin), token_for(session, agent), statuses, priorities, category.id
        )


def _error(answer: Any, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code, answer.text


def test_triggers_are_managed_and_their_runs_are_logged(
    client: TestClient, runtime: Runtime, world: World
) -> None:
    body = {
        "name": "VIP", "event": "ticket.opened",
        "conditions": [{"field": "title", "op": "contains", "value": "vip"}],
        "actions": [{"type": "set", "field": "priority", "value": world.priorities["Urgent"]}],
    }  # fmt: skip
    made = client.post(f"{V1}/triggers", headers=world.admin, json=body)
    assert made.status_code == 201, made.text
    trigger_id = made.json()["id"]
    _error(client.post(f"{V1}/triggers", headers=world.admin, json=body), 409, "trigger.name_taken")
    _error(client.post(f"{V1}/triggers", headers=world.agent, json=body), 403, "permission_denied")
    bad = {**body, "name": "Bad", "conditions": [{"field": "colour", "op": "is", "value": 1}]}
    _error(
        client.post(f"{V1}/triggers", headers=world.admin, json=bad), 422, "trigger.bad_condition"
    )
    bad = {**body, "name": "Bad", "actions": [{"type": "set", "field": "priority", "value": 999}]}
    _error(client.post(f"{V1}/triggers", headers=world.admin, json=bad), 422, "trigger.bad_action")
    bad = {**body, "name": "Bad", "event": "ticket.exploded"}
    _error(client.post(f"{V1}/triggers", headers=world.admin, json=bad), 422, "trigger.bad_event")
    assert [t["name"] for t in client.get(f"{V1}/triggers", headers=world.admin).json()] == ["VIP"]

    ticket = client.post(f"{V1}/tickets", headers=world.admin, json={"title": "VIP printer"})
    run_jobs(runtime.factory)

    shown = client.get(f"{V1}/tickets/{ticket.json()['id']}", headers=world.admin).json()
    assert shown["priority"]["id"] == world.priorities["Urgent"]
    (run,) = client.get(f"{V1}/triggers/executions", headers=world.admin).json()
    assert (run["trigger_id"], run["ticket_id"], run["outcome"]) == (
        trigger_id, ticket.json()["id"], "ok"
    )  # fmt: skip
    off = client.patch(
        f"{V1}/triggers/{trigger_id}", headers=world.admin, json={"is_enabled": False}
    )
    assert off.status_code == 200 and off.json()["is_enabled"] is False
    assert client.delete(f"{V1}/triggers/{trigger_id}", headers=world.admin).status_code == 204
    _error(client.get(f"{V1}/triggers/{trigger_id}", headers=world.admin), 404, "trigger.not_found")


def test_webhooks_never_show_their_secret(client: TestClient, world: World) -> None:
    body = {"name": "ops", "url": "https://hooks.example.com/x", "secret": "0123456789abcdef"}
    made = client.post(f"{V1}/webhooks", headers=world.admin, json=body)
    assert made.status_code == 201, made.text
    assert "secret" not in made.json() and made.json()["has_secret"] is True
    short = {**body, "name": "short", "secret": "x"}
    _error(
        client.post(f"{V1}/webhooks", headers=world.admin, json=short),
        422,
        "validation.invalid_request",
    )
    ftp = {**body, "name": "ftp", "url": "ftp://example.com/x"}
    _error(
        client.post(f"{V1}/webhooks", headers=world.admin, json=ftp),
        422,
        "validation.invalid_request",
    )
    hook_id = made.json()["id"]
    trigger = {
        "name": "t",
        "event": "ticket.opened",
        "actions": [{"type": "webhook", "webhook": hook_id}],
    }
    assert client.post(f"{V1}/triggers", headers=world.admin, json=trigger).status_code == 201
    _error(client.delete(f"{V1}/webhooks/{hook_id}", headers=world.admin), 409, "webhook.in_use")
    assert client.get(f"{V1}/webhooks/{hook_id}/deliveries", headers=world.admin).json() == []


def test_a_workflow_sets_initial_fields_and_refuses_a_transition(
    client: TestClient, world: World
) -> None:
    new, open_, resolved = (world.statuses[n] for n in ("New", "Open", "Resolved"))
    definition = {
        "initial_fields": [
            {"field": "priority_id", "value": world.priorities["High"], "label": "Priority"},
            {"field": "description", "required": True},
        ],
        "transitions": {str(new): [open_], str(open_): [resolved]},
    }
    body = {"name": "Hardware", "category_id": world.category_id, "definition": definition}
    made = client.post(f"{V1}/workflows", headers=world.admin, json=body)
    assert made.status_code == 201, made.text
    workflow_id = made.json()["id"]
    assert (made.json()["latest_version"], made.json()["deployed_version"]) == (1, None)
    # Not deployed yet: tickets in the category are ordinary ones.
    plain = {"title": "Mouse", "category_id": world.category_id}
    first = client.post(f"{V1}/tickets", headers=world.admin, json=plain)
    assert first.status_code == 201 and first.json()["priority"]["id"] != world.priorities["High"]

    deployed = client.post(f"{V1}/workflows/{workflow_id}/deploy", headers=world.admin)
    assert deployed.json()["deployed_version"] == 1
    fields = client.get(f"{V1}/workflows/by-category/{world.category_id}", headers=world.agent)
    assert fields.json()["initial_fields"][1] == {"field": "description", "required": True}

    _error(
        client.post(f"{V1}/tickets", headers=world.admin, json=plain),
        422,
        "workflow.field_required",
    )
    opened = client.post(
        f"{V1}/tickets", headers=world.admin, json={**plain, "description": "dead"}
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["priority"]["id"] == world.priorities["High"]  # the initial value
    ticket_id = opened.json()["id"]

    refused = client.patch(
        f"{V1}/tickets/{ticket_id}", headers=world.admin, json={"status_id": resolved}
    )
    _error(refused, 422, "workflow.transition_not_allowed")
    assert (
        client.get(f"{V1}/tickets/{ticket_id}", headers=world.admin).json()["status"]["id"] == new
    )
    moved = client.patch(
        f"{V1}/tickets/{ticket_id}", headers=world.admin, json={"status_id": open_}
    )
    assert moved.status_code == 200, moved.text
    # A new version, deployed, does not change the rules of the ticket already started.
    changed = {"definition": {"transitions": {str(open_): [new]}}, "deploy": True}
    assert (
        client.patch(f"{V1}/workflows/{workflow_id}", headers=world.admin, json=changed).json()[
            "deployed_version"
        ]
        == 2
    )
    versions = client.get(f"{V1}/workflows/{workflow_id}/versions", headers=world.admin).json()
    assert [v["version"] for v in versions] == [1, 2]
    _error(
        client.patch(f"{V1}/tickets/{ticket_id}", headers=world.admin, json={"status_id": new}),
        422, "workflow.transition_not_allowed",
    )  # fmt: skip
    done = client.patch(
        f"{V1}/tickets/{ticket_id}", headers=world.admin, json={"status_id": resolved}
    )
    assert done.status_code == 200, done.text


def test_every_automation_route_is_documented_with_examples(client: TestClient) -> None:
    document = client.get(f"{V1}/openapi.json").json()
    schemas = document["components"]["schemas"]
    paths = [
        p for p in document["paths"] if p.split("/")[1] in ("triggers", "webhooks", "workflows")
    ]
    assert len(paths) == 11
    for path in paths:
        for operation in document["paths"][path].values():
            assert operation["summary"] and operation["description"], path
            error = operation["responses"]["403"]["content"]["application/json"]["example"]
            assert error["error"]["code"] == "permission_denied"
            if "requestBody" in operation:
                ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                assert schemas[ref.rsplit("/", 1)[1]]["examples"], path
