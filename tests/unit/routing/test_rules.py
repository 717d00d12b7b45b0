"""Routing rules: each criterion, the order they are tried in, the default desk (a rule with no
criterion), and the admin rules (checked references, unique names, admins only)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.catalogs.categories import CategoryCreate, create_category
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.routing import RoutingRule
from polydesk.routing.rules import (
    RoutingRuleCreate,
    RoutingRuleUpdate,
    create_routing_rule,
    delete_routing_rule,
    list_routing_rules,
    update_routing_rule,
)
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user


def _rule(session: Session, name: str, desk: Helpdesk, **fields: Any) -> RoutingRule:
    return create_routing_rule(
        session, SYSTEM, RoutingRuleCreate(name=name, helpdesk_id=desk.id, **fields)
    )


def _id(session: Session, kind: str, name: str) -> int:
    row = get_catalog_item_by_name(session, kind, name)
    assert row is not None
    return row.id


def _desk_of(session: Session, **fields: Any) -> int | None:
    return make_ticket(session, **fields).helpdesk_id


def test_a_ticket_with_no_rules_stays_without_a_desk(session: Session) -> None:
    assert _desk_of(session) is None


def test_each_criterion_routes_and_an_unmatched_ticket_falls_to_the_default(
    session: Session,
) -> None:
    hardware = create_category(session, SYSTEM, CategoryCreate(name="Hardware R"))
    printers = create_category(
        session, SYSTEM, CategoryCreate(name="Printers", parent="Hardware R")
    )
    acme = make_company(session)
    desks = {name: make_helpdesk(session) for name in ("cat", "type", "source", "company", "any")}
    _rule(session, "by category", desks["cat"], position=1, category_id=hardware.id)
    problem, phone = _id(session, "type", "Problem"), _id(session, "source", "Phone")
    _rule(session, "by type", desks["type"], position=2, type_id=problem)
    _rule(session, "by source", desks["source"], position=3, source_id=phone)
    _rule(session, "by company", desks["company"], position=4, company_id=acme.id)
    _rule(session, "default", desks["any"], position=99)

    assert _desk_of(session, category_id=hardware.id) == desks["cat"].id
    assert _desk_of(session, category_id=printers.id) == desks["cat"].id  # below it too
    assert _desk_of(session, type_id=problem) == desks["type"].id
    assert _desk_of(session, source_id=phone) == desks["source"].id
    assert _desk_of(session, company_id=acme.id) == desks["company"].id
    assert _desk_of(session, source_id=_id(session, "source", "Web")) == desks["any"].id
    assert _desk_of(session) == desks["any"].id


def test_all_criteria_of_a_rule_must_match_and_the_first_by_position_wins(
    session: Session,
) -> None:
    acme = make_company(session)
    phone = _id(session, "source", "Phone")
    both, phone_only = make_helpdesk(session), make_helpdesk(session)
    _rule(session, "b phone", phone_only, position=5, source_id=phone)
    _rule(session, "a acme by phone", both, position=5, source_id=phone, company_id=acme.id)
    assert _desk_of(session, source_id=phone, company_id=acme.id) == both.id  # same position: name
    assert _desk_of(session, source_id=phone) == phone_only.id
    assert _desk_of(session, company_id=acme.id) is None


def test_a_customers_company_routes_their_ticket(session: Session) -> None:
    acme = make_company(session)
    desk = make_helpdesk(session)
    _rule(session, "acme", desk, company_id=acme.id)
    customer = make_user(session, Role.CUSTOMER, company=acme)
    assert make_ticket(session, as_user=customer).helpdesk_id == desk.id


def test_disabled_rules_and_rules_to_disabled_desks_route_nowhere(session: Session) -> None:
    off, closed = make_helpdesk(session), make_helpdesk(session)
    rule = _rule(session, "off", off, position=1)
    update_routing_rule(session, SYSTEM, rule.id, RoutingRuleUpdate(is_enabled=False))
    _rule(session, "closed desk", closed, position=2)
    closed.is_enabled = False
    assert _desk_of(session) is None


def test_the_rule_sets_the_level_and_a_given_desk_is_never_overridden(session: Session) -> None:
    tiers = create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Tiers", levels=["L1", "L2"]))
    mine = make_helpdesk(session)
    _rule(session, "to level 2", tiers, level=2)
    routed = make_ticket(session)
    assert (routed.helpdesk_id, routed.level) == (tiers.id, 2)
    assert make_ticket(session, helpdesk_id=mine.id).helpdesk_id == mine.id


def test_admin_checks_change_nothing(session: Session) -> None:
    desk = make_helpdesk(session)
    _rule(session, "Printers", desk)
    agent = actor(session, make_user(session))
    bad: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"name": "printers"}, Conflict, "routing_rule.name_taken"),
        ({"name": "x", "helpdesk_id": 99999}, NotFound, "helpdesk.not_found"),
        ({"name": "x", "category_id": 99999}, NotFound, "category.not_found"),
        ({"name": "x", "source_id": 99999}, NotFound, "source.not_found"),
        ({"name": "x", "company_id": 99999}, NotFound, "company.not_found"),
        ({"name": "x", "type_id": 99999}, NotFound, "type.not_found"),
        ({"name": "x", "level": 2}, ValidationFailed, "helpdesk.level_not_found"),
    ]
    for fields, error, code in bad:
        values = {"helpdesk_id": desk.id, **fields}
        with pytest.raises(error) as caught:
            create_routing_rule(session, SYSTEM, RoutingRuleCreate(**values))
        assert caught.value.code == code, fields
    with pytest.raises(PermissionDenied):
        create_routing_rule(session, agent, RoutingRuleCreate(name="y", helpdesk_id=desk.id))
    assert [rule.name for rule in list_routing_rules(session)] == ["Printers"]


def test_update_moves_and_widens_a_rule_and_delete_removes_it(session: Session) -> None:
    desk, other = make_helpdesk(session), make_helpdesk(session)
    acme = make_company(session)
    first = _rule(session, "first", desk, position=1, company_id=acme.id)
    _rule(session, "second", other, position=2)
    assert _desk_of(session) == other.id
    update_routing_rule(session, SYSTEM, first.id, RoutingRuleUpdate(company_id=None))
    assert _desk_of(session) == desk.id
    update_routing_rule(session, SYSTEM, first.id, RoutingRuleUpdate(position=3))
    assert [rule.name for rule in list_routing_rules(session)] == ["second", "first"]
    with pytest.raises(Conflict):
        update_routing_rule(session, SYSTEM, first.id, RoutingRuleUpdate(name="SECOND"))
    delete_routing_rule(session, SYSTEM, first.id)
    assert [rule.name for rule in list_routing_rules(session)] == ["second"]
