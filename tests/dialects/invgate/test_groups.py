"""Users groups (``groups``, ``groups.users``): golden shapes from the seed's tables, the
native API and ReadyDesk seeing what InvGate wrote, deletion, and refusals that change
nothing (unknown ids, a taken name, an agent writing, a token without the scope)."""

from __future__ import annotations

import json

from polydesk.core.actor import SYSTEM
from polydesk.credentials.service import create_api_key
from polydesk.db.uow import unit_of_work
from polydesk.models.helpdesks import Helpdesk
from tests.dialects.invgate.conftest import API_AUTH, InvGate
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.org_support import AGENT, CUSTOMER, scope_refused, state
from tests.dialects.readydesk.calls import readydesk_call


def _group(invgate: InvGate, name: str) -> int:
    ident: int = invgate.ok("POST", "groups", data={"name": name})["id"]
    return ident


def _join(invgate: InvGate, group_id: int, *users: str) -> dict[str, bool]:
    form = [("id", group_id), *(("users[]", invgate.users[user]) for user in users)]
    answer: dict[str, bool] = invgate.ok("POST", "groups.users", data=form)
    return answer


def test_create_answers_the_id_and_the_list_has_the_seeds_shape(invgate: InvGate) -> None:
    created = invgate.ok("POST", "groups", data={"name": "Accounting"})
    _join(invgate, created["id"], "alice", "carla")
    _group(invgate, "Legal")

    listed = invgate.ok("GET", "groups")
    one = invgate.ok("GET", "groups", {"id": created["id"]})
    by_name = invgate.ok("GET", "groups", {"name": "Legal"})

    check_row(created, response_fields("POST", "groups"))
    assert [(row["name"], row["total"]) for row in listed] == [("Accounting", 2), ("Legal", 0)]
    for row in listed:
        check_row(row, response_fields("GET", "groups"))
    assert one == {"id": created["id"], "total": 2, "name": "Accounting"}
    assert by_name["name"] == "Legal" and by_name["total"] == 0


def test_members_are_added_listed_and_removed(invgate: InvGate) -> None:
    group_id = _group(invgate, "Accounting")
    alice, carla = invgate.users["alice"], invgate.users["carla"]

    added = _join(invgate, group_id, "alice", "carla")
    again = _join(invgate, group_id, "alice")
    listed = invgate.ok("GET", "groups.users", {"id": group_id})
    narrowed = invgate.ok("GET", "groups.users", {"id": group_id, "user_id": carla})
    removed = invgate.ok(
        "DELETE", "groups.users", data=[("id", group_id), ("users[]", carla), ("users[]", 4)]
    )

    assert added == {str(alice): True, str(carla): True}
    assert again == {str(alice): False}
    assert [row["username"] for row in listed] == ["alice", "carla"]
    for row in listed:
        check_row(row, response_fields("GET", "groups.users"))
    assert listed[0] == {"id": alice, "username": "alice", "name": "alice",
                         "email": "alice@example.com"}  # fmt: skip
    assert [row["id"] for row in narrowed] == [carla]
    assert removed == {str(carla): True, "4": False}
    assert [row["id"] for row in invgate.ok("GET", "groups.users", {"id": group_id})] == [alice]


def test_delete_removes_the_group_and_its_memberships(invgate: InvGate) -> None:
    group_id = _group(invgate, "Accounting")
    _join(invgate, group_id, "alice")

    answer = invgate.ok("DELETE", "groups", data={"id": group_id})

    assert answer["status"] == "OK"
    check_row(answer, response_fields("DELETE", "groups"), extra=frozenset({"info"}))
    assert invgate.ok("GET", "groups") == []
    assert state(invgate)["members"] == []
    assert _group(invgate, "Accounting") > 0  # the name is free again


def test_a_group_a_help_desk_uses_is_kept_disabled(invgate: InvGate) -> None:
    group_id = _group(invgate, "Network team")
    with unit_of_work(invgate.runtime.factory) as session:
        session.get_one(Helpdesk, invgate.helpdesk_id).group_id = group_id

    answer = invgate.ok("DELETE", "groups", data={"id": group_id})

    assert "disabled" in answer["info"]
    assert invgate.ok("GET", "groups") == []
    assert state(invgate)["groups"] == [(group_id, "Network team", False)]
    company = invgate.ok("POST", "companies", data={"name": "Acme"})["id"]
    joined = invgate.call("POST", "groups.users", data=[("id", group_id), ("users[]", 2)])
    link = [("id", company), ("groups[]", group_id)]
    linked = invgate.call("POST", "companies.groups", data=link)
    assert [r.json()["error"] for r in (joined, linked)] == ["group.not_found"] * 2


def test_groups_written_here_are_the_native_apis_groups(invgate: InvGate) -> None:
    group_id = _group(invgate, "Accounting")
    _join(invgate, group_id, "alice")

    native = invgate.client.get("/polydesk/v1/groups", headers=API_AUTH).json()["items"]
    members = invgate.client.get(f"/polydesk/v1/groups/{group_id}/members", headers=API_AUTH)

    assert [(row["id"], row["name"]) for row in native] == [(group_id, "Accounting")]
    assert [row["login"] for row in members.json()] == ["alice"]


def test_readydesk_shows_the_membership_written_here(invgate: InvGate) -> None:
    """ReadyDesk's techs carry their users groups as ``customer_groups``."""
    sales, legal = _group(invgate, "Sales"), _group(invgate, "Legal")
    _join(invgate, sales, "alice")
    _join(invgate, legal, "alice")
    with unit_of_work(invgate.runtime.factory) as session:
        key = create_api_key(
            session, SYSTEM, dialect="readydesk", allowed_ips=[], user_id=invgate.users["api"]
        )

    answer = readydesk_call(invgate.client, key, "get_techs", fmt="json", uid="alice")

    [tech] = json.loads(answer)["techs"]
    assert tech["customer_groups"] == f"{sales},{legal}"


def test_refusals_change_nothing(invgate: InvGate) -> None:
    group_id = _group(invgate, "Accounting")
    before = state(invgate)

    taken = invgate.call("POST", "groups", data={"name": "Accounting"})
    unknown = invgate.call("DELETE", "groups", data={"id": 999})
    unknown_user = invgate.call(
        "POST", "groups.users", data=[("id", group_id), ("users[]", 2), ("users[]", 999)]
    )
    unknown_read = invgate.call("GET", "groups", {"id": 999})
    agent = invgate.call("POST", "groups", data={"name": "Legal"}, headers=AGENT)
    agent_join = invgate.call(
        "POST", "groups.users", data=[("id", group_id), ("users[]", 2)], headers=AGENT
    )
    customer = invgate.call("GET", "groups", headers=CUSTOMER)
    blank = invgate.call("POST", "groups", data={"name": "  "})
    comma = invgate.call("POST", "groups.users", data={"id": group_id, "users": "2,3"})

    assert [r.json() for r in (taken, unknown, unknown_user, unknown_read)] == [
        {"status": "ERROR", "error": "group.name_taken",
         "info": "group 'Accounting' already exists"},
        {"status": "ERROR", "error": "group.not_found", "info": "group 999 not found"},
        {"status": "ERROR", "error": "user.not_found", "info": "user 999 not found"},
        {"status": "ERROR", "error": "group.not_found", "info": "group 999 not found"},
    ]  # fmt: skip
    assert [r.status_code for r in (agent, agent_join, customer)] == [403, 403, 403]
    assert agent.json() == {"error": "administrator rights required", "status": 403}
    assert [r.status_code for r in (blank, comma)] == [428, 428]
    assert state(invgate) == before


def test_an_agent_reads_groups(invgate: InvGate) -> None:
    group_id = _group(invgate, "Accounting")
    assert invgate.ok("GET", "groups", headers=AGENT)[0]["id"] == group_id
    assert invgate.ok("GET", "groups.users", {"id": group_id}, headers=AGENT) == []


def test_tokens_need_the_groups_scopes(invgate: InvGate) -> None:
    scope_refused(invgate, "POST", "groups", {"name": "Accounting"})
    group_id = invgate.ok("GET", "groups")[0]["id"]
    scope_refused(invgate, "POST", "groups.users", [("id", group_id), ("users[]", 2)])
    scope_refused(invgate, "GET", "groups.users", {"id": group_id})
