"""Native API, configuration as code (issue 14): admins export, apply, read and put site-file
entries; nobody else reaches any configuration route; a bad file changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"

SITE_FILE = """\
helpdesks:
  - name: Service desk
    description: First line
    levels: [Level 1, Level 2]
  - name: Network
    parent: Service desk
groups:
  - name: Network team
companies:
  - name: Initech
    city: Austin
users:
  - login: jane
    email: jane@initech.example
    first_name: Jane
    role: agent
    company: Initech
    helpdesks: [Service desk, Network]
    groups: [Network team]
"""

#: Every configuration route, with a body that an admin could send.
ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/config", None),
    ("POST", "/config/apply", {"document": SITE_FILE}),
    ("POST", "/config/apply?dry_run=true", {"document": SITE_FILE}),
    ("GET", "/config/presets", None),
    ("POST", "/config/presets/znuny/apply", None),
    ("POST", "/config/presets/znuny/apply?dry_run=true", None),
    ("GET", "/config/helpdesks", None),
    ("GET", "/config/helpdesks/Service desk", None),
    ("PUT", "/config/helpdesks/Service desk", {"description": "taken over"}),
]


def _headers(runtime: Runtime, role: Role = Role.ADMIN) -> dict[str, str]:
    with runtime.factory() as session, session.begin():
        return token_for(session, make_user(session, role))


def _export(client: TestClient, admin: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"{V1}/config", headers=admin)
    assert response.status_code == 200, response.text
    exported: dict[str, Any] = response.json()
    return exported


def _apply(
    client: TestClient, admin: dict[str, str], document: str, *, dry_run: bool = False
) -> Any:
    return client.post(
        f"{V1}/config/apply",
        headers=admin,
        params={"dry_run": "true"} if dry_run else None,
        json={"document": document},
    )


def _entries(exported: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    key = "login" if section == "users" else "name"
    return {entry[key]: entry for entry in exported.get(section, [])}


def test_admin_applies_exports_and_reads_entries(client: TestClient, runtime: Runtime) -> None:
    admin = _headers(runtime)
    response = _apply(client, admin, SITE_FILE)
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["dry_run"] is False
    assert plan["summary"] == {"create": 5, "update": 0, "keep": 0}
    assert [(s["section"], s["name"], s["action"], s["line"]) for s in plan["steps"]] == [
        ("helpdesks", "Service desk", "create", 2),
        ("helpdesks", "Network", "create", 5),
        ("groups", "Network team", "create", 8),
        ("companies", "Initech", "create", 10),
        ("users", "jane", "create", 13),
    ]
    [secret] = plan["created_users"]
    assert secret["name"] == "jane" and len(secret["generated_password"]) >= 12

    exported = _export(client, admin)
    desks = _entries(exported, "helpdesks")
    assert desks["Service desk"]["levels"] == ["Level 1", "Level 2"]
    assert desks["Network"]["parent"] == "Service desk"
    assert _entries(exported, "companies")["Initech"]["city"] == "Austin"
    jane = _entries(exported, "users")["jane"]
    assert jane["helpdesks"] == ["Network", "Service desk"]
    assert jane["groups"] == ["Network team"] and jane["company"] == "Initech"
    assert "password" not in jane and "generated_password" not in jane

    listed = client.get(f"{V1}/config/helpdesks", headers=admin)
    assert listed.status_code == 200
    assert {"Service desk", "Network"} <= {desk["name"] for desk in listed.json()}
    one = client.get(f"{V1}/config/users/jane", headers=admin)
    assert one.status_code == 200 and one.json() == jane
    presets = client.get(f"{V1}/config/presets", headers=admin)
    assert presets.status_code == 200 and "znuny" in presets.json()["presets"]

    missing = client.get(f"{V1}/config/users/nobody", headers=admin)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "users.not_found"
    section = client.get(f"{V1}/config/queues", headers=admin)
    assert section.status_code == 404
    assert section.json()["error"]["code"] == "configuration.no_section"


@pytest.mark.parametrize("role", [Role.AGENT, Role.CUSTOMER])
@pytest.mark.parametrize(("method", "route", "body"), ROUTES)
def test_only_admins_reach_configuration(
    client: TestClient,
    runtime: Runtime,
    role: Role,
    method: str,
    route: str,
    body: dict[str, Any] | None,
) -> None:
    admin, other = _headers(runtime), _headers(runtime, role)
    assert _apply(client, admin, SITE_FILE).status_code == 200
    before = _export(client, admin)
    response = client.request(method, f"{V1}{route}", headers=other, json=body)
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"] and "details" in error
    assert _export(client, admin) == before


def test_anonymous_callers_are_refused(client: TestClient) -> None:
    for method, route, body in ROUTES:
        response = client.request(method, f"{V1}{route}", json=body)
        assert response.status_code == 401, (route, response.text)


BAD_FILES = {
    "invalid YAML": ("groups:\n  - name: [unclosed\n", None),
    "unknown section": ("groups:\n  - name: Fine\nqueues:\n  - name: Raw\n", 3),
    "wrong type": ("groups:\n  - name: Fine\nhelpdesks:\n  - name: X\n    levels: 5\n", 5),
    "not a list": ("helpdesks:\n  name: X\n", 2),
    "unknown help desk": (
        "groups:\n  - name: Fine\nusers:\n  - login: bob\n    role: agent\n"
        "    helpdesks: [Nowhere]\n",
        4,
    ),
    "unknown company": ("users:\n  - login: bob\n    company: Nowhere Inc\n", 2),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_naming_its_line_and_changes_nothing(
    client: TestClient, runtime: Runtime, name: str
) -> None:
    document, line = BAD_FILES[name]
    admin = _headers(runtime)
    before = _export(client, admin)
    for dry_run in (True, False):
        response = _apply(client, admin, document, dry_run=dry_run)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "configuration.invalid" and error["message"]
        problems = error["details"]["problems"]
        assert problems and all(problem["message"] for problem in problems)
        if line is not None:
            assert line in [problem["line"] for problem in problems], problems
        else:
            assert problems[0]["line"] >= 1
    assert _export(client, admin) == before


HOSTILE: list[tuple[str, str, Any]] = [
    ("POST", "/config/apply", {"document": "groups:\n  - name: Nul\x00here\n"}),
    ("POST", "/config/apply", {"document": "groups:\n  - name: Fine\n\x00"}),
    ("POST", "/config/apply", {"document": 5}),
    ("POST", "/config/apply", {"document": "x" * 2_000_001}),
    ("POST", "/config/apply", {}),
    ("POST", "/config/apply", ["not", "an", "object"]),
    ("PUT", "/config/groups/Nul", {"description": "a\x00b"}),
    ("PUT", "/config/groups/Fine", {"description": ["not", "text"]}),
    ("PUT", "/config/groups/Fine", {"colour": "blue"}),
    ("PUT", "/config/groups/Fine", {"name": "Other"}),
    ("PUT", "/config/users/bob", {"role": "emperor"}),
    ("PUT", "/config/users/bob", {"helpdesks": ["Nowhere"], "role": "agent"}),
    ("PUT", "/config/queues/Raw", {"description": "x"}),
    ("GET", "/config/groups/a%00b", None),
    ("POST", "/config/presets/nosuch/apply", None),
]


@pytest.mark.parametrize(("method", "route", "body"), HOSTILE)
def test_hostile_input_gets_the_native_envelope_and_changes_nothing(
    client: TestClient, runtime: Runtime, method: str, route: str, body: Any
) -> None:
    admin = _headers(runtime)
    before = _export(client, admin)
    response = client.request(method, f"{V1}{route}", headers=admin, json=body)
    assert 400 <= response.status_code < 500, response.text
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "details"} and error["code"], error
    assert _export(client, admin) == before


def test_dry_run_changes_nothing_and_plans_what_the_apply_does(
    client: TestClient, runtime: Runtime
) -> None:
    admin = _headers(runtime)
    before = _export(client, admin)
    trial = _apply(client, admin, SITE_FILE, dry_run=True)
    assert trial.status_code == 200, trial.text
    assert trial.json()["dry_run"] is True and trial.json()["created_users"] == []
    assert _export(client, admin) == before
    real = _apply(client, admin, SITE_FILE)
    assert real.status_code == 200, real.text
    assert real.json()["steps"] == trial.json()["steps"]
    assert (
        real.json()["summary"]
        == trial.json()["summary"]
        == {
            "create": 5,
            "update": 0,
            "keep": 0,
        }
    )


def test_applying_twice_keeps_everything_the_second_time(
    client: TestClient, runtime: Runtime
) -> None:
    admin = _headers(runtime)
    assert _apply(client, admin, SITE_FILE).status_code == 200
    after_first = _export(client, admin)
    again = _apply(client, admin, SITE_FILE)
    assert again.status_code == 200, again.text
    assert {step["action"] for step in again.json()["steps"]} == {"keep"}
    assert again.json()["summary"] == {"create": 0, "update": 0, "keep": 5}
    assert again.json()["created_users"] == []
    assert _export(client, admin) == after_first
    # The export itself, applied, is all "keep" too.
    exported = _export(client, admin)
    whole = _apply(client, admin, json.dumps(exported))
    assert whole.status_code == 200, whole.text
    assert whole.json()["summary"]["create"] == whole.json()["summary"]["update"] == 0


@pytest.mark.parametrize(
    ("section", "name", "create", "change"),
    [
        (
            "users",
            "jane",
            {"email": "jane@initech.example", "first_name": "Jane", "role": "agent"},
            {"last_name": "Doe"},
        ),
    ],
)
def test_put_creates_then_changes_one_field_only(
    client: TestClient,
    runtime: Runtime,
    section: str,
    name: str,
    create: dict[str, Any],
    change: dict[str, Any],
) -> None:
    admin = _headers(runtime)
    url = f"{V1}/config/{section}/{name}"
    created = client.put(url, headers=admin, json=create)
    assert created.status_code == 200, created.text
    [step] = created.json()["steps"]
    assert (step["section"], step["name"], step["action"]) == (section, name, "create")
    first = client.get(url, headers=admin).json()
    assert {key: first[key] for key in create} == create

    changed = client.put(url, headers=admin, json=change)
    assert changed.status_code == 200, changed.text
    [step] = changed.json()["steps"]
    assert step["action"] == "update" and step["fields"] == sorted(change)
    assert changed.json()["created_users"] == []
    assert client.get(url, headers=admin).json() == {**first, **change}

    same = client.put(url, headers=admin, json=change)
    assert same.status_code == 200 and same.json()["steps"][0]["action"] == "keep"


def test_delete_disables_an_entry_and_is_admin_only(client: TestClient, runtime: Runtime) -> None:
    admin = _headers(runtime)
    assert _apply(client, admin, SITE_FILE).status_code == 200
    agent = _headers(runtime, Role.AGENT)
    refused = client.delete(f"{V1}/config/groups/Network team", headers=agent)
    assert refused.status_code == 403
    removed = client.delete(f"{V1}/config/groups/Network team", headers=admin)
    assert removed.json() == {"name": "Network team", "result": "disabled"}
    assert client.get(f"{V1}/config/groups/Network team", headers=admin).json()["enabled"] is False
    missing = client.delete(f"{V1}/config/groups/Nobody", headers=admin)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "groups.not_found"
