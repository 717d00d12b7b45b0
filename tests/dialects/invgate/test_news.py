"""Breaking news: ``breakingnews`` (POST, GET, PUT), ``breakingnews.all``, the status and type
catalogs and the updates ``breakingnews.status`` - golden shapes from the seed's tables, the
Open/Closed life cycle, who may read and write, refusals that change nothing, the OAuth scope,
and a news item made here read through the native API's configuration export."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.groups.service import GroupCreate, create_group
from polydesk.models.content import BreakingNews, BreakingNewsUpdate
from tests.dialects.edges import native
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer as scoped_bearer

#: Dates follow date_format (epoch integers by default; the seed types them STRING).
DATES = {"created_at": "INTEGER", "resolution_time": "INTEGER"}
RESOLVES = 1_800_000_000


def _group(invgate: InvGate, name: str = "Sales") -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return create_group(session, SYSTEM, GroupCreate(name=name)).id


def _news(invgate: InvGate, **extra: Any) -> int:
    form: dict[str, Any] = {
        "title": "Mail is down",
        "body": "We are on it",
        "type_id": 1,
        "affected_helpdesk_ids[]": invgate.helpdesk_id,
        **extra,
    }
    body = invgate.ok("POST", "breakingnews", data=form)
    state.check_ok(body, "POST", "breakingnews")
    ident: int = body["id"]
    return ident


def _counts(invgate: InvGate) -> tuple[int, int]:
    return state.count(invgate, BreakingNews), state.count(invgate, BreakingNewsUpdate)


def test_news_golden_in_both_date_formats(invgate: InvGate) -> None:
    group = _group(invgate)
    ident = _news(invgate, resolution_time=RESOLVES, **{"affected_group_ids[]": group})

    row = invgate.ok("GET", "breakingnews", {"id": ident})
    iso = invgate.ok("GET", "breakingnews", {"id": ident, "date_format": "iso8601"})
    listed = invgate.ok("GET", "breakingnews.all")

    check_row(row, {**response_fields("GET", "breakingnews"), **DATES})
    check_row(iso, response_fields("GET", "breakingnews"), iso=True)
    assert iso["resolution_time"] == "2027-01-15T08:00:00+00:00"
    assert {k: v for k, v in row.items() if k != "created_at"} == {
        "id": ident,
        "title": "Mail is down",
        "body": "We are on it",
        "type_id": 1,
        "status_id": 1,
        "created_by_id": invgate.users["api"],
        "resolution_time": RESOLVES,
        "affected_helpdesk_ids": [invgate.helpdesk_id],
        "affected_group_ids": [group],
    }
    assert listed == [row]
    for item in listed:
        check_row(item, {**response_fields("GET", "breakingnews.all"), **DATES})


def test_catalogs(invgate: InvGate) -> None:
    statuses = invgate.ok("GET", "breakingnews.attributes.status")
    types = invgate.ok("GET", "breakingnews.attributes.type")
    one = invgate.ok("GET", "breakingnews.attributes.type", {"id": 3})
    unknown = invgate.call("GET", "breakingnews.attributes.status", {"id": 9}).json()

    for row in statuses:
        check_row(row, response_fields("GET", "breakingnews.attributes.status"))
    assert statuses == [{"id": 1, "name": "Open"}, {"id": 2, "name": "Closed"}]
    assert types == [
        {"id": 1, "name": "High"},
        {"id": 2, "name": "Medium"},
        {"id": 3, "name": "Low"},
    ]
    assert one == [{"id": 3, "name": "Low"}]
    assert (unknown["status"], unknown["error"]) == ("ERROR", "breaking_news_status.not_found")


def test_updates_and_the_open_closed_cycle(invgate: InvGate) -> None:
    ident = _news(invgate)
    first = invgate.ok("POST", "breakingnews.status", data={"id": ident, "body": "Vendor called"})
    state.check_ok(first, "POST", "breakingnews.status")
    assert invgate.ok("GET", "breakingnews", {"id": ident})["status_id"] == 1

    invgate.ok("POST", "breakingnews.status", data={"id": ident, "body": "Fixed", "is_solution": 1})
    updates = invgate.ok("GET", "breakingnews.status", {"id": ident})

    assert invgate.ok("GET", "breakingnews", {"id": ident})["status_id"] == 2
    for row in updates:
        check_row(row, {**response_fields("GET", "breakingnews.status"), "created_at": "INTEGER"})
    assert [(u["body"], u["creator_id"]) for u in updates] == [
        ("Vendor called", invgate.users["api"]),
        ("Fixed", invgate.users["api"]),
    ]
    reopened = invgate.ok(
        "PUT",
        "breakingnews",
        data={"id": ident, "status_id": 1, "type_id": 3, "title": "Mail is slow"},
    )
    state.check_ok(reopened, "PUT", "breakingnews")
    row = invgate.ok("GET", "breakingnews", {"id": ident})
    assert (row["status_id"], row["type_id"], row["title"]) == (1, 3, "Mail is slow")


def test_put_replaces_only_the_lists_sent(invgate: InvGate) -> None:
    group, other = _group(invgate), _group(invgate, "Finance")
    ident = _news(invgate, **{"affected_group_ids[]": group})

    invgate.ok("PUT", "breakingnews", data=[("id", ident), ("affected_group_ids[]", other)])
    row = invgate.ok("GET", "breakingnews", {"id": ident})

    assert (row["affected_helpdesk_ids"], row["affected_group_ids"]) == (
        [invgate.helpdesk_id],
        [other],
    )


def test_refusals_change_nothing(invgate: InvGate) -> None:
    ident = _news(invgate)
    before = _counts(invgate)
    base = {"title": "x", "body": "x", "type_id": 2}

    no_target = invgate.call("POST", "breakingnews", data=base)
    bad_type = invgate.call(
        "POST",
        "breakingnews",
        data={**base, "type_id": 7, "affected_helpdesk_ids[]": invgate.helpdesk_id},
    )
    unknown_desk = invgate.call(
        "POST", "breakingnews", data={**base, "affected_helpdesk_ids[]": 999}
    ).json()
    bad_status = invgate.call("PUT", "breakingnews", data={"id": ident, "status_id": 5})
    unknown = invgate.call("GET", "breakingnews", {"id": 999}).json()
    blank = invgate.call("POST", "breakingnews.status", data={"id": ident, "body": " "})

    assert no_target.status_code == 428 and no_target.json() == {
        "error": "The parameter affected_helpdesk_ids or affected_group_ids is required",
        "status": 428,
    }
    assert bad_type.status_code == 428 and bad_status.status_code == 428
    assert unknown_desk["error"] == "helpdesk.not_found"
    assert unknown["error"] == "breaking_news.not_found" and blank.status_code == 428
    assert _counts(invgate) == before
    assert invgate.ok("GET", "breakingnews", {"id": ident})["status_id"] == 1


def test_admins_write_and_customers_read_open_news(invgate: InvGate) -> None:
    open_news = _news(invgate)
    closed = _news(invgate, title="Old outage")
    invgate.ok("PUT", "breakingnews", data={"id": closed, "status_id": 2})
    before = _counts(invgate)
    agent, customer = basic("alice", "pw"), basic("carla", "pw")

    by_agent = invgate.call(
        "POST", "breakingnews.status", data={"id": open_news, "body": "x"}, headers=agent
    )
    in_admins_name = invgate.call(
        "PUT",
        "breakingnews",
        data={"id": open_news, "title": "x", "creator_id": invgate.users["api"]},
        headers=agent,
    )
    seen = invgate.ok("GET", "breakingnews.all", headers=customer)
    hidden = invgate.call("GET", "breakingnews", {"id": closed}, headers=customer).json()

    assert by_agent.status_code == 403 and in_admins_name.status_code == 403
    assert _counts(invgate) == before
    assert [row["id"] for row in seen] == [open_news]
    assert hidden["error"] == "breaking_news.not_found"
    assert len(invgate.ok("GET", "breakingnews.all", headers=agent)) == 2


def test_a_token_needs_the_news_scope(invgate: InvGate) -> None:
    scopes = ["api.v1.breakingnews.all:get", "api.v1.breakingnews:post"]
    bearer = scoped_bearer(invgate, scopes[0], registered=scopes)

    listed = invgate.call("GET", "breakingnews.all", headers=bearer)
    created = invgate.call(
        "POST",
        "breakingnews",
        data={
            "title": "x",
            "body": "x",
            "type_id": 1,
            "affected_helpdesk_ids[]": invgate.helpdesk_id,
        },
        headers=bearer,
    )

    assert listed.status_code == 200
    assert created.status_code == 403 and created.json() == {
        "error": "The access token does not have the scope api.v1.breakingnews:post",
        "status": 403,
    }


def test_invgate_news_in_the_native_configuration_export(invgate: InvGate) -> None:
    _news(invgate, type_id=3)

    exported = native(invgate.client, API_AUTH, "GET", "/config/breaking_news")

    text = str(exported)
    assert "Mail is down" in text and "'low'" in text and "Service Desk" in text
