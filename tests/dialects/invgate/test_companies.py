"""Companies (``companies``, ``companies.users``, ``companies.groups``): golden shapes from the
seed's tables, the seed's membership rules (a user added joins the company's groups, a user
removed leaves them, ``unlink_users_too``), the native API seeing what InvGate wrote, and
refusals that change nothing."""

from __future__ import annotations

from typing import Any

from tests.dialects.invgate.conftest import API_AUTH, InvGate
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.org_support import AGENT, CUSTOMER, scope_refused, state


def _company(invgate: InvGate, name: str, **extra: Any) -> int:
    ident: int = invgate.ok("POST", "companies", data={"name": name, **extra})["id"]
    return ident


def _group(invgate: InvGate, name: str) -> int:
    ident: int = invgate.ok("POST", "groups", data={"name": name})["id"]
    return ident


def _ids(name: str, values: list[int]) -> list[tuple[str, int]]:
    return [(f"{name}[]", value) for value in values]


def _members(invgate: InvGate, group_id: int) -> list[str]:
    return [row["username"] for row in invgate.ok("GET", "groups.users", {"id": group_id})]


def test_create_update_and_list_have_the_seeds_shape(invgate: InvGate) -> None:
    created = invgate.ok("POST", "companies", data={"name": "Acme", "external_id": "ERP-7"})
    plain = invgate.ok("POST", "companies", data={"name": "Globex"})
    changed = invgate.ok("PUT", "companies", data={"id": plain["id"], "external_id": "X1"})
    invgate.ok("POST", "companies.users", data=[("id", created["id"]), ("users[]", 3)])

    listed = invgate.ok("GET", "companies")
    by_external = invgate.ok("GET", "companies", {"external_id": "ERP-7"})

    for answer, method in ((created, "POST"), (changed, "PUT")):
        check_row(answer, response_fields(method, "companies"))
    assert created == {"id": created["id"], "external_id": "ERP-7", "name": "Acme",
                       "status": "OK"}  # fmt: skip
    assert plain["external_id"] is None
    assert changed == {"id": plain["id"], "external_id": "X1", "name": "Globex", "status": "OK"}
    for row in listed:
        check_row(row, response_fields("GET", "companies"))
    assert [(row["name"], row["total"], row["external_id"]) for row in listed] == [
        ("Acme", 1, "ERP-7"),
        ("Globex", 0, "X1"),
    ]
    assert [row["id"] for row in by_external] == [created["id"]]
    renamed = invgate.ok("PUT", "companies", data={"id": plain["id"], "name": "Initech",
                                                   "external_id": ""})  # fmt: skip
    assert (renamed["name"], renamed["external_id"]) == ("Initech", None)


def test_a_user_added_joins_the_companys_groups_and_leaves_them_when_removed(
    invgate: InvGate,
) -> None:
    company = _company(invgate, "Acme")
    sales, support = _group(invgate, "Sales"), _group(invgate, "Support")
    invgate.ok("POST", "companies.groups", data=[("id", company), *_ids("groups", [sales])])
    carla, dave = invgate.users["carla"], invgate.users["dave"]

    added = invgate.ok("POST", "companies.users", data=[("id", company), *_ids("users", [carla])])
    users = invgate.ok("GET", "companies.users", {"id": company})

    assert added == {str(carla): True}
    assert [row["username"] for row in users] == ["carla"]
    check_row(users[0], response_fields("GET", "companies.users"))
    assert _members(invgate, sales) == ["carla"] and _members(invgate, support) == []

    invgate.ok("POST", "groups.users", data=[("id", support), ("users[]", carla)])
    removed = invgate.ok(
        "DELETE", "companies.users", data=[("id", company), *_ids("users", [carla, dave])]
    )

    assert removed == {str(carla): True, str(dave): False}
    assert invgate.ok("GET", "companies.users", {"id": company}) == []
    assert _members(invgate, sales) == []
    assert _members(invgate, support) == ["carla"]  # not one of the company's groups


def test_moving_to_another_company_leaves_the_first_ones_groups(invgate: InvGate) -> None:
    acme, globex = _company(invgate, "Acme"), _company(invgate, "Globex")
    sales, ops = _group(invgate, "Sales"), _group(invgate, "Ops")
    invgate.ok("POST", "companies.groups", data=[("id", acme), ("groups[]", sales)])
    invgate.ok("POST", "companies.groups", data=[("id", globex), ("groups[]", ops)])
    invgate.ok("POST", "companies.users", data=[("id", acme), ("users[]", 3)])

    invgate.ok("POST", "companies.users", data=[("id", globex), ("users[]", 3)])

    assert invgate.ok("GET", "companies.users", {"id": acme}) == []
    assert [row["id"] for row in invgate.ok("GET", "companies.users", {"id": globex})] == [3]
    assert (_members(invgate, sales), _members(invgate, ops)) == ([], ["carla"])


def test_linking_groups_brings_the_users_and_unlinking_may_take_them(invgate: InvGate) -> None:
    company = _company(invgate, "Acme")
    invgate.ok("POST", "companies.users", data=[("id", company), *_ids("users", [3, 4])])
    sales, legal = _group(invgate, "Sales"), _group(invgate, "Legal")

    form = [("id", company), *_ids("groups", [sales, legal])]
    linked = invgate.ok("POST", "companies.groups", data=form)
    groups = invgate.ok("GET", "companies.groups", {"id": company})
    kept = invgate.ok("DELETE", "companies.groups", data=[("id", company), ("groups[]", sales)])
    taken = invgate.ok(
        "DELETE",
        "companies.groups",
        data=[("id", company), ("groups[]", legal), ("groups[]", sales),
              ("unlink_users_too", 1)],
    )  # fmt: skip

    assert linked == {str(sales): True, str(legal): True}
    for row in groups:
        check_row(row, response_fields("GET", "companies.groups"))
    assert groups == [{"id": sales, "total": 2, "name": "Sales"},
                      {"id": legal, "total": 2, "name": "Legal"}]  # fmt: skip
    assert kept == {str(sales): True}
    assert taken == {str(legal): True, str(sales): False}
    assert _members(invgate, sales) == ["carla", "dave"]  # unlinked without the users
    assert _members(invgate, legal) == []
    assert invgate.ok("GET", "companies.groups", {"id": company}) == []


def test_delete_takes_the_users_out_and_removes_the_company(invgate: InvGate) -> None:
    company = _company(invgate, "Acme")
    sales = _group(invgate, "Sales")
    invgate.ok("POST", "companies.groups", data=[("id", company), ("groups[]", sales)])
    invgate.ok("POST", "companies.users", data=[("id", company), ("users[]", 3)])

    answer = invgate.ok("DELETE", "companies", data={"id": company})

    check_row(answer, response_fields("DELETE", "companies"), extra=frozenset({"info"}))
    after = state(invgate)
    assert after["companies"] == [] and after["company_groups"] == []
    assert (3, None, None) in after["users"]
    assert _members(invgate, sales) == ["carla"]  # the group outlives the company


def test_a_company_with_requests_is_kept_disabled(invgate: InvGate) -> None:
    company = _company(invgate, "Acme")
    invgate.ok("POST", "companies.users", data=[("id", company), ("users[]", 3)])
    invgate.create()  # Carla's request: it names her company

    answer = invgate.ok("DELETE", "companies", data={"id": company})

    assert "disabled" in answer["info"]
    assert invgate.ok("GET", "companies") == []
    assert state(invgate)["companies"] == [(company, "Acme", None, False)]
    refused = invgate.call("POST", "companies.users", data=[("id", company), ("users[]", 4)])
    assert refused.json()["error"] == "company.not_found"


def test_companies_written_here_are_the_native_apis_companies(invgate: InvGate) -> None:
    company = _company(invgate, "Acme")

    native = invgate.client.get(f"/polydesk/v1/companies/{company}", headers=API_AUTH)

    assert native.status_code == 200 and native.json()["name"] == "Acme"


def test_refusals_change_nothing(invgate: InvGate) -> None:
    company = _company(invgate, "Acme")
    before = state(invgate)

    answers = [
        invgate.call("POST", "companies", data={"name": "ACME"}),
        invgate.call("PUT", "companies", data={"id": 999, "name": "Zed"}),
        invgate.call("DELETE", "companies", data={"id": 999}),
        invgate.call("POST", "companies.users", data=[("id", company), *_ids("users", [3, 999])]),
        invgate.call("POST", "companies.groups", data=[("id", company), ("groups[]", 999)]),
        invgate.call("GET", "companies.users", {"id": 999}),
    ]
    agent = invgate.call("POST", "companies.users", data=[("id", company), ("users[]", 3)],
                         headers=AGENT)  # fmt: skip
    agent_put = invgate.call("PUT", "companies", data={"id": company, "name": "Z"}, headers=AGENT)
    customer = invgate.call("GET", "companies.users", {"id": company}, headers=CUSTOMER)

    assert [(a.status_code, a.json()["error"]) for a in answers] == [
        (200, "company.name_taken"),
        (200, "company.not_found"),
        (200, "company.not_found"),
        (200, "user.not_found"),
        (200, "group.not_found"),
        (200, "company.not_found"),
    ]
    assert [r.status_code for r in (agent, agent_put, customer)] == [403, 403, 403]
    assert state(invgate) == before


def test_tokens_need_the_companies_scopes(invgate: InvGate) -> None:
    scope_refused(invgate, "POST", "companies", {"name": "Acme"})
    company = invgate.ok("GET", "companies")[0]["id"]
    scope_refused(invgate, "PUT", "companies", {"id": company, "external_id": "E1"})
    scope_refused(invgate, "POST", "companies.users", [("id", company), ("users[]", 3)])
