"""Groups, companies, locations and help desks through the admin pages: stored as the native
API (or, for locations, the core) reads them back; members added by login and taken out; the
core's refusals next to their fields with status 422, nothing changed."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from polydesk.companies.locations import get_location
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.slas import SlaCreate, create_sla
from polydesk.runtime import Runtime
from tests.web.admin.conftest import PASSWORD, Admin

API = "/polydesk/v1"


def _native(client: TestClient, path: str) -> Any:
    answer = client.get(API + path, auth=("boss", PASSWORD))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _made(answer: Any, kind: str) -> int:
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(rf"/admin/{kind}/(\d+)\?saved=1", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


def test_groups_with_members(admin: Admin) -> None:
    parent = _made(admin.post("/admin/groups", {"name": "Support"}), "groups")
    group = _made(
        admin.post(
            "/admin/groups", {"name": "Night", "email": "night@example.com", "parent_id": parent}
        ),
        "groups",
    )
    stored = _native(admin.client, f"/groups/{group}")
    assert (stored["name"], stored["email"], stored["parent_id"]) == (
        "Night",
        "night@example.com",
        parent,
    )
    assert admin.post(f"/admin/groups/{group}/members", {"login": "ann"}).status_code == 303
    assert [m["login"] for m in _native(admin.client, f"/groups/{group}/members")] == ["ann"]
    page = admin.client.get(f"/admin/groups/{group}")
    assert ">ann</a>" in page.text
    unknown = admin.post(f"/admin/groups/{group}/members", {"login": "nobody"})
    assert unknown.status_code == 422 and 'id="member_login-error"' in unknown.text
    ann = _native(admin.client, "/users?q=ann")["items"][0]["id"]
    assert admin.post(f"/admin/groups/{group}/members/{ann}/remove", {}).status_code == 303
    assert _native(admin.client, f"/groups/{group}/members") == []
    again = admin.post(f"/admin/groups/{group}/members/{ann}/remove", {})
    assert again.status_code == 404


def test_group_refusals_show_by_their_fields(admin: Admin) -> None:
    first = _made(admin.post("/admin/groups", {"name": "Support"}), "groups")
    taken = admin.post("/admin/groups", {"name": "Support", "description": "kept"})
    assert (
        taken.status_code == 422
        and 'id="name-error"' in taken.text
        and ">kept</textarea>" in taken.text
    )
    child = _made(admin.post("/admin/groups", {"name": "Child", "parent_id": first}), "groups")
    cycle = admin.post(f"/admin/groups/{first}", {"name": "Support", "parent_id": child})
    assert cycle.status_code == 422 and 'id="parent_id-error"' in cycle.text
    assert _native(admin.client, f"/groups/{first}")["parent_id"] is None
    empty = admin.post("/admin/groups", {"name": "  "})
    assert empty.status_code == 422 and 'id="name-error"' in empty.text


def test_disabling_and_deleting_a_group(admin: Admin) -> None:
    group = _made(admin.post("/admin/groups", {"name": "Old"}), "groups")
    assert (
        admin.post(f"/admin/groups/{group}", {"name": "Old", "disabled": "on"}).status_code == 303
    )
    assert _native(admin.client, f"/groups/{group}")["is_enabled"] is False
    gone = admin.post(f"/admin/groups/{group}/delete", {})
    assert gone.headers["location"] == "/admin/groups?deleted=1"


def test_companies(admin: Admin) -> None:
    company = _made(
        admin.post("/admin/companies", {"name": "Initech", "city": "Austin", "country": "US"}),
        "companies",
    )
    stored = _native(admin.client, f"/companies/{company}")
    assert (stored["name"], stored["code"], stored["country"]) == ("Initech", "Initech", "US")
    assert 'value="Austin"' in admin.client.get(f"/admin/companies/{company}").text
    changed = admin.post(
        f"/admin/companies/{company}", {"name": "Initech", "code": "INI", "city": "Dallas"}
    )
    assert changed.status_code == 303
    assert _native(admin.client, f"/companies/{company}")["code"] == "INI"
    assert 'value="Dallas"' in admin.client.get(f"/admin/companies/{company}").text
    taken = admin.post("/admin/companies", {"name": "initech"})
    assert taken.status_code == 422 and 'id="name-error"' in taken.text
    assert admin.post(f"/admin/companies/{company}/delete", {}).status_code == 303
    assert (
        admin.client.get(API + f"/companies/{company}", auth=("boss", PASSWORD)).status_code == 404
    )


def test_locations(admin: Admin, runtime: Runtime) -> None:
    hq = _made(admin.post("/admin/locations", {"name": "HQ", "address": "1 Main St"}), "locations")
    floor = _made(admin.post("/admin/locations", {"name": "Floor 2", "parent_id": hq}), "locations")
    assert ">Floor 2</a>" in admin.client.get("/admin/locations").text
    taken = admin.post("/admin/locations", {"name": "HQ"})
    assert taken.status_code == 422 and 'id="name-error"' in taken.text
    assert admin.post(f"/admin/locations/{hq}/delete", {}).status_code == 303
    with unit_of_work(runtime.factory) as session:
        assert [get_location(session, i).is_enabled for i in (hq, floor)] == [False, False]  # type: ignore[union-attr]


def test_help_desks_with_levels_sla_and_members(admin: Admin, runtime: Runtime) -> None:
    with unit_of_work(runtime.factory) as session:
        sla = create_sla(session, SYSTEM, SlaCreate(name="Gold", resolution_minutes=240)).id
    desk = _made(admin.post("/admin/helpdesks", {
        "name": "Hardware", "assignment_engine": "round_robin", "sla_id": sla,
        "levels": "Front desk\r\nSpecialists\r\n",
    }), "helpdesks")  # fmt: skip
    stored = _native(admin.client, f"/helpdesks/{desk}")
    assert (stored["assignment_engine"], stored["sla_id"]) == ("round_robin", sla)
    assert [level["name"] for level in stored["levels"]] == ["Front desk", "Specialists"]
    added = admin.post(
        f"/admin/helpdesks/{desk}/members", {"login": "ann", "access": "read", "level": 2}
    )
    assert added.status_code == 303
    members = _native(admin.client, f"/helpdesks/{desk}/members")
    assert [(m["login"], m["writable"], m["level"]) for m in members] == [("ann", False, 2)]
    in_use = admin.post(f"/admin/helpdesks/{desk}", {"name": "Hardware", "levels": "Front desk"})
    assert in_use.status_code == 422 and 'id="levels-error"' in in_use.text
    assert len(_native(admin.client, f"/helpdesks/{desk}")["levels"]) == 2
    customer = admin.post(
        f"/admin/helpdesks/{desk}/members", {"login": "cy", "access": "write", "level": 1}
    )
    assert customer.status_code == 422 and 'id="member_login-error"' in customer.text
    no_level = admin.post(
        f"/admin/helpdesks/{desk}/members", {"login": "boss", "access": "write", "level": 3}
    )
    assert no_level.status_code == 422 and 'id="member_level-error"' in no_level.text
    ann = members[0]["id"]
    assert admin.post(f"/admin/helpdesks/{desk}/members/{ann}/remove", {}).status_code == 303
    assert _native(admin.client, f"/helpdesks/{desk}/members") == []


def test_help_desk_refusals(admin: Admin) -> None:
    long_level = admin.post("/admin/helpdesks", {"name": "Long", "levels": "x" * 151})
    assert long_level.status_code == 422 and 'id="levels-error"' in long_level.text
    engine = admin.post("/admin/helpdesks", {"name": "Odd", "assignment_engine": "lottery"})
    assert engine.status_code == 422 and 'id="assignment_engine-error"' in engine.text
    no_sla = admin.post("/admin/helpdesks", {"name": "Odd", "sla_id": "9999"})
    assert no_sla.status_code == 422 and 'id="sla_id-error"' in no_sla.text
    names = [desk["name"] for desk in _native(admin.client, "/helpdesks")["items"]]
    assert "Long" not in names and "Odd" not in names
    disabled = admin.post(
        f"/admin/helpdesks/{admin.desk_id}", {"name": "Service desk", "disabled": "on"}
    )
    assert disabled.status_code == 303
    assert _native(admin.client, f"/helpdesks/{admin.desk_id}")["is_enabled"] is False
