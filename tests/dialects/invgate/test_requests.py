"""``/incident`` POST, GET and PUT: golden shapes from the seed's tables, what is stored, and
bad input that changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.models.attachments import Attachment
from polydesk.models.history import HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.settings.service import set_setting
from polydesk.tickets.links import list_linked_tickets
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields

OCCURRED = 1714816800  # 2024-05-04 10:00:00 UTC


def _ticket(invgate: InvGate, ident: int) -> Ticket:
    with unit_of_work(invgate.runtime.factory) as session:
        ticket = session.get_one(Ticket, ident)
        session.expunge(ticket)
        return ticket


def _count(invgate: InvGate, model: Any) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _core_id(invgate: InvGate, kind: str, name: str) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        row = get_catalog_item_by_name(session, kind, name)
        assert row is not None
        return row.id


def test_create_answers_as_documented_and_stores_the_request(invgate: InvGate) -> None:
    response = invgate.call(
        "POST",
        "incident",
        data={
            "title": "VPN down",
            "description": "<p>Since 9 &amp; counting</p>",
            "priority_id": 5,
            "type_id": 2,
            "category_id": invgate.category_id,
            "creator_id": invgate.users["api"],
            "customer_id": invgate.users["carla"],
            "date": OCCURRED,
            "source_id": 3,
        },
    )

    body = response.json()
    assert response.status_code == 200
    assert set(body) == set(response_fields("POST", "incident"))
    assert body["status"] == "OK" and isinstance(body["request_id"], int)
    ticket = _ticket(invgate, body["request_id"])
    assert (ticket.title, ticket.description) == ("VPN down", "<p>Since 9 &amp; counting</p>")
    assert ticket.description_mime_type == "text/html"
    assert ticket.priority_id == _core_id(invgate, "priority", "Critical")
    assert ticket.type_id == _core_id(invgate, "type", "Service request")
    assert ticket.source_id == _core_id(invgate, "source", "Phone")
    assert ticket.category_id == invgate.category_id
    assert (ticket.requester_id, ticket.creator_id) == (
        invgate.users["carla"],
        invgate.users["api"],
    )
    assert ticket.occurred_at == datetime.fromtimestamp(OCCURRED, UTC)


def test_the_source_defaults_to_api(invgate: InvGate) -> None:
    ticket = _ticket(invgate, invgate.create())

    assert ticket.source_id == _core_id(invgate, "source", "API")


def test_get_is_one_object_with_the_documented_fields_and_types(invgate: InvGate) -> None:
    ident = invgate.create(date=OCCURRED)

    body = invgate.ok("GET", "incident", {"id": ident})

    check_row(body, response_fields("GET", "incident"))
    assert body["id"] == ident and body["pretty_id"] == _ticket(invgate, ident).number
    assert body["date_ocurred"] == OCCURRED  # (sic)
    assert (body["priority_id"], body["type_id"], body["status_id"], body["source_id"]) == (
        3,
        1,
        1,
        8,
    )
    assert body["user_id"] == invgate.users["carla"]
    assert body["creator_id"] == invgate.users["api"]
    assert body["category_id"] == invgate.category_id
    assert body["closed_reason"] is None and body["closed_at"] is None
    assert "rating" not in body and "comments" not in body and "location_id" not in body
    assert body["custom_fields"] == {} and body["attachments"] == []


def test_get_renders_iso_dates_and_decoded_text_on_request(invgate: InvGate) -> None:
    ident = invgate.create(date=OCCURRED)

    coded = invgate.ok("GET", "incident", {"id": ident})
    iso = invgate.ok(
        "GET", "incident", {"id": ident, "date_format": "iso8601", "decoded_special_characters": 1}
    )

    assert coded["description"] == "&lt;p&gt;Smoke &amp; flames&lt;/p&gt;"
    assert iso["description"] == "<p>Smoke & flames</p>"
    assert iso["date_ocurred"] == "2024-05-04T10:00:00+00:00"
    check_row(iso, response_fields("GET", "incident"), iso=True)


def test_get_with_comments_embeds_them_with_numeric_flags(invgate: InvGate) -> None:
    ident = invgate.create()
    invgate.ok(
        "POST",
        "incident.comment",
        data={"request_id": ident, "author_id": invgate.users["api"], "comment": "Looking"},
    )

    body = invgate.ok("GET", "incident", {"id": ident, "comments": "true"})

    [comment] = body["comments"]
    assert comment["customer_visible"] == 1 and comment["is_solution"] == 0
    assert comment["msg_num"] == 1 and comment["message"] == "Looking"
    check_row(comment, response_fields("GET", "incident.comment"))


def test_a_closed_request_shows_its_reason_as_a_string_and_its_rating(invgate: InvGate) -> None:
    ident = invgate.create()
    with unit_of_work(invgate.runtime.factory) as session:
        closed = get_catalog_item_by_name(session, "status", "Closed")
        reason = get_catalog_item_by_name(session, "close_reason", "Solution accepted")
        assert closed is not None and reason is not None
        update_ticket(
            session,
            SYSTEM,
            ident,
            TicketUpdate(status_id=closed.id, close_reason_id=reason.id, rating=4),
        )

    single = invgate.ok("GET", "incident", {"id": ident})
    listed = invgate.ok("GET", "incidents", [("ids[]", ident)])[str(ident)]

    assert single["status_id"] == 6 and single["closed_reason"] == "1"
    assert listed["closed_reason"] == 1
    assert single["rating"] == 4 and isinstance(single["closed_at"], int)


def test_update_changes_what_is_sent_and_answers_the_request(invgate: InvGate) -> None:
    ident = invgate.create()

    body = invgate.ok(
        "PUT",
        "incident",
        {"id": ident},
        data={"title": "Printer fixed?", "priority_id": 1, "type_id": 3, "date": OCCURRED},
    )

    check_row(body, response_fields("PUT", "incident"))
    assert body["title"] == "Printer fixed?" and body["location_id"] is None
    assert (body["priority_id"], body["type_id"], body["date_ocurred"]) == (1, 3, OCCURRED)
    ticket = _ticket(invgate, ident)
    assert ticket.priority_id == _core_id(invgate, "priority", "Low")
    assert ticket.description == "<p>Smoke & flames</p>"  # not sent, not changed


def test_bad_input_gets_the_products_error_and_changes_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    events = _count(invgate, HistoryEvent)
    base = {"id": ident}
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        ("PUT", {**base, "priority_id": 9}, 200, "Invalid priority_id: 9"),
        ("PUT", {**base, "date": "yesterday"}, 428, "date must be a Unix timestamp in seconds"),
        ("PUT", {**base, "customer_id": 9999}, 200, "user 9999 not found"),
        ("PUT", {**base, "category_id": "abc"}, 428, "category_id must be a positive integer"),
        ("PUT", {"id": 9999, "title": "x"}, 200, "ticket 9999 not found"),
        ("PUT", {**base, "title": ""}, 428, "title: String should have at least 1 character"),
        ("GET", {"id": 9999}, 200, "ticket 9999 not found"),
        ("GET", {"id": ident, "date_format": "rfc"}, 428, "date_format must be"),
    ]
    for method, params, status, message in cases:
        response = invgate.call(method, "incident", params)
        body = response.json()
        assert response.status_code == status, (params, body)
        text = body["info"] if status == 200 else body["error"]
        assert body["status"] == ("ERROR" if status == 200 else status)
        assert text.startswith(message), (params, body)

    assert _ticket(invgate, ident).title == "Printer is on fire"
    assert _count(invgate, HistoryEvent) == events


def test_create_refusals_create_nothing(invgate: InvGate) -> None:
    def form(**changes: Any) -> dict[str, Any]:
        return {
            "title": "t",
            "priority_id": 1,
            "type_id": 1,
            "category_id": invgate.category_id,
            "creator_id": invgate.users["api"],
            "customer_id": invgate.users["carla"],
            **changes,
        }

    missing = form()
    del missing["customer_id"]
    answers = [
        invgate.call("POST", "incident", data=missing),
        invgate.call("POST", "incident", data=form(type_id=99)),
        invgate.call("POST", "incident", data=form(creator_id=9999)),
        invgate.call("POST", "incident", data=form(category_id=9999)),
        invgate.call("POST", "incident", data=[*form().items(), ("related_to[]", 1)]),
        invgate.call("POST", "incident", data=[*form().items(), ("attachments[]", "12")]),
        invgate.call("POST", "incident", data=[*form().items(), ("priority_id[]", "1")]),
    ]

    assert [a.status_code for a in answers] == [428, 200, 200, 200, 200, 428, 428]
    assert answers[0].json() == {"error": "The parameter customer_id is required", "status": 428}
    assert all(a.json()["status"] == "ERROR" for a in answers[1:5])
    assert _count(invgate, Ticket) == 0


def test_json_bodies_elsewhere_are_refused(invgate: InvGate) -> None:
    response = invgate.client.put(
        "/api/v1/incident", json={"id": 1}, headers=basic("api", "secret")
    )

    assert response.status_code == 415 and response.json()["status"] == 415


def test_files_are_attached_on_create_and_readable_as_attachments(invgate: InvGate) -> None:
    form = {
        "title": "Screenshot",
        "priority_id": 2,
        "type_id": 1,
        "category_id": invgate.category_id,
        "creator_id": invgate.users["api"],
        "customer_id": invgate.users["carla"],
    }
    files = [
        ("attachments[]", ("screen.png", b"\x89PNG...", "image/png")),
        ("attachments[]", ("log.txt", b"boom", "text/plain")),
    ]
    ident = invgate.ok("POST", "incident", data=form, files=files)["request_id"]

    body = invgate.ok("GET", "incident", {"id": ident})
    first = invgate.ok("GET", "incident.attachment", {"id": body["attachments"][0]})

    assert len(body["attachments"]) == 2
    check_row(first, response_fields("GET", "incident.attachment"))
    assert first["name"] == "screen.png" and first["extension"] == "png"
    assert first["url"].endswith(f"/polydesk/v1/attachments/{first['id']}/content")
    download = invgate.client.get(first["url"], headers=basic("api", "secret"))
    assert download.content == b"\x89PNG..."
    assert len(first["hash"]) == 64


def test_too_large_files_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    big = b"x" * (invgate.runtime.settings.max_upload_bytes + 1)

    response = invgate.call(
        "PUT", "incident", {"id": ident}, files=[("attachments[]", ("big.bin", big))]
    )

    assert response.status_code == 413 and response.json()["status"] == 413
    assert _count(invgate, Attachment) == 0


def test_unknown_attachments_and_ones_the_caller_cannot_see(invgate: InvGate) -> None:
    ident = invgate.create()
    files = [("attachments[]", ("a.txt", b"a"))]
    invgate.ok("PUT", "incident", {"id": ident}, files=files)
    attachment = invgate.ok("GET", "incident", {"id": ident})["attachments"][0]

    unknown = invgate.call("GET", "incident.attachment", {"id": 9999})
    hidden = invgate.call(
        "GET", "incident.attachment", {"id": attachment}, headers=basic("dave", "pw")
    )

    assert unknown.json()["status"] == "ERROR"
    assert hidden.json() == {
        "status": "ERROR",
        "error": "ticket.not_found",
        "info": f"ticket {ident} not found",
    }


def test_customers_open_requests_for_themselves_only(invgate: InvGate) -> None:
    carla = basic("carla", "pw")
    form = {
        "title": "Help",
        "priority_id": 2,
        "type_id": 3,
        "category_id": invgate.category_id,
        "creator_id": invgate.users["carla"],
    }

    own = invgate.call("POST", "incident", data={**form, "customer_id": invgate.users["carla"]},
                       headers=carla)  # fmt: skip
    other = invgate.call("POST", "incident", data={**form, "customer_id": invgate.users["dave"]},
                         headers=carla)  # fmt: skip
    as_admin = invgate.call(
        "POST",
        "incident",
        data={**form, "creator_id": invgate.users["api"], "customer_id": invgate.users["carla"]},
        headers=carla,
    )

    assert own.status_code == 200 and own.json()["status"] == "OK"
    assert other.status_code == 403 and as_admin.status_code == 403
    assert _count(invgate, Ticket) == 1
    assert _ticket(invgate, own.json()["request_id"]).requester_id == invgate.users["carla"]


def test_iso_dates_follow_the_instance_zone(invgate: InvGate) -> None:
    ident = invgate.create(date=OCCURRED)
    with unit_of_work(invgate.runtime.factory) as session:
        set_setting(session, SYSTEM, "invgate.timezone", "America/Argentina/Buenos_Aires")

    iso = invgate.ok("GET", "incident", {"id": ident, "date_format": "iso8601"})
    epoch = invgate.ok("GET", "incident", {"id": ident})

    assert iso["date_ocurred"] == "2024-05-04T07:00:00-03:00"
    assert epoch["date_ocurred"] == OCCURRED


def test_related_to_links_the_new_request(invgate: InvGate) -> None:
    first, second = invgate.create(), invgate.create()

    third = invgate.ok(
        "POST",
        "incident",
        data=[*_form(invgate).items(), ("related_to[]", first), ("related_to[]", second)],
    )["request_id"]

    with unit_of_work(invgate.runtime.factory) as session:
        linked = list_linked_tickets(session, SYSTEM, third)
        assert [ticket.id for ticket in linked] == [first, second]
        assert [t.id for t in list_linked_tickets(session, SYSTEM, first)] == [third]


def test_a_bad_related_to_creates_nothing(invgate: InvGate) -> None:
    answer = invgate.call("POST", "incident", data=[*_form(invgate).items(), ("related_to", "1")])
    unknown = invgate.call(
        "POST", "incident", data=[*_form(invgate).items(), ("related_to[]", "77")]
    )

    assert answer.status_code == 428 and answer.json()["error"].startswith("related_to must be")
    assert unknown.json() == {
        "status": "ERROR",
        "error": "ticket.not_found",
        "info": "ticket 77 not found",
    }
    assert _count(invgate, Ticket) == 0


def _form(invgate: InvGate) -> dict[str, Any]:
    return {
        "title": "Linked",
        "priority_id": 2,
        "type_id": 1,
        "category_id": invgate.category_id,
        "creator_id": invgate.users["api"],
        "customer_id": invgate.users["carla"],
    }
