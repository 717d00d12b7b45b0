"""Saved views as request lists: ``incidents.by.view`` (ids, offset paging) and
``incidents.details.by.view`` (rows, cursor paging with sort), golden shapes and bad input."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.tickets.criteria import TicketCriteria
from polydesk.tickets.views import create_view
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields


def _view(invgate: InvGate, **criteria: Any) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        view = create_view(
            session,
            SYSTEM,
            name="Carla's requests",
            criteria=TicketCriteria(**criteria),
            columns=["id", "title", "status"],
        )
        return view.id


def _setup(invgate: InvGate) -> tuple[int, list[int]]:
    carla = [invgate.create(title=f"Carla {n}") for n in range(4)]
    invgate.create(customer_id=invgate.users["dave"], title="Dave's")
    return _view(invgate, requester_ids=[invgate.users["carla"]]), carla


def test_by_view_pages_ids_by_offset(invgate: InvGate) -> None:
    view, carla = _setup(invgate)

    first = invgate.ok("GET", "incidents.by.view", {"view_id": view, "limit": 3})
    rest = invgate.ok("GET", "incidents.by.view", {"view_id": view, "limit": 3, "offset": 3})

    check_row(first, response_fields("GET", "incidents.by.view"))
    assert (first["limit"], first["offset"], rest["offset"]) == (3, 0, 3)
    assert sorted(first["requestIds"] + rest["requestIds"]) == carla
    assert len(first["requestIds"]) == 3 and first["status"] == "OK"


def test_details_by_view_pages_by_cursor(invgate: InvGate) -> None:
    view, carla = _setup(invgate)

    first = invgate.ok("GET", "incidents.details.by.view", {"view_id": view, "limit": 3})
    second = invgate.ok(
        "GET",
        "incidents.details.by.view",
        {"view_id": view, "limit": 3, "page_key": first["next_page_key"]},
    )

    check_row(first, response_fields("GET", "incidents.details.by.view"))
    check_row(first["data"][0], response_fields("GET", "incident"), extra=frozenset())
    assert [row["id"] for row in first["data"] + second["data"]] == carla
    assert isinstance(first["next_page_key"], str) and second["next_page_key"] is None
    assert first["metadata"] == {
        "view_id": view,
        "name": "Carla's requests",
        "columns": ["id", "title", "status"],
    }


def test_details_by_view_sorts_by_last_update_descending(invgate: InvGate) -> None:
    view, carla = _setup(invgate)
    invgate.ok("PUT", "incident", data={"id": carla[1], "title": "Touched"})

    rows = invgate.ok(
        "GET",
        "incidents.details.by.view",
        {"view_id": view, "sort_by": "last_update", "order_by": "desc", "date_format": "iso8601"},
    )["data"]

    assert rows[0]["id"] == carla[1] and isinstance(rows[0]["last_update"], str)
    assert sorted(row["id"] for row in rows) == carla


def test_bad_view_calls_are_refused(invgate: InvGate) -> None:
    view, _carla = _setup(invgate)
    other = _view(invgate, requester_ids=[invgate.users["dave"]])
    key = invgate.ok("GET", "incidents.details.by.view", {"view_id": view, "limit": 1})[
        "next_page_key"
    ]
    answers = [
        invgate.call("GET", "incidents.by.view", {"view_id": 9999}),
        invgate.call("GET", "incidents.details.by.view", {"view_id": view, "sort_by": "title"}),
        invgate.call("GET", "incidents.details.by.view", {"view_id": view, "order_by": "up"}),
        invgate.call("GET", "incidents.details.by.view", {"view_id": view, "page_key": "zz"}),
        invgate.call("GET", "incidents.details.by.view", {"view_id": other, "page_key": key}),
        invgate.call("GET", "incidents.by.view", {"view_id": view, "limit": 0}),
        invgate.call("GET", "incidents.by.view", {"view_id": view}, headers=basic("carla", "pw")),
    ]

    assert [a.status_code for a in answers] == [200, 428, 428, 200, 200, 428, 403]
    assert answers[0].json()["error"] == "view.not_found"
    assert answers[1].json()["error"] == "sort_by must be one of id, last_update"
    assert answers[3].json()["error"] == answers[4].json()["error"] == "validation.invalid_cursor"
