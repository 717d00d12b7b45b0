"""``incident.tasks``: a request's tasks (created through the core service, as this part of
the API creates none), golden against the seed's table: field names, integer codes, epoch
dates, a JSON array in position order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from polydesk.authz.actors import actor_for
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.models.history import HistoryEvent
from polydesk.models.request_tasks import TicketTask
from polydesk.models.users import User
from polydesk.tickets.request_tasks import TaskCreate, TaskStatus, create_task, set_task_status
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields

ENDPOINT = "incident.tasks"
T0 = datetime(2031, 5, 4, 10, 0, tzinfo=UTC)
DUE = datetime(2031, 5, 6, 18, 0, tzinfo=UTC)
DONE_AT = datetime(2031, 5, 5, 9, 30, tzinfo=UTC)


def _add_task(invgate: InvGate, ident: int, **fields: Any) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        admin = actor_for(session, session.get_one(User, invgate.users["api"]))
        task = create_task(session, admin, ident, TaskCreate.model_validate(fields))
        return task.id


def _set_status(invgate: InvGate, task_id: int, status: TaskStatus) -> None:
    with unit_of_work(invgate.runtime.factory) as session:
        admin = actor_for(session, session.get_one(User, invgate.users["api"]))
        set_task_status(session, admin, task_id, status)


def _counts(invgate: InvGate) -> tuple[int, int]:
    with unit_of_work(invgate.runtime.factory) as session:
        tasks = session.scalar(select(func.count()).select_from(TicketTask))
        events = session.scalar(select(func.count()).select_from(HistoryEvent))
        return int(tasks or 0), int(events or 0)


def test_lists_the_tasks_with_the_seeds_fields_and_codes(invgate: InvGate) -> None:
    ident = invgate.create()
    other = invgate.create(title="Order a new printer")
    with frozen(T0):
        first = _add_task(
            invgate, ident, name="Check the cable", description="Floor <2>",
            helpdesk_id=invgate.helpdesk_id, due_at=DUE, is_required=True,
        )  # fmt: skip
        second = _add_task(
            invgate, ident, name="Buy a printer", assignee_id=invgate.users["alice"],
            linked_ticket_id=other, workflow_stage="17",
        )  # fmt: skip
    with frozen(DONE_AT):
        _set_status(invgate, second, TaskStatus.DONE)

    rows = invgate.ok("GET", ENDPOINT, {"request_id": ident})

    assert isinstance(rows, list) and [row["task_id"] for row in rows] == [first, second]
    for row in rows:
        check_row(row, response_fields("GET", ENDPOINT))
        assert set(row) == set(response_fields("GET", ENDPOINT))
    assert rows[0] == {
        "task_id": first,
        "name": "Check the cable",
        "description": "Floor <2>",
        "status": 0,
        "is_required": True,
        "is_predefined": False,
        "wf_stage_id": None,
        "assignment_type": 2,
        "agent_id": None,
        "helpdesk_id": invgate.helpdesk_id,
        "linked_request_id": None,
        "created_at": int(T0.timestamp()),
        "expiration_date": int(DUE.timestamp()),
        "completed_at": None,
    }
    assert {key: rows[1][key] for key in ("status", "assignment_type", "agent_id")} == {
        "status": 1,
        "assignment_type": 1,
        "agent_id": invgate.users["alice"],
    }
    assert (rows[1]["linked_request_id"], rows[1]["completed_at"]) == (
        other,
        int(DONE_AT.timestamp()),
    )
    assert (rows[1]["is_predefined"], rows[1]["wf_stage_id"]) == (True, "17")


def test_every_status_has_its_code(invgate: InvGate) -> None:
    ident = invgate.create()
    assignee = {"assignee_id": invgate.users["alice"]}
    ids = [_add_task(invgate, ident, name=f"task {n}", **assignee) for n in range(4)]
    _set_status(invgate, ids[1], TaskStatus.DONE)
    _set_status(invgate, ids[2], TaskStatus.REMOVED)
    _set_status(invgate, ids[3], TaskStatus.SKIPPED)

    rows = invgate.ok("GET", ENDPOINT, {"request_id": ident})

    assert [row["status"] for row in rows] == [0, 1, 2, 3]


def test_a_request_without_tasks_answers_an_empty_array(invgate: InvGate) -> None:
    assert invgate.ok("GET", ENDPOINT, {"request_id": invgate.create()}) == []


def test_unknown_or_unreadable_requests_are_refused(invgate: InvGate) -> None:
    ident = invgate.create(customer_id=invgate.users["dave"])
    _add_task(invgate, ident, name="Secret", assignee_id=invgate.users["alice"])
    before = _counts(invgate)

    unknown = invgate.call("GET", ENDPOINT, {"request_id": 999_999})
    hidden = invgate.call("GET", ENDPOINT, {"request_id": ident}, headers=basic("carla", "pw"))

    for response, missing in ((unknown, 999_999), (hidden, ident)):
        assert response.status_code == 200
        assert response.json() == {
            "status": "ERROR",
            "error": "ticket.not_found",
            "info": f"ticket {missing} not found",
        }
    assert _counts(invgate) == before


def test_the_requests_customer_sees_its_tasks(invgate: InvGate) -> None:
    ident = invgate.create()
    task = _add_task(invgate, ident, name="Visit", assignee_id=invgate.users["alice"])

    rows = invgate.call("GET", ENDPOINT, {"request_id": ident}, headers=basic("carla", "pw"))

    assert rows.status_code == 200 and [row["task_id"] for row in rows.json()] == [task]


def test_bad_request_ids_are_a_428(invgate: InvGate) -> None:
    cases = [
        ({}, "The parameter request_id is required"),
        ({"request_id": "abc"}, "request_id must be a positive integer"),
        ({"request_id": "0"}, "request_id must be a positive integer"),
        ([("request_id[]", "1")], "request_id"),
    ]
    for params, message in cases:
        response = invgate.call("GET", ENDPOINT, params)
        assert response.status_code == 428, (params, response.text)
        assert response.json()["status"] == 428 and message in response.json()["error"]


def test_tasks_are_only_read_through_this_endpoint(invgate: InvGate) -> None:
    ident = invgate.create()
    before = _counts(invgate)

    created = invgate.call("POST", ENDPOINT, data={"request_id": ident, "name": "x"})

    assert created.status_code == 405 and created.json()["status"] == 405
    assert _counts(invgate) == before
