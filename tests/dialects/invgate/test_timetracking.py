"""Time tracking: ``GET``/``DELETE /timetracking``, ``timetracking.attributes.category`` and the
``POST /timetracking`` extension - golden shapes from the seed's tables, the two date formats,
the same time seen as an Integria workunit and through the native API (and gone from both
once deleted), permissions, scopes, and bad input changing nothing."""

from __future__ import annotations

from typing import Any

from polydesk.db.uow import unit_of_work
from polydesk.models.comments import Comment
from polydesk.models.timetracking import TimeEntry
from tests.dialects.edges import V1, open_integria
from tests.dialects.integria.conftest import integria_call
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer, scope_denied

TT = "timetracking"
FROM, TO = "2024-05-04T10:00:00+00:00", "2024-05-04T11:30:00+00:00"


def _log(invgate: InvGate, ident: int, user: str = "api", **extra: Any) -> Any:
    headers = API_AUTH if user == "api" else basic(user, "pw")
    form = {"request_id": ident, "user_id": invgate.users[user], "from": FROM, "to": TO,
            "comment": "Replaced the fuser", **extra}  # fmt: skip
    return invgate.call("POST", TT, data=form, headers=headers)


def _rows(invgate: InvGate, **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = invgate.ok("GET", TT, params)
    return rows


def _counts(invgate: InvGate) -> tuple[int, int, int]:
    return state.count(invgate, TimeEntry), state.count(invgate, Comment), state.events(invgate)


def test_logged_time_lists_with_the_seeds_fields(invgate: InvGate) -> None:
    ident = invgate.create()
    category = _category(invgate, "Support")
    logged = _log(invgate, ident, timetracking_category_id=category)

    by_request = _rows(invgate, request_id=ident)
    iso = _rows(invgate, request_id=ident, date_format="iso8601")
    in_range = _rows(invgate, **{"from": "2024-05-04T09:00:00Z", "to": "2024-05-04T10:30:00Z"})
    outside = _rows(invgate, **{"from": "2024-05-05T00:00:00Z"})

    assert logged.status_code == 200 and logged.json()["status"] == "OK"
    entry_id = logged.json()["timetracking_id"]
    [row] = by_request
    check_row(row, response_fields("GET", TT))
    assert row == {
        "timetracking_id": entry_id, "incident": ident, "user_id": invgate.users["api"],
        "from": "2024-05-04 10:00", "to": "2024-05-04 11:30", "total": "5400",
        "comment": "Replaced the fuser", "timetracking_category_id": category, "status": 1,
    }  # fmt: skip
    assert (iso[0]["from"], iso[0]["to"]) == (FROM, TO)
    assert [r["timetracking_id"] for r in in_range] == [entry_id] and outside == []


def test_logged_time_is_an_integria_workunit_and_a_native_entry_until_deleted(
    invgate: InvGate,
) -> None:
    with unit_of_work(invgate.runtime.factory) as session:
        open_integria(session)
    ident = invgate.create()
    entry_id = _log(invgate, ident).json()["timetracking_id"]

    def workunits() -> str:
        return integria_call(invgate.client, "get_incident_workunits", str(ident),
                             user="api", password="secret")  # fmt: skip

    def native() -> list[dict[str, Any]]:
        answer = invgate.client.get(f"{V1}/tickets/{ident}/time-entries", headers=API_AUTH)
        assert answer.status_code == 200, answer.text
        items: list[dict[str, Any]] = answer.json()["items"]
        return items

    before_units, before_native = workunits(), native()
    deleted = invgate.ok(
        "DELETE",
        TT,
        {"timetracking_id": entry_id, "user_id": invgate.users["api"], "request_id": ident},
    )

    assert ",1.50,api,Replaced" in before_units  # 5400 s = 1.50 h, by the API user
    assert [(e["id"], e["duration_seconds"]) for e in before_native] == [(entry_id, 5400)]
    assert deleted == {"status": "OK"}
    assert workunits() == "" and native() == []
    assert _rows(invgate, request_id=ident) == []


def test_an_agent_deletes_only_their_own_time(invgate: InvGate) -> None:
    ident = invgate.create()
    invgate.ok("POST", "incident.reassign", data={"request_id": ident, "author_id":
               invgate.users["api"], "group_id": invgate.helpdesk_id})  # fmt: skip
    admins = _log(invgate, ident).json()["timetracking_id"]
    mine = _log(invgate, ident, user="alice").json()["timetracking_id"]
    alice = basic("alice", "pw")
    before = _counts(invgate)

    other = invgate.call("DELETE", TT, {"timetracking_id": admins, "user_id":
                         invgate.users["alice"], "request_id": ident}, headers=alice)  # fmt: skip
    assert other.status_code == 403 and _counts(invgate) == before
    own = invgate.call("DELETE", TT, {"timetracking_id": mine, "user_id":
                       invgate.users["alice"], "request_id": ident}, headers=alice)  # fmt: skip
    assert own.json() == {"status": "OK"}
    assert state.kinds(invgate, ident)[-1] == "updated"  # field time_entry_deleted
    assert [r["timetracking_id"] for r in _rows(invgate, request_id=ident)] == [admins]


def test_bad_time_calls_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    entry_id = _log(invgate, ident).json()["timetracking_id"]
    before = _counts(invgate)
    api = invgate.users["api"]

    refusals = [
        _log(invgate, 999999),
        invgate.call(
            "DELETE", TT, {"timetracking_id": 999999, "user_id": api, "request_id": ident}
        ),
        invgate.call(
            "DELETE", TT, {"timetracking_id": entry_id, "user_id": api, "request_id": 999999}
        ),
        invgate.call("GET", TT, {"request_id": 999999}),
        invgate.call("GET", "timetracking.attributes.category", {"id": 5}),
        _log(invgate, ident, timetracking_category_id=5),
    ]
    malformed = [
        _log(invgate, ident, to="2024-05-04T09:00:00+00:00"),  # ends before it starts
        _log(invgate, ident, **{"from": "yesterday"}),
        _log(invgate, ident, user_id="abc"),
        invgate.call("GET", TT),  # neither from nor request_id
        invgate.call("GET", TT, {"request_id": ident, "date_format": "epoch"}),
    ]
    customer = _log(invgate, ident, user="carla")

    assert [r.status_code for r in refusals] == [200] * 6
    assert [r.json()["error"] for r in refusals] == [
        "ticket.not_found", "time_entry.not_found", "ticket.not_found", "ticket.not_found",
        "time_category.not_found", "time_category.not_found",
    ]  # fmt: skip
    assert [r.status_code for r in malformed] == [428] * 5
    assert customer.status_code == 403
    assert _counts(invgate) == before


def _category(invgate: InvGate, name: str, **extra: Any) -> int:
    made = invgate.client.post(f"{V1}/time-categories", headers=API_AUTH,
                               json={"name": name, **extra})  # fmt: skip
    assert made.status_code == 201, made.text
    ident: int = made.json()["id"]
    return ident


def test_categories_list_with_their_cost_per_hour(invgate: InvGate) -> None:
    support = _category(invgate, "Support", cost_per_hour=45.5)
    onsite = _category(invgate, "On site", parent_id=support)
    fields = response_fields("GET", "timetracking.attributes.category")

    every = invgate.ok("GET", "timetracking.attributes.category")
    one = invgate.ok("GET", "timetracking.attributes.category", {"id": onsite})
    agent = invgate.call("GET", "timetracking.attributes.category", headers=basic("alice", "pw"))
    customer = invgate.call("GET", "timetracking.attributes.category", headers=basic("carla", "pw"))
    by_agent = invgate.client.post(f"{V1}/time-categories", headers=basic("alice", "pw"),
                                   json={"name": "Mine"})  # fmt: skip

    for row in every:
        check_row(row, fields)
    assert every == [
        {"id": support, "parent_id": None, "name": "Support", "cost_per_hour": 45.5},
        {"id": onsite, "parent_id": support, "name": "On site", "cost_per_hour": None},
    ]
    assert one == every[1:] and agent.json() == every
    assert customer.status_code == 403 and by_agent.status_code == 403


def test_a_token_needs_the_timetracking_scope(invgate: InvGate) -> None:
    ident = invgate.create()
    post, get = "api.v1.timetracking:post", "api.v1.timetracking:get"
    form = {"request_id": ident, "user_id": invgate.users["api"], "from": FROM, "to": TO}

    denied = invgate.call("POST", TT, data=form, headers=bearer(invgate, get, registered=[get]))
    allowed = invgate.call("POST", TT, data=form, headers=bearer(invgate, post, registered=[post]))

    assert denied.status_code == 403 and denied.json() == scope_denied(post)
    assert allowed.status_code == 200 and allowed.json()["status"] == "OK"
