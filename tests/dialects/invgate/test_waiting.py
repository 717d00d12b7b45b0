"""Waiting states (``incident.waitingfor.*``) and what ends them, OAuth scopes per action, and
the customer's sentiment as replies arrive. Golden shapes from the seed's tables, the core state
they leave, and bad input that is refused in InvGate's shape and changes nothing."""

from __future__ import annotations

import time

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.credentials.service import create_oauth_client
from polydesk.db.uow import unit_of_work
from polydesk.models.tickets import WaitingFor
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic

WAITS = [
    ("incident.waitingfor.agent", {}, WaitingFor.AGENT),
    ("incident.waitingfor.customer", {}, WaitingFor.CUSTOMER),
    ("incident.waitingfor.date", {"timestamp": "4102444800"}, WaitingFor.DATE),
]


@pytest.mark.parametrize(("endpoint", "extra", "kind"), WAITS, ids=[w[0] for w in WAITS])
def test_waiting_states_put_the_request_on_hold(
    invgate: InvGate, endpoint: str, extra: dict[str, str], kind: WaitingFor
) -> None:
    ident = invgate.create()

    body = invgate.ok("POST", endpoint, data={"request_id": ident, **extra})

    state.check_ok(body, "POST", endpoint)
    ticket = state.ticket(invgate, ident)
    assert ticket.waiting_for is kind and ticket.sla_paused_at is not None
    assert state.status(invgate, ident) == state.ON_HOLD
    assert state.kinds(invgate, ident)[-1] == "waiting_started"


def test_waiting_for_a_date_keeps_the_date(invgate: InvGate) -> None:
    ident = invgate.create()

    invgate.ok(
        "POST", "incident.waitingfor.date", data={"request_id": ident, "timestamp": "4102444800"}
    )

    until = state.ticket(invgate, ident).pending_until
    assert until is not None and int(until.timestamp()) == 4102444800


def test_waiting_for_another_request_ends_when_it_closes(invgate: InvGate) -> None:
    waiting, other = invgate.create(), invgate.create(title="Root cause")

    body = invgate.ok(
        "POST",
        "incident.waitingfor.incident",
        data={"request_id": waiting, "wait_request_id": other},
    )
    invgate.ok(
        "POST", "incident.cancel", data={"request_id": other, "author_id": invgate.users["api"]}
    )

    state.check_ok(body, "POST", "incident.waitingfor.incident")
    assert state.ticket(invgate, waiting).waiting_for is None
    assert state.status(invgate, waiting) == state.OPEN


def test_waiting_for_a_linked_external_entity(invgate: InvGate) -> None:
    ident = invgate.create()
    entity = state.external_entity(invgate)
    link = invgate.ok(
        "POST", "incident.external_entity", data={"request_id": ident, "external_entity_id": entity}
    )["link_id"]

    body = invgate.ok(
        "POST",
        "incident.waitingfor.external_entity",
        data={"request_id": ident, "entity_link_id": link},
    )

    state.check_ok(body, "POST", "incident.waitingfor.external_entity")
    ticket = state.ticket(invgate, ident)
    assert ticket.waiting_for is WaitingFor.EXTERNAL_ENTITY
    assert ticket.waiting_for_entity == "Acme Carrier"


def test_a_customer_reply_ends_waiting_for_the_customer(invgate: InvGate) -> None:
    ident = invgate.create()
    invgate.ok("POST", "incident.waitingfor.customer", data={"request_id": ident})

    state.comment(invgate, ident, "carla", "Here is the serial number")

    assert state.status(invgate, ident) == state.OPEN
    assert state.ticket(invgate, ident).sla_paused_at is None
    assert "waiting_ended" in state.kinds(invgate, ident)


def test_bad_waits_are_refused_and_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    before = state.events(invgate)
    past = str(int(time.time()) - 3600)
    answers = [
        invgate.call(
            "POST", "incident.waitingfor.date", data={"request_id": ident, "timestamp": past}
        ),
        invgate.call(
            "POST", "incident.waitingfor.date", data={"request_id": ident, "timestamp": "tomorrow"}
        ),
        invgate.call("POST", "incident.waitingfor.agent", data={"request_id": 9999}),
        invgate.call(
            "POST",
            "incident.waitingfor.incident",
            data={"request_id": ident, "wait_request_id": ident},
        ),
        invgate.call(
            "POST",
            "incident.waitingfor.external_entity",
            data={"request_id": ident, "entity_link_id": 77},
        ),
        invgate.call("POST", "incident.waitingfor.customer", data={"request_id[]": ident}),
        invgate.call(
            "POST",
            "incident.waitingfor.customer",
            {"request_id": ident},
            headers=basic("carla", "pw"),
        ),
    ]

    assert [a.status_code for a in answers] == [200, 428, 200, 200, 200, 428, 403]
    assert [a.json().get("error") for a in answers[:5]] == [
        "waiting.date_in_past",
        "timestamp must be a Unix timestamp in seconds",
        "ticket.not_found",
        "waiting.self",
        "external_entity_link.not_found",
    ]
    assert answers[0].json()["status"] == "ERROR" and answers[1].json()["status"] == 428
    assert state.events(invgate) == before and state.status(invgate, ident) == state.NEW


def test_each_life_cycle_action_needs_its_own_scope(invgate: InvGate) -> None:
    ident = invgate.create()
    scopes = ["api.v1.incident.waitingfor.agent:post", "api.v1.incident.reopen:put"]
    with unit_of_work(invgate.runtime.factory) as session:
        client = create_oauth_client(
            session,
            SYSTEM,
            name="robot",
            grants=["client_credentials"],
            scopes=scopes,
            user_id=invgate.users["api"],
        )
    token = invgate.client.post(
        "/oauth/v2.0/access_token",
        data={
            "grant_type": "client_credentials",
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "scope": scopes[0],
        },
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}

    allowed = invgate.call(
        "POST", "incident.waitingfor.agent", {"request_id": ident}, headers=bearer
    )
    denied = invgate.call(
        "POST", "incident.waitingfor.customer", {"request_id": ident}, headers=bearer
    )
    not_asked = invgate.call("PUT", "incident.reopen", {"request_id": ident}, headers=bearer)

    assert allowed.json()["status"] == "OK"
    assert (denied.status_code, not_asked.status_code) == (403, 403)
    assert denied.json() == {
        "error": "The access token does not have the scope "
        "api.v1.incident.waitingfor.customer:post",
        "status": 403,
    }
    assert state.ticket(invgate, ident).waiting_for is WaitingFor.AGENT


def test_the_customers_replies_move_the_current_sentiment(invgate: InvGate) -> None:
    ident = invgate.create(title="Printer question", description="The printer needs toner.")
    initial = invgate.ok("GET", "incident", {"id": ident})

    state.comment(invgate, ident, "carla", "This is awful, terrible service. I am furious!")
    state.comment(invgate, ident, "api", "Great news, wonderful, thanks a lot!")
    after = invgate.ok("GET", "incident", {"id": ident})

    assert initial["request_customer_sentiment_initial"] == "neutral"
    assert initial["request_customer_sentiment_current"] == "neutral"
    assert after["request_customer_sentiment_initial"] == "neutral"
    assert after["request_customer_sentiment_current"] == "negative"  # agents do not move it
