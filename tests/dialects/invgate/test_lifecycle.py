"""The solution's answer, cancel, reject, reopen and reassign. Golden shapes from the seed's
tables, the core state they leave, and bad input that is refused in InvGate's shape and changes
nothing."""

from __future__ import annotations

from typing import Any

from polydesk.models.comments import Comment
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic


def _solve(invgate: InvGate, ident: int, text: str = "Replaced the toner") -> dict[str, Any]:
    return state.comment(invgate, ident, "api", text, is_solution=1)


def test_a_solution_reply_solves_the_request(invgate: InvGate) -> None:
    ident = invgate.create()

    body = _solve(invgate, ident)

    assert body["status"] == "OK" and isinstance(body["id"], int)
    request = invgate.ok("GET", "incident", {"id": ident})
    assert request["status_id"] == state.SOLVED and isinstance(request["solved_at"], int)
    [solution] = invgate.ok("GET", "incident.comment", {"request_id": ident, "is_solution": 1})
    assert solution["message"] == "Replaced the toner" and solution["customer_visible"] is True
    assert "solution_proposed" in state.kinds(invgate, ident)


def test_accepting_the_solution_closes_with_reason_1(invgate: InvGate) -> None:
    ident = invgate.create()
    _solve(invgate, ident)

    response = invgate.call(
        "PUT",
        "incident.solution.accept",
        data={"id": ident, "rating": 5},
        headers=basic("carla", "pw"),
    )

    state.check_ok(response.json(), "PUT", "incident.solution.accept")
    request = invgate.ok("GET", "incident", {"id": ident})
    assert (request["status_id"], request["closed_reason"], request["rating"]) == (6, "1", 5)
    assert isinstance(request["closed_at"], int)


def test_rejecting_the_solution_reopens_with_the_reason_as_a_reply(invgate: InvGate) -> None:
    ident = invgate.create()
    _solve(invgate, ident)

    response = invgate.call(
        "PUT",
        "incident.solution.reject",
        data={"id": ident, "comment": "Still smoking"},
        headers=basic("carla", "pw"),
    )

    state.check_ok(response.json(), "PUT", "incident.solution.reject")
    assert state.status(invgate, ident) == state.OPEN
    replies = invgate.ok("GET", "incident.comment", {"request_id": ident})
    assert (
        replies[-1]["message"] == "Still smoking"
        and replies[-1]["author_id"] == (invgate.users["carla"])
    )
    assert state.ticket(invgate, ident).reopen_count == 1


def test_bad_solution_answers_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    unsolved = invgate.create()
    _solve(invgate, ident)
    before = state.events(invgate)
    answers = [
        invgate.call("PUT", "incident.solution.accept", data={"id": ident, "rating": 2}),
        invgate.call("PUT", "incident.solution.accept", data={"id": ident, "rating": 9}),
        invgate.call("PUT", "incident.solution.accept", data={"id": ident, "rating": "five"}),
        invgate.call("PUT", "incident.solution.accept", data={"id": unsolved, "rating": 5}),
        invgate.call("PUT", "incident.solution.reject", data={"id": ident, "comment": "  "}),
        invgate.call("PUT", "incident.solution.reject", data={"id": 9999, "comment": "no"}),
        invgate.call(
            "PUT",
            "incident.solution.accept",
            data={"id": ident, "rating": 5},
            headers=basic("dave", "pw"),
        ),
    ]

    assert [a.status_code for a in answers] == [428, 428, 428, 200, 428, 200, 200]
    assert answers[0].json() == {"error": "The parameter comment is required", "status": 428}
    assert answers[1].json()["error"] == "rating must be between 1 and 5"
    assert answers[3].json()["error"] == "solution.none_proposed"
    assert answers[4].json()["error"] == "The parameter comment is required"
    assert answers[5].json()["error"] == "ticket.not_found"
    assert answers[6].json()["error"] == "ticket.not_found"  # another customer's request
    assert state.events(invgate) == before and state.status(invgate, ident) == state.SOLVED


def test_cancel_keeps_the_reason_as_a_reply(invgate: InvGate) -> None:
    ident = invgate.create()

    response = invgate.call(
        "POST",
        "incident.cancel",
        data={"request_id": ident, "author_id": invgate.users["carla"], "comment": "Fixed itself"},
        headers=basic("carla", "pw"),
    )

    state.check_ok(response.json(), "POST", "incident.cancel")
    assert state.status(invgate, ident) == state.CANCELLED
    replies = invgate.ok("GET", "incident.comment", {"request_id": ident})
    assert [r["message"] for r in replies] == ["Fixed itself"]


def test_reject_and_reopen(invgate: InvGate) -> None:
    ident = invgate.create()
    agent = {"request_id": ident, "author_id": invgate.users["api"]}

    rejected = invgate.ok("POST", "incident.reject", data=agent)
    status_rejected = state.status(invgate, ident)
    reopened = invgate.ok("PUT", "incident.reopen", data={"request_id": ident})

    state.check_ok(rejected, "POST", "incident.reject")
    state.check_ok(reopened, "PUT", "incident.reopen")
    assert status_rejected == state.REJECTED and state.status(invgate, ident) == state.OPEN
    assert state.kinds(invgate, ident).count("reopened") == 1


def test_bad_cancel_reject_reopen_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    closed = invgate.create()
    invgate.ok(
        "POST", "incident.cancel", data={"request_id": closed, "author_id": invgate.users["api"]}
    )
    before = state.events(invgate)
    carla = basic("carla", "pw")
    answers = [
        invgate.call(
            "POST",
            "incident.cancel",
            data={"request_id": closed, "author_id": invgate.users["api"]},
        ),
        invgate.call(
            "POST",
            "incident.reject",
            data={"request_id": ident, "author_id": invgate.users["carla"]},
            headers=carla,
        ),
        invgate.call(
            "POST",
            "incident.reject",
            data={"request_id": ident, "author_id": invgate.users["api"]},
            headers=carla,
        ),
        invgate.call("PUT", "incident.reopen", data={"request_id": ident}),
        invgate.call(
            "POST", "incident.cancel", data={"request_id": 9999, "author_id": invgate.users["api"]}
        ),
        invgate.call(
            "POST", "incident.cancel", data={"request_id": "x", "author_id": invgate.users["api"]}
        ),
    ]

    assert [a.status_code for a in answers] == [200, 403, 403, 200, 200, 428]
    assert [answers[i].json()["error"] for i in (0, 3, 4)] == [
        "ticket.already_closed",
        "ticket.not_closed",
        "ticket.not_found",
    ]
    assert answers[5].json()["error"] == "request_id must be a positive integer"
    assert state.events(invgate) == before
    assert (state.status(invgate, ident), state.status(invgate, closed)) == (1, 8)


def test_reassign_to_a_help_desk_and_agent(invgate: InvGate) -> None:
    ident = invgate.create()

    body = invgate.ok(
        "POST",
        "incident.reassign",
        data={
            "request_id": ident,
            "author_id": invgate.users["api"],
            "group_id": invgate.helpdesk_id,
            "agent_id": invgate.users["alice"],
        },
    )

    state.check_ok(body, "POST", "incident.reassign")
    request = invgate.ok("GET", "incident", {"id": ident})
    assert (request["assigned_group_id"], request["assigned_id"]) == (
        invgate.helpdesk_id,
        invgate.users["alice"],
    )
    assert request["status_id"] == state.OPEN  # a New request that gets an agent opens
    assert {"helpdesk_changed", "owner_changed"} <= set(state.kinds(invgate, ident))


def test_bad_reassignments_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    before = state.events(invgate)
    base = {"request_id": ident, "author_id": invgate.users["api"]}
    answers = [
        invgate.call("POST", "incident.reassign", data={**base, "group_id": 9999}),
        invgate.call(
            "POST",
            "incident.reassign",
            data={**base, "group_id": invgate.helpdesk_id, "agent_id": invgate.users["carla"]},
        ),
        invgate.call(
            "POST",
            "incident.reassign",
            data={**base, "group_id": invgate.helpdesk_id, "agent_id": 9999},
        ),
        invgate.call("POST", "incident.reassign", data={**base, "group_id": "desk"}),
        invgate.call(
            "POST",
            "incident.reassign",
            data={**base, "group_id": invgate.helpdesk_id},
            headers=basic("alice", "pw"),
        ),
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 428, 403]
    assert [a.json()["error"] for a in answers[:3]] == [
        "helpdesk.not_found",
        "reassign.not_an_agent",
        "user.not_found",
    ]
    denied = f"only admins may act as another user ({invgate.users['api']})"
    assert answers[4].json()["error"] == denied
    assert state.events(invgate) == before and state.ticket(invgate, ident).helpdesk_id is None


def test_bad_solutions_change_nothing(invgate: InvGate) -> None:
    ident, cancelled = invgate.create(), invgate.create()
    api = invgate.users["api"]
    invgate.ok("POST", "incident.cancel", data={"request_id": cancelled, "author_id": api})
    before = (state.events(invgate), state.count(invgate, Comment))
    solution = {"author_id": api, "comment": "Done", "is_solution": 1}
    carla = {**solution, "author_id": invgate.users["carla"]}
    answers = [
        invgate.call(
            "POST",
            "incident.comment",
            data={**solution, "request_id": ident, "customer_visible": 0},
        ),
        invgate.call("POST", "incident.comment", data={**solution, "request_id": cancelled}),
        invgate.call(
            "POST",
            "incident.comment",
            data={**carla, "request_id": ident},
            headers=basic("carla", "pw"),
        ),
        invgate.call(
            "POST", "incident.comment", data={**solution, "request_id": ident, "comment": ""}
        ),
    ]

    assert [a.status_code for a in answers] == [428, 200, 403, 428]
    assert answers[0].json()["error"] == "A solution is always public: customer_visible must be 1"
    assert answers[1].json()["error"] == "solution.ticket_not_open"
    assert answers[3].json()["error"] == "The parameter comment is required"
    assert (state.events(invgate), state.count(invgate, Comment)) == before
    assert state.status(invgate, ident) == state.NEW
