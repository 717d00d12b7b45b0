"""The ``Ticket`` hash of TicketCreate and TicketUpdate (spec §5.2-5.3): each field checked in
the product's order, with its messages, and turned into core ticket values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from polydesk.catalogs.service import require_catalog_item
from polydesk.companies.service import get_company_by_code
from polydesk.core.clock import utcnow
from polydesk.db import Session
from polydesk.dialects._kit.hostile import bounded_int, row_id
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.mapping import (
    LOCK_IDS,
    LOCKS,
    CodeTable,
    code_table,
    find_queue,
    find_service,
    find_sla,
    state_type,
)
from polydesk.dialects.znuny.values import scalar_text, text, truthy
from polydesk.models.catalogs import StatusCategory
from polydesk.models.users import User
from polydesk.users.service import get_user, get_user_by_email, get_user_by_login

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass
class TicketPlan:
    """Core values to set, plus what decides locking and the pending time."""

    values: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    state_type: str = ""
    lock: str = ""  # given explicitly: unlock, lock or tmp_lock
    pending_until: datetime | None = None
    has_pending_time: bool = False
    #: Znuny's article ``From`` default: ``"Full Name" <email>`` of a known customer user,
    #: else the ``CustomerUser`` text as given (TicketCreate; TicketUpdate when it is given).
    customer_address: str = ""


class TicketReader:
    """Reads one ``Ticket`` hash; ``required`` is True for TicketCreate."""

    def __init__(
        self,
        session: Session,
        operation: str,
        ticket: dict[str, Any],
        required: bool,
        current_service: int | None = None,
    ):
        self.session = session
        self.current_service = current_service  # TicketUpdate: an SLA may join the ticket's
        self.op = operation
        self.ticket = {key: _trim(value) for key, value in ticket.items()}
        self.required = required
        self.plan = TicketPlan()
        self.states: CodeTable = code_table(session, "status")

    def read(self) -> TicketPlan:
        self._title()
        self._customer_user()
        self._queue()
        self._lock()
        self._type()
        self._service_and_sla()
        self._state()
        self._priority()
        self._agent("Owner", "owner_id")
        self._agent("Responsible", "responsible_id")
        self._pending_time()
        self._customer_id()
        return self.plan

    # --- errors ------------------------------------------------------------------------------

    def missing(self, message: str) -> OperationError:
        return OperationError(f"{self.op}.MissingParameter", f"{self.op}: {message}")

    def invalid(self, message: str) -> OperationError:
        return OperationError(f"{self.op}.InvalidParameter", f"{self.op}: {message}")

    def pair(self, name: str) -> tuple[str, str]:
        return text(self.ticket, f"{name}ID"), text(self.ticket, name)

    # --- fields ------------------------------------------------------------------------------

    def _title(self) -> None:
        title = text(self.ticket, "Title")
        if title:
            self.plan.values["title"] = title[:255]
        elif self.required:
            raise self.missing("Ticket->Title parameter is missing!")

    def _customer_user(self) -> None:
        given = text(self.ticket, "CustomerUser")
        if not given:
            if self.required:
                raise self.missing("Ticket->CustomerUser parameter is missing!")
            return
        user = get_user_by_login(self.session, given)
        if user is None and EMAIL.match(given):
            user = get_user_by_email(self.session, given)
            if user is None:
                self.plan.values.update(requester_id=None, contact_email=given.lower())
                self.plan.customer_address = given
                return
        if user is None or not user.is_enabled:
            raise self.invalid("Ticket->CustomerUser parameter is invalid!")
        self.plan.values["requester_id"] = user.id
        self.plan.values["company_id"] = user.company_id
        self.plan.customer_address = user_address(user)

    def _queue(self) -> None:
        ident, name = self.pair("Queue")
        if not ident and not name:
            if self.required:
                raise self.missing("Ticket->QueueID or Ticket->Queue parameter is required!")
            return
        queue = find_queue(self.session, ident, name)
        if queue is None or not queue.is_enabled:
            raise self.invalid("Ticket->QueueID or Ticket->Queue parameter is invalid!")
        self.plan.values["helpdesk_id"] = queue.id

    def _lock(self) -> None:
        ident, name = self.pair("Lock")
        if not ident and not name:
            return
        lock = LOCKS.get(ident) if ident else (name if name in LOCK_IDS else None)
        if lock is None:
            raise self.invalid("Ticket->LockID or Ticket->Lock parameter is invalid!")
        self.plan.lock = lock

    def _type(self) -> None:
        self._coded("Type", "type", "type_id", required=False)

    def _service_and_sla(self) -> None:
        ident, name = self.pair("Service")
        if ident or name:
            category_id = find_service(self.session, ident, name)
            if category_id is None:
                raise self.invalid("Ticket->ServiceID or Ticket->Service parameter is invalid!")
            self.plan.values["category_id"] = category_id
        ident, name = self.pair("SLA")
        if ident or name:
            sla = find_sla(self.session, ident, name)
            service = self.plan.values.get("category_id", self.current_service)
            if sla is None or not sla.is_enabled or service is None:
                raise self.invalid("Ticket->SLAID or Ticket->SLA parameter is invalid!")
            self.plan.values["sla_id"] = sla.id

    def _state(self) -> None:
        core_id = self._coded("State", "status", "status_id", required=self.required)
        if core_id is not None:
            code = self.states.code(core_id)
            self.plan.state_type = state_type(code, _category(self.session, core_id))

    def _priority(self) -> None:
        self._coded("Priority", "priority", "priority_id", required=self.required)

    def _coded(self, name: str, kind: str, key: str, *, required: bool) -> int | None:
        ident, label = self.pair(name)
        if not ident and not label:
            if required:
                raise self.missing(f"Ticket->{name}ID or Ticket->{name} parameter is required!")
            return None
        table = self.states if kind == "status" else code_table(self.session, kind)
        core_id = table.resolve(ident, label)
        if core_id is None:
            raise self.invalid(f"Ticket->{name}ID or Ticket->{name} parameter is invalid!")
        self.plan.values[key] = core_id
        return core_id

    def _agent(self, name: str, key: str) -> None:
        ident, login = self.pair(name)
        if not ident and not login:
            return
        user: User | None
        if ident:
            user = get_user(self.session, row_id(ident))
        else:
            user = get_user_by_login(self.session, login)
        if user is None or not user.is_enabled or user.role.value == "customer":
            raise self.invalid(f"Ticket->{name}ID or Ticket->{name} parameter is invalid!")
        self.plan.values[key] = user.id

    def _pending_time(self) -> None:
        given = self.ticket.get("PendingTime")
        if not isinstance(given, dict | list) and not truthy(given):  # Perl: a ref is true
            return
        moment = pending_moment(given)
        if moment is None:
            raise self.invalid("Ticket->PendingTime parameter is invalid!")
        self.plan.has_pending_time = True
        self.plan.pending_until = moment

    def _customer_id(self) -> None:
        given = text(self.ticket, "CustomerID")
        if not given:
            return
        company = get_company_by_code(self.session, given)
        self.plan.values["company_id"] = company.id if company else None
        self.plan.extra["znuny.customer_id"] = None if company else given


def user_address(user: User) -> str:
    """``"Full Name" <email>`` as Znuny writes a customer user's address."""
    return f'"{user.full_name}" <{user.email}>' if user.email else user.login


def _trim(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {key: _trim(item) for key, item in value.items()}
    return value


def _category(session: Session, status_id: int) -> StatusCategory:
    row = require_catalog_item(session, "status", status_id)
    return row.category  # type: ignore[union-attr]


#: A pending time at most ~1,000 years ahead (a later one could not be stored as a date).
_MAX_DIFF_MINUTES = 1000 * 366 * 24 * 60


def pending_moment(value: Any) -> datetime | None:
    """``{Diff: minutes}`` alone, or a complete ``{Year, Month, Day, Hour, Minute}`` (UTC)."""
    if not isinstance(value, dict):
        return None
    parts = {key: scalar_text(item) for key, item in value.items()}
    if "Diff" in parts:
        diff = bounded_int(parts["Diff"], maximum=_MAX_DIFF_MINUTES)
        return utcnow() + timedelta(minutes=diff) if len(parts) == 1 and diff is not None else None
    names = ("Year", "Month", "Day", "Hour", "Minute")
    if set(parts) != set(names):
        return None
    numbers = [bounded_int(parts[name], maximum=9999) for name in names]
    try:
        year, month, day, hour, minute = (number for number in numbers if number is not None)
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:  # a part that is no number (too few values), or no such date
        return None
