"""Native API, a ticket's tasks (issue 14: the data InvGate's ``incident.tasks`` reads had no
public way in): added and moved through their states over HTTP, read back through InvGate.
The install is set up only through its public surface (``public.py``); the admin ``boss`` is a
site file's user with a native API token made by the admin API."""

from __future__ import annotations

from typing import Any

from tests.dialects.invgate.public import PublicInvGate

V1 = "/polydesk/v1"


def _admin_token(invgate: PublicInvGate, login: str) -> dict[str, str]:
    """A new admin (a site file) and a native API token for it (the admin API)."""
    invgate.public.apply(f"users:\n  - {{login: {login}, role: admin}}\n")
    token = invgate.public.post("/tokens", {"login": login})["token"]
    return {"Authorization": f"Bearer {token}"}


def test_tasks_added_over_http_are_invgates_tasks(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    client = invgate.client
    admin = _admin_token(invgate, "boss")
    ident = invgate.create()
    desk = invgate.helpdesk_id
    body: dict[str, Any] = {"name": "Check the cable", "is_required": True, "helpdesk_id": desk}
    first = client.post(f"{V1}/tickets/{ident}/tasks", headers=admin, json=body)
    assert first.status_code == 201, first.text
    second = client.post(
        f"{V1}/tickets/{ident}/tasks",
        headers=admin,
        json={"name": "Buy a printer", "assignee_id": invgate.users["alice"]},
    )
    assert second.status_code == 201, second.text
    done = client.put(
        f"{V1}/tasks/{second.json()['id']}/status", headers=admin, json={"status": "done"}
    )
    assert done.status_code == 200 and done.json()["completed_at"] is not None

    listed = client.get(f"{V1}/tickets/{ident}/tasks", headers=admin).json()
    assert [(t["name"], t["status"]) for t in listed] == [
        ("Check the cable", "open"),
        ("Buy a printer", "done"),
    ]
    rows = invgate.ok("GET", "incident.tasks", {"request_id": ident})
    assert [(row["task_id"], row["name"]) for row in rows] == [
        (first.json()["id"], "Check the cable"),
        (second.json()["id"], "Buy a printer"),
    ]
    assert (rows[0]["helpdesk_id"], rows[1]["agent_id"]) == (desk, invgate.users["alice"])


def test_tasks_refuse_customers_bad_moves_and_bad_input(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    client = invgate.client
    admin = _admin_token(invgate, "boss")
    ident = invgate.create()
    customer = client.post(
        f"{V1}/tickets/{ident}/tasks",
        headers=invgate.public.login("carla"),
        json={"name": "Sneaky"},
    )
    assert customer.status_code == 403
    task = client.post(
        f"{V1}/tickets/{ident}/tasks",
        headers=admin,
        json={"name": "Must", "is_required": True, "assignee_id": invgate.users["alice"]},
    ).json()
    skipped = client.put(
        f"{V1}/tasks/{task['id']}/status", headers=admin, json={"status": "skipped"}
    )
    assert skipped.status_code in (409, 422) and skipped.json()["error"]["code"].startswith("task.")
    for bad in ({"name": ""}, {"name": "x\u0000"}, {"name": "x", "assignee_id": 0}, {"nom": "x"}):
        answer = client.post(f"{V1}/tickets/{ident}/tasks", headers=admin, json=bad)
        assert answer.status_code == 422, (bad, answer.text)
    unassigned = client.post(f"{V1}/tickets/{ident}/tasks", headers=admin, json={"name": "x"})
    assert unassigned.json()["error"]["code"] == "task.unassigned"  # the ticket has no desk
    missing = client.post(f"{V1}/tickets/999999/tasks", headers=admin, json={"name": "x"})
    assert missing.status_code == 404
    assert [t["name"] for t in client.get(f"{V1}/tickets/{ident}/tasks", headers=admin).json()] == [
        "Must"
    ]
