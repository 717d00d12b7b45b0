"""Request lists: ``incidents`` (keyed by id), the open-request lists by agent / customer
(cursor pages), by help desk and by status (ids, offset pages), and the last hour."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen, utcnow
from polydesk.db.uow import unit_of_work
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.queries import sql_statements


def _update(invgate: InvGate, ident: int, **fields: Any) -> None:
    with unit_of_work(invgate.runtime.factory) as session:
        if "status" in fields:
            status = get_catalog_item_by_name(session, "status", fields.pop("status"))
            assert status is not None
            fields["status_id"] = status.id
        update_ticket(session, SYSTEM, ident, TicketUpdate(**fields))


def test_incidents_are_keyed_by_id(invgate: InvGate) -> None:
    first, second = invgate.create(), invgate.create(title="Second")

    body = invgate.ok("GET", "incidents", [("ids[]", second), ("ids[]", 999), ("ids[]", first)])
    indexed = invgate.ok("GET", "incidents", [("ids[0]", first), ("ids[1]", second)])

    assert list(body) == [str(second), str(first)]
    assert body[str(second)]["title"] == "Second"
    assert set(indexed) == {str(first), str(second)}
    for row in body.values():
        check_row(row, response_fields("GET", "incidents"))


def test_a_comma_list_of_ids_is_a_428(invgate: InvGate) -> None:
    response = invgate.call("GET", "incidents", {"ids": "1,2"})

    assert response.status_code == 428
    assert response.json() == {"error": "ids must be an array (ids[]=value)", "status": 428}


def test_incidents_only_shows_what_the_caller_may_read(invgate: InvGate) -> None:
    mine, other = invgate.create(), invgate.create(customer_id=invgate.users["dave"])

    body = invgate.ok(
        "GET", "incidents", [("ids[]", mine), ("ids[]", other)], headers=basic("carla", "pw")
    )

    assert list(body) == [str(mine)]


def test_a_page_costs_the_same_queries_whatever_its_size(invgate: InvGate) -> None:
    ids = [invgate.create() for _ in range(6)]
    for ident in ids:
        files = [("attachments[]", ("f.txt", b"x"))]
        invgate.ok("PUT", "incident", {"id": ident}, files=files)
        invgate.ok(
            "POST",
            "incident.comment",
            data={"request_id": ident, "author_id": invgate.users["api"], "comment": "c"},
        )

    with sql_statements(invgate.runtime.engine) as small:
        invgate.ok("GET", "incidents", [("ids[]", ids[0]), ("comments", 1)])
    with sql_statements(invgate.runtime.engine) as large:
        body = invgate.ok("GET", "incidents", [*(("ids[]", i) for i in ids), ("comments", 1)])

    assert len(large) == len(small)
    assert all(len(row["comments"]) == 1 and len(row["attachments"]) == 1 for row in body.values())


def test_by_agent_pages_open_requests_with_a_cursor(invgate: InvGate) -> None:
    ids = [invgate.create() for _ in range(5)]
    for ident in ids:
        _update(invgate, ident, owner_id=invgate.users["alice"])
    _update(invgate, ids[1], status="Closed")

    first = invgate.ok("GET", "incidents.by.agent", {"id": invgate.users["alice"], "limit": 2})
    key = first["next_page_key"]
    second = invgate.ok("GET", "incidents.by.agent", {"username": "alice", "limit": 2,
                                                      "page_key": key})  # fmt: skip
    by_email = invgate.ok("GET", "incidents.by.agent", {"email": "alice@example.com"})

    assert first["status"] == "OK" and list(first["requests"]) == [str(ids[0]), str(ids[2])]
    assert json.loads(base64.b64decode(key)) == {"last_id": ids[2]}
    assert list(second["requests"]) == [str(ids[3]), str(ids[4])]
    assert second["next_page_key"] is None
    assert len(by_email["requests"]) == 4 and by_email["next_page_key"] is None
    row = first["requests"][str(ids[0])]
    check_row(row, response_fields("GET", "incidents.by.agent"))
    assert row["assigned_id"] == invgate.users["alice"]


def test_by_customer(invgate: InvGate) -> None:
    carla = invgate.create()
    invgate.create(customer_id=invgate.users["dave"])

    body = invgate.ok("GET", "incidents.by.customer", {"id": invgate.users["carla"],
                                                       "comments": 1})  # fmt: skip

    assert list(body["requests"]) == [str(carla)]
    assert body["requests"][str(carla)]["comments"] == []
    assert body["next_page_key"] is None


def test_by_agent_and_customer_refusals(invgate: InvGate) -> None:
    nobody = invgate.call("GET", "incidents.by.customer", {"username": "ghost"})
    nothing = invgate.call("GET", "incidents.by.agent")
    bad_key = invgate.call("GET", "incidents.by.agent", {"id": 1, "page_key": "!!"})
    bad_limit = invgate.call("GET", "incidents.by.agent", {"id": 1, "limit": "-1"})
    huge = base64.b64encode(json.dumps({"last_id": 2**63}).encode()).decode()
    huge_key = invgate.call("GET", "incidents.by.agent", {"id": 1, "page_key": huge})

    assert nobody.json()["status"] == "ERROR"
    assert nothing.status_code == 428 and "id, email or username" in nothing.json()["error"]
    assert bad_key.status_code == 428 and bad_key.json()["error"] == "page_key is not valid"
    assert bad_limit.status_code == 428
    assert huge_key.status_code == 428 and huge_key.json()["error"] == "page_key is not valid"


def test_by_helpdesk_lists_open_request_ids(invgate: InvGate) -> None:
    ids = [invgate.create() for _ in range(3)]
    for ident in ids:
        _update(invgate, ident, helpdesk_id=invgate.helpdesk_id)
    _update(invgate, ids[0], status="Cancelled")

    one = invgate.ok("GET", "incidents.by.helpdesk", {"helpdesk_id": invgate.helpdesk_id})
    many = invgate.ok("GET", "incidents.by.helpdesk", [("helpdesk_ids[]", invgate.helpdesk_id)])

    assert one == {"status": "OK", "info": "2 requests", "requestIds": ids[1:]}
    assert many == one
    assert set(one) == set(response_fields("GET", "incidents.by.helpdesk"))
    assert invgate.call("GET", "incidents.by.helpdesk").status_code == 428


def test_by_status_pages_with_offset_and_total(invgate: InvGate) -> None:
    ids = [invgate.create() for _ in range(4)]
    _update(invgate, ids[3], status="Waiting for customer")  # shown as 4 On hold

    page = invgate.ok("GET", "incidents.by.status", {"status_id": 1, "limit": 2, "offset": 1})
    held = invgate.ok("GET", "incidents.by.status", [("status_ids[]", 4)])
    unknown = invgate.call("GET", "incidents.by.status", {"status_id": 99})

    assert page == {
        "status": "OK",
        "info": "2 requests",
        "requestIds": ids[1:3],
        "limit": 2,
        "offset": 1,
        "total": 3,
    }
    assert set(page) == set(response_fields("GET", "incidents.by.status"))
    assert held["requestIds"] == [ids[3]] and held["total"] == 1
    assert unknown.json()["status"] == "ERROR" and unknown.json()["info"] == "Invalid status_id: 99"


def test_last_hour_lists_recent_requests(invgate: InvGate) -> None:
    now = utcnow()
    with frozen(now - timedelta(hours=2)):
        invgate.create(title="old")
    with frozen(now - timedelta(minutes=30)):
        recent = [invgate.create(title="new") for _ in range(3)]

    with frozen(now):
        first = invgate.ok("GET", "incidents.last.hour", {"limit": 2})
        rest = invgate.ok("GET", "incidents.last.hour", {"page_key": first["next_page_key"]})

    assert [row["id"] for row in first["data"]] == recent[:2]
    assert [row["id"] for row in rest["data"]] == recent[2:] and rest["next_page_key"] is None
    check_row(first["data"][0], response_fields("GET", "incidents.last.hour"))


def test_limits_are_at_least_one_and_capped(invgate: InvGate) -> None:
    ids = [invgate.create() for _ in range(3)]
    cap = invgate.runtime.settings.max_page_size

    zero = invgate.call("GET", "incidents.by.status", {"status_id": 1, "limit": 0})
    huge = invgate.ok("GET", "incidents.by.status", {"status_id": 1, "limit": 10**9})
    hour = invgate.call("GET", "incidents.last.hour", {"limit": 0})

    assert zero.status_code == 428 and hour.status_code == 428
    assert zero.json()["error"] == "limit must be a whole number of at least 1"
    assert huge["limit"] == cap and huge["requestIds"] == ids
