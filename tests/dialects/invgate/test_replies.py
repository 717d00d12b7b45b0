"""``POST /incident.comment`` with ``is_solution=1`` (ops/replies.py): the solution is stored
like any other InvGate reply (channel ``api``, HTML) and listed with the seed's fields."""

from __future__ import annotations

from sqlalchemy import select

from polydesk.db.uow import unit_of_work
from polydesk.models.comments import Channel, Comment, SolutionState
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate
from tests.dialects.invgate.golden import check_row, response_fields


def _stored(invgate: InvGate) -> list[tuple[bool, Channel, str, str]]:
    with unit_of_work(invgate.runtime.factory) as session:
        comments = session.scalars(select(Comment).order_by(Comment.id))
        return [(c.is_solution, c.channel, c.mime_type, c.body) for c in comments]


def test_a_solution_is_stored_like_any_reply(invgate: InvGate) -> None:
    ident = invgate.create()
    state.comment(invgate, ident, "api", "<p>Try <b>this</b></p>")

    body = state.comment(invgate, ident, "api", "<p>Replaced the <b>fuser</b></p>", is_solution=1)

    assert set(response_fields("POST", "incident.comment")) - {"error"} <= set(body)
    assert body["status"] == "OK" and isinstance(body["id"], int)
    assert _stored(invgate) == [
        (False, Channel.API, "text/html", "<p>Try <b>this</b></p>"),
        (True, Channel.API, "text/html", "<p>Replaced the <b>fuser</b></p>"),
    ]
    with unit_of_work(invgate.runtime.factory) as session:
        solution = session.get_one(Comment, body["id"])
        assert solution.solution_state is SolutionState.PROPOSED and solution.is_public


def test_the_solution_lists_with_the_seed_fields(invgate: InvGate) -> None:
    ident = invgate.create()
    state.comment(invgate, ident, "api", "<p>Fixed & tested</p>", is_solution=1)

    [coded] = invgate.ok("GET", "incident.comment", {"request_id": ident, "is_solution": 1})
    [decoded] = invgate.ok(
        "GET",
        "incident.comment",
        {"request_id": ident, "is_solution": 1, "decoded_special_characters": 1},
    )

    check_row(coded, response_fields("GET", "incident.comment"))
    assert (coded["is_solution"], coded["customer_visible"], coded["msg_num"]) == (True, True, 1)
    assert coded["message"] == "&lt;p&gt;Fixed &amp; tested&lt;/p&gt;"
    assert decoded["message"] == "<p>Fixed & tested</p>"
    assert state.status(invgate, ident) == state.SOLVED


def test_a_solution_carries_its_files_in_the_same_call(invgate: InvGate) -> None:
    ident = invgate.create()
    form = {"request_id": ident, "author_id": invgate.users["api"], "comment": "Fixed"}
    big = b"x" * (invgate.runtime.settings.max_upload_bytes + 1)

    refused = invgate.call(
        "POST", "incident.comment", data={**form, "is_solution": 1},
        files=[("attachments[]", ("big.bin", big))],
    )  # fmt: skip
    assert refused.status_code == 413
    assert _stored(invgate) == [] and state.status(invgate, ident) == state.NEW

    files = [("attachments[]", ("fix.txt", b"steps"))]
    invgate.ok("POST", "incident.comment", data={**form, "is_solution": 1}, files=files)

    [row] = invgate.ok("GET", "incident.comment", {"request_id": ident, "is_solution": 1})
    assert state.status(invgate, ident) == state.SOLVED
    assert invgate.ok("GET", "incident.attachment", {"id": row["attachments"][0]})["name"] == (
        "fix.txt"
    )
