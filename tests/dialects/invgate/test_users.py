"""Users: golden shapes from the seed's response tables for every user operation, the
membership shape of ``users.groups``, ``users.by`` paging, account states (disable, enable,
delete, convert), passwords and tokens, OAuth scopes, and bad input that changes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from polydesk.companies.locations import LocationCreate, create_location
from polydesk.companies.service import CompanyCreate, create_company
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.groups.service import GroupCreate, add_member, create_group
from polydesk.models.users import User
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer as scoped_bearer

ALICE, CARLA = basic("alice", "pw"), basic("carla", "pw")
STATUS_ONLY = (
    ("PUT", "user"),
    ("POST", "user.convert"),
    ("PUT", "user.disable"),
    ("PUT", "user.enable"),
    ("PUT", "user.password"),
    ("POST", "user.password.reset"),
    ("DELETE", "user"),
)
FULL = {
    "name": "Nora",
    "lastname": "Quinn",
    "email": "nora.quinn@example.com",
    "username": "nquinn",
    "pass": "Tulips-2024",
    "office": "+54 11 4000 0001",
    "birthday": "1990-04-01",
    "department": "Finance",
    "doc": "30111222",
    "position": "Controller",
    "address": "Av. Siempreviva 742",
    "city": "Buenos Aires",
    "country": "Argentina",
    "fax": "+54 11 4000 0002",
    "phone": "+54 11 4000 0003",
    "other": "+54 11 4000 0004",
    "other-email": "nora@home.example",
    "employee_number": "E-0042",
    "mobile": "+54 9 11 5000 0005",
}


#: the user object's field -> the native API's (users.schemas.UserProfile)
NATIVE_NAMES = {
    "name": "first_name", "lastname": "last_name", "username": "login", "email": "email",
    "other_email": "other_email", "phone": "phone", "office": "office_phone",
    "mobile": "mobile", "fax": "fax", "other": "other_phone", "birthday": "birthday",
    "doc": "national_id", "position": "position", "department": "department",
    "employee_number": "employee_number", "address": "address", "city": "city",
    "country": "country", "manager_id": "manager_id", "is_external": "is_external",
}  # fmt: skip


def _create(invgate: InvGate, **fields: Any) -> dict[str, Any]:
    form = {"name": "Nora", "lastname": "Quinn", "email": "nora.quinn@example.com", **fields}
    body: dict[str, Any] = invgate.ok("POST", "user", data=form)
    return body


def _user(invgate: InvGate, ident: int) -> User:
    with unit_of_work(invgate.runtime.factory) as session:
        found = session.get_one(User, ident)
        session.expunge(found)
        return found


def _rows(invgate: InvGate) -> list[tuple[Any, ...]]:
    """Every user as stored: a refusal must leave this unchanged."""
    with unit_of_work(invgate.runtime.factory) as session:
        users = session.scalars(select(User).order_by(User.id))
        return [
            (u.id, u.login, u.email, u.first_name, u.last_name, u.is_enabled, u.deleted_at,
             u.is_external, u.password_hash, u.location_id)
            for u in users
        ]  # fmt: skip


def test_create_answers_the_full_user_object(invgate: InvGate) -> None:
    with unit_of_work(invgate.runtime.factory) as session:
        create_location(session, SYSTEM, LocationCreate(name="Head Office"))

    body = _create(invgate, **FULL, localization="Head Office", manager_id=invgate.users["alice"])

    check_row(body, response_fields("POST", "user"))
    assert body == {
        "id": body["id"], "name": "Nora", "lastname": "Quinn", "username": "nquinn",
        "email": "nora.quinn@example.com", "other_email": "nora@home.example",
        "is_deleted": False, "is_disabled": False, "is_external": False,
        "user_type": 2, "role_name": "End user", "type": 1,
        "phone": "+54 11 4000 0003", "office": "+54 11 4000 0001", "mobile": "+54 9 11 5000 0005",
        "fax": "+54 11 4000 0002", "other": "+54 11 4000 0004", "birthday": "1990-04-01",
        "doc": "30111222", "position": "Controller", "department": "Finance",
        "employee_number": "E-0042", "location": "Head Office", "address": "Av. Siempreviva 742",
        "city": "Buenos Aires", "country": "Argentina", "manager_id": invgate.users["alice"],
    }  # fmt: skip
    # the password given works: the new user reads themselves with it
    me = invgate.ok("GET", "user", {"id": body["id"]}, headers=basic("nquinn", "Tulips-2024"))
    assert me == body
    # every input reads back through the native API too, under the core's names
    native = invgate.client.get(f"/polydesk/v1/users/{body['id']}", headers=API_AUTH).json()
    assert {core: native[core] for core in NATIVE_NAMES.values()} == {
        core: body[wire] for wire, core in NATIVE_NAMES.items()
    }
    assert native["location_id"] is not None and native["must_change_password"] is False


def test_the_username_defaults_to_the_email(invgate: InvGate) -> None:
    body = _create(invgate)

    assert body["username"] == "nora.quinn@example.com"
    assert (body["phone"], body["location"], body["manager_id"]) == ("", "", None)


def test_get_user_by_and_users_answer_the_same_object(invgate: InvGate) -> None:
    created = _create(invgate, **FULL)
    ident = created["id"]

    got = invgate.ok("GET", "user", {"id": ident})
    by_email = invgate.ok("GET", "user.by", {"email": "NORA.QUINN@example.com"})
    by_login = invgate.ok("GET", "user.by", {"username": "nquinn"})
    listed = invgate.ok("GET", "users", [("ids[]", ident), ("ids[]", invgate.users["alice"])])

    check_row(got, response_fields("GET", "user"))
    check_row(by_email, response_fields("GET", "user.by"))
    for row in listed:
        check_row(row, response_fields("GET", "users"))
    assert got == by_email == by_login == created
    assert [row["id"] for row in listed] == [invgate.users["alice"], ident]
    assert listed[0]["user_type"] == 1 and listed[0]["role_name"] == "Agent"


def test_users_without_ids_lists_everyone_enabled(invgate: InvGate) -> None:
    ident = _create(invgate)["id"]
    invgate.ok("PUT", "user.disable", data={"id": invgate.users["dave"]})

    everyone = [row["id"] for row in invgate.ok("GET", "users")]
    with_disabled = [row["id"] for row in invgate.ok("GET", "users", {"include_disabled": 1})]

    users = invgate.users
    assert everyone == [users["api"], users["alice"], users["carla"], ident]
    assert with_disabled == sorted([*everyone, users["dave"]])


def test_mutations_answer_status_ok(invgate: InvGate) -> None:
    ident = _create(invgate, is_external=1)["id"]
    forms = {
        ("PUT", "user"): {"id": ident, "department": "Audit"},
        ("POST", "user.convert"): {"id": ident},
        ("PUT", "user.password"): {"id": ident, "password": "N3w-pass"},
        ("POST", "user.password.reset"): {"id": ident, "type": "RESET_PASSWORD"},
        ("PUT", "user.disable"): {"id": ident},
        ("PUT", "user.enable"): {"id": ident},
        ("DELETE", "user"): {"id": ident},
    }
    assert set(forms) == set(STATUS_ONLY)
    for method, endpoint in forms:  # in this order: deleting comes last
        body = invgate.ok(method, endpoint, data=forms[(method, endpoint)])
        check_row(body, response_fields(method, endpoint), extra=frozenset({"info"}))
        assert body["status"] == "OK"


def test_update_changes_only_what_is_given(invgate: InvGate) -> None:
    ident = _create(invgate, **FULL)["id"]
    form = {"id": ident, "name": "Norah", "other-email": "", "city": "Rosario",
            "language": "es", "username": "norah.q", "email": "norah@example.com"}  # fmt: skip

    invgate.ok("PUT", "user", data=form)

    after = invgate.ok("GET", "user", {"id": ident})
    assert (after["name"], after["lastname"], after["username"]) == ("Norah", "Quinn", "norah.q")
    assert (after["email"], after["other_email"], after["city"]) == (
        "norah@example.com",
        "",
        "Rosario",
    )
    assert after["department"] == "Finance"
    assert _user(invgate, ident).language == "es"


def test_disable_enable_and_delete(invgate: InvGate) -> None:
    carla = invgate.users["carla"]
    invgate.ok("PUT", "user.disable", data={"id": carla})

    hidden = invgate.call("GET", "user", {"id": carla}).json()
    shown = invgate.ok("GET", "user", {"id": carla, "include_disabled": "true"})
    locked_out = invgate.call("GET", "user", {"id": carla}, headers=CARLA)
    assert (hidden["status"], hidden["error"]) == ("ERROR", "user.not_found")
    assert shown["is_disabled"] is True and shown["is_deleted"] is False
    assert locked_out.status_code == 401

    invgate.ok("PUT", "user.enable", data={"id": carla})
    assert invgate.ok("GET", "user", {"id": carla}, headers=CARLA)["is_disabled"] is False

    invgate.ok("DELETE", "user", data={"id": carla})
    deleted = invgate.ok("GET", "user", {"id": carla, "include_disabled": 1})
    again = invgate.call("PUT", "user.enable", data={"id": carla}).json()
    assert (deleted["is_deleted"], deleted["is_disabled"]) == (True, True)
    assert (again["status"], again["error"]) == ("ERROR", "user.deleted")
    assert invgate.call("GET", "user", {"id": carla}, headers=CARLA).status_code == 401


def test_a_deleted_user_keeps_their_requests(invgate: InvGate) -> None:
    ident = invgate.create()  # Carla's request

    invgate.ok("DELETE", "user", data={"id": invgate.users["carla"]})

    assert invgate.ok("GET", "incident", {"id": ident})["user_id"] == invgate.users["carla"]


def test_change_password_and_convert(invgate: InvGate) -> None:
    external = _create(invgate, username="ext", is_external=1)
    assert external["is_external"] is True
    invgate.ok("PUT", "user.password", data={"id": invgate.users["alice"], "password": "Fresh-1"})

    assert invgate.call("GET", "users", headers=ALICE).status_code == 401
    assert invgate.call("GET", "users", headers=basic("alice", "Fresh-1")).status_code == 200

    invgate.ok("POST", "user.convert", data={"id": external["id"]})
    twice = invgate.call("POST", "user.convert", data={"id": external["id"]}).json()
    assert invgate.ok("GET", "user", {"id": external["id"]})["is_external"] is False
    assert (twice["status"], twice["error"]) == ("ERROR", "user.not_external")


def test_a_user_changes_their_own_password_but_not_anothers(invgate: InvGate) -> None:
    form = {"id": invgate.users["carla"], "password": "Mine-2"}
    own = invgate.call("PUT", "user.password", data=form, headers=CARLA)
    other = invgate.call(
        "PUT", "user.password", data={"id": invgate.users["dave"], "password": "x"},
        headers=basic("carla", "Mine-2"),
    )  # fmt: skip

    assert own.status_code == 200 and own.json()["status"] == "OK"
    assert other.status_code == 403


def test_user_token_works_on_the_native_api(invgate: InvGate) -> None:
    body = invgate.ok("POST", "user.token", data={"id": invgate.users["carla"]})

    check_row(body, response_fields("POST", "user.token"))
    me = invgate.client.get("/polydesk/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["login"] == "carla"
    invgate.ok("PUT", "user.disable", data={"id": invgate.users["carla"]})
    gone = invgate.client.get(
        "/polydesk/v1/me", headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert gone.status_code == 401


def test_users_by_matches_parts_or_exact_values_and_pages_by_ten(invgate: InvGate) -> None:
    created = [
        _create(invgate, email=f"p{n}@example.com", username=f"person{n}", mobile=f"+1 5550{n:02}")
        for n in range(12)
    ]
    made = [row["id"] for row in created]

    first = invgate.ok("GET", "users.by", {"phones": "5550"})
    second = invgate.ok("GET", "users.by", {"phones": "5550", "page_key": first["next_page_key"]})
    exact = invgate.ok("GET", "users.by", {"username": "PERSON1", "exact_match": 1})
    part = invgate.ok("GET", "users.by", {"username": "person1"})

    assert set(first) == {"data", "next_page_key"}
    for row in first["data"].values():
        check_row(row, response_fields("GET", "users.by"))
    assert [int(key) for key in first["data"]] == made[:10]
    assert [int(key) for key in second["data"]] == made[10:]
    assert second["next_page_key"] is None
    assert list(exact["data"]) == [str(made[1])]
    assert [int(key) for key in part["data"]] == [made[1], made[10], made[11]]


def test_users_groups_answers_each_users_memberships(invgate: InvGate) -> None:
    alice = invgate.users["alice"]
    with unit_of_work(invgate.runtime.factory) as session:
        group = create_group(session, SYSTEM, GroupCreate(name="Network team"))
        add_member(session, SYSTEM, group_id=group.id, user_id=alice)
        company = create_company(session, SYSTEM, CompanyCreate(name="Acme"))
        place = create_location(session, SYSTEM, LocationCreate(name="Floor 3"))
        user = session.get_one(User, alice)
        user.company_id, user.location_id = company.id, place.id
        ids = (group.id, company.id, place.id)

    rows = invgate.ok("GET", "users.groups", [("ids[]", alice), ("ids[]", invgate.users["dave"])])

    fields = response_fields("GET", "users.groups")
    for row in rows:
        check_row(row, fields)
    assert rows[0] == {
        "id": alice, "username": "alice", "email": "alice@example.com",
        "groups": {str(ids[0]): "Network team"}, "companies": {str(ids[1]): "Acme"},
        "helpdesks": {str(invgate.helpdesk_id): "Service Desk"},
        "locations": {str(ids[2]): "Floor 3"},
        "groups_observed": {}, "companies_observed": {}, "helpdesks_observed": {},
        "locations_observed": {},
    }  # fmt: skip
    assert rows[1]["groups"] == rows[1]["helpdesks"] == {}


def test_users_groups_shows_what_a_user_observes(invgate: InvGate) -> None:
    alice = invgate.users["alice"]
    with unit_of_work(invgate.runtime.factory) as session:
        group = create_group(session, SYSTEM, GroupCreate(name="Network team")).id
        company = create_company(session, SYSTEM, CompanyCreate(name="Acme")).id
    for endpoint, ident in (("groups", group), ("companies", company)):
        form = {"id": ident, "observer_users[]": alice}
        invgate.ok("POST", f"{endpoint}.observers", data=form)
    invgate.ok(
        "POST", "helpdesks.observers", data={"id": invgate.helpdesk_id, "observer_users[]": alice}
    )

    [row] = invgate.ok("GET", "users.groups", [("ids[]", alice)])

    assert row["groups_observed"] == {str(group): "Network team"}
    assert row["companies_observed"] == {str(company): "Acme"}
    assert row["helpdesks_observed"] == {str(invgate.helpdesk_id): "Service Desk"}
    assert row["locations_observed"] == {}


def test_customers_see_only_themselves_and_agents_only_read(invgate: InvGate) -> None:
    dave = invgate.users["dave"]
    other = invgate.call("GET", "user", {"id": dave}, headers=CARLA).json()
    listed = invgate.ok("GET", "users", headers=CARLA)
    memberships = invgate.call("GET", "users.groups", {"ids[]": dave}, headers=CARLA).json()
    agent_reads = invgate.ok("GET", "user", {"id": dave}, headers=ALICE)
    before = _rows(invgate)

    agent_writes = [
        invgate.call("POST", "user", data={"name": "X", "lastname": "Y", "email": "x@example.com"},
                     headers=ALICE),
        invgate.call("PUT", "user", data={"id": dave, "name": "Z"}, headers=ALICE),
        invgate.call("PUT", "user.disable", data={"id": dave}, headers=ALICE),
        invgate.call("DELETE", "user", data={"id": dave}, headers=ALICE),
        invgate.call("POST", "user.token", data={"id": dave}, headers=ALICE),
    ]  # fmt: skip

    assert (other["status"], other["error"]) == ("ERROR", "user.not_found")
    assert [row["id"] for row in listed] == [invgate.users["carla"]]
    assert (memberships["status"], memberships["error"]) == ("ERROR", "user.not_found")
    assert agent_reads["id"] == dave
    assert [answer.status_code for answer in agent_writes] == [403] * 5
    assert _rows(invgate) == before


def test_refusals_change_nothing(invgate: InvGate) -> None:
    _create(invgate, username="nquinn")
    external = _create(invgate, username="ext", email="ext@example.com", is_external=1)["id"]
    dave = invgate.users["dave"]
    before = _rows(invgate)

    refused = [
        invgate.call("GET", "user", {"id": 9999}).json(),
        invgate.call("GET", "user.by", {"email": "nobody@example.com"}).json(),
        invgate.call("PUT", "user", data={"id": 9999, "name": "X"}).json(),
        invgate.call("DELETE", "user", data={"id": 9999}).json(),
        _create_raw(invgate, email="NORA.quinn@example.com", username="other"),
        _create_raw(invgate, email="other@example.com", username="NQuinn"),
        invgate.call("PUT", "user", data={"id": dave, "email": "nora.quinn@example.com"}).json(),
        invgate.call("POST", "user", data={"name": "A", "lastname": "B", "email": "a@example.com",
                                           "localization": "Mars"}).json(),
        _create_raw(invgate, email="e@example.com", is_external=1, **{"pass": "x"}),
        invgate.call("PUT", "user.password", data={"id": external, "password": "x"}).json(),
    ]  # fmt: skip
    malformed = [
        invgate.call("POST", "user", data={"name": "A", "lastname": "B", "email": "not-an-addr"}),
        invgate.call("GET", "user", {"id": "abc"}),
        invgate.call("GET", "user.by"),
        invgate.call("GET", "users.by", {"page_key": "zzz", "username": "a"}),
        invgate.call("GET", "users.by"),
        invgate.call("GET", "users", {"ids": "1,2"}),
        invgate.call("PUT", "user", data={"id": dave, "language": "xx"}),
        invgate.call("PUT", "user", data={"id": dave, "name": " "}),
        invgate.call("POST", "user.password.reset", data={"id": dave, "type": "OTHER"}),
        invgate.call("PUT", "user.disable", data={"id": "-1"}),
        invgate.call("PUT", "user", data={"id": dave, "other-email": "home"}),
        invgate.call("PUT", "user", data={"id": dave, "username": "two words"}),
    ]  # fmt: skip

    assert [(body["status"], body["error"]) for body in refused] == [
        ("ERROR", "user.not_found"), ("ERROR", "user.not_found"), ("ERROR", "user.not_found"),
        ("ERROR", "user.not_found"), ("ERROR", "user.email_taken"), ("ERROR", "user.login_taken"),
        ("ERROR", "user.email_taken"), ("ERROR", "location.not_found"),
        ("ERROR", "user.external_password"), ("ERROR", "user.external"),
    ]  # fmt: skip
    assert [answer.status_code for answer in malformed] == [428] * len(malformed)
    assert all(set(answer.json()) == {"error", "status"} for answer in malformed)
    assert _rows(invgate) == before


def test_an_admin_cannot_disable_or_delete_themselves(invgate: InvGate) -> None:
    me = invgate.users["api"]
    before = _rows(invgate)

    answers = [invgate.call("PUT", "user.disable", data={"id": me}),
               invgate.call("DELETE", "user", data={"id": me})]  # fmt: skip

    assert [answer.status_code for answer in answers] == [403, 403]
    assert _rows(invgate) == before


def test_a_token_needs_each_user_operations_scope(invgate: InvGate) -> None:
    scopes = ["api.v1.user:get", "api.v1.users:get"]
    bearer = scoped_bearer(invgate, " ".join(scopes), registered=scopes)
    before = _rows(invgate)

    allowed = invgate.call("GET", "user", {"id": invgate.users["carla"]}, headers=bearer)
    denied = invgate.call(
        "PUT", "user.disable", data={"id": invgate.users["carla"]}, headers=bearer
    )

    assert allowed.status_code == 200 and allowed.json()["id"] == invgate.users["carla"]
    assert denied.status_code == 403
    assert denied.json() == {
        "error": "The access token does not have the scope api.v1.user.disable:put",
        "status": 403,
    }
    assert _rows(invgate) == before


def _create_raw(invgate: InvGate, **fields: Any) -> Any:
    form = {"name": "Nora", "lastname": "Quinn", **fields}
    return invgate.call("POST", "user", data=form).json()


def test_counts_match_for_the_shared_helpers(invgate: InvGate) -> None:
    assert state.count(invgate, User) == len(invgate.users)


def test_a_disabled_user_gets_no_token(invgate: InvGate) -> None:
    invgate.ok("PUT", "user.disable", data={"id": invgate.users["dave"]})

    answer = invgate.call("POST", "user.token", data={"id": invgate.users["dave"]}).json()

    assert (answer["status"], answer["error"]) == ("ERROR", "user.disabled")
