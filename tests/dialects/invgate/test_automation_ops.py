"""Triggers and workflows: ``triggers``, ``triggers.executions``, ``wf.deploy`` and
``wf.initialfields.by.category`` - golden shapes from the seed's tables over the automation
engine's own rows, the last-hour window, permissions, scopes, and bad input changing nothing."""

from __future__ import annotations

from datetime import timedelta

from polydesk.automation.engine import run_trigger
from polydesk.automation.triggers import TriggerCreate, create_trigger
from polydesk.automation.workflows import (
    WorkflowCreate,
    WorkflowUpdate,
    create_workflow,
    instance_of,
    update_workflow,
)
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.db.uow import unit_of_work
from polydesk.models.automation import Trigger, TriggerExecution, Workflow
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer, scope_denied

TAG = [{"type": "add_tags", "tags": ["seen"]}]


def _trigger(invgate: InvGate, name: str) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        cmd = TriggerCreate(name=name, event="ticket.changed", actions=TAG)
        return create_trigger(session, SYSTEM, cmd).id


def _run(invgate: InvGate, trigger_id: int, ticket_id: int, *, ago: timedelta | None = None) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        trigger = session.get_one(Trigger, trigger_id)
        execution = run_trigger(session, trigger, ticket_id, event="ticket.changed")
        assert execution is not None
        if ago is not None:
            execution.started_at = utcnow() - ago
        return execution.id


def _workflow(invgate: InvGate, *, deploy: bool = True) -> int:
    definition = {"initial_fields": [{"field": "priority_id", "value": 2},
                                     {"field": "title", "required": True}]}  # fmt: skip
    with unit_of_work(invgate.runtime.factory) as session:
        cmd = WorkflowCreate(name="Hardware flow", category_id=invgate.category_id,
                             definition=definition, deploy=deploy)  # fmt: skip
        return create_workflow(session, SYSTEM, cmd).id


def test_triggers_list_all_or_one(invgate: InvGate) -> None:
    first, second = _trigger(invgate, "tag it"), _trigger(invgate, "tag again")

    every = invgate.ok("GET", "triggers")
    one = invgate.ok("GET", "triggers", {"trigger_id": second})
    unknown = invgate.ok("GET", "triggers", {"trigger_id": 999999})

    for row in every:
        check_row(row, response_fields("GET", "triggers"))
    assert [(r["id"], r["trigger_name"]) for r in every] == [(first, "tag it"),
                                                            (second, "tag again")]  # fmt: skip
    assert one == [{"id": second, "trigger_name": "tag again"}] and unknown == []


def test_executions_are_those_of_the_last_hour(invgate: InvGate) -> None:
    ident = invgate.create()
    first, second = _trigger(invgate, "tag it"), _trigger(invgate, "tag again")
    recent = _run(invgate, first, ident)
    _run(invgate, first, ident, ago=timedelta(hours=2))
    other = _run(invgate, second, ident)

    every = invgate.ok("GET", "triggers.executions")
    mine = invgate.ok("GET", "triggers.executions", {"trigger_id": first})

    for row in every:
        check_row(row, response_fields("GET", "triggers.executions"))
    assert [r["id"] for r in every] == [recent, other]
    assert [r["id"] for r in mine] == [recent]
    assert mine[0]["request_id"] == ident and mine[0]["trigger_id"] == first
    assert abs(mine[0]["executed_at"] - int(utcnow().timestamp())) < 60


def test_deploying_makes_the_latest_version_the_one_requests_start(invgate: InvGate) -> None:
    workflow_id = _workflow(invgate)
    with unit_of_work(invgate.runtime.factory) as session:
        update_workflow(session, SYSTEM, workflow_id, WorkflowUpdate(definition={}))

    answer = invgate.ok("PUT", "wf.deploy", data={"workflow_id": workflow_id})

    check_row(answer, {k: v for k, v in response_fields("PUT", "wf.deploy").items()
                       if k != "description"}, extra=frozenset({"description"}))  # fmt: skip
    assert answer["status"] == "OK" and answer["workflow_id"] == workflow_id
    assert isinstance(answer["description"], str)  # the seed types a message INTEGER
    with unit_of_work(invgate.runtime.factory) as session:
        assert session.get_one(Workflow, workflow_id).deployed_version == 2


def test_initial_fields_of_a_category_workflow(invgate: InvGate) -> None:
    workflow_id = _workflow(invgate)

    answer = invgate.ok("GET", "wf.initialfields.by.category", {"category_id": invgate.category_id})
    customer = invgate.call(
        "GET",
        "wf.initialfields.by.category",
        {"category_id": invgate.category_id},
        headers=basic("carla", "pw"),
    )

    check_row(answer, response_fields("GET", "wf.initialfields.by.category"))
    assert answer == {
        "category_id": invgate.category_id, "associated_workflow_id": workflow_id,
        "associated_workflow_name": "Hardware flow",
        "workflow_initial_fields": [
            {"field": "priority_id", "required": False, "value": 2},
            {"field": "title", "required": True, "value": None},
        ],
    }  # fmt: skip
    assert customer.status_code == 200 and customer.json() == answer


def test_bad_automation_calls_change_nothing(invgate: InvGate) -> None:
    workflow_id = _workflow(invgate, deploy=False)
    alice = basic("alice", "pw")
    before = (state.count(invgate, TriggerExecution), state.events(invgate))

    undeployed = invgate.call("GET", "wf.initialfields.by.category",
                              {"category_id": invgate.category_id})  # fmt: skip
    unknown = invgate.call("PUT", "wf.deploy", data={"workflow_id": 999999})
    malformed = [
        invgate.call("PUT", "wf.deploy", data={"workflow_id": "x"}),
        invgate.call("GET", "triggers", {"trigger_id": "-1"}),
    ]
    agent = [
        invgate.call("PUT", "wf.deploy", data={"workflow_id": workflow_id}, headers=alice),
        invgate.call("GET", "triggers", headers=alice),
        invgate.call("GET", "triggers.executions", headers=alice),
    ]

    assert undeployed.json()["error"] == "workflow.not_found"
    assert unknown.json()["error"] == "workflow.not_found"
    assert [r.status_code for r in malformed] == [428, 428]
    assert [r.status_code for r in agent] == [403] * 3
    assert (state.count(invgate, TriggerExecution), state.events(invgate)) == before
    with unit_of_work(invgate.runtime.factory) as session:
        assert session.get_one(Workflow, workflow_id).deployed_version is None


def test_a_token_needs_the_deploy_scope(invgate: InvGate) -> None:
    workflow_id = _workflow(invgate, deploy=False)
    put, get = "api.v1.wf.deploy:put", "api.v1.triggers:get"

    denied = invgate.call("PUT", "wf.deploy", data={"workflow_id": workflow_id},
                          headers=bearer(invgate, get, registered=[get]))  # fmt: skip
    allowed = invgate.call("PUT", "wf.deploy", data={"workflow_id": workflow_id},
                           headers=bearer(invgate, put, registered=[put]))  # fmt: skip

    assert denied.status_code == 403 and denied.json() == scope_denied(put)
    assert allowed.status_code == 200 and allowed.json()["status"] == "OK"


def test_a_request_in_a_workflow_shows_its_process_id(invgate: InvGate) -> None:
    plain = invgate.create()
    _workflow(invgate)
    started = invgate.create()
    with unit_of_work(invgate.runtime.factory) as session:
        instance = instance_of(session, started)
        assert instance is not None
        instance_id = instance.id

    shown = invgate.ok("GET", "incident", {"id": started})
    listed = invgate.ok("GET", "incidents", [("ids[]", started), ("ids[]", plain)])

    assert shown["process_id"] == instance_id
    assert listed[str(started)]["process_id"] == instance_id
    assert listed[str(plain)]["process_id"] is None
