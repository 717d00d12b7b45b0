"""Workflows: versions, deployment, initial fields on open (customers included), the
transition gate, and what they cost the write path when there are none."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.automation.workflows import (
    WorkflowCreate,
    WorkflowUpdate,
    allowed_moves,
    create_workflow,
    instance_of,
    process_ids,
    update_workflow,
)
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import Conflict, NotFound, ValidationFailed
from polydesk.flows.commands import OpenTicket, Resources
from polydesk.flows.opening import open_ticket
from polydesk.models.automation import WorkflowInstance
from polydesk.models.catalogs import Category
from polydesk.models.tickets import Ticket
from polydesk.runtime import Runtime
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements
from tests.unit.automation.conftest import priority_ids, status_id


def _category(session: Session, name: str = "Hardware") -> int:
    return session.scalars(select(Category.id).where(Category.name == name)).one()


def _open(session: Session, resources: Resources, who: Actor, **fields: Any) -> Ticket:
    return open_ticket(session, who, resources, OpenTicket(ticket=TicketCreate(**fields))).ticket


def test_versions_are_kept_and_tickets_keep_the_one_they_started(
    session: Session, runtime: Runtime
) -> None:
    new, open_, resolved = (status_id(session, n) for n in ("New", "Open", "Resolved"))
    hardware = _category(session)
    first = {"transitions": {str(new): [open_]}}
    workflow = create_workflow(
        session, SYSTEM,
        WorkflowCreate(name="Hardware", category_id=hardware, definition=first, deploy=True),
    )  # fmt: skip
    old = _open(session, runtime.resources, SYSTEM, title="a", category_id=hardware)
    update_workflow(
        session, SYSTEM, workflow.id,
        WorkflowUpdate(definition={"transitions": {str(new): [resolved]}}),
    )  # fmt: skip
    assert (workflow.latest_version, workflow.deployed_version) == (2, 1)  # saved, not deployed
    still_first = _open(session, runtime.resources, SYSTEM, title="b", category_id=hardware)
    update_workflow(session, SYSTEM, workflow.id, WorkflowUpdate(deploy=True))
    second = _open(session, runtime.resources, SYSTEM, title="c", category_id=hardware)

    assert allowed_moves(session, old.id, new) == [open_]
    assert allowed_moves(session, still_first.id, new) == [open_]
    assert allowed_moves(session, second.id, new) == [resolved]
    instance = instance_of(session, second.id)
    assert instance is not None and instance.workflow_id == workflow.id
    plain = make_ticket(session)
    first_instance = instance_of(session, old.id)
    assert first_instance is not None
    found = process_ids(session, [old.id, second.id, plain.id])
    assert found == {old.id: first_instance.id, second.id: instance.id}


def test_a_customer_gets_the_initial_values_they_may_not_set_themselves(
    session: Session, runtime: Runtime
) -> None:
    desk = make_helpdesk(session)
    customer = make_user(session, Role.CUSTOMER)
    high = priority_ids(session)[4]
    definition = {
        "initial_fields": [
            {"field": "priority_id", "value": high},  # a customer may set this one
            {"field": "level", "value": 1},
            {"field": "tags", "value": ["hardware"]},  # this one is the agents' business
        ]
    }
    create_workflow(
        session, SYSTEM,
        WorkflowCreate(name="HW", category_id=_category(session), definition=definition,
                       deploy=True),
    )  # fmt: skip
    ticket = _open(
        session, runtime.resources, actor(session, customer), title="Broken screen",
        category_id=_category(session), helpdesk_id=desk.id,
    )  # fmt: skip
    session.refresh(ticket)
    assert ticket.priority_id == high and ticket.requester_id == customer.id
    assert [tag.tag for tag in session.get_one(Ticket, ticket.id).tags] == ["hardware"]


def test_the_gate_refuses_people_not_the_system(session: Session, runtime: Runtime) -> None:
    new, open_, resolved = (status_id(session, n) for n in ("New", "Open", "Resolved"))
    create_workflow(
        session, SYSTEM,
        WorkflowCreate(name="W", category_id=_category(session),
                       definition={"transitions": {str(new): [open_]}}, deploy=True),
    )  # fmt: skip
    admin = actor(session, make_user(session, Role.ADMIN))
    ticket = _open(session, runtime.resources, admin, title="x", category_id=_category(session))

    with pytest.raises(ValidationFailed) as refused:
        update_ticket(session, admin, ticket.id, TicketUpdate(status_id=resolved))
    assert refused.value.code == "workflow.transition_not_allowed"
    assert refused.value.details == {"allowed": [open_]}
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(status_id=resolved))  # the engine


@pytest.mark.parametrize(
    ("definition", "error"),
    [
        ({"steps": []}, "workflow.bad_definition"),
        ({"initial_fields": [{"field": "rating", "value": 5}]}, "workflow.bad_definition"),
        (
            {"initial_fields": [{"field": "priority_id", "value": "high"}]},
            "workflow.bad_definition",
        ),
        ({"initial_fields": [{"field": "priority_id", "value": 99999}]}, "priority.not_found"),
        ({"transitions": {"New": [1]}}, "workflow.bad_definition"),
        ({"transitions": {"1": [99999]}}, "status.not_found"),
    ],
)
def test_bad_definitions_are_refused(
    session: Session, definition: dict[str, object], error: str
) -> None:
    with pytest.raises((ValidationFailed, NotFound)) as refused:
        create_workflow(session, SYSTEM, WorkflowCreate(name="W", definition=definition))
    assert refused.value.code == error


def test_one_workflow_per_category(session: Session) -> None:
    create_workflow(session, SYSTEM, WorkflowCreate(name="A", category_id=_category(session)))
    with pytest.raises(Conflict) as refused:
        create_workflow(session, SYSTEM, WorkflowCreate(name="B", category_id=_category(session)))
    assert refused.value.code == "workflow.category_taken"


def test_cost_on_the_write_path_with_no_workflow(session: Session, runtime: Runtime) -> None:
    ticket = make_ticket(session)
    open_ = status_id(session, "Open")
    session.flush()

    with sql_statements(session.connection()) as opened:
        _open(session, runtime.resources, SYSTEM, title="no category")
    with sql_statements(session.connection()) as in_category:
        _open(session, runtime.resources, SYSTEM, title="c", category_id=_category(session))
    with sql_statements(session.connection()) as moved:
        admin = actor(session, make_user(session, Role.ADMIN))
        update_ticket(session, admin, ticket.id, TicketUpdate(status_id=open_))

    def ours(seen: list[str]) -> list[str]:
        return [s for s in seen if "workflow" in s]

    assert ours(opened) == []  # no category: nothing
    assert len(ours(in_category)) == 1  # one indexed query: the category's workflow
    assert len(ours(moved)) == 1  # a person's status move: the ticket's instance
    assert session.scalars(select(WorkflowInstance)).first() is None
