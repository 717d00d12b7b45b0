"""Approval templates (custom approvals) and expiry by the periodic task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from polydesk.approvals.service import list_votes, request_approval
from polydesk.approvals.tasks import APPROVALS_EXPIRE_TASK, expire_due_approvals
from polydesk.approvals.templates import (
    TemplateCreate,
    create_template,
    deactivate_template,
    list_templates_for_ticket,
    request_template_approval,
)
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.db.uow import unit_of_work
from polydesk.jobs.worker import Worker
from polydesk.models.approvals import Approval, ApprovalStatus, ExpiryAction, Vote
from polydesk.models.catalogs import StatusCategory
from polydesk.runtime import Runtime
from tests.factories import make_user
from tests.unit.tickets.world import T0, World, make_world


def _template(world: World, **fields: object) -> TemplateCreate:
    voter = make_user(world.session, Role.CUSTOMER)
    values: dict[str, object] = {"title": "Manager approval", "voter_ids": [voter.id]}
    return TemplateCreate.model_validate(values | fields)


def test_templates_apply_by_category_and_copy_their_settings(world: World) -> None:
    hardware = get_catalog_item_by_name(world.session, "category", "Hardware")
    assert hardware is not None
    general = create_template(world.session, SYSTEM, _template(world, expires_in_seconds=3600,
                              expiry_action=ExpiryAction.REJECT, pauses_sla=False))  # fmt: skip
    scoped = create_template(world.session, SYSTEM, _template(world, category_id=hardware.id))
    listed = list_templates_for_ticket(world.session, world.agent_actor, world.ticket.id)
    assert [t.id for t in listed] == [general.id]
    with pytest.raises(NotFound):
        request_template_approval(world.session, world.agent_actor, world.ticket.id, scoped.id)
    with frozen(T0):
        approval = request_template_approval(
            world.session, world.agent_actor, world.ticket.id, general.id, "Please"
        )
    assert (approval.template_id, approval.expires_at) == (general.id, T0 + timedelta(hours=1))
    assert approval.expiry_action is ExpiryAction.REJECT and not approval.pauses_sla
    assert [v.user_id for v in list_votes(world.session, SYSTEM, approval.id)] == general.voter_ids


def test_template_rules(world: World) -> None:
    with pytest.raises(ValidationError):
        _template(world, required_votes=2)
    with pytest.raises(PermissionDenied):
        create_template(world.session, world.agent_actor, _template(world))
    required = create_template(
        world.session,
        SYSTEM,
        _template(world, description_required=True, description_prompt="Why?"),
    )
    with pytest.raises(ValidationFailed) as caught:
        request_template_approval(world.session, world.agent_actor, world.ticket.id, required.id)
    assert caught.value.message == "Why?"
    deactivate_template(world.session, SYSTEM, required.id)
    assert list_templates_for_ticket(world.session, world.agent_actor, world.ticket.id) == []
    assert len(list_templates_for_ticket(
        world.session, world.agent_actor, world.ticket.id, include_inactive=True)) == 1  # fmt: skip
    with pytest.raises(NotFound):
        request_template_approval(
            world.session, world.agent_actor, world.ticket.id, required.id, "because"
        )


@pytest.mark.parametrize(
    ("action", "outcome", "ticket_category"),
    [
        (None, ApprovalStatus.EXPIRED, StatusCategory.OPEN),
        (ExpiryAction.APPROVE, ApprovalStatus.APPROVED, StatusCategory.OPEN),
        (ExpiryAction.REJECT, ApprovalStatus.REJECTED, StatusCategory.CANCELLED),
    ],
)
def test_expiry_follows_the_expiry_action(
    world: World,
    action: ExpiryAction | None,
    outcome: ApprovalStatus,
    ticket_category: StatusCategory,
) -> None:
    voter = make_user(world.session, Role.CUSTOMER)
    with frozen(T0):
        approval = request_approval(
            world.session, world.agent_actor, world.ticket.id, voter_ids=[voter.id],
            expires_at=T0 + timedelta(hours=1), expiry_action=action,
        )  # fmt: skip
    with frozen(T0 + timedelta(minutes=59)):
        assert expire_due_approvals(world.session) == 0
    with frozen(T0 + timedelta(hours=1)):
        assert expire_due_approvals(world.session) == 1
    assert approval.status is outcome and approval.decided_by_id is None
    assert list_votes(world.session, SYSTEM, approval.id)[0].vote is Vote.EXPIRED
    assert world.status().category is ticket_category


def test_the_worker_expires_approvals(runtime: Runtime) -> None:
    with unit_of_work(runtime.factory) as session:
        world = make_world(session)
        voter = make_user(session, Role.CUSTOMER)
        with frozen(T0):
            approval_id = request_approval(
                session, world.agent_actor, world.ticket.id, voter_ids=[voter.id],
                expires_at=T0 + timedelta(minutes=1),
            ).id  # fmt: skip
    worker = Worker(runtime.factory, handlers={}, periodic=runtime.periodic_tasks())
    with frozen(T0 + timedelta(minutes=2)):
        assert APPROVALS_EXPIRE_TASK in worker.tick()
    with unit_of_work(runtime.factory) as session:
        assert session.get_one(Approval, approval_id).status is ApprovalStatus.EXPIRED
