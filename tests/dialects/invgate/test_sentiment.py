"""``incidents.by.sentiment``: ids of open requests by the customer's current sentiment, in
limit/offset pages, with the seed's wrapper ``{status, info, requestIds, limit, offset}``."""

from __future__ import annotations

from typing import Any

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.credentials.service import create_oauth_client
from polydesk.db.uow import unit_of_work
from polydesk.models.tickets import Sentiment, Ticket
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import response_fields

ENDPOINT = "incidents.by.sentiment"
ANGRY = {"title": "Terrible service", "description": "The printer is broken again, I am furious"}
HAPPY = {"title": "Great job", "description": "Thank you so much, everything works wonderfully"}
PLAIN = {"title": "Printer on floor three", "description": "Model 4200"}


def _by(invgate: InvGate, params: Any) -> dict[str, Any]:
    body: dict[str, Any] = invgate.ok("GET", ENDPOINT, params)
    return body


def _sentiments(invgate: InvGate, ident: int) -> tuple[Sentiment | None, Sentiment | None]:
    with unit_of_work(invgate.runtime.factory) as session:
        ticket = session.get(Ticket, ident)
        assert ticket is not None
        return ticket.sentiment_initial, ticket.sentiment_current


def test_pages_the_open_requests_of_a_sentiment(invgate: InvGate) -> None:
    angry = [invgate.create(**ANGRY) for _ in range(3)]
    invgate.create(**HAPPY)
    invgate.create(**PLAIN)

    page = _by(invgate, {"sentiment_id": "negative", "limit": 2, "offset": 1})
    default = _by(invgate, {"sentiment_id": "negative"})

    assert page == {
        "status": "OK",
        "info": "2 requests",
        "requestIds": angry[1:3],
        "limit": 2,
        "offset": 1,
    }
    assert set(page) == set(response_fields("GET", ENDPOINT))
    assert default["requestIds"] == angry and default["offset"] == 0
    assert default["limit"] == invgate.runtime.settings.default_page_size
    assert _by(invgate, {"sentiment_id": "negative", "offset": 5})["requestIds"] == []


def test_one_and_many_sentiments_combine_case_insensitively(invgate: InvGate) -> None:
    angry, happy, plain = (invgate.create(**fields) for fields in (ANGRY, HAPPY, PLAIN))

    many = _by(invgate, [("sentiment_ids[]", "positive"), ("sentiment_ids[]", "neutral")])
    both = _by(invgate, [("sentiment_id", "NEGATIVE"), ("sentiment_ids[0]", "Neutral")])

    assert many["requestIds"] == [happy, plain] and many["info"] == "2 requests"
    assert both["requestIds"] == [angry, plain]
    assert _by(invgate, {"sentiment_id": "positive"})["requestIds"] == [happy]


def test_the_list_follows_the_customers_latest_words(invgate: InvGate) -> None:
    ident = invgate.create(**HAPPY)
    reply = {
        "request_id": ident,
        "author_id": invgate.users["carla"],
        "comment": "It broke again. This is awful, I am really angry now.",
    }
    invgate.ok("POST", "incident.comment", data=reply, headers=basic("carla", "pw"))

    assert _sentiments(invgate, ident) == (Sentiment.POSITIVE, Sentiment.NEGATIVE)
    assert _by(invgate, {"sentiment_id": "negative"})["requestIds"] == [ident]
    assert _by(invgate, {"sentiment_id": "positive"})["requestIds"] == []


def test_closed_requests_are_left_out(invgate: InvGate) -> None:
    open_one, closed = invgate.create(**ANGRY), invgate.create(**ANGRY)
    with unit_of_work(invgate.runtime.factory) as session:
        status = get_catalog_item_by_name(session, "status", "Closed")
        assert status is not None
        update_ticket(session, SYSTEM, closed, TicketUpdate(status_id=status.id))

    assert _by(invgate, {"sentiment_id": "negative"})["requestIds"] == [open_one]


def test_callers_see_only_the_requests_they_may_read(invgate: InvGate) -> None:
    own = invgate.create(**ANGRY)
    invgate.create(**ANGRY, customer_id=invgate.users["dave"])

    seen = invgate.call("GET", ENDPOINT, {"sentiment_id": "negative"}, headers=basic("carla", "pw"))

    assert seen.status_code == 200 and seen.json()["requestIds"] == [own]


def test_bad_input_is_a_428_naming_the_problem(invgate: InvGate) -> None:
    invgate.create(**ANGRY)
    cases: list[tuple[Any, str]] = [
        ({}, "The parameter sentiment_id or sentiment_ids is required"),
        ({"sentiment_id": "  "}, "The parameter sentiment_id or sentiment_ids is required"),
        (
            {"sentiment_id": "furious"},
            "Invalid sentiment: 'furious'; use one of positive, neutral, negative",
        ),
        ({"sentiment_id": "2"}, "Invalid sentiment: '2'; use one of positive, neutral, negative"),
        ({"sentiment_ids": "negative,positive"}, "sentiment_ids must be an array"),
        ({"sentiment_id": "negative", "limit": 0}, "limit must be a whole number of at least 1"),
        ({"sentiment_id": "negative", "offset": -1}, "offset must be a whole number"),
    ]
    for params, message in cases:
        response = invgate.call("GET", ENDPOINT, params)
        assert response.status_code == 428, (params, response.text)
        assert response.json()["status"] == 428
        assert response.json()["error"].startswith(message), (params, response.json())


def test_a_token_needs_the_endpoints_get_scope(invgate: InvGate) -> None:
    ident = invgate.create(**ANGRY)
    with unit_of_work(invgate.runtime.factory) as session:
        robot = create_oauth_client(
            session, SYSTEM, name="robot", grants=["client_credentials"],
            scopes=[f"api.v1.{ENDPOINT}:get", "api.v1.incident:get"],
            user_id=invgate.users["api"],
        )  # fmt: skip

    def bearer(scope: str) -> dict[str, str]:
        form = {"grant_type": "client_credentials", "scope": scope}
        form |= {"client_id": robot.client_id, "client_secret": robot.client_secret}
        token = invgate.client.post("/oauth/v2.0/access_token", data=form).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    params = {"sentiment_id": "negative"}
    allowed = invgate.call("GET", ENDPOINT, params, headers=bearer(f"api.v1.{ENDPOINT}:get"))
    refused = invgate.call("GET", ENDPOINT, params, headers=bearer("api.v1.incident:get"))

    assert allowed.status_code == 200 and allowed.json()["requestIds"] == [ident]
    assert refused.status_code == 403
    assert refused.json() == {
        "error": f"The access token does not have the scope api.v1.{ENDPOINT}:get",
        "status": 403,
    }
