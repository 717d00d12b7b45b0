"""The InvGate world of ``conftest.py`` built only through the public surface (issue 14): the
first start (``public_install``), then a site file for the help desk "Service Desk", the API user
``api`` (an admin), the agent ``alice`` in that desk and the customers ``carla`` and ``dave``
(each with the password the apply generated). Ids are read through public APIs: users and help
desks from the native API, categories from InvGate's own ``categories``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.dialects.invgate.calls import InvGateCalls
from tests.public import V1, PublicInstall

WORLD = """\
helpdesks:
  - name: Service Desk
users:
  - {login: api, role: admin}
  - {login: alice, role: agent, helpdesks: [Service Desk]}
  - {login: carla, role: customer}
  - {login: dave, role: customer}
"""


@dataclass
class PublicInvGate(InvGateCalls):
    """``conftest.InvGate``'s helpers on a public install; ``auth`` is the API user's."""

    public: PublicInstall
    client: TestClient
    users: dict[str, int]
    helpdesk_id: int
    category_id: int

    def default_headers(self) -> dict[str, str]:
        return self.auth

    @property
    def auth(self) -> dict[str, str]:
        return self.public.login("api")

    def password(self, login: str) -> str:
        return self.public.passwords[login]

    def apply(self, document: str) -> httpx.Response:
        """A site file through the admin API as the API user (the answer, whatever it is)."""
        return self.client.post(
            f"{V1}/config/apply", headers=self.auth, json={"document": document}
        )


def native_id(public: PublicInstall, path: str, key: str, value: str) -> int:
    """The id of the row of a native list (``users``, ``helpdesks``) whose ``key`` is ``value``."""
    params: dict[str, Any] = {"limit": 50}
    if path == "users":
        params["q"] = value
    answer = public.client.get(f"{V1}/{path}", headers=public.admin, params=params)
    assert answer.status_code == 200, answer.text
    [found] = [row["id"] for row in answer.json()["items"] if row[key] == value]
    return int(found)


def category_id(public: PublicInstall, path: str) -> int:
    """A category's id from InvGate's own ``categories`` list, by its path (``A/B``)."""
    answer = public.client.get("/api/v1/categories", headers=public.admin)
    assert answer.status_code == 200, answer.text
    rows = {int(row["id"]): row for row in answer.json()}

    def path_of(row: dict[str, Any]) -> str:
        parent = rows.get(row["parent_category_id"] or 0)
        return row["name"] if parent is None else f"{path_of(parent)}/{row['name']}"

    [found] = [ident for ident, row in rows.items() if path_of(row) == path]
    return found


@pytest.fixture
def public_invgate(public_install: PublicInstall) -> PublicInvGate:
    public_install.apply(WORLD)
    users = {
        login: native_id(public_install, "users", "login", login)
        for login in ("api", "alice", "carla", "dave")
    }
    desk = native_id(public_install, "helpdesks", "name", "Service Desk")
    category = category_id(public_install, "Incident/Hardware")
    return PublicInvGate(public_install, public_install.client, users, desk, category)


def view_id(invgate: PublicInvGate, name: str) -> int:
    """A shared view's id, from the native API's list of views."""
    answer = invgate.client.get("/polydesk/v1/views", headers=invgate.public.admin)
    assert answer.status_code == 200, answer.text
    [ident] = [view["id"] for view in answer.json() if view["name"] == name]
    return int(ident)


def entity_ids(invgate: PublicInvGate, *names: str) -> dict[str, int]:
    """External entities' ids by name, from the native API's list of them."""
    answer = invgate.client.get("/polydesk/v1/external-entities", headers=invgate.public.admin)
    assert answer.status_code == 200, answer.text
    found = {row["name"]: int(row["id"]) for row in answer.json()}
    return {name: found[name] for name in names}
