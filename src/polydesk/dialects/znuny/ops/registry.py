"""Operation type (``Ticket::TicketGet``) -> handler. A web service's configuration names the
type of each of its operations, so two operations may share a handler (TicketGetList)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.ops import (
    out_of_office,
    sessions,
    ticket_create,
    ticket_get,
    ticket_history,
    ticket_search,
    ticket_update,
    time_accounting,
)

Handler = Callable[[Context, Any], Any]

OPERATIONS: dict[str, Handler] = {
    "Session::SessionCreate": sessions.session_create,
    "Session::SessionGet": sessions.session_get,
    "Session::SessionRemove": sessions.session_remove,
    "Ticket::TicketCreate": ticket_create.run,
    "Ticket::TicketUpdate": ticket_update.run,
    "Ticket::TicketGet": ticket_get.run,
    "Ticket::TicketSearch": ticket_search.run,
    "Ticket::TicketHistoryGet": ticket_history.run,
    "Ticket::TimeAccountingGet": time_accounting.run,
    "User::OutOfOffice": out_of_office.run,
}
