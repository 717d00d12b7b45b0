"""Users through the admin pages: what the form stores is what the native API reads back
(role, name, e-mail, company, memberships with their access, groups, disabled), the new
password signs in; a refused form shows the core's message next to its field, keeps the input,
answers 422 and changes nothing."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.groups.service import GroupCreate, create_group
from polydesk.runtime import Runtime
from tests.factories import make_company, make_helpdesk
from tests.web.admin.conftest import PASSWORD, Admin
from tests.web.pages import sign_in

API = "/polydesk/v1"
BOSS = ("boss", PASSWORD)


def _native(client: TestClient, path: str) -> Any:
    answer = client.get(API + path, auth=BOSS)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _user_id(location: str) -> int:
    found = re.fullmatch(r"/admin/users/(\d+)\?saved=1", location)
    assert found, location
    return int(found.group(1))


def _setup(runtime: Runtime) -> dict[str, int]:
    with unit_of_work(runtime.factory) as session:
        other = make_helpdesk(session, "Payroll")
        company = make_company(session, "Initech")
        group = create_group(session, SYSTEM, GroupCreate(name="Night shift"))
        return {"payroll": other.id, "company": company.id, "group": group.id}


def test_an_admin_creates_an_agent_who_can_sign_in(admin: Admin, runtime: Runtime) -> None:
    ids = _setup(runtime)
    answer = admin.post("/admin/users", {
        "login": "milton", "first_name": "Milton", "last_name": "Waddams",
        "email": "milton@example.com", "role": "agent", "password": "stapler-42",
        "company_id": ids["company"], "group_ids": [ids["group"]],
        "access": [f"{admin.desk_id}:write", f"{ids['payroll']}:read"],
    })  # fmt: skip
    assert answer.status_code == 303, answer.text
    user_id = _user_id(answer.headers["location"])
    stored = _native(admin.client, f"/users/{user_id}")
    assert (stored["login"], stored["first_name"], stored["email"]) == (
        "milton",
        "Milton",
        "milton@example.com",
    )
    assert (stored["role"], stored["company_id"], stored["is_enabled"]) == (
        "agent",
        ids["company"],
        True,
    )
    desk = _native(admin.client, f"/helpdesks/{admin.desk_id}/members")
    payroll = _native(admin.client, f"/helpdesks/{ids['payroll']}/members")
    assert {m["login"]: m["writable"] for m in desk}["milton"] is True
    assert {m["login"]: m["writable"] for m in payroll}["milton"] is False
    group = _native(admin.client, f"/groups/{ids['group']}/members")
    assert [m["login"] for m in group] == ["milton"]
    page = admin.client.get(answer.headers["location"])
    assert "Saved." in page.text and 'value="1:write" selected' in page.text
    fresh = TestClient(admin.client.app)
    signed = sign_in(fresh, "milton", "stapler-42")
    assert signed.status_code == 303 and signed.headers["location"] == "/console"


def test_editing_changes_the_account_and_its_memberships(admin: Admin, runtime: Runtime) -> None:
    ids = _setup(runtime)
    made = admin.post("/admin/users", {
        "login": "bob", "role": "agent", "access": [f"{admin.desk_id}:write"],
        "group_ids": [ids["group"]],
    })  # fmt: skip
    user_id = _user_id(made.headers["location"])
    answer = admin.post(f"/admin/users/{user_id}", {
        "first_name": "Bob", "last_name": "Slydell", "role": "agent", "disabled": "on",
        "access": [f"{admin.desk_id}:", f"{ids['payroll']}:write"], "password": "",
    })  # fmt: skip
    assert answer.status_code == 303, answer.text
    stored = _native(admin.client, f"/users/{user_id}")
    assert (stored["first_name"], stored["last_name"], stored["is_enabled"]) == (
        "Bob",
        "Slydell",
        False,
    )
    assert "bob" not in {
        m["login"] for m in _native(admin.client, f"/helpdesks/{admin.desk_id}/members")
    }
    assert "bob" in {
        m["login"] for m in _native(admin.client, f"/helpdesks/{ids['payroll']}/members")
    }
    assert _native(admin.client, f"/groups/{ids['group']}/members") == []


def test_a_bad_login_is_shown_next_to_the_field_and_nothing_is_made(admin: Admin) -> None:
    answer = admin.post(
        "/admin/users", {"login": "no spaces", "first_name": "Kept", "role": "agent"}
    )
    assert answer.status_code == 422
    assert 'value="no spaces"' in answer.text and 'value="Kept"' in answer.text
    assert 'aria-describedby="login-error"' in answer.text
    assert re.search(r'id="login-error" role="alert">Use 1 to 191 letters', answer.text)
    assert _native(admin.client, "/users?q=Kept")["items"] == []


def test_a_taken_login_is_refused_next_to_the_login(admin: Admin) -> None:
    answer = admin.post("/admin/users", {"login": "ann", "role": "agent"})
    assert answer.status_code == 422
    assert 'id="login-error" role="alert">Login &#39;ann&#39; is already in use.' in answer.text


def test_a_refusal_half_way_undoes_the_new_account(admin: Admin) -> None:
    # The account is made first, then the core refuses a customer in a help desk: the whole
    # form is undone, not only its last step.
    answer = admin.post("/admin/users", {
        "login": "walkin", "role": "customer", "access": [f"{admin.desk_id}:write"],
    })  # fmt: skip
    assert answer.status_code == 422
    assert (
        'id="helpdesks-error"' in answer.text and "Customers cannot join help desks" in answer.text
    )
    assert _native(admin.client, "/users?q=walkin")["items"] == []


def test_a_bad_email_or_a_missing_company_is_refused(admin: Admin) -> None:
    bad = admin.post("/admin/users", {"login": "eve", "role": "agent", "email": "not-mail"})
    assert bad.status_code == 422 and 'id="email-error"' in bad.text
    gone = admin.post("/admin/users", {"login": "eve", "role": "agent", "company_id": "99999"})
    assert gone.status_code == 422 and 'id="company_id-error"' in gone.text
    forged = admin.post("/admin/users", {"login": "eve", "role": "agent", "access": ["x:write"]})
    assert forged.status_code == 422 and 'id="helpdesks-error"' in forged.text
    assert _native(admin.client, "/users?q=eve")["items"] == []


def test_the_list_searches_filters_and_pages(admin: Admin) -> None:
    for number in range(30):
        admin.post("/admin/users", {"login": f"temp{number:02d}", "role": "customer"})
    first = admin.client.get("/admin/users", params={"q": "temp", "role": "customer"})
    assert "30 users" in first.text and len(re.findall(r'href="/admin/users/\d', first.text)) == 25
    assert 'href="/admin/users?q=temp&amp;role=customer&amp;page=2"' in first.text
    second = admin.client.get("/admin/users", params={"q": "temp", "role": "customer", "page": 2})
    assert (
        len(re.findall(r'href="/admin/users/\d', second.text)) == 5
        and "Previous page" in second.text
    )
    agents = admin.client.get("/admin/users", params={"role": "agent"})
    assert ">ann</a>" in agents.text and "temp00" not in agents.text


def test_deleting_a_user_nothing_names_removes_it(admin: Admin) -> None:
    made = admin.post("/admin/users", {"login": "brief", "role": "customer"})
    user_id = _user_id(made.headers["location"])
    answer = admin.post(f"/admin/users/{user_id}/delete", {})
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/users?deleted=1"
    assert admin.client.get(API + f"/users/{user_id}", auth=BOSS).status_code == 404
    assert "The user was deleted." in admin.client.get(answer.headers["location"]).text


def test_an_admin_cannot_delete_themselves(admin: Admin) -> None:
    me = _native(admin.client, "/me")
    answer = admin.post(f"/admin/users/{me['id']}/delete", {})
    assert answer.status_code == 403 and "cannot delete your own account" in answer.text
