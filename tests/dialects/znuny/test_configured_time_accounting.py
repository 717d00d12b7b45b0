"""TimeAccountingGet is gated by membership of the group ``timeaccounting_webservice`` (Znuny's
rule; an agent without it gets NoPermission). Here the group and the membership come only from
the public surface (issue 14): the ``znuny`` preset through the admin API makes the group, a site
file through ``POST /polydesk/v1/config/apply`` puts agent2 in it and later takes it out again.
The time read is booked through TicketCreate's ``TimeUnit``."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

SERVICE = "TimeAccounting"
ROUTE = "/TimeAccountingGet"
QUERY = {
    "TimeAccountingUserLogin": "root@localhost",
    "TimeAccountingStart": "2024-11-24 00:00",
    "TimeAccountingEnd": "2024-11-25 00:00",
}
NO_PERMISSION = {
    "Error": {
        "ErrorCode": "TimeAccountingGet.NoPermission",
        "ErrorMessage": "TimeAccountingGet: No permission!",
    }
}


def _config(znuny: PublicZnuny, path: str, body: dict[str, Any]) -> list[tuple[str, str, str]]:
    response = znuny.client.post(f"{V1}/config{path}", headers=znuny.admin, json=body)
    assert response.status_code == 200, response.text
    return [(s["section"], s["name"], s["action"]) for s in response.json()["steps"]]


def _report(znuny: PublicZnuny, auth: dict[str, str]) -> Any:
    return znuny.call("POST", ROUTE, body={**auth, **QUERY}, service=SERVICE)


def test_a_configured_membership_opens_time_accounting(znuny: PublicZnuny) -> None:
    agent2 = znuny.agent("agent2")
    made = znuny.create("Booked", article={"TimeUnit": 45})
    assert "TicketID" in made, made
    assert _report(znuny, agent2) == NO_PERMISSION  # not in the group: there is no group yet

    preset = _config(znuny, "/presets/znuny/apply", {})
    assert ("groups", "timeaccounting_webservice", "create") in preset
    assert _report(znuny, agent2) == NO_PERMISSION  # the group alone gives nobody access

    joined = _config(znuny, "/apply", {"document": (
        "users:\n  - login: agent2\n    role: agent\n    groups: [timeaccounting_webservice]\n"
    )})  # fmt: skip
    assert joined == [("users", "agent2", "update")]

    answer = _report(znuny, agent2)
    [row] = answer["TimeAccountingResult"]
    assert (row["Queue"], row["TicketTitle"], row["TimeUnit"]) == ("Raw", "Booked", "45.00")
    assert row["TicketNumber"] == made["TicketNumber"]
    assert _report(znuny, znuny.root) == answer  # root reads it as an administrator, in no group


def test_a_membership_the_file_removes_closes_it_again(znuny: PublicZnuny) -> None:
    agent2 = znuny.agent("agent2")
    znuny.create("Booked", article={"TimeUnit": 5})
    _config(znuny, "/presets/znuny/apply", {})
    member = "users:\n  - login: agent2\n    groups: [timeaccounting_webservice]\n"
    _config(znuny, "/apply", {"document": member})
    assert "TimeAccountingResult" in _report(znuny, agent2)

    left = _config(znuny, "/apply", {"document": "users:\n  - login: agent2\n    groups: []\n"})

    assert left == [("users", "agent2", "update")]
    assert _report(znuny, agent2) == NO_PERMISSION
