"""Changing approval templates (admins only): fields given replace the stored ones, voters are
checked, the quorum stays within the voters, expiry and category can be cleared; requested
approvals keep what they copied. Lookup by title refuses an ambiguous title."""

from __future__ import annotations

import pytest

from polydesk.approvals.templates import (
    TemplateCreate,
    TemplateUpdate,
    create_template,
    get_template_by_title,
    list_templates,
    request_template_approval,
    update_template,
)
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.approvals import ExpiryAction
from tests.factories import make_user
from tests.unit.tickets.world import World


def _voter(world: World) -> int:
    return make_user(world.session, Role.AGENT).id


def test_update_replaces_the_given_fields_only(world: World) -> None:
    first, second = _voter(world), _voter(world)
    hardware = get_catalog_item_by_name(world.session, "category", "Hardware")
    assert hardware is not None
    made = TemplateCreate(
        title="Sign-off", voter_ids=[first], expires_in_seconds=600,
        expiry_action=ExpiryAction.APPROVE, category_id=hardware.id,
    )  # fmt: skip
    template = create_template(world.session, SYSTEM, made)
    approval = request_template_approval(
        world.session, world.agent_actor, world.ticket.id, create_template(
            world.session, SYSTEM, TemplateCreate(title="Other", voter_ids=[first])).id
    )  # fmt: skip
    change = TemplateUpdate(voter_ids=[first, second], required_votes=2, expires_in_seconds=None,
                            category_id=None, is_active=False)  # fmt: skip
    update_template(world.session, SYSTEM, template.id, change)
    assert template.voter_ids == [first, second] and template.required_votes == 2
    assert template.expires_in_seconds is None and template.category_id is None
    assert template.expiry_action is ExpiryAction.APPROVE and not template.is_active
    assert template.title == "Sign-off"
    assert approval.required_votes == 1  # requested before: unchanged


def test_update_rules(world: World) -> None:
    voter = _voter(world)
    template = create_template(world.session, SYSTEM, TemplateCreate(title="T", voter_ids=[voter]))
    with pytest.raises(PermissionDenied):
        update_template(world.session, world.agent_actor, template.id, TemplateUpdate(title="X"))
    with pytest.raises(ValidationFailed, match="required_votes"):
        update_template(world.session, SYSTEM, template.id, TemplateUpdate(required_votes=2))
    with pytest.raises(NotFound):
        update_template(world.session, SYSTEM, template.id, TemplateUpdate(voter_ids=[10**9]))
    with pytest.raises(NotFound):
        update_template(world.session, SYSTEM, template.id, TemplateUpdate(category_id=10**9))
    with pytest.raises(NotFound):
        update_template(world.session, SYSTEM, 10**9, TemplateUpdate(title="X"))
    assert (template.title, template.required_votes, template.voter_ids) == ("T", 1, [voter])


def test_lookup_by_title(world: World) -> None:
    voter = _voter(world)
    made = create_template(world.session, SYSTEM, TemplateCreate(title="Once", voter_ids=[voter]))
    assert get_template_by_title(world.session, " once ") is made
    assert get_template_by_title(world.session, "Never") is None
    for _ in range(2):
        create_template(world.session, SYSTEM, TemplateCreate(title="Twice", voter_ids=[voter]))
    with pytest.raises(Conflict):
        get_template_by_title(world.session, "twice")
    assert [t.title for t in list_templates(world.session)] == ["Once", "Twice", "Twice"]
