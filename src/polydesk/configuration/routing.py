"""Site-file kind ``routing_rules:``: where a ticket opened without a help desk goes. Applied
after everything a rule matches (catalogs, help desks, companies). The default help desk is a
rule with no criterion, put last (docs/routing.md). Who gets the ticket: ``assignment:``
(configuration.assignment) and the help desk's ``assignment_engine``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from polydesk.catalogs.categories import require_category_path
from polydesk.catalogs.service import get_catalog_item, get_catalog_item_by_name
from polydesk.companies.service import companies_by_ids, get_company_by_name
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.names import category_paths_by_id, real_changes
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.helpdesks.service import (
    get_helpdesk,
    get_helpdesk_by_name,
)
from polydesk.models.routing import RoutingRule
from polydesk.routing.rules import (
    RoutingRuleCreate,
    RoutingRuleUpdate,
    create_routing_rule,
    get_routing_rule_by_name,
    list_routing_rules,
    update_routing_rule,
)


class RoutingRuleEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Hardware to Field service"])
    position: int = Field(default=0, ge=0, le=1_000_000, description="lowest is tried first")
    helpdesk: str = Field(min_length=1, description="the target help desk's name")
    level: int = Field(default=1, ge=1, le=20, description="the target level of that desk")
    category: str | None = Field(
        default=None, description="a category path (A/B), matching below it too; null = any"
    )
    type: str | None = Field(default=None, description="the ticket type's name; null = any")
    source: str | None = Field(default=None, description="the source (channel); null = any")
    company: str | None = Field(default=None, description="the company's name; null = any")
    enabled: bool = True


_RULE_FIELDS = {
    "helpdesk": "helpdesk_id",
    "category": "category_id",
    "type": "type_id",
    "source": "source_id",
    "company": "company_id",
    "enabled": "is_enabled",
}
_NAMED = ("helpdesk", "category", "type", "source", "company")


class RoutingRules(Kind[RoutingRuleEntry]):
    section = "routing_rules"
    entry = RoutingRuleEntry

    def export(self, session: Session) -> list[RoutingRuleEntry]:
        paths = category_paths_by_id(session)
        return [_rule_entry(session, rule, paths) for rule in list_routing_rules(session)]

    def current(self, session: Session, key: str) -> RoutingRuleEntry | None:
        rule = get_routing_rule_by_name(session, key)
        if rule is None:
            return None
        paths = category_paths_by_id(session)
        return _rule_entry(session, rule, paths)

    def changes(self, current: RoutingRuleEntry, wanted: RoutingRuleEntry) -> dict[str, Any]:
        found = super().changes(current, wanted)
        return real_changes(found, current, _NAMED)

    def create(self, session: Session, actor: Actor, entry: RoutingRuleEntry) -> Outcome:
        values = _rule_values(session, entry.model_dump())
        create_routing_rule(session, actor, RoutingRuleCreate(**values))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        rule = get_routing_rule_by_name(session, key)
        if rule is None:
            raise not_found("routing_rule", key)
        command = RoutingRuleUpdate(**_rule_values(session, changes))
        update_routing_rule(session, actor, rule.id, command)
        return Outcome()


def _rule_values(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """Entry fields -> the core command's: every name resolved to its id (or not found)."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        column = _RULE_FIELDS.get(name, name)
        if name not in _NAMED or value is None:
            values[column] = value
        elif name == "helpdesk":
            values[column] = _named(get_helpdesk_by_name(session, value), "helpdesk", value)
        elif name == "company":
            values[column] = _named(get_company_by_name(session, value), "company", value)
        elif name == "category":
            values[column] = require_category_path(session, value).id
        else:
            item = get_catalog_item_by_name(session, name, value)
            values[column] = _named(item, name, value)
    return values


def _named(row: Any, entity: str, name: str) -> int:
    if row is None:
        raise not_found(entity, name)
    return int(row.id)


def _rule_entry(session: Session, rule: RoutingRule, paths: dict[int, str]) -> RoutingRuleEntry:
    def catalog_name(kind: str, ident: int | None) -> str | None:
        item = get_catalog_item(session, kind, ident) if ident else None
        return item.name if item else None

    desk = get_helpdesk(session, rule.helpdesk_id)
    company = companies_by_ids(session, [rule.company_id]) if rule.company_id else {}
    return RoutingRuleEntry(
        name=rule.name,
        position=rule.position,
        helpdesk=desk.name if desk else "",
        level=rule.level,
        category=paths.get(rule.category_id) if rule.category_id else None,
        type=catalog_name("type", rule.type_id),
        source=catalog_name("source", rule.source_id),
        company=company[rule.company_id].name if rule.company_id in company else None,
        enabled=rule.is_enabled,
    )
