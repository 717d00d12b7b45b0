"""Site-file kinds for SLA policies (``slas:``): the targets a help desk's tickets are held to,
and the rules that choose one (``sla_rules:``).

Targets are minutes (``null``: no target of that kind); ``calendar`` names the business calendar
(section ``calendars``, applied before). The agent or group a breach escalates to is set in
``sla_escalations`` (``configuration.sla_escalations``), applied after users and groups. Rules
name what they match (priority, help desk, company, category path, ticket type) and so come after
all of those, in their own section: ``slas`` comes before help desks, which name their SLA.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from polydesk.catalogs.categories import require_category_path
from polydesk.catalogs.service import get_catalog_item, get_catalog_item_by_name
from polydesk.companies.service import companies_by_ids, get_company_by_name
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.names import category_paths_by_id, real_changes, same_name
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.helpdesks.calendars import get_calendar_by_name, require_calendar
from polydesk.helpdesks.service import get_helpdesk, get_helpdesk_by_name, get_sla_by_name
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
from polydesk.models.helpdesks import Sla, SlaRule


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
        return [_entry(session, sla) for sla in list_slas(session)]

    def current(self, session: Session, key: str) -> SlaEntry | None:
        sla = get_sla_by_name(session, key)
        return None if sla is None else _entry(session, sla)

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


def _entry(session: Session, sla: Sla) -> SlaEntry:
    calendar = require_calendar(session, sla.calendar_id) if sla.calendar_id else None
    return SlaEntry(
        name=sla.name,
        description=sla.description,
        first_response_minutes=sla.first_response_minutes,
        update_minutes=sla.update_minutes,
        resolution_minutes=sla.resolution_minutes,
        business_hours_only=sla.business_hours_only,
        calendar=calendar.name if calendar else None,
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
        paths = category_paths_by_id(session)
        return [_rule_entry(session, rule, paths) for rule in list_sla_rules(session)]

    def current(self, session: Session, key: str) -> SlaRuleEntry | None:
        rule = get_sla_rule_by_name(session, key)
        if rule is None:
            return None
        paths = category_paths_by_id(session)
        return _rule_entry(session, rule, paths)

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


def _rule_entry(session: Session, rule: SlaRule, paths: dict[int, str]) -> SlaRuleEntry:
    def catalog_name(kind: str, ident: int | None) -> str | None:
        item = get_catalog_item(session, kind, ident) if ident else None
        return item.name if item else None

    desk = get_helpdesk(session, rule.helpdesk_id) if rule.helpdesk_id else None
    company = companies_by_ids(session, [rule.company_id]) if rule.company_id else {}
    return SlaRuleEntry(
        name=rule.name,
        position=rule.position,
        sla=session.get_one(Sla, rule.sla_id).name,
        priority=catalog_name("priority", rule.priority_id),
        helpdesk=desk.name if desk else None,
        company=company[rule.company_id].name if rule.company_id in company else None,
        category=paths.get(rule.category_id) if rule.category_id else None,
        type=catalog_name("type", rule.type_id),
        enabled=rule.is_enabled,
    )
