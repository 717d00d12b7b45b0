"""Settling a proposed solution and voting on an approval from the portal, through the core's
solution service (InvGate ``incident.solution.accept`` / ``reject``) and approvals room."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.approvals.service import request_approval
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from polydesk.tickets.solution import propose_solution
from polydesk.users.service import get_user_by_login, require_user
from tests.factories import actor
from tests.web.pages import signed_in
from tests.web.portal.world import PASSWORD, World, build

SOLUTION = "Restart the spooler service."


def _propose(runtime: Runtime, world: World) -> None:
    with unit_of_work(runtime.factory) as session:
        ann = actor(session, require_user(session, world.agent_id))
        propose_solution(session, ann, world.ticket_id, SOLUTION)


def _ask(runtime: Runtime, world: World, voter_login: str, description: str) -> int:
    with unit_of_work(runtime.factory) as session:
        voter = get_user_by_login(session, voter_login)
        assert voter is not None
        ann = actor(session, require_user(session, world.agent_id))
        approval = request_approval(
            session, ann, world.ticket_id, voter_ids=[voter.id], description=description
        )
        return approval.id


def _status(client: TestClient, world: World) -> str:
    native = client.get(f"/polydesk/v1/tickets/{world.ticket_id}", auth=("ann", PASSWORD))
    category: str = native.json()["status"]["category"]
    return category


def test_the_requester_accepts_a_proposed_solution(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    token = signed_in(client, "cy", PASSWORD)
    url = f"/portal/tickets/{world.ticket_id}"
    assert "Accept solution" not in client.get(url).text  # nothing proposed yet
    _propose(runtime, world)
    html = client.get(url).text
    assert SOLUTION in html and "Accept solution" in html and "Reject solution" in html
    answer = client.post(
        f"{url}/solution/accept", data={"csrf_token": token, "comment": "Works, thanks"},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == url
    assert _status(client, world) == "closed"
    html = client.get(url).text
    assert "Accept solution" not in html and "Solution · accepted" in html
    again = client.post(f"{url}/solution/accept", data={"csrf_token": token})
    assert again.status_code == 409  # nothing proposed any more: a clear page, not a 500


def test_rejecting_needs_a_reason_and_reopens(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    token = signed_in(client, "cy", PASSWORD)
    url = f"/portal/tickets/{world.ticket_id}"
    _propose(runtime, world)
    blank = client.post(f"{url}/solution/reject", data={"csrf_token": token, "reason": "  "})
    assert blank.status_code == 400 and _status(client, world) == "resolved"
    answer = client.post(
        f"{url}/solution/reject", data={"csrf_token": token, "reason": "Still jams."}
    )
    assert answer.status_code == 200 and "Still jams." in answer.text
    assert _status(client, world) == "open"


def test_others_cannot_settle_the_solution(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    _propose(runtime, world)
    url = f"/portal/tickets/{world.ticket_id}"
    token = signed_in(client, "obs", PASSWORD)
    assert "Accept solution" not in client.get(url).text
    refused = client.post(f"{url}/solution/accept", data={"csrf_token": token})
    assert refused.status_code == 403 and _status(client, world) == "resolved"
    client.cookies.clear()  # sign in afresh as someone else
    token = signed_in(client, "dee", PASSWORD)
    assert client.post(f"{url}/solution/accept", data={"csrf_token": token}).status_code == 404
    assert _status(client, world) == "resolved"


def test_a_customer_votes_on_an_approval_asked_of_them(
    client: TestClient, runtime: Runtime
) -> None:
    world = build(runtime)
    approval_id = _ask(runtime, world, "cy", "Buy a new printer for floor 2?")
    token = signed_in(client, "cy", PASSWORD)
    url = f"/portal/tickets/{world.ticket_id}"
    html = client.get(url).text
    assert "Buy a new printer for floor 2?" in html
    assert f'action="/portal/approvals/{approval_id}/vote"' in html
    listed = client.get("/portal/approvals").text
    assert "Buy a new printer for floor 2?" in listed
    bad = client.post(
        f"/portal/approvals/{approval_id}/vote", data={"csrf_token": token, "decision": "annulled"}
    )
    assert bad.status_code == 400
    answer = client.post(
        f"/portal/approvals/{approval_id}/vote",
        data={"csrf_token": token, "decision": "approve", "note": "OK", "back": url},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == url
    votes = client.get(
        f"/polydesk/v1/tickets/{world.ticket_id}/history", auth=("ann", PASSWORD),
        params={"limit": 50},
    ).json()["items"]  # fmt: skip
    assert any(e["field"] == "approval_vote" and e["new_value"] == "approve" for e in votes)
    assert "Buy a new printer" not in client.get("/portal/approvals").text
    twice = client.post(
        f"/portal/approvals/{approval_id}/vote", data={"csrf_token": token, "decision": "reject"}
    )
    assert twice.status_code == 409


def test_only_voters_vote(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    approval_id = _ask(runtime, world, "co", "Approve the spend?")
    token = signed_in(client, "cy", PASSWORD)
    assert "Approve the spend?" not in client.get(f"/portal/tickets/{world.ticket_id}").text
    answer = client.post(
        f"/portal/approvals/{approval_id}/vote", data={"csrf_token": token, "decision": "approve"}
    )
    assert answer.status_code == 403


def test_a_voter_who_cannot_read_the_ticket_votes_from_the_approvals_page(
    client: TestClient, runtime: Runtime
) -> None:
    """Approvers need no read right on the ticket: the list names it so they know what they
    approve; the ticket page itself stays a 404, and the vote comes back to the list."""
    world = build(runtime)
    approval_id = _ask(runtime, world, "dee", "Approve the new printer?")
    token = signed_in(client, "dee", PASSWORD)
    assert client.get(f"/portal/tickets/{world.ticket_id}").status_code == 404
    listed = client.get("/portal/approvals").text
    assert "Approve the new printer?" in listed and "Printer jam" in listed
    answer = client.post(
        f"/portal/approvals/{approval_id}/vote",
        data={"csrf_token": token, "decision": "reject", "back": "https://evil.example/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/portal/approvals"
    assert "Nothing waits for your approval." in client.get("/portal/approvals").text
