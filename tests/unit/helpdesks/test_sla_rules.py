"""SLA selection rules: admins store them with checked references; ``choose_sla`` picks the
first enabled matching rule by position, unset criteria matching anything, a category matching
below it too."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied
from polydesk.helpdesks.sla_rules import (
    SlaRuleCreate,
    SlaRuleUpdate,
    TicketFacts,
    choose_sla,
    create_sla_rule,
    get_sla_rule_by_name,
    list_sla_rules,
    update_sla_rule,
)
from polydesk.helpdesks.slas import SlaCreate, create_sla
from tests.factories import actor, make_company, make_helpdesk, make_user


@dataclass
class Rule:
    name: str
    position: int
    sla_id: int
    priority_id: int | None = None
    helpdesk_id: int | None = None
    company_id: int | None = None
    category_id: int | None = None
    type_id: int | None = None
    is_enabled: bool = True


def test_the_first_matching_rule_by_position_wins() -> None:
    rules = [
        Rule("catch all", 90, sla_id=1),
        Rule("acme high", 10, sla_id=2, company_id=7, priority_id=4),
        Rule("acme", 20, sla_id=3, company_id=7),
    ]
    assert choose_sla(rules, TicketFacts(company_id=7, priority_id=4)) == 2
    assert choose_sla(rules, TicketFacts(company_id=7, priority_id=3)) == 3
    assert choose_sla(rules, TicketFacts(company_id=8, priority_id=4)) == 1
    assert choose_sla(rules[1:], TicketFacts(company_id=None, priority_id=4)) is None


def test_ties_go_by_name_and_disabled_rules_are_skipped() -> None:
    rules = [Rule("b", 5, sla_id=2), Rule("a", 5, sla_id=1, is_enabled=False)]
    assert choose_sla(rules, TicketFacts()) == 2
    rules[1].is_enabled = True
    assert choose_sla(rules, TicketFacts()) == 1
    assert choose_sla([], TicketFacts()) is None


def test_every_criterion_must_match() -> None:
    rule = Rule(
        "all", 0, sla_id=9, priority_id=1, helpdesk_id=2, company_id=3, category_id=4, type_id=5
    )
    facts = TicketFacts(
        priority_id=1, helpdesk_id=2, company_id=3, category_ids=frozenset({4}), type_id=5
    )
    assert choose_sla([rule], facts) == 9
    for field in ("priority_id", "helpdesk_id", "company_id", "type_id"):
        assert choose_sla([rule], TicketFacts(**{**facts.__dict__, field: 99})) is None
    assert (
        choose_sla([rule], TicketFacts(**{**facts.__dict__, "category_ids": frozenset({6})}))
        is None
    )


def test_a_category_matches_below_it() -> None:
    rule = Rule("hardware", 0, sla_id=4, category_id=10)
    assert choose_sla([rule], TicketFacts(category_ids=frozenset({12, 10, 1}))) == 4
    assert choose_sla([rule], TicketFacts(category_ids=frozenset())) is None


def _ids(session: Session) -> dict[str, int]:
    high = get_catalog_item_by_name(session, "priority", "High")
    assert high is not None
    return {
        "sla_id": create_sla(session, SYSTEM, SlaCreate(name="Gold")).id,
        "priority_id": high.id,
        "helpdesk_id": make_helpdesk(session).id,
        "company_id": make_company(session).id,
    }


def test_store_change_and_choose_from_the_stored_rules(session: Session) -> None:
    ids = _ids(session)
    silver = create_sla(session, SYSTEM, SlaCreate(name="Silver")).id
    vip = create_sla_rule(session, SYSTEM, SlaRuleCreate(name="VIP", position=10, **ids))
    create_sla_rule(session, SYSTEM, SlaRuleCreate(name="Rest", position=20, sla_id=silver))
    facts = TicketFacts(
        priority_id=ids["priority_id"], helpdesk_id=ids["helpdesk_id"], company_id=ids["company_id"]
    )
    assert choose_sla(list_sla_rules(session), facts) == ids["sla_id"]

    update_sla_rule(session, SYSTEM, vip.id, SlaRuleUpdate(position=30))
    assert [r.name for r in list_sla_rules(session)] == ["Rest", "VIP"]
    assert choose_sla(list_sla_rules(session), facts) == silver

    update_sla_rule(session, SYSTEM, vip.id, SlaRuleUpdate.model_validate({"company_id": None}))
    assert vip.company_id is None and vip.helpdesk_id == ids["helpdesk_id"]
    assert get_sla_rule_by_name(session, "vip") is vip


@pytest.mark.parametrize(
    "column", ["sla_id", "priority_id", "helpdesk_id", "company_id", "category_id", "type_id"]
)
def test_every_reference_is_checked(session: Session, column: str) -> None:
    ids = _ids(session)
    with pytest.raises(NotFound) as caught:
        create_sla_rule(session, SYSTEM, SlaRuleCreate(name="Odd", **{**ids, column: 999_999}))
    assert caught.value.code.endswith(".not_found")
    assert list_sla_rules(session) == []


def test_names_unique_and_admins_only(session: Session) -> None:
    ids = _ids(session)
    rule = create_sla_rule(session, SYSTEM, SlaRuleCreate(name="VIP", sla_id=ids["sla_id"]))
    with pytest.raises(Conflict) as caught:
        create_sla_rule(session, SYSTEM, SlaRuleCreate(name="vip", sla_id=ids["sla_id"]))
    assert caught.value.code == "sla_rule.name_taken"
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        update_sla_rule(session, agent, rule.id, SlaRuleUpdate(position=5))
    with pytest.raises(PermissionDenied):
        create_sla_rule(session, agent, SlaRuleCreate(name="Mine", sla_id=ids["sla_id"]))
    assert rule.position == 0 and len(list_sla_rules(session)) == 1
