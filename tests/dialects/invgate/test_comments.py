"""``/incident.comment``: replies added through the core's comment service, and listed with
the seed's fields (boolean flags, msg_num, coded or decoded text, files)."""

from __future__ import annotations

from sqlalchemy import func, select

from polydesk.db.uow import unit_of_work
from polydesk.models.comments import Channel, Comment
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields


def _comment(invgate: InvGate, ident: int, text: str, **extra: object) -> dict[str, object]:
    form = {"request_id": ident, "author_id": invgate.users["api"], "comment": text, **extra}
    body: dict[str, object] = invgate.ok("POST", "incident.comment", data=form)
    return body


def test_add_answers_ok_and_stores_a_comment(invgate: InvGate) -> None:
    ident = invgate.create()

    body = _comment(invgate, ident, "<b>Internal</b> note", customer_visible=0)

    assert body["status"] == "OK" and set(response_fields("POST", "incident.comment")) - {
        "error"
    } <= set(body)
    with unit_of_work(invgate.runtime.factory) as session:
        comment = session.scalars(select(Comment)).one()
        assert comment.body == "<b>Internal</b> note" and not comment.is_public
        assert comment.channel is Channel.API and comment.mime_type == "text/html"
        assert comment.author_id == invgate.users["api"] and comment.ticket_id == ident


def test_list_has_the_documented_fields_in_order(invgate: InvGate) -> None:
    ident = invgate.create()
    _comment(invgate, ident, "first & foremost")
    _comment(invgate, ident, "second", customer_visible=0)

    rows = invgate.ok("GET", "incident.comment", {"request_id": ident})
    decoded = invgate.ok(
        "GET",
        "incident.comment",
        {"request_id": ident, "decoded_special_characters": 1, "date_format": "iso8601"},
    )

    for row in rows:
        check_row(row, response_fields("GET", "incident.comment"))
    assert [row["msg_num"] for row in rows] == [1, 2]
    assert rows[0]["message"] == "first &amp; foremost"
    assert decoded[0]["message"] == "first & foremost"
    assert (rows[0]["customer_visible"], rows[1]["customer_visible"]) == (True, False)
    assert rows[0]["is_solution"] is False and rows[0]["incident_id"] == ident
    assert isinstance(rows[0]["created_at"], int) and isinstance(decoded[0]["created_at"], str)


def test_solutions_can_be_listed_alone(invgate: InvGate) -> None:
    ident = invgate.create()
    _comment(invgate, ident, "try this")
    _comment(invgate, ident, "Replaced the toner", is_solution=1)

    solutions = invgate.ok("GET", "incident.comment", {"request_id": ident, "is_solution": 1})
    others = invgate.ok("GET", "incident.comment", {"request_id": ident, "is_solution": 0})

    assert [row["message"] for row in solutions] == ["Replaced the toner"]
    assert solutions[0]["is_solution"] is True and solutions[0]["msg_num"] == 2
    assert [row["message"] for row in others] == ["try this"]


def test_files_belong_to_the_comment(invgate: InvGate) -> None:
    ident = invgate.create()
    form = {"request_id": ident, "author_id": invgate.users["api"], "comment": "see log"}
    invgate.ok("POST", "incident.comment", data=form, files=[("attachments[]", ("l.txt", b"x"))])

    [row] = invgate.ok("GET", "incident.comment", {"request_id": ident})
    request = invgate.ok("GET", "incident", {"id": ident})

    assert len(row["attachments"]) == 1 and request["attachments"] == []
    assert invgate.ok("GET", "incident.attachment", {"id": row["attachments"][0]})["name"] == (
        "l.txt"
    )


def test_customers_see_public_replies_only(invgate: InvGate) -> None:
    ident = invgate.create()
    _comment(invgate, ident, "public")
    _comment(invgate, ident, "internal", customer_visible=0)

    rows = invgate.ok(
        "GET", "incident.comment", {"request_id": ident}, headers=basic("carla", "pw")
    )

    assert [row["message"] for row in rows] == ["public"]


def test_the_customer_replies_in_their_own_name(invgate: InvGate) -> None:
    ident = invgate.create()

    reply = invgate.call(
        "POST",
        "incident.comment",
        data={"request_id": ident, "author_id": invgate.users["carla"], "comment": "Thanks"},
        headers=basic("carla", "pw"),
    )
    internal = invgate.call(
        "POST",
        "incident.comment",
        data={
            "request_id": ident,
            "author_id": invgate.users["carla"],
            "comment": "secret",
            "customer_visible": 0,
        },
        headers=basic("carla", "pw"),
    )

    assert reply.json()["status"] == "OK"
    assert internal.status_code == 403


def test_bad_comments_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    author = invgate.users["api"]
    answers = [
        invgate.call("POST", "incident.comment", data={"request_id": ident, "author_id": author}),
        invgate.call(
            "POST",
            "incident.comment",
            data={"request_id": 9999, "author_id": author, "comment": "x"},
        ),
        invgate.call(
            "POST",
            "incident.comment",
            data={"request_id": ident, "author_id": 9999, "comment": "x"},
        ),
        invgate.call(
            "POST",
            "incident.comment",
            data={"request_id": ident, "author_id": author, "comment": "x", "is_solution": "yes!"},
        ),
        invgate.call("GET", "incident.comment", {"request_id": 9999}),
    ]

    assert [a.status_code for a in answers] == [428, 200, 200, 428, 200]
    assert answers[0].json()["error"] == "The parameter comment is required"
    assert answers[1].json()["info"] == "ticket 9999 not found"
    assert answers[2].json()["info"] == "user 9999 not found"
    with unit_of_work(invgate.runtime.factory) as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0
