"""TicketGet ``Extended=1`` (``_TicketGetExtended``): FirstResponse / FirstResponseInMin /
FirstResponseDiffInMin, Closed / SolutionInMin / SolutionDiffInMin and FirstLock, each only
when it applies; times as text, minutes as JSON numbers. Public surface only: an SLA from a
site file, TicketCreate / TicketUpdate over HTTP at pinned moments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from polydesk.core.clock import frozen
from tests.dialects.znuny.conftest import NOW
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

SITE = """\
slas:
  - name: Gold
    first_response_minutes: 30
    resolution_minutes: 480
"""
SERVICE = "Incident::Hardware"
REPLY = {
    "Subject": "On it",
    "Body": "Looking",
    "ContentType": "text/plain; charset=utf8",
    "SenderType": "agent",
    "IsVisibleForCustomer": 1,
}
EXTENDED_KEYS = {
    "Closed", "FirstLock", "FirstResponse", "FirstResponseDiffInMin", "FirstResponseInMin",
    "SolutionDiffInMin", "SolutionInMin",
}  # fmt: skip


def _at(minutes: int) -> Any:
    return frozen(NOW + timedelta(minutes=minutes))


def _update(znuny: PublicZnuny, ticket_id: str, minutes: int, **body: Any) -> None:
    with _at(minutes):
        answer = znuny.call("PATCH", f"/Ticket/{ticket_id}", body={**znuny.root, **body})
    assert answer.get("TicketID") == ticket_id, answer


def _get(znuny: PublicZnuny, ticket_id: str, **options: Any) -> dict[str, Any]:
    with _at(180):
        answer = znuny.call("GET", f"/Ticket/{ticket_id}", params={**znuny.root, **options})
    ticket: dict[str, Any] = answer["Ticket"][0]
    return ticket


def _customer_ticket(znuny: PublicZnuny, **ticket: Any) -> str:
    made = znuny.create(ticket=ticket, article={"SenderType": "customer"})
    ticket_id: str = made["TicketID"]
    return ticket_id


def test_extended_keys_with_an_sla(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)
    ticket_id = _customer_ticket(znuny, Service=SERVICE, SLA="Gold")
    _update(znuny, ticket_id, 20, Article=REPLY)
    _update(znuny, ticket_id, 30, Ticket={"Lock": "lock"})
    _update(znuny, ticket_id, 60, Ticket={"State": "closed successful"})
    _update(znuny, ticket_id, 90, Ticket={"State": "open"})  # a reopening keeps Closed

    ticket = _get(znuny, ticket_id, Extended=1)

    assert {key: ticket[key] for key in EXTENDED_KEYS} == {
        "FirstResponse": "2024-11-24 10:20:00",
        "FirstResponseInMin": 20,
        "FirstResponseDiffInMin": 10,  # 30 minutes allowed
        "FirstLock": "2024-11-24 10:30:00",
        "Closed": "2024-11-24 11:00:00",
        "SolutionInMin": 60,
        "SolutionDiffInMin": 420,  # 480 minutes allowed
    }
    assert [type(ticket[key]).__name__ for key in sorted(EXTENDED_KEYS)] == [
        "str", "str", "str", "int", "int", "int", "int"
    ]  # fmt: skip
    assert EXTENDED_KEYS.isdisjoint(_get(znuny, ticket_id))  # only with Extended


def test_a_late_answer_has_a_negative_difference(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)
    ticket_id = _customer_ticket(znuny, Service=SERVICE, SLA="Gold")
    _update(znuny, ticket_id, 45, Article=REPLY)

    ticket = _get(znuny, ticket_id, Extended=1)

    assert (ticket["FirstResponseInMin"], ticket["FirstResponseDiffInMin"]) == (45, -15)


def test_without_an_sla_only_the_moments_and_the_solution_minutes(znuny: PublicZnuny) -> None:
    ticket_id = _customer_ticket(znuny)
    _update(znuny, ticket_id, 20, Article=REPLY)
    _update(znuny, ticket_id, 75, Ticket={"State": "closed successful"})

    ticket = _get(znuny, ticket_id, Extended=1)

    present = {key: ticket[key] for key in EXTENDED_KEYS if key in ticket}
    assert present == {
        "FirstResponse": "2024-11-24 10:20:00",
        "Closed": "2024-11-24 11:15:00",
        "SolutionInMin": 75,
    }


def test_nothing_applies_to_a_fresh_ticket(znuny: PublicZnuny) -> None:
    """Znuny 6.5.1 (spec §11.5): Extended=1 adds nothing to a ticket without those facts;
    an internal note or a customer's article is no first response."""
    ticket_id = _customer_ticket(znuny)
    internal = {**REPLY, "IsVisibleForCustomer": 0}
    _update(znuny, ticket_id, 10, Article=internal)

    assert EXTENDED_KEYS.isdisjoint(_get(znuny, ticket_id, Extended=1))


def test_a_ticket_created_locked_was_first_locked_then(znuny: PublicZnuny) -> None:
    ticket_id = _customer_ticket(znuny, Owner="root@localhost")

    assert _get(znuny, ticket_id, Extended=1)["FirstLock"] == "2024-11-24 10:00:00"
