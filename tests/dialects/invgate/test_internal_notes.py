"""Internal notes: ``internalnotes`` (POST, GET, PUT, DELETE) on users, help desks,
companies, groups and external entities - golden shapes from the seed's tables (the
capitalised ``Status``), who may read and write, refusals that change nothing, the scope."""

from __future__ import annotations

from typing import Any

from polydesk.models.content import InternalNote
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer as scoped_bearer

NOTES = "internalnotes"
ALICE, CARLA = basic("alice", "pw"), basic("carla", "pw")
DATES = {"created_at": "INTEGER", "last_update": "INTEGER"}
USER, HELPDESK, EXTERNAL_ENTITY = 1, 2, 5


def _note(invgate: InvGate, object_type: int, object_id: int, user: str = "api", **kw: Any) -> int:
    form = {
        "object_type": object_type,
        "object_id": object_id,
        "author_id": invgate.users[user],
        "title": "VIP",
        "description": "Call before 10",
        **kw,
    }
    headers = None if user == "api" else basic(user, "pw")
    body = invgate.ok("POST", NOTES, data=form, headers=headers)
    assert (body["Status"], set(body)) == ("OK", {"Status", "info", "id"})
    assert set(response_fields("POST", NOTES)) <= set(body)
    ident: int = body["id"]
    return ident


def test_notes_golden_in_both_date_formats(invgate: InvGate) -> None:
    ident = _note(invgate, USER, invgate.users["carla"])

    [row] = invgate.ok("GET", NOTES, {"id": ident})
    [iso] = invgate.ok("GET", NOTES, {"id": ident, "date_format": "iso8601"})

    check_row(row, {**response_fields("GET", NOTES), **DATES})
    check_row(iso, response_fields("GET", NOTES), iso=True)
    assert {k: v for k, v in row.items() if k not in DATES} == {
        "id": ident,
        "object_type": USER,
        "object_id": invgate.users["carla"],
        "title": "VIP",
        "description": "Call before 10",
        "author_id": invgate.users["api"],
        "last_author": invgate.users["api"],
    }
    assert invgate.ok("GET", NOTES, {"id": ident, "object_type": HELPDESK}) == []


def test_update_records_the_last_author_and_delete(invgate: InvGate) -> None:
    ident = _note(invgate, HELPDESK, invgate.helpdesk_id)

    updated = invgate.ok(
        "PUT",
        NOTES,
        data={"id": ident, "author_id": invgate.users["alice"], "description": "Closed on Fridays"},
        headers=ALICE,
    )
    [row] = invgate.ok("GET", NOTES, {"id": ident})

    assert updated == {"Status": "OK", "info": "Internal note updated"}
    assert (row["title"], row["description"]) == ("VIP", "Closed on Fridays")
    assert (row["author_id"], row["last_author"]) == (invgate.users["api"], invgate.users["alice"])
    by_agent = invgate.call(
        "DELETE", NOTES, {"id": ident, "author_id": invgate.users["alice"]}, headers=ALICE
    )
    assert by_agent.status_code == 403 and state.count(invgate, InternalNote) == 1
    deleted = invgate.ok("DELETE", NOTES, {"id": ident, "author_id": invgate.users["api"]})
    assert deleted == {"Status": "OK", "info": "Internal note deleted"}
    assert state.count(invgate, InternalNote) == 0


def test_agents_write_their_own_notes_customers_none(invgate: InvGate) -> None:
    entity = state.external_entity(invgate)
    mine = _note(invgate, EXTERNAL_ENTITY, entity, user="alice")
    before = state.count(invgate, InternalNote)

    read = invgate.call("GET", NOTES, {"id": mine}, headers=CARLA)
    write = invgate.call(
        "POST",
        NOTES,
        data={
            "object_type": USER,
            "object_id": 1,
            "title": "x",
            "description": "x",
            "author_id": invgate.users["carla"],
        },
        headers=CARLA,
    )
    in_admins_name = invgate.call(
        "PUT",
        NOTES,
        data={"id": mine, "title": "x", "author_id": invgate.users["api"]},
        headers=ALICE,
    )

    assert read.status_code == write.status_code == in_admins_name.status_code == 403
    assert state.count(invgate, InternalNote) == before
    assert (
        invgate.ok(
            "DELETE", NOTES, {"id": mine, "author_id": invgate.users["alice"]}, headers=ALICE
        )["Status"]
        == "OK"
    )


def test_refusals_change_nothing(invgate: InvGate) -> None:
    ident = _note(invgate, USER, invgate.users["carla"])
    before = state.count(invgate, InternalNote)
    form = {"object_id": 999, "author_id": invgate.users["api"], "title": "x", "description": "x"}

    unknown_object = invgate.call("POST", NOTES, data={**form, "object_type": 3}).json()
    bad_type = invgate.call("POST", NOTES, data={**form, "object_type": 9})
    unknown_note = invgate.call("GET", NOTES, {"id": 999}).json()
    long_title = invgate.call(
        "PUT", NOTES, data={"id": ident, "author_id": invgate.users["api"], "title": "x" * 300}
    ).json()
    no_author = invgate.call("DELETE", NOTES, {"id": ident})

    assert (unknown_object["status"], unknown_object["error"]) == ("ERROR", "company.not_found")
    assert bad_type.status_code == 428 and no_author.status_code == 428
    assert unknown_note["error"] == "internal_note.not_found"
    assert long_title["error"] == "internal_note.invalid_title"
    assert state.count(invgate, InternalNote) == before
    assert invgate.ok("GET", NOTES, {"id": ident})[0]["title"] == "VIP"


def test_a_token_needs_the_notes_scope(invgate: InvGate) -> None:
    ident = _note(invgate, USER, invgate.users["carla"])
    scopes = ["api.v1.internalnotes:get", "api.v1.internalnotes:delete"]
    bearer = scoped_bearer(invgate, scopes[0], registered=scopes)

    read = invgate.call("GET", NOTES, {"id": ident}, headers=bearer)
    delete = invgate.call(
        "DELETE", NOTES, {"id": ident, "author_id": invgate.users["api"]}, headers=bearer
    )

    assert read.status_code == 200 and delete.status_code == 403
    assert delete.json()["error"] == "The access token does not have the scope " + (
        "api.v1.internalnotes:delete"
    )
    assert state.count(invgate, InternalNote) == 1
