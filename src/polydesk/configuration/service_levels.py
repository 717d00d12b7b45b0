"""Site-file kinds for SLA policies (``slas:``): the targets a help desk's tickets are held to,
and the rules that choose one (``sla_rules:``).

Targets are minutes (``null``: no target of that kind); ``calendar`` names the business calendar
(section ``calendars``, applied before). The agent or group a breach escalates to is set in
``sla_escalations`` (``configuration.sla_escalations``), applied after users and groups. Rules
name what they match (priority, help desk, company, category path, ticket type) and so come after
all of those, in their own section: ``slas`` comes before help desks, which name their SLA.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field
from sqlalchemy import select

from polydesk.catalogs.categories import require_category_path
from polydesk.catalogs.service import get_catalog_item_by_name, list_catalog
from polydesk.companies.service import companies_by_ids, get_company_by_name
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.names import category_paths_by_id, real_changes, same_name
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.helpdesks.calendars import get_calendar_by_name, list_calendars
from polydesk.helpdesks.service import get_helpdesk_by_name, get_sla_by_name
from polydesk.helpdesks.sla_rules import (
    SlaRuleCreate,
    SlaRuleUpdate,
    create_sla_rule,
    get_sla_rule_by_name,
    list_sla_rules,
    update_sla_rule,
)
from polydesk.helpdesks.slas import (
    MAX_MINUTES,
    SlaCreate,
    SlaUpdate,
    create_sla,
    list_slas,
    update_sla,
)
from polydesk.models.helpdesks import Helpdesk, Sla, SlaRule


class SlaEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Gold"])
    description: str = Field(default="", max_length=1000)
    first_response_minutes: int | None = Field(default=None, ge=1, le=MAX_MINUTES)
    update_minutes: int | None = Field(
        default=None, ge=1, le=MAX_MINUTES, description="next update (Znuny UpdateTime)"
    )
    resolution_minutes: int | None = Field(default=None, ge=1, le=MAX_MINUTES)
    business_hours_only: bool = False
    calendar: str | None = Field(default=None, description="the business calendar's name")
    enabled: bool = True
    warning_percent: int | None = Field(
        default=None, ge=1, le=99, description="warn when this % of a target has elapsed"
    )
    escalate_to_next_level: bool = Field(
        default=False, description="on a breach, move the ticket to its help desk's next level"
    )


class Slas(Kind[SlaEntry]):
    section = "slas"
    entry = SlaEntry

    def export(self, session: Session) -> list[SlaEntry]:
        calendars = _calendar_names(session)  # one query, not one per SLA
        return [_entry(sla, calendars) for sla in list_slas(session)]

    def current(self, session: Session, key: str) -> SlaEntry | None:
        sla = get_sla_by_name(session, key)
        return None if sla is None else _entry(sla, _calendar_names(session))

    def changes(self, current: SlaEntry, wanted: SlaEntry) -> dict[str, Any]:
        found = super().changes(current, wanted)
        if same_name(found.get("calendar", ""), current.calendar):  # names ignore case
            del found["calendar"]
        return found

    def create(self, session: Session, actor: Actor, entry: SlaEntry) -> Outcome:
        values = entry.model_dump(exclude={"enabled", "calendar"})
        calendar_id = _calendar_id(session, entry.calendar)
        create_sla(
            session, actor, SlaCreate(**values, calendar_id=calendar_id, is_enabled=entry.enabled)
        )
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        sla = get_sla_by_name(session, key)
        if sla is None:
            raise not_found("sla", key)
        fields = {"is_enabled" if name == "enabled" else name: v for name, v in changes.items()}
        if "calendar" in fields:
            fields["calendar_id"] = _calendar_id(session, fields.pop("calendar"))
        update_sla(session, actor, sla.id, SlaUpdate(**fields))
        return Outcome()


def _calendar_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    calendar = get_calendar_by_name(session, name)
    if calendar is None:
        raise not_found("calendar", name)
    return calendar.id


def _calendar_names(session: Session) -> dict[int, str]:
    return {calendar.id: calendar.name for calendar in list_calendars(session)}


def _entry(sla: Sla, calendars: dict[int, str]) -> SlaEntry:
    return SlaEntry(
        name=sla.name,
        description=sla.description,
        first_response_minutes=sla.first_response_minutes,
        update_minutes=sla.update_minutes,
        resolution_minutes=sla.resolution_minutes,
        business_hours_only=sla.business_hours_only,
        calendar=calendars.get(sla.calendar_id) if sla.calendar_id else None,
        enabled=sla.is_enabled,
        warning_percent=sla.warning_percent,
        escalate_to_next_level=sla.escalate_to_next_level,
    )


# --- SLA rules -------------------------------------------------------------------------------


class SlaRuleEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["VIP incidents"])
    position: int = Field(default=0, ge=0, le=1_000_000, description="lowest is tried first")
    sla: str = Field(min_length=1, description="the SLA's name (section slas)")
    priority: str | None = Field(default=None, description="the priority's name; null = any")
    helpdesk: str | None = Field(default=None, description="the help desk's name; null = any")
    company: str | None = Field(default=None, description="the company's name; null = any")
    category: str | None = Field(
        default=None, description="a category path (A/B), matching below it too; null = any"
    )
    type: str | None = Field(default=None, description="the ticket type's name; null = any")
    enabled: bool = True


_RULE_FIELDS = {
    "sla": "sla_id",
    "priority": "priority_id",
    "helpdesk": "helpdesk_id",
    "company": "company_id",
    "category": "category_id",
    "type": "type_id",
    "enabled": "is_enabled",
}


class SlaRules(Kind[SlaRuleEntry]):
    section = "sla_rules"
    entry = SlaRuleEntry

    def export(self, session: Session) -> list[SlaRuleEntry]:
        rules = list_sla_rules(session)
        names = _RuleNames.load(session, rules)  # a query per kind named, not per rule
        return [_rule_entry(rule, names) for rule in rules]

    def current(self, session: Session, key: str) -> SlaRuleEntry | None:
        rule = get_sla_rule_by_name(session, key)
        if rule is None:
            return None
        return _rule_entry(rule, _RuleNames.load(session, [rule]))

    def changes(self, current: SlaRuleEntry, wanted: SlaRuleEntry) -> dict[str, Any]:
        found = super().changes(current, wanted)
        return real_changes(found, current, _RULE_FIELDS)

    def create(self, session: Session, actor: Actor, entry: SlaRuleEntry) -> Outcome:
        values = _rule_values(session, entry.model_dump())
        create_sla_rule(session, actor, SlaRuleCreate(**values))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        rule = get_sla_rule_by_name(session, key)
        if rule is None:
            raise not_found("sla_rule", key)
        update_sla_rule(session, actor, rule.id, SlaRuleUpdate(**_rule_values(session, changes)))
        return Outcome()


def _rule_values(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """Entry fields -> the core command's: every name resolved to its id (or not found)."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        column = _RULE_FIELDS.get(name, name)
        if name in ("name", "position", "enabled") or value is None:
            values[column] = value
        elif name == "sla":
            values[column] = _sla_named(session, value).id
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


def _sla_named(session: Session, name: str) -> Sla:
    sla = get_sla_by_name(session, name)
    if sla is None:
        raise not_found("sla", name)
    return sla


@dataclass(frozen=True)
class _RuleNames:
    """The names SLA rules refer to, by id: loaded once for all the rules of an export."""

    slas: dict[int, str]
    priorities: dict[int, str]
    types: dict[int, str]
    helpdesks: dict[int, str]
    companies: dict[int, str]
    paths: dict[int, str]

    @classmethod
    def load(cls, session: Session, rules: list[SlaRule]) -> _RuleNames:
        company_ids = {rule.company_id for rule in rules if rule.company_id}
        desk_ids = sorted({rule.helpdesk_id for rule in rules if rule.helpdesk_id})
        desks = session.execute(
            select(Helpdesk.id, Helpdesk.name).where(Helpdesk.id.in_(desk_ids))
        )
        return cls(
            slas={sla.id: sla.name for sla in list_slas(session)},
            priorities={row.id: row.name for row in list_catalog(session, "priority")},
            types={row.id: row.name for row in list_catalog(session, "type")},
            helpdesks={desk_id: name for desk_id, name in desks},
            companies={key: c.name for key, c in companies_by_ids(session, company_ids).items()},
            paths=category_paths_by_id(session),
        )


def _rule_entry(rule: SlaRule, names: _RuleNames) -> SlaRuleEntry:
    def named(found: dict[int, str], ident: int | None) -> str | None:
        return found.get(ident) if ident else None

    return SlaRuleEntry(
        name=rule.name,
        position=rule.position,
        sla=names.slas[rule.sla_id],
        priority=named(names.priorities, rule.priority_id),
        helpdesk=named(names.helpdesks, rule.helpdesk_id),
        company=named(names.companies, rule.company_id),
        category=named(names.paths, rule.category_id),
        type=named(names.types, rule.type_id),
        enabled=rule.is_enabled,
    )
