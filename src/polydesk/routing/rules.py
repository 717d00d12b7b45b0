"""Routing rules (reference data, admins only) and ``choose_route``, the one function that
picks the help desk and level of a ticket opened without a help desk.

Decisions:
- A rule names a target help desk and level, and any of: category, ticket type, source
  (channel), company. A criterion left unset matches anything; all the set ones must match.
- A rule's category matches that category and every category below it, so the facts carry the
  ticket's category with its ancestors (``RouteFacts.category_ids``), as SLA rules do.
- Rules are tried by ``position``, then name; the first enabled rule that matches wins.
- The default help desk is a rule with no criterion (put it last): one mechanism, shown and
  reordered like any other rule, rather than a separate setting that could disagree with it.
  No rule matches: the ticket stays without a help desk (as before routing existed).
- Names are unique ignoring case (``routing_rule.name_taken``); every reference is checked
  (``<kind>.not_found``), the level must be one of the desk's (``helpdesk.level_not_found``).
  Flushed, never committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.validation import changes_given
from polydesk.db.names import name_in_use
from polydesk.helpdesks.service import list_levels
from polydesk.models.catalogs import Category, Source, TicketType
from polydesk.models.companies import Company
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.routing import RoutingRule

_REFERENCES: dict[str, tuple[str, type[object]]] = {
    "helpdesk_id": ("helpdesk", Helpdesk),
    "category_id": ("category", Category),
    "type_id": ("type", TicketType),
    "source_id": ("source", Source),
    "company_id": ("company", Company),
}
CRITERIA = ("category_id", "type_id", "source_id", "company_id")


class RoutingRuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=191)
    position: int = Field(default=0, ge=0, le=1_000_000)
    helpdesk_id: int
    level: int = Field(default=1, ge=1, le=20)
    category_id: int | None = None
    type_id: int | None = None
    source_id: int | None = None
    company_id: int | None = None
    is_enabled: bool = True


class RoutingRuleUpdate(BaseModel):
    """Only the fields given change; a criterion given as ``None`` matches anything again."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    helpdesk_id: int | None = None
    level: int | None = Field(default=None, ge=1, le=20)
    category_id: int | None = None
    type_id: int | None = None
    source_id: int | None = None
    company_id: int | None = None
    is_enabled: bool | None = None


def create_routing_rule(session: Session, actor: Actor, cmd: RoutingRuleCreate) -> RoutingRule:
    require_admin(actor)
    _require_free_name(session, cmd.name, None)
    values = cmd.model_dump()
    _check_references(session, values)
    _require_level(session, cmd.helpdesk_id, cmd.level)
    rule = RoutingRule(**values)
    session.add(rule)
    session.flush()
    return rule


def update_routing_rule(
    session: Session, actor: Actor, rule_id: int, cmd: RoutingRuleUpdate
) -> RoutingRule:
    require_admin(actor)
    rule = require_routing_rule(session, rule_id)
    values = changes_given(cmd, CRITERIA)
    if "name" in values:
        _require_free_name(session, values["name"], rule.id)
    _check_references(session, values)
    if "helpdesk_id" in values or "level" in values:
        _require_level(
            session, values.get("helpdesk_id", rule.helpdesk_id), values.get("level", rule.level)
        )
    for name, value in values.items():
        setattr(rule, name, value)
    session.flush()
    return rule


def delete_routing_rule(session: Session, actor: Actor, rule_id: int) -> None:
    require_admin(actor)
    session.delete(require_routing_rule(session, rule_id))
    session.flush()


def require_routing_rule(session: Session, rule_id: int) -> RoutingRule:
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        raise not_found("routing_rule", rule_id)
    return rule


def read_routing_rule(session: Session, actor: Actor, rule_id: int) -> RoutingRule:
    """One rule, for an admin."""
    require_admin(actor)
    return require_routing_rule(session, rule_id)


def read_routing_rules(session: Session, actor: Actor) -> list[RoutingRule]:
    """Every rule in the order they are tried, for an admin."""
    require_admin(actor)
    return list_routing_rules(session)


def get_routing_rule_by_name(session: Session, name: str) -> RoutingRule | None:
    query = select(RoutingRule).where(
        (func.lower(RoutingRule.name) == name.lower()) | (RoutingRule.name == name)
    )
    return session.scalars(query).first()


def list_routing_rules(session: Session) -> list[RoutingRule]:
    """Every rule, enabled or not, in the order they are tried."""
    query = select(RoutingRule).order_by(RoutingRule.position, RoutingRule.name)
    return list(session.scalars(query))


@dataclass(frozen=True)
class RouteFacts:
    """What a rule can match on; ``category_ids``: the ticket's category and its ancestors."""

    category_ids: frozenset[int] = field(default_factory=frozenset)
    type_id: int | None = None
    source_id: int | None = None
    company_id: int | None = None


@dataclass(frozen=True)
class Route:
    helpdesk_id: int
    level: int
    rule_id: int


def choose_route(rules: list[RoutingRule], facts: RouteFacts) -> Route | None:
    """The target of the first enabled rule (``rules`` in position, then name, order) every
    set criterion of which matches ``facts``; ``None`` when none does."""
    for rule in rules:
        if rule.is_enabled and _matches(rule, facts):
            return Route(rule.helpdesk_id, rule.level, rule.id)
    return None


def _matches(rule: RoutingRule, facts: RouteFacts) -> bool:
    pairs = (
        (rule.type_id, facts.type_id),
        (rule.source_id, facts.source_id),
        (rule.company_id, facts.company_id),
    )
    if any(wanted is not None and wanted != actual for wanted, actual in pairs):
        return False
    return rule.category_id is None or rule.category_id in facts.category_ids


def _check_references(session: Session, values: dict[str, object]) -> None:
    for column, (entity, model) in _REFERENCES.items():
        ident = values.get(column)
        if ident is not None and session.get(model, ident) is None:
            raise not_found(entity, ident)


def _require_level(session: Session, helpdesk_id: int, level: int) -> None:
    levels = [row.level for row in list_levels(session, helpdesk_id)] or [1]
    if level not in levels:
        raise ValidationFailed(
            "helpdesk.level_not_found", f"help desk {helpdesk_id} has no level {level}"
        )


def _require_free_name(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, RoutingRule.id, RoutingRule.name, name, own_id=own_id):
        raise Conflict("routing_rule.name_taken", f"routing rule {name!r} already exists")
