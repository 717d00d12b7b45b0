"""TicketSearch (spec §5.6): Znuny's parameters turned into the core's ``TicketCriteria`` and
answered from one SQL query. Anything the product would reject (an unknown name, a bad date,
a bad sort) answers ``{}``, as Znuny does; the only error is AuthFail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from polydesk.catalogs.service import list_catalog
from polydesk.core.clock import utcnow
from polydesk.core.errors import DomainError
from polydesk.customfields.service import get_field_by_name
from polydesk.db import Session
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.mapping import (
    LOCKS,
    STATE_TYPE_IDS,
    code_table,
    find_queue,
    find_service,
    find_sla,
    state_type,
)
from polydesk.dialects.znuny.ops.common import caller_or_fail
from polydesk.dialects.znuny.values import as_list, scalar_text
from polydesk.tickets.criteria import FieldCondition, SortKey, TicketCriteria, Window
from polydesk.tickets.service import search_ticket_ids

OP = "TicketSearch"
DEFAULT_LIMIT = 500


class NoResult(Exception):
    """The product's core search would return nothing (invalid input included)."""


PATTERNS = {
    "TicketNumber": "numbers",
    "Title": "titles",
    "CustomerID": "company_codes",
    "CustomerIDRaw": "company_codes_exact",
    "CustomerUserLogin": "requester_logins",
    "CustomerUserLoginRaw": "requester_logins_exact",
    "AttachmentName": "attachment_names",
    "MIMEBase_AttachmentName": "attachment_names",
}
USER_IDS = {
    "OwnerIDs": "owner_ids",
    "ResponsibleIDs": "responsible_ids",
    "WatchUserIDs": "participant_user_ids",
    "CreatedUserIDs": "creator_ids",
}
#: (names key, ids key, catalog kind, core criterion)
CODED = (
    ("States", "StateIDs", "status", "status_ids"),
    ("Priorities", "PriorityIDs", "priority", "priority_ids"),
    ("Types", "TypeIDs", "type", "type_ids"),
    ("CreatedStates", "CreatedStateIDs", "status", "created_status_ids"),
    ("CreatedPriorities", "CreatedPriorityIDs", "priority", "created_priority_ids"),
    ("CreatedTypes", "CreatedTypeIDs", "type", "created_type_ids"),
)
TIME_PREFIXES = {
    "TicketCreateTime": "created",
    "TicketLastChangeTime": "updated",
    "TicketChangeTime": "changed",
    "TicketCloseTime": "closed",
    "TicketPendingTime": "pending",
    "ArticleCreateTime": "comment_created",
    "TicketEscalationTime": "escalation",
    "TicketEscalationUpdateTime": "escalation_update",
    "TicketEscalationResponseTime": "escalation_response",
    "TicketEscalationSolutionTime": "escalation_solution",
}
SORTS = {
    "Owner": "owner", "Responsible": "responsible", "CustomerID": "company", "State": "status",
    "Lock": "lock", "Ticket": "number", "TicketNumber": "number", "Title": "title",
    "Queue": "helpdesk", "Type": "type", "Priority": "priority", "Age": "created",
    "Created": "created", "Changed": "updated", "Service": "category", "SLA": "sla",
    "PendingTime": "pending", "EscalationTime": "escalation",
    "EscalationUpdateTime": "escalation_update", "EscalationResponseTime": "escalation_response",
    "EscalationSolutionTime": "escalation_solution",
}  # fmt: skip
DF_OPERATORS = {
    "Equals": "equals", "Like": "like", "GreaterThan": "gt", "GreaterThanEquals": "gte",
    "SmallerThan": "lt", "SmallerThanEquals": "lte",
}  # fmt: skip
ARTICLE_FIELDS = {"From": "from", "To": "to", "Cc": "cc", "Subject": "subject", "Body": "body"}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$")
_LEGACY_DF = re.compile(r"^DynamicField_([a-zA-Z\d]+)$")


def run(ctx: Context, data: Any) -> dict[str, Any]:
    caller = caller_or_fail(ctx, data, f"{OP}.AuthFail", f"{OP}: Authorization failing!")
    params = data if isinstance(data, dict) else {}
    try:
        criteria = TicketCriteria(**Translator(ctx.session, caller, params).criteria())
        ids = search_ticket_ids(ctx.session, caller.actor, criteria)
    except (NoResult, DomainError, ValueError):
        return {}
    return {"TicketID": [str(ident) for ident in ids]} if ids else {}


class Translator:
    def __init__(self, session: Session, caller: Caller, params: dict[str, Any]) -> None:
        self.session = session
        self.caller = caller
        self.params = params
        self.out: dict[str, Any] = {}

    def criteria(self) -> dict[str, Any]:
        self._patterns()
        self._ids()
        self._coded()
        self._queues()
        self._state_types()
        self._named_rows()
        self._locks()
        self._windows()
        self._articles()
        self._dynamic_fields()
        self._sort()
        self._limit()
        return self.out

    def listed(self, key: str) -> list[str]:
        return [text for text in (scalar_text(v) for v in as_list(self.params.get(key))) if text]

    def scalar(self, key: str) -> str:
        value = self.params.get(key)
        return "" if isinstance(value, list | dict) else scalar_text(value)

    def _patterns(self) -> None:
        if self.listed("CustomerIDRaw"):
            self.params.pop("CustomerID", None)
        for key, target in PATTERNS.items():
            values = self.listed(key)
            if values:
                self.out.setdefault(target, []).extend(values)

    def _ids(self) -> None:
        for key, target in {"TicketID": "ids", **USER_IDS}.items():
            if key in self.params and self.params[key] not in (None, ""):
                self.out[target] = _integers(self.listed(key))

    def _coded(self) -> None:
        for names_key, ids_key, kind, target in CODED:
            names, idents = self.listed(names_key), self.listed(ids_key)
            if not names and not idents:
                continue
            table = code_table(self.session, kind)
            codes = {table.render.get(table.by_label.get(n.casefold(), -1), "") for n in names}
            codes |= set(idents)
            if "" in codes or not codes <= set(table.by_code):
                raise NoResult
            self.out[target] = [cid for cid, code in table.render.items() if code in codes]

    def _queues(self) -> None:
        for names_key, ids_key, target in (
            ("Queues", "QueueIDs", "helpdesk_ids"),
            ("CreatedQueues", "CreatedQueueIDs", "created_helpdesk_ids"),
        ):
            found = [find_queue(self.session, "", n) for n in self.listed(names_key)]
            found += [find_queue(self.session, i, "") for i in self.listed(ids_key)]
            if any(queue is None for queue in found):
                raise NoResult
            if found:
                self.out[target] = [queue.id for queue in found if queue is not None]
        if self.scalar("UseSubQueues") not in ("", "0"):
            self.out["include_sub_helpdesks"] = True

    def _state_types(self) -> None:
        """Literal state-type names (MySQL's case-insensitive match; spec §5.6): ``Open``
        means type ``open`` only, ``Closed`` type ``closed``."""
        wanted = {name.casefold() for name in self.listed("StateType")}
        ids = _integers(self.listed("StateTypeIDs"))
        wanted |= {name for name, ident in STATE_TYPE_IDS.items() if ident in ids}
        if not wanted:
            return
        table = code_table(self.session, "status")
        statuses = [
            row.id
            for row in list_catalog(self.session, "status")
            if state_type(table.code(row.id), row.category) in wanted  # type: ignore[union-attr,arg-type]
        ]
        self.out["status_ids"] = sorted(set(statuses) & set(self.out.get("status_ids", statuses)))

    def _named_rows(self) -> None:
        for names_key, ids_key, target, finder in (
            ("Services", "ServiceIDs", "category_ids", _service_id),
            ("SLAs", "SLAIDs", "sla_ids", _sla_id),
        ):
            found = [finder(self.session, "", n) for n in self.listed(names_key)]
            found += [finder(self.session, i, "") for i in self.listed(ids_key)]
            if any(ident is None for ident in found):
                raise NoResult
            if found:
                self.out[target] = found

    def _locks(self) -> None:
        names = self.listed("Locks") + [LOCKS.get(i, "?") for i in self.listed("LockIDs")]
        if not names:
            return
        if not set(names) <= set(LOCKS.values()):
            raise NoResult
        self.out["locked"] = sorted({name != "unlock" for name in names})

    def _windows(self) -> None:
        now = utcnow()
        for prefix, target in TIME_PREFIXES.items():
            bounds: dict[str, datetime] = {}
            for suffix, side in (("Older", "before"), ("Newer", "after")):
                minutes, date = self.scalar(f"{prefix}{suffix}Minutes"), self.scalar(f"{prefix}{suffix}Date")
                if minutes:
                    if not re.fullmatch(r"-?\d+", minutes):
                        raise NoResult
                    bounds[side] = now - timedelta(minutes=int(minutes))
                if date:
                    bounds[side] = _date(date)
            if bounds:
                if "after" in bounds and "before" in bounds and bounds["after"] > bounds["before"]:
                    raise NoResult
                self.out[target] = Window(**bounds)

    def _articles(self) -> None:
        texts = {part: self.scalar(f"MIMEBase_{key}") for key, part in ARTICLE_FIELDS.items()}
        fulltext = self.scalar("Fulltext")
        if fulltext:
            texts = {part: fulltext for part in ARTICLE_FIELDS.values()}
        texts = {part: value.replace("*", " ").replace("%", " ").strip() for part, value in texts.items()}
        texts = {part: value for part, value in texts.items() if value}
        if not texts:
            return
        self.out["comment_text"] = texts
        mode = "OR" if fulltext else (self.scalar("ContentSearch").upper() or "AND")
        if mode not in ("AND", "OR"):
            raise NoResult
        self.out["comment_text_mode"] = mode
        self.out["comment_public_only"] = not self.caller.is_agent

    def _dynamic_fields(self) -> None:
        given = self.params.get("DynamicField")
        entries: list[tuple[str, Any]] = []
        if given is not None:
            for entry in as_list(given):
                if isinstance(entry, dict):
                    entries.append((scalar_text(entry.get("Name")), entry))
        else:
            for key, value in self.params.items():
                found = _LEGACY_DF.match(key)
                if found and isinstance(value, dict):
                    entries.append((found.group(1), value))
        conditions = [c for name, ops in entries for c in _field_conditions(self.session, name, ops)]
        if conditions:
            self.out["custom_fields"] = conditions

    def _sort(self) -> None:
        sort_by, order_by = self.listed("SortBy"), self.listed("OrderBy")
        if not sort_by:
            sort_by = ["Age"]
        keys = []
        for index, name in enumerate(sort_by):
            direction = order_by[index] if index < len(order_by) else (order_by[-1] if order_by else "Down")
            if direction not in ("Up", "Down"):
                raise NoResult
            keys.append(_sort_key(self.session, name, descending=direction == "Down"))
        self.out["sort"] = keys

    def _limit(self) -> None:
        limit = self.scalar("Limit")
        self.out["limit"] = min(int(limit), 10_000) if limit.isdigit() and int(limit) > 0 else DEFAULT_LIMIT


def _integers(values: list[str]) -> list[int]:
    if not all(value.isdigit() for value in values):
        raise NoResult
    return [int(value) for value in values]


def _date(value: str) -> datetime:
    found = _DATE.match(value)
    if found is None:
        raise NoResult
    try:
        return datetime(*(int(part) for part in found.groups()), tzinfo=UTC)  # type: ignore[misc]
    except ValueError as error:
        raise NoResult from error


def _service_id(session: Session, ident: str, name: str) -> int | None:
    return find_service(session, ident, name)


def _sla_id(session: Session, ident: str, name: str) -> int | None:
    sla = find_sla(session, ident, name)
    return sla.id if sla else None


def _field_conditions(session: Session, name: str, operators: dict[str, Any]) -> list[FieldCondition]:
    """Unknown fields are dropped silently, as the operation layer does."""
    custom_field = get_field_by_name(session, name) if name else None
    if custom_field is None:
        return []
    conditions = []
    for key, value in operators.items():
        if key == "Empty":
            op = "empty" if scalar_text(value) not in ("", "0") else "not_empty"
            conditions.append(FieldCondition(field_id=custom_field.id, op=op, values=[]))
        elif key in DF_OPERATORS:
            values = [scalar_text(v) for v in as_list(value)]
            conditions.append(FieldCondition(field_id=custom_field.id, op=DF_OPERATORS[key], values=values))
    return conditions


def _sort_key(session: Session, name: str, *, descending: bool) -> SortKey:
    if name.startswith("DynamicField_"):
        custom_field = get_field_by_name(session, name.removeprefix("DynamicField_"))
        if custom_field is None:
            raise NoResult
        return SortKey(key="custom_field", field_id=custom_field.id, descending=descending)
    if name not in SORTS:
        raise NoResult
    return SortKey(key=SORTS[name], descending=descending)  # type: ignore[arg-type]
