"""Request approvals: spontaneous and custom (template) approvals, votes, voters, cancelling,
the three code catalogs; golden shapes from the seed's tables, the request's status following
the approval, and bad input that changes nothing."""

from __future__ import annotations

from typing import Any

from polydesk.approvals.templates import TemplateCreate, create_template, deactivate_template
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.models.approvals import Approval, ApprovalVote, ExpiryAction
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields

ALICE = basic("alice", "pw")


def _spontaneous(invgate: InvGate, ident: int, voter: str = "alice") -> int:
    invgate.ok(
        "POST",
        "incident.spontaneous_approval",
        data={
            "request_id": ident,
            "author_id": invgate.users["api"],
            "approval_user_id": invgate.users[voter],
            "description": "Buy a new laptop?",
        },
    )
    approvals = invgate.ok("GET", "incident.approval", {"request_id": ident})
    ident_: int = approvals[-1]["id"]
    return ident_


def _template(invgate: InvGate, **fields: Any) -> int:
    values: dict[str, Any] = {
        "title": "Manager sign-off",
        "description": "Spend over 500",
        "description_prompt": "What is it for?",
        "voter_ids": [invgate.users["alice"], invgate.users["api"]],
        "required_votes": 2,
        **fields,
    }
    with unit_of_work(invgate.runtime.factory) as session:
        return create_template(session, SYSTEM, TemplateCreate(**values)).id


def _vote(invgate: InvGate, endpoint: str, approval: int, user: str, **kw: Any) -> Any:
    headers = ALICE if user == "alice" else None
    form = {"approval_id": approval, "user_id": invgate.users[user], **kw}
    return invgate.call("PUT", endpoint, data=form, headers=headers)


def test_the_catalogs_are_maps_of_code_to_name(invgate: InvGate) -> None:
    statuses = invgate.ok("GET", "incident.approval.status")
    types = invgate.ok("GET", "incident.approval.type")
    votes = invgate.ok("GET", "incident.approval.vote_status")

    assert statuses == {"-2": "Cancelled", "-1": "Waiting", "0": "Rejected", "1": "Approved"}
    assert types == {"1": "Predefined approval", "2": "Spontaneous approval"}
    assert votes == {
        "-2": "Annulled",
        "-1": "Waiting",
        "0": "Rejected",
        "1": "Approved",
        "2": "Expired",
    }


def test_a_spontaneous_approval_is_listed_as_documented(invgate: InvGate) -> None:
    ident = invgate.create()

    answer = invgate.ok(
        "POST",
        "incident.spontaneous_approval",
        data={
            "request_id": ident,
            "author_id": invgate.users["api"],
            "approval_user_id": invgate.users["alice"],
            "description": "New laptop?",
        },
    )
    epoch = invgate.ok("GET", "incident.approval", {"request_id": ident})
    iso = invgate.ok("GET", "incident.approval", {"request_id": ident, "date_format": "iso8601"})

    assert answer["status"] == "OK"
    fields = response_fields("GET", "incident.approval")
    check_row(epoch[0], fields)
    check_row(iso[0], fields, iso=True)
    assert epoch[0] == {
        "id": answer["id"],
        "type": 2,
        "status": -1,
        "author_id": invgate.users["api"],
        "created_at": epoch[0]["created_at"],
        "approval_request_id": None,
        "approval_request_description": "New laptop?",
    }
    assert state.status(invgate, ident) == state.PENDING


def test_the_voter_accepts_and_the_request_goes_on(invgate: InvGate) -> None:
    ident = invgate.create()
    approval = _spontaneous(invgate, ident)
    voters_before = invgate.ok(
        "GET", "incident.approval.possible_voters", {"approval_id": approval}
    )

    response = _vote(invgate, "incident.approval.accept", approval, "alice", note="Fine")

    check_row(
        response.json(),
        response_fields("PUT", "incident.approval.accept"),
        extra=frozenset({"info"}),
    )
    voters = invgate.ok("GET", "incident.approval.possible_voters", {"approval_id": approval})
    for row in voters:
        check_row(
            row,
            response_fields("GET", "incident.approval.possible_voters"),
            extra=frozenset({"user_id"}),
        )
    alice = invgate.users["alice"]
    assert voters_before == [{"id": alice, "user_id": alice, "status": -1}]
    assert voters == [{"id": alice, "user_id": alice, "status": 1}]
    assert invgate.ok("GET", "incident.approval", {"request_id": ident})[0]["status"] == 1
    assert state.status(invgate, ident) == state.OPEN


def test_a_rejected_approval_rejects_the_request(invgate: InvGate) -> None:
    ident = invgate.create()
    approval = _spontaneous(invgate, ident)

    response = _vote(invgate, "incident.approval.reject", approval, "alice", note="Too dear")

    assert response.json()["status"] == "OK"
    assert invgate.ok("GET", "incident.approval", {"request_id": ident})[0]["status"] == 0
    assert state.status(invgate, ident) == state.REJECTED


def test_add_voter_echoes_and_only_pending_filters(invgate: InvGate) -> None:
    ident = invgate.create()
    approval = _spontaneous(invgate, ident)

    added = invgate.ok(
        "POST",
        "incident.approval.add_voter",
        data={"approval_id": approval, "user_id": invgate.users["api"]},
    )
    _vote(invgate, "incident.approval.accept", approval, "alice")
    pending = invgate.ok(
        "GET", "incident.approval.possible_voters", {"approval_id": approval, "only_pending": 1}
    )

    check_row(added, response_fields("POST", "incident.approval.add_voter"))
    assert added == {"user_id": invgate.users["api"], "approval_id": approval}
    assert pending == []  # one approval decided it (quorum 1); the other voter was annulled
    everyone = invgate.ok("GET", "incident.approval.possible_voters", {"approval_id": approval})
    assert sorted(row["status"] for row in everyone) == [-2, 1]


def test_cancel_puts_the_request_back_to_open(invgate: InvGate) -> None:
    ident = invgate.create()
    approval = _spontaneous(invgate, ident)

    response = _vote(invgate, "incident.approval.cancel", approval, "api")

    check_row(
        response.json(),
        response_fields("PUT", "incident.approval.cancel"),
        extra=frozenset({"info"}),
    )
    assert invgate.ok("GET", "incident.approval", {"request_id": ident})[0]["status"] == -2
    assert invgate.ok("GET", "incident.approval", {"request_id": ident, "only_pending": 1}) == []
    assert state.status(invgate, ident) == state.OPEN


def test_custom_approval_templates_are_keyed_by_id(invgate: InvGate) -> None:
    ident = invgate.create()
    active = _template(
        invgate,
        description_required=True,
        expires_in_seconds=3600,
        expiry_action=ExpiryAction.REJECT,
    )
    old = _template(invgate, title="Old", pauses_sla=False)
    with unit_of_work(invgate.runtime.factory) as session:
        deactivate_template(session, SYSTEM, old)

    templates = invgate.ok("GET", "incident.custom_approval", {"request_id": ident})

    assert list(templates) == [str(active), str(old)]
    for row in templates.values():
        check_row(row, response_fields("GET", "incident.custom_approval"))
    first, second = templates[str(active)], templates[str(old)]
    assert (first["description_required"], first["pause_sla"], first["status"]) == (0, 1, 1)
    assert (first["expired_in"], first["expired_approved"]) == ("3600", 2)
    assert (second["description_required"], second["pause_sla"], second["status"]) == (1, 0, -1)
    assert second["expired_in"] is None and first["title"] == "Manager sign-off"


def test_requesting_a_custom_approval_copies_the_template(invgate: InvGate) -> None:
    ident = invgate.create()
    template = _template(invgate)

    answer = invgate.ok(
        "POST",
        "incident.custom_approval",
        data={
            "request_id": ident,
            "approval_id": template,
            "author_id": invgate.users["api"],
            "description": "Docking station",
        },
    )

    check_row(
        answer, response_fields("POST", "incident.custom_approval"), extra=frozenset({"info", "id"})
    )
    [row] = invgate.ok("GET", "incident.approval", {"request_id": ident})
    assert (row["type"], row["approval_request_id"], row["status"]) == (1, template, -1)
    assert row["approval_request_description"] == "Docking station"
    voters = invgate.ok("GET", "incident.approval.possible_voters", {"approval_id": row["id"]})
    assert sorted(v["id"] for v in voters) == sorted([invgate.users["alice"], invgate.users["api"]])


def test_bad_approval_calls_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    approval = _spontaneous(invgate, ident)
    required = _template(invgate, description_required=True)
    before = (
        state.events(invgate),
        state.count(invgate, Approval),
        state.count(invgate, ApprovalVote),
    )
    api, alice = invgate.users["api"], invgate.users["alice"]
    spontaneous = {"request_id": ident, "author_id": api, "approval_user_id": alice}
    answers = [
        _vote(invgate, "incident.approval.accept", approval, "api"),  # not a voter
        _vote(invgate, "incident.approval.accept", 9999, "api"),
        invgate.call(
            "POST", "incident.spontaneous_approval", data={**spontaneous, "description": " "}
        ),
        invgate.call(
            "POST",
            "incident.spontaneous_approval",
            data={**spontaneous, "approval_user_id": 9999, "description": "x"},
        ),
        invgate.call(
            "POST",
            "incident.custom_approval",
            data={"request_id": ident, "approval_id": required, "author_id": api},
        ),
        invgate.call(
            "POST",
            "incident.custom_approval",
            data={"request_id": ident, "approval_id": 9999, "author_id": api},
        ),
        invgate.call(
            "POST", "incident.approval.add_voter", data={"approval_id": approval, "user_id": 9999}
        ),
        invgate.call("GET", "incident.approval", {"request_id": ident, "only_pending": "maybe"}),
        invgate.call(
            "PUT",
            "incident.approval.cancel",
            data={"approval_id": approval, "user_id": alice},
            headers=basic("carla", "pw"),
        ),
    ]

    assert [a.status_code for a in answers] == [403, 200, 428, 200, 200, 200, 200, 428, 403]
    assert [answers[i].json()["error"] for i in (1, 3, 4, 5, 6)] == [
        "approval.not_found",
        "user.not_found",
        "approval.description_required",
        "approval_template.not_found",
        "user.not_found",
    ]
    assert answers[4].json()["info"] == "What is it for?"
    after = (
        state.events(invgate),
        state.count(invgate, Approval),
        state.count(invgate, ApprovalVote),
    )
    assert after == before and state.status(invgate, ident) == state.PENDING
