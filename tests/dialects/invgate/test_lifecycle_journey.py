"""The request life cycle end to end through InvGate's API only - create, comment, wait for
the customer, the customer's reply ends the wait, propose a solution, reject it, solve again,
accept, reopen, approve, solve and close - and the same history through the native API and
Znuny's TicketHistoryGet (parity)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.dialects.edges import native
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic

ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"
CARLA, ALICE = basic("carla", "pw"), basic("alice", "pw")


def _walk(invgate: InvGate) -> tuple[int, list[int]]:
    """Runs the journey; returns the request and the InvGate status seen after each step."""
    api, carla, alice = (invgate.users[name] for name in ("api", "carla", "alice"))
    ident = invgate.create(title="Laptop will not boot", description="It beeps three times")
    seen = [state.status(invgate, ident)]

    def step(method: str, endpoint: str, form: dict[str, Any], headers: Any = API_AUTH) -> None:
        invgate.ok(method, endpoint, data={"request_id": ident, **form}, headers=headers)
        seen.append(state.status(invgate, ident))

    step(
        "POST",
        "incident.reassign",
        {"author_id": api, "group_id": invgate.helpdesk_id, "agent_id": alice},
    )
    step("POST", "incident.comment", {"author_id": alice, "comment": "Which model?"}, ALICE)
    step("POST", "incident.waitingfor.customer", {}, ALICE)
    step("POST", "incident.comment", {"author_id": carla, "comment": "A T14, thanks"}, CARLA)
    step(
        "POST",
        "incident.comment",
        {"author_id": alice, "comment": "Reseat the RAM", "is_solution": 1},
        ALICE,
    )
    step("PUT", "incident.solution.reject", {"id": ident, "comment": "Still beeps"}, CARLA)
    step(
        "POST",
        "incident.comment",
        {"author_id": alice, "comment": "New RAM fitted", "is_solution": 1},
        ALICE,
    )
    step("PUT", "incident.solution.accept", {"id": ident, "rating": 5}, CARLA)
    step("PUT", "incident.reopen", {"author_id": carla}, CARLA)
    step(
        "POST",
        "incident.spontaneous_approval",
        {"author_id": alice, "approval_user_id": api, "description": "Replace the board?"},
        ALICE,
    )
    [approval] = invgate.ok("GET", "incident.approval", {"request_id": ident, "only_pending": 1})
    invgate.ok(
        "PUT",
        "incident.approval.accept",
        data={"approval_id": approval["id"], "user_id": api, "note": "Go"},
    )
    seen.append(state.status(invgate, ident))
    step(
        "POST",
        "incident.comment",
        {"author_id": alice, "comment": "Board replaced", "is_solution": 1},
        ALICE,
    )
    step("PUT", "incident.solution.accept", {"id": ident, "rating": 3, "comment": "Slow"}, CARLA)
    return ident, seen


def test_the_whole_life_cycle_through_invgate(invgate: InvGate) -> None:
    ident, seen = _walk(invgate)

    assert seen == [
        state.NEW,
        state.OPEN,  # reassigned to an agent
        state.OPEN,  # agent's question
        state.ON_HOLD,  # waiting for the customer
        state.OPEN,  # the customer's reply ends the wait
        state.SOLVED,  # solution proposed
        state.OPEN,  # solution rejected: reopened
        state.SOLVED,
        state.CLOSED,  # solution accepted
        state.OPEN,  # reopened (core "Reopened" shows as 2)
        state.PENDING,  # approval pending (pauses the SLA)
        state.OPEN,  # approved
        state.SOLVED,
        state.CLOSED,
    ]
    request = invgate.ok("GET", "incident", {"id": ident, "comments": 1})
    assert (request["closed_reason"], request["rating"]) == ("1", 3)
    assert [c["is_solution"] for c in request["comments"]] == [0, 0, 1, 0, 1, 1]
    approvals = invgate.ok("GET", "incident.approval", {"request_id": ident})
    assert [(a["type"], a["status"]) for a in approvals] == [(2, 1)]


def test_the_same_history_through_the_native_api_and_znuny(invgate: InvGate) -> None:
    ident, _seen = _walk(invgate)

    history = native(invgate.client, API_AUTH, "GET", f"/tickets/{ident}/history?limit=200")
    znuny = invgate.client.get(
        f"{ZNUNY}/TicketHistory/{ident}", params={"UserLogin": "api", "Password": "secret"}
    ).json()["TicketHistory"][0]["History"]

    kinds = Counter(event["kind"] for event in history["items"])
    assert [event["kind"] for event in history["items"]] == state.kinds(invgate, ident)
    assert kinds["solution_proposed"] == 3 and kinds["solution_rejected"] == 1
    assert kinds["solution_accepted"] == 2 and kinds["approval_decided"] == 1
    # the customer's wait, then the approval's: each recorded when it starts and when it ends
    assert (kinds["waiting_started"], kinds["waiting_ended"]) == (2, 2)
    lines = Counter(line["HistoryType"] for line in znuny)
    assert lines["StateUpdate"] == kinds["status_changed"]
    assert lines["AddNote"] == kinds["comment_added"] == 6
    assert lines["NewTicket"] == 1 and lines["OwnerUpdate"] == kinds["owner_changed"] == 1
