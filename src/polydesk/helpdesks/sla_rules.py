"""SLA selection rules (reference data, admins only) and ``choose_sla``, the one function that
picks a ticket's SLA from them. The SLA engine (due times) is not built yet; it will call
``choose_sla`` with ``list_sla_rules`` and the ticket's facts.

Decisions:
- A rule names one SLA and any of: priority, help desk, company, category, ticket type. A
  criterion left unset matches anything; all the set ones must match.
- A rule's category matches that category and every category below it, so the facts carry the
  ticket's category with its ancestors (``TicketFacts.category_ids``).
- Rules are tried by ``position``, then name (a stable order that moves between installs); the
  first enabled rule that matches wins. No match: ``None`` (the help desk's SLA, if any, is the
  caller's fallback). Positions need not be unique, so rules can be reordered one at a time.
- Names are unique ignoring case (``sla_rule.name_taken``); every reference is checked
  (``<kind>.not_found``). Flushed, never committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, not_found
from polydesk.core.validation import changes_given
from polydesk.db.names import name_in_use
from polydesk.models.catalogs import Category, Priority, TicketType
from polydesk.models.companies import Company
from polydesk.models.helpdesks import Helpdesk, Sla, SlaRule

_REFERENCES: dict[str, tuple[str, type[object]]] = {
    "sla_id": ("sla", Sla),
    "priority_id": ("priority", Priority),
    "helpdesk_id": ("helpdesk", Helpdesk),
    "company_id": ("company", Company),
    "category_id": ("category", Category),
    "type_id": ("type", TicketType),
}


class SlaRuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=191)
    position: int = Field(default=0, ge=0, le=1_000_000)
    sla_id: int
    priority_id: int | None = None
    helpdesk_id: int | None = None
    company_id: int | None = None
    category_id: int | None = None
    type_id: int | None = None
    is_enabled: bool = True


class SlaRuleUpdate(BaseModel):
    """Only the fields given change; a criterion given as ``None`` matches anything again."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    sla_id: int | None = None
    priority_id: int | None = None
    helpdesk_id: int | None = None
    company_id: int | None = None
    category_id: int | None = None
    type_id: int | None = None
    is_enabled: bool | None = None


_CRITERIA = ("priority_id", "helpdesk_id", "company_id", "category_id", "type_id")


def create_sla_rule(session: Session, actor: Actor, cmd: SlaRuleCreate) -> SlaRule:
    require_admin(actor)
    _require_free_name(session, cmd.name, None)
    values = cmd.model_dump()
    _check_references(session, values)
    rule = SlaRule(**values)
    session.add(rule)
    session.flush()
    return rule


def update_sla_rule(session: Session, actor: Actor, rule_id: int, cmd: SlaRuleUpdate) -> SlaRule:
    require_admin(actor)
    rule = session.get(SlaRule, rule_id)
    if rule is None:
        raise not_found("sla_rule", rule_id)
    values = changes_given(cmd, _CRITERIA)
    if "name" in values:
        _require_free_name(session, values["name"], rule.id)
    _check_references(session, values)
    for name, value in values.items():
        setattr(rule, name, value)
    session.flush()
    return rule


def get_sla_rule_by_name(session: Session, name: str) -> SlaRule | None:
    query = select(SlaRule).where(
        (func.lower(SlaRule.name) == name.lower()) | (SlaRule.name == name)
    )
    return session.scalars(query).first()


def list_sla_rules(session: Session) -> list[SlaRule]:
    """Every rule, enabled or not, in the order they are tried."""
    return list(session.scalars(select(SlaRule).order_by(SlaRule.position, SlaRule.name)))


class RuleLike(Protocol):
    """What ``choose_sla`` reads of a rule (an ``SlaRule`` row has it)."""

    @property
    def name(self) -> str: ...
    @property
    def position(self) -> int: ...
    @property
    def sla_id(self) -> int: ...
    @property
    def priority_id(self) -> int | None: ...
    @property
    def helpdesk_id(self) -> int | None: ...
    @property
    def company_id(self) -> int | None: ...
    @property
    def category_id(self) -> int | None: ...
    @property
    def type_id(self) -> int | None: ...
    @property
    def is_enabled(self) -> bool: ...


@dataclass(frozen=True)
class TicketFacts:
    """What a rule can match on; ``category_ids``: the ticket's category and its ancestors."""

    priority_id: int | None = None
    helpdesk_id: int | None = None
    company_id: int | None = None
    category_ids: frozenset[int] = field(default_factory=frozenset)
    type_id: int | None = None


def choose_sla(rules: Iterable[RuleLike], facts: TicketFacts) -> int | None:
    """The SLA of the first enabled rule (by position, then name) every set criterion of which
    matches ``facts``; ``None`` when none does."""
    for rule in sorted(rules, key=lambda r: (r.position, r.name)):
        if rule.is_enabled and _matches(rule, facts):
            return rule.sla_id
    return None


def _matches(rule: RuleLike, facts: TicketFacts) -> bool:
    pairs = (
        (rule.priority_id, facts.priority_id),
        (rule.helpdesk_id, facts.helpdesk_id),
        (rule.company_id, facts.company_id),
        (rule.type_id, facts.type_id),
    )
    if any(wanted is not None and wanted != actual for wanted, actual in pairs):
        return False
    return rule.category_id is None or rule.category_id in facts.category_ids


def _check_references(session: Session, values: dict[str, object]) -> None:
    for column, (entity, model) in _REFERENCES.items():
        ident = values.get(column)
        if ident is not None and session.get(model, ident) is None:
            raise not_found(entity, ident)


def _require_free_name(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, SlaRule.id, SlaRule.name, name, own_id=own_id):
        raise Conflict("sla_rule.name_taken", f"SLA rule {name!r} already exists")
