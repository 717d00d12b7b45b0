"""A reply's inputs read back: ``is_propagation`` is kept on the comment (native API), and a
comment's ``reference`` is the comment it answers by the mail threading the core keeps
(Message-ID / In-Reply-To, written here through the native API), among those the caller sees."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from polydesk.db.uow import unit_of_work
from polydesk.models.comments import Comment
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic

CUSTOMER = basic("carla", "pw")


def _native_comments(invgate: InvGate, ident: int) -> list[dict[str, Any]]:
    answer = invgate.client.get(f"/polydesk/v1/tickets/{ident}/comments", headers=API_AUTH)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def _native_post(invgate: InvGate, ident: int, **fields: Any) -> int:
    answer = invgate.client.post(
        f"/polydesk/v1/tickets/{ident}/comments", json=fields, headers=API_AUTH
    )
    assert answer.status_code == 201, answer.text
    comment_id: int = answer.json()["id"]
    return comment_id


def _reply(invgate: InvGate, ident: int, text: str, **extra: Any) -> int:
    form = {"request_id": ident, "author_id": invgate.users["api"], "comment": text, **extra}
    comment_id: int = invgate.ok("POST", "incident.comment", data=form)["id"]
    return comment_id


def test_is_propagation_is_kept_and_read_back(invgate: InvGate) -> None:
    ident = invgate.create()
    marked = _reply(invgate, ident, "Carried to the linked requests", is_propagation=1)
    plain = _reply(invgate, ident, "Just here", is_propagation=0)
    default = _reply(invgate, ident, "No flag")
    solution = _reply(invgate, ident, "Fixed", is_solution=1, is_propagation="true")

    shown = {row["id"]: row["is_propagation"] for row in _native_comments(invgate, ident)}

    assert (shown[marked], shown[plain], shown[default], shown[solution]) == (
        True, False, False, True,
    )  # fmt: skip


def test_a_bad_propagation_flag_is_a_428_and_stores_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    form = {"request_id": ident, "author_id": invgate.users["api"], "comment": "x"}

    answer = invgate.call("POST", "incident.comment", data={**form, "is_propagation": "2"})

    assert answer.status_code == 428 and "is_propagation" in answer.json()["error"]
    with unit_of_work(invgate.runtime.factory) as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0


def test_reference_is_the_comment_answered(invgate: InvGate) -> None:
    ident = invgate.create()
    question = _native_post(
        invgate, ident, body="Which printer?", message_id="<q1@desk.example>"
    )
    answer = _native_post(
        invgate, ident, body="The one on floor 2", in_reply_to="<q1@desk.example>"
    )
    unrelated = _reply(invgate, ident, "A plain InvGate reply")

    rows = invgate.ok("GET", "incident.comment", {"request_id": ident})
    embedded = invgate.ok("GET", "incident", {"id": ident, "comments": 1})["comments"]
    native = {row["id"]: row for row in _native_comments(invgate, ident)}

    for listing in (rows, embedded):
        references = {row["id"]: row["reference"] for row in listing}
        assert references == {question: None, answer: question, unrelated: None}
    assert native[answer]["in_reply_to"] == "<q1@desk.example>"
    assert native[question]["message_id"] == "<q1@desk.example>"


def test_a_reply_to_an_internal_comment_references_nothing_for_the_customer(
    invgate: InvGate,
) -> None:
    ident = invgate.create()
    note = _native_post(
        invgate, ident, body="internal", is_public=False, message_id="<n1@desk.example>"
    )
    reply = _native_post(invgate, ident, body="public", in_reply_to="<n1@desk.example>")

    agent_view = invgate.ok("GET", "incident.comment", {"request_id": ident})
    customer_view = invgate.ok("GET", "incident.comment", {"request_id": ident}, headers=CUSTOMER)

    assert {row["id"]: row["reference"] for row in agent_view}[reply] == note
    assert [(row["id"], row["reference"]) for row in customer_view] == [(reply, None)]
