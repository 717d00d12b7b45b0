"""The stock web services, as data, seeded on first start (an admin may edit or delete them).

``GenericTicketConnectorREST`` keeps the classic OTRS 6 routes that PyOTRS and most older
integrations call; ``GenericTicketConnectorREST-Znuny7`` is the layout of Znuny 7's example
file. Both reach the same operations, so either client works against a fresh install.
"""

from __future__ import annotations

from typing import Any

from polydesk.webservices.config import DEFAULT_NAMESPACE

Route = tuple[str, str, str, str]  # operation name, type, method, route


def _rest(routes: list[Route], **transport: Any) -> dict[str, Any]:
    operations = {
        name: {"type": kind, "route": route, "methods": [method]}
        for name, kind, method, route in routes
    }
    return {"transport": "REST", "operations": operations, **transport}


def _soap(operations: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "transport": "SOAP",
        "namespace": DEFAULT_NAMESPACE,
        "operations": {name: {"type": kind} for name, kind in operations},
    }


_CLASSIC: list[Route] = [
    ("SessionCreate", "Session::SessionCreate", "POST", "/Session"),
    ("SessionGet", "Session::SessionGet", "GET", "/Session/:SessionID"),
    ("TicketCreate", "Ticket::TicketCreate", "POST", "/Ticket"),
    ("TicketGet", "Ticket::TicketGet", "GET", "/Ticket/:TicketID"),
    ("TicketGetList", "Ticket::TicketGet", "GET", "/TicketList"),
    ("TicketHistoryGet", "Ticket::TicketHistoryGet", "GET", "/TicketHistory/:TicketID"),
    ("TicketSearch", "Ticket::TicketSearch", "GET", "/Ticket"),
    ("TicketUpdate", "Ticket::TicketUpdate", "PATCH", "/Ticket/:TicketID"),
]

_ZNUNY7: list[Route] = [
    ("SessionCreate", "Session::SessionCreate", "POST", "/Session"),
    ("SessionGet", "Session::SessionGet", "GET", "/Session/:SessionID"),
    ("SessionDelete", "Session::SessionRemove", "DELETE", "/Session/:SessionID"),
    ("TicketCreate", "Ticket::TicketCreate", "POST", "/Ticket"),
    ("TicketGet", "Ticket::TicketGet", "GET", "/Ticket/:TicketID"),
    ("TicketHistoryGet", "Ticket::TicketHistoryGet", "GET", "/Ticket/History/:TicketID"),
    ("TicketSearch", "Ticket::TicketSearch", "POST", "/Ticket/Search"),
    ("TicketUpdate", "Ticket::TicketUpdate", "PATCH", "/Ticket/:TicketID"),
]

_TIME_ACCOUNTING: list[Route] = [
    ("TimeAccountingGet", "Ticket::TimeAccountingGet", "POST", "/TimeAccountingGet"),
]


def default_webservices() -> dict[str, dict[str, Any]]:
    """Name -> config document. A fresh copy each call, so callers may mutate it."""
    classic_soap = [(name, kind) for name, kind, _, _ in _CLASSIC]
    out_of_office = _rest(
        [("OutOfOffice", "User::OutOfOffice", "POST", "/OutOfOffice")], max_length=1_000_000
    )
    out_of_office["operations"]["OutOfOffice"]["mapping_inbound"] = "OutOfOffice"
    return {
        "GenericTicketConnectorREST": _rest(_CLASSIC, max_length=100_000_000, keep_alive=False),
        "GenericTicketConnectorREST-Znuny7": _rest(_ZNUNY7, keep_alive=True),
        "GenericTicketConnectorSOAP": _soap(
            [*classic_soap, ("SessionRemove", "Session::SessionRemove")]
        ),
        "TimeAccounting": _rest(_TIME_ACCOUNTING),
        "TimeAccountingREST": _rest(_TIME_ACCOUNTING),  # the name the seed document posts to
        "TimeAccountingSOAP": _soap([("TimeAccountingGet", "Ticket::TimeAccountingGet")]),
        "OutOfOffice": out_of_office,
    }
