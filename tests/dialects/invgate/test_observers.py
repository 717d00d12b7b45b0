"""A customer added as observer (``POST /incident.observer``) reads the request through the
API - its public replies only - and cannot write to it (core visibility, ``authz.tickets``)."""

from __future__ import annotations

from polydesk.models.comments import Comment
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic

DAVE = basic("dave", "pw")


def _observe(invgate: InvGate, ident: int, user: str) -> None:
    form = {"request_id": ident, "author_id": invgate.users["api"], "user_id": invgate.users[user]}
    invgate.ok("POST", "incident.observer", data=form)


def test_a_customer_observer_reads_the_public_part(invgate: InvGate) -> None:
    ident = invgate.create()  # Carla's request
    state.comment(invgate, ident, "api", "We are on it")
    state.comment(invgate, ident, "api", "Vendor ticket 77", customer_visible=0)
    hidden = invgate.call("GET", "incident", {"id": ident}, headers=DAVE).json()

    _observe(invgate, ident, "dave")

    assert (hidden["status"], hidden["error"]) == ("ERROR", "ticket.not_found")
    assert invgate.ok("GET", "incident", {"id": ident}, headers=DAVE)["id"] == ident
    replies = invgate.ok("GET", "incident.comment", {"request_id": ident}, headers=DAVE)
    assert [reply["message"] for reply in replies] == ["We are on it"]


def test_a_customer_observer_cannot_reply(invgate: InvGate) -> None:
    ident = invgate.create()
    _observe(invgate, ident, "dave")
    before = (state.events(invgate), state.count(invgate, Comment))

    answer = invgate.call(
        "POST",
        "incident.comment",
        data={"request_id": ident, "author_id": invgate.users["dave"], "comment": "Me too"},
        headers=DAVE,
    )

    assert answer.status_code == 403
    assert answer.json() == {"status": 403, "error": f"may not write to ticket {ident}"}
    assert (state.events(invgate), state.count(invgate, Comment)) == before
    carla = state.comment(invgate, ident, "carla", "Still broken")  # the requester still can
    assert carla["status"] == "OK"
