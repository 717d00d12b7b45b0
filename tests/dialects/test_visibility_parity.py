"""One visibility for every edge: an agent whose ticket scope is ``own`` (ReadyDesk's
``viewable_tickets=OWN``) and the members of a help desk that grants only some sources
(ReadyDesk's tech group ``sources``) read exactly the same tickets through the native API,
Integria, InvGate, Motadata, ReadyDesk, Znuny and the web UI's console, and those are the
tickets ``authz.tickets`` says.

The installation (made through the core services in each product's test installation):

    desk    sources  members               tickets (owner)
    Open    every    own-agent, colleague  t1 (nobody), t2 (colleague), t3 (own-agent)
    Phones  Phone    src-agent, colleague  t4 phone, t5 mail (nobody), t6 mail (src-agent)
    Closed  every    nobody                t7 (nobody), t8 (colleague; own-agent responsible)

- own-agent reads t1 and t3 of its desk (not t2: someone else's) and t8 (responsible);
- src-agent reads t4 (a phone ticket of its desk) and t6 (its own), not t5 (mail);
- colleague reads all of Open, only the phone ticket of Phones, and t8 (its own).

Each edge reads every ticket id one by one with the agent's own credentials (its product's "get
one" call), and where the product has a list, lists them too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM, Role, TicketScope
from polydesk.credentials.service import create_api_key
from polydesk.db import Session
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.catalogs import Source
from polydesk.runtime import Runtime
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from polydesk.users.schemas import UserUpdate
from polydesk.users.service import update_user
from tests.dialects.edges import V1, basic
from tests.dialects.integria.conftest import (
    Integria,
    integria,  # noqa: F401  (the fixture)
)
from tests.dialects.invgate.conftest import (
    InvGate,
    invgate,  # noqa: F401  (the fixture)
)
from tests.dialects.motadata.conftest import (
    Motadata,
    motadata,  # noqa: F401  (the fixture)
)
from tests.dialects.readydesk.conftest import (
    ReadyDesk,
    rd,  # noqa: F401  (the fixture)
)
from tests.dialects.znuny.conftest import (
    ZNUNY7,
    Znuny,
    znuny,  # noqa: F401  (the fixture)
)
from tests.factories import make_user
from tests.web.pages import sign_in

PASSWORD = "parity-pw"
AGENTS = ("own-agent", "src-agent", "colleague")
#: Ticket names each agent reads (see the module docstring).
EXPECTED = {
    "own-agent": {"t1", "t3", "t8"},
    "src-agent": {"t4", "t6"},
    "colleague": {"t1", "t2", "t3", "t4", "t8"},
}


@dataclass(frozen=True)
class World:
    tickets: dict[str, int]  # name -> id
    users: dict[str, int]  # login -> id

    def names(self, ids: set[int]) -> set[str]:
        return {name for name, ident in self.tickets.items() if ident in ids}


def build(runtime: Runtime) -> World:
    with unit_of_work(runtime.factory) as session:
        phone = Source(name="Parity phone", position=991)
        mail = Source(name="Parity mail", position=992)
        session.add_all([phone, mail])
        session.flush()
        desks = {
            "Open": create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Parity open")),
            "Phones": create_helpdesk(
                session, SYSTEM, HelpdeskCreate(name="Parity phones", source_ids=[phone.id])
            ),
            "Closed": create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Parity closed")),
        }
        member_of = {"own-agent": ["Open"], "src-agent": ["Phones"],
                     "colleague": ["Open", "Phones"]}  # fmt: skip
        users = {
            login: make_user(
                session,
                login=login,
                password=PASSWORD,
                helpdesks=[desks[name] for name in member_of[login]],
            ).id
            for login in AGENTS
        }
        update_user(session, SYSTEM, users["own-agent"], UserUpdate(ticket_scope=TicketScope.OWN))
        rows: dict[str, dict[str, Any]] = {
            "t1": {"desk": "Open"},
            "t2": {"desk": "Open", "owner_id": users["colleague"]},
            "t3": {"desk": "Open", "owner_id": users["own-agent"]},
            "t4": {"desk": "Phones", "source_id": phone.id},
            "t5": {"desk": "Phones", "source_id": mail.id},
            "t6": {"desk": "Phones", "source_id": mail.id, "owner_id": users["src-agent"]},
            "t7": {"desk": "Closed"},
            "t8": {
                "desk": "Closed",
                "owner_id": users["colleague"],
                "responsible_id": users["own-agent"],
            },
        }
        tickets = {name: _ticket(session, name, desks, fields) for name, fields in rows.items()}
    return World(tickets, users)


def _ticket(session: Session, name: str, desks: dict[str, Any], fields: dict[str, Any]) -> int:
    desk = desks[fields.pop("desk")]
    command = TicketCreate(title=f"Parity {name}", helpdesk_id=desk.id, **fields)
    return create_ticket(session, SYSTEM, command).id


# --- what each edge shows the agent ------------------------------------------------------------

Reader = Callable[[Any, World, str], set[int]]


def native_reads(site: Any, world: World, login: str) -> set[int]:
    auth = basic(login, PASSWORD)
    one = {
        ident
        for ident in world.tickets.values()
        if site.client.get(f"{V1}/tickets/{ident}", headers=auth).status_code == 200
    }
    listed = site.client.get(f"{V1}/tickets", params={"limit": 100}, headers=auth)
    assert listed.status_code == 200, listed.text
    assert {row["id"] for row in listed.json()["items"]} & set(world.tickets.values()) == one
    return one


def integria_reads(site: Integria, world: World, login: str) -> set[int]:
    who = {"user": login, "password": PASSWORD}
    one = {
        ident
        for ident in world.tickets.values()
        if site.call("get_incident_details", str(ident), **who).split(",")[0] == str(ident)
    }
    rows = json.loads(site.call("get_incidents", ",0,1", return_type="json", **who))
    listed = {int(row["id_incidencia"]) for row in rows}
    assert listed & set(world.tickets.values()) == one
    return one


def invgate_reads(site: InvGate, world: World, login: str) -> set[int]:
    auth = basic(login, PASSWORD)
    one = set()
    for ident in world.tickets.values():
        answer = site.call("GET", "incident", {"id": ident}, headers=auth)
        body = answer.json()
        if answer.status_code == 200 and not (isinstance(body, dict) and "error" in body):
            assert body["id"] == ident
            one.add(ident)
    return one


def motadata_reads(site: Motadata, world: World, login: str) -> set[int]:
    auth = site.auth(login, PASSWORD)
    return {
        ident
        for ident in world.tickets.values()
        if site.client.get(f"/api/v1/incident/{ident}", headers=auth).status_code == 200
    }


def readydesk_reads(site: ReadyDesk, world: World, login: str) -> set[int]:
    with unit_of_work(site.runtime.factory) as session:
        key = create_api_key(
            session, SYSTEM, dialect="readydesk", allowed_ips=[], user_id=world.users[login]
        )
    site.key = key

    def tids(**variables: str) -> set[int]:
        rows = json.loads(site.call("get_tickets", fmt="json", **variables))["tickets"]
        return {int(row["tid"]) for row in rows}

    one = {ident for ident in world.tickets.values() if tids(tid=str(ident)) == {ident}}
    assert tids(tid="*") & set(world.tickets.values()) == one
    return one


def znuny_reads(site: Znuny, world: World, login: str) -> set[int]:
    auth = {"UserLogin": login, "Password": PASSWORD}
    one = {
        ident
        for ident in world.tickets.values()
        if "Ticket" in site.call("GET", f"/Ticket/{ident}", params=auth)
    }
    found = site.call("POST", "/Ticket/Search", body=auth, service=ZNUNY7)
    listed = {int(ident) for ident in found.get("TicketID", [])}
    assert listed & set(world.tickets.values()) == one
    return one


def web_reads(site: Any, world: World, login: str) -> set[int]:
    """The web UI: the agent signs in through the form; a ticket page opens (200) or is the
    not-found page, and the console's list (every status) links the same tickets."""
    with TestClient(site.client.app) as browser:
        answer = sign_in(browser, login, PASSWORD)
        assert answer.status_code == 303, answer.text
        one = {
            ident
            for ident in world.tickets.values()
            if browser.get(f"/console/tickets/{ident}").status_code == 200
        }
        page = browser.get("/console", params={"status": "any"})
        assert page.status_code == 200, page.text
    listed = {int(found) for found in re.findall(r'href="/console/tickets/(\d+)"', page.text)}
    assert listed & set(world.tickets.values()) == one
    return one


EDGES: dict[str, tuple[str, Reader]] = {
    "integria": ("integria", integria_reads),
    "invgate": ("invgate", invgate_reads),
    "motadata": ("motadata", motadata_reads),
    "readydesk": ("rd", readydesk_reads),
    "znuny": ("znuny", znuny_reads),
    "web": ("rd", web_reads),
}


@pytest.mark.parametrize("name", list(EDGES))
def test_every_edge_shows_an_agent_the_tickets_authz_grants(
    name: str, request: pytest.FixtureRequest
) -> None:
    fixture, reads = EDGES[name]
    site = request.getfixturevalue(fixture)
    world = build(site.runtime)
    for login in AGENTS:
        native = native_reads(site, world, login)
        assert (login, world.names(native)) == (login, EXPECTED[login])
        assert (name, login, world.names(reads(site, world, login))) == (
            name,
            login,
            EXPECTED[login],
        )


def test_an_admin_reads_them_all_whatever_its_scope(rd: ReadyDesk) -> None:  # noqa: F811
    world = build(rd.runtime)
    with unit_of_work(rd.runtime.factory) as session:
        admin = make_user(session, Role.ADMIN, login="parity-admin", password=PASSWORD)
        update_user(session, SYSTEM, admin.id, UserUpdate(ticket_scope=TicketScope.OWN))
        world.users["parity-admin"] = admin.id
    assert world.names(native_reads(rd, world, "parity-admin")) == set(world.tickets)
    assert world.names(readydesk_reads(rd, world, "parity-admin")) == set(world.tickets)
