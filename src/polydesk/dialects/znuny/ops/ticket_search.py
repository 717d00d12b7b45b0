"""TicketSearch (spec §5.6): Znuny's parameters turned into the core's ``TicketCriteria`` (text
values through Znuny's own pattern grammar, ``dialects.znuny.patterns``) and a ``PageRequest``
(``Limit``), answered from one SQL query. Anything the product would reject (an unknown name,
a bad date, a bad sort) answers ``{}``, as Znuny does; the only error is AuthFail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from polydesk.catalogs.service import list_catalog
from polydesk.core.clock import utcnow
from polydesk.core.errors import DomainError
from polydesk.core.pagination import PageRequest
from polydesk.customfields.service import get_field_by_name
from polydesk.db import Session
from polydesk.dialects._kit.hostile import MAX_INT64, bounded_int
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
from polydesk.dialects.znuny.ops.search_times import time_settings
from polydesk.dialects.znuny.patterns import exact_patterns, parse_patterns
from polydesk.dialects.znuny.values import as_list, scalar_text, truthy
from polydesk.models.catalogs import Status
from polydesk.tickets.criteria import (
    FieldCondition,
    FieldOp,
    SortKey,
    SortName,
    TicketCriteria,
    Window,
)
from polydesk.tickets.service import search_ticket_ids

OP = "TicketSearch"
DEFAULT_LIMIT = 500
#: ``Limit`` is capped (SPEC.md §10); the core's page maximum is no lower.
MAX_LIMIT = 10_000


class NoResult(Exception):
    """The product's core search would return nothing (invalid input included)."""


#: Scalar-or-list text patterns (grammar: ``patterns``) -> (core criterion, exact: a ``Raw``
#: key). ``CustomerUserLogin`` is also the customer's login field, so a customer who
#: authenticates with it (not with a SessionID) only finds the tickets it requested, as on Znuny.
#: ``CustomerUserLoginRaw`` and ``AttachmentName`` are not passed through by the operation
#: (spec §5.6 "anything else"), so they filter nothing here either.
PATTERNS = {
    "TicketNumber": ("numbers", False),
    "Title": ("titles", False),
    "CustomerID": ("company_codes", False),
    "CustomerIDRaw": ("company_codes", True),
    "CustomerUserLogin": ("requester_logins", False),
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
#: Prefixes whose ``*Minutes`` Znuny turns into the ``*Date`` of the same side, replacing a
#: date given with them; the others apply both (spec §5.6, ``Ticket/TicketSearch.pm``).
MINUTES_REPLACE_DATE = frozenset(
    {"TicketChangeTime", "TicketLastChangeTime", "TicketCloseTime", "TicketPendingTime"}
)
SORTS: dict[str, SortName] = {
    "Owner": "owner", "Responsible": "responsible", "CustomerID": "company", "State": "status",
    "Lock": "lock", "Ticket": "number", "TicketNumber": "number", "Title": "title",
    "Queue": "helpdesk", "Type": "type", "Priority": "priority", "Age": "created",
    "Created": "created", "Changed": "updated", "Service": "category", "SLA": "sla",
    "PendingTime": "pending", "EscalationTime": "escalation",
    "EscalationUpdateTime": "escalation_update", "EscalationResponseTime": "escalation_response",
    "EscalationSolutionTime": "escalation_solution",
}  # fmt: skip
DF_OPERATORS: dict[str, FieldOp] = {
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
        translator = Translator(ctx.session, caller, params)
        criteria = TicketCriteria(**translator.criteria())
        ids = search_ticket_ids(ctx.session, caller.actor, criteria, translator.page)
    except (NoResult, DomainError, ValueError):
        return {}
    return {"TicketID": [str(ident) for ident in ids]} if ids else {}


class Translator:
    def __init__(self, session: Session, caller: Caller, params: dict[str, Any]) -> None:
        self.session = session
        self.caller = caller
        self.params = params
        # The point and slot forms stand for *Minutes / *Date keys, which they replace.
        self.params = {**params, **time_settings(self.scalar)}
        self.out: dict[str, Any] = {}
        self.page = PageRequest(limit=DEFAULT_LIMIT)

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
        """``CustomerID`` is ignored when ``CustomerIDRaw`` is given."""
        raw = bool(self.listed("CustomerIDRaw"))
        for key, (target, exact) in PATTERNS.items():
            values = self.listed(key)
            if values and not (raw and key == "CustomerID"):
                parsed = exact_patterns(values) if exact else parse_patterns(values)
                if parsed:
                    self.out[target] = parsed
        attachment = self.scalar("MIMEBase_AttachmentName")  # a scalar only, as Znuny reads it
        if attachment:
            self.out["attachment_names"] = parse_patterns([attachment])

    def _ids(self) -> None:
        for key, target in {"TicketID": "ids", **USER_IDS}.items():
            values = self.listed(key)
            if values:
                self.out[target] = _integers(values)

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
        means type ``open`` only, ``Closed`` type ``closed``. ``StateType``, ``StateTypeIDs``
        and ``States``/``StateIDs`` are separate conditions, all of which must hold."""
        names = {name.casefold() for name in self.listed("StateType")}
        ids = set(_integers(self.listed("StateTypeIDs")))
        wanted = [names] if names else []
        if ids:
            wanted.append({name for name, ident in STATE_TYPE_IDS.items() if ident in ids})
        if not wanted:
            return
        types = self._status_types()
        statuses = set(types)
        for type_names in wanted:
            statuses &= {status_id for status_id, kind in types.items() if kind in type_names}
        if not statuses:
            raise NoResult
        self.out["status_ids"] = sorted(statuses & set(self.out.get("status_ids", statuses)))

    def _status_types(self) -> dict[int, str]:
        """Every core status -> the Znuny state type it shows as."""
        table = code_table(self.session, "status")
        types: dict[int, str] = {}
        for row in list_catalog(self.session, "status"):
            if isinstance(row, Status):
                types[row.id] = state_type(table.code(row.id), row.category)
        return types

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
        """Each side's moments must all hold (the tightest wins). A window that cannot hold
        answers nothing, as do a ``*NewerDate`` in the future (pending times excepted) and a
        date that is not ``YYYY-MM-DD HH:MM:SS``: Znuny's checks."""
        now = utcnow()
        for prefix, target in TIME_PREFIXES.items():
            before = self._moments(prefix, "Older", now)
            after = self._moments(prefix, "Newer", now)
            if not before and not after:
                continue
            window = Window(after=max(after, default=None), before=min(before, default=None))
            if window.after and window.before and window.after > window.before:
                raise NoResult
            self.out[target] = window

    def _moments(self, prefix: str, side: str, now: datetime) -> list[datetime]:
        moments = []
        minutes = self.scalar(f"{prefix}{side}Minutes")
        if minutes:
            if not re.fullmatch(r"-?\d{1,9}", minutes):
                raise NoResult
            moments.append(now - timedelta(minutes=int(minutes)))
            if prefix in MINUTES_REPLACE_DATE:
                return moments
        date = self.scalar(f"{prefix}{side}Date")
        if date:
            moment = _date(date)
            if side == "Newer" and moment > now and prefix != "TicketPendingTime":
                raise NoResult
            moments.append(moment)
        return moments

    def _articles(self) -> None:
        """Words anywhere in the article fields (the operation wraps them in ``*``);
        ``Fulltext`` looks in every field at once."""
        fulltext = self.scalar("Fulltext")
        if fulltext:
            given = dict.fromkeys(ARTICLE_FIELDS.values(), fulltext)
        else:
            # PyOTRS in legacy mode sends Subject/Body: read them as the MIMEBase_* keys.
            given = {
                part: self.scalar(f"MIMEBase_{key}") or self.scalar(key)
                for key, part in ARTICLE_FIELDS.items()
            }
        texts = {part: _words(value) for part, value in given.items() if _words(value)}
        if not texts:
            return
        mode = "OR" if fulltext else (self.scalar("ContentSearch").upper() or "AND")
        if mode not in ("AND", "OR"):
            raise NoResult
        self.out["comment_text"] = texts
        self.out["comment_text_mode"] = mode
        self.out["comment_public_only"] = not self.caller.is_agent

    def _dynamic_fields(self) -> None:
        conditions = [
            condition
            for name, operators in self._field_entries()
            for condition in _field_conditions(self.session, name, operators)
        ]
        if conditions:
            self.out["custom_fields"] = conditions

    def _field_entries(self) -> list[tuple[str, dict[str, Any]]]:
        """``DynamicField`` (a hash or a list of hashes), else the legacy ``DynamicField_X``
        hashes; a string (what PyOTRS sends over GET) is no filter (spec §8.1)."""
        given = self.params.get("DynamicField")
        if given is not None:  # one entry per name: the last one given, as Znuny's map keeps
            named = {
                scalar_text(entry.get("Name")): entry
                for entry in as_list(given)
                if isinstance(entry, dict)
            }
            return list(named.items())
        legacy = ((_LEGACY_DF.match(key), value) for key, value in self.params.items())
        return [
            (found.group(1), value) for found, value in legacy if found and isinstance(value, dict)
        ]

    def _sort(self) -> None:
        """One ``OrderBy`` (``Up``/``Down``) per ``SortBy`` entry: a missing one answers nothing,
        as on Znuny, so sub-sorting needs an ``OrderBy`` list as long as ``SortBy``."""
        sort_by = self.listed("SortBy") or ["Age"]
        order_by = self.listed("OrderBy") or ["Down"]
        keys = []
        for index, name in enumerate(sort_by):
            direction = order_by[index] if index < len(order_by) else ""
            if direction not in ("Up", "Down"):
                raise NoResult
            keys.append(_sort_key(self.session, name, descending=direction == "Down"))
        self.out["sort"] = keys

    def _limit(self) -> None:
        """``Limit``: a positive number, capped; anything else is the default."""
        wanted = bounded_int(self.scalar("Limit"), maximum=MAX_INT64) or 0
        limit = wanted if wanted > 0 else None
        self.page = PageRequest.capped(limit, default=DEFAULT_LIMIT, cap=MAX_LIMIT)


def _integers(values: list[str]) -> list[int]:
    numbers = [bounded_int(value) for value in values]
    if None in numbers:  # not a number, or beyond any id: nothing can match
        raise NoResult
    return [number for number in numbers if number is not None]


def _date(value: str) -> datetime:
    """``YYYY-MM-DD HH:MM:SS`` in UTC (Znuny's OTRSTimeZone default); anything else: none."""
    found = _DATE.match(value)
    if found is None:
        raise NoResult
    year, month, day, hour, minute, second = (int(part) for part in found.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError as error:
        raise NoResult from error


def _words(value: str) -> str:
    return " ".join(value.replace("*", " ").replace("%", " ").split())


def _service_id(session: Session, ident: str, name: str) -> int | None:
    return find_service(session, ident, name)


def _sla_id(session: Session, ident: str, name: str) -> int | None:
    sla = find_sla(session, ident, name)
    return sla.id if sla else None


def _field_conditions(
    session: Session, name: str, operators: dict[str, Any]
) -> list[FieldCondition]:
    """Unknown fields are dropped silently, as the operation layer does; an operator without a
    value fails validation, which answers nothing."""
    custom_field = get_field_by_name(session, name) if name else None
    if custom_field is None:
        return []
    conditions = []
    for key, value in operators.items():
        if key == "Empty":
            op: FieldOp = "empty" if truthy(value) else "not_empty"
            conditions.append(FieldCondition(field_id=custom_field.id, op=op))
        elif key in DF_OPERATORS:
            values = [scalar_text(item) for item in as_list(value)]
            conditions.append(
                FieldCondition(field_id=custom_field.id, op=DF_OPERATORS[key], values=values)
            )
    return conditions


def _sort_key(session: Session, name: str, *, descending: bool) -> SortKey:
    if name.startswith("DynamicField_"):
        custom_field = get_field_by_name(session, name.removeprefix("DynamicField_"))
        if custom_field is None:
            raise NoResult
        return SortKey(key="custom_field", field_id=custom_field.id, descending=descending)
    if name not in SORTS:
        raise NoResult
    return SortKey(key=SORTS[name], descending=descending)
