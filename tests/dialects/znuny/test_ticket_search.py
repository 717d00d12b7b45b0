"""TicketSearch over HTTP, byte for byte (spec §5.6, the seed's parameter list and example, and
the cases of Znuny's own TicketSearch.t, §9).

Four tickets, created at 07:00, 08:00, 09:00 and 10:00 (the frozen "now"), so the default order
(``Age`` ``Down``, newest first) is t4, t3, t2, t1:

=====  ======================  ==========  ======================  ===========  ===============
name   title                   queue       state (type)            priority     customer (co.)
=====  ======================  ==========  ======================  ===========  ===============
t1     Printer on fire         Raw         new (new)               3 normal     customer1 ACME
t2     Mail server down        Misc        open (open)             5 very high  customer3 BETA
t3     Umlauts äöüßÄÖÜ€ис      Junk        closed successful       1 very low   customer2 ACME
t4     Hi there                Postmaster  pending reminder        4 high       customer3 BETA
=====  ======================  ==========  ======================  ===========  ===============

t1 has type Unclassified and service Incident::Hardware; t2 was created by agent1 (its owner)
and has an internal article; t4 is owned (and so locked) by agent2, root is responsible, and it
is pending until 12:00. Everything else is root@localhost's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from polydesk.authz.actors import actor_for
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.customfields import FieldType
from polydesk.users.service import get_user_by_login
from polydesk.webservices.service import save_webservice
from tests.dialects.znuny.conftest import AGENT, CUSTOMER, NOW, ROOT, ZNUNY7, Znuny
from tests.factories import make_user

AUTH_FAIL = {
    "Error": {
        "ErrorCode": "TicketSearch.AuthFail",
        "ErrorMessage": "TicketSearch: Authorization failing!",
    }
}
AGENT2 = {"UserLogin": "agent2", "Password": "agent2"}
CUSTOMER3 = {"CustomerUserLogin": "customer3", "Password": "customer3"}


def at(hour: int, minute: int = 0) -> datetime:
    return NOW.replace(hour=hour, minute=minute)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def found(*ids: str) -> dict[str, Any]:
    """The answer for these tickets, in this order; none is ``{}`` (spec §5.6)."""
    return {"TicketID": list(ids)} if ids else {}


def get(znuny: Znuny, auth: dict[str, str] | None = None, **params: Any) -> Any:
    """The classic layout: ``GET /Ticket`` with everything in the query string."""
    return znuny.call("GET", "/Ticket", params={**(auth or ROOT), **params})


def post(znuny: Znuny, auth: dict[str, str] | None = None, **body: Any) -> Any:
    """The Znuny 7 layout: ``POST /Ticket/Search`` with a JSON body."""
    return znuny.call("POST", "/Ticket/Search", body={**(auth or ROOT), **body}, service=ZNUNY7)


def both(znuny: Znuny, auth: dict[str, str] | None = None, **params: Any) -> Any:
    """Ask through both layouts; they must agree."""
    answer = post(znuny, auth, **params)
    assert get(znuny, auth, **params) == answer
    return answer


def create_at(znuny: Znuny, moment: datetime, title: str, **kwargs: Any) -> str:
    with frozen(moment):
        answer = znuny.create(title, **kwargs)
    assert "TicketID" in answer, answer
    ticket_id: str = answer["TicketID"]
    return ticket_id


def update_at(znuny: Znuny, moment: datetime, ticket_id: str, **body: Any) -> None:
    with frozen(moment):
        answer = znuny.call("PATCH", f"/Ticket/{ticket_id}", body={**ROOT, **body})
    assert answer.get("TicketID") == ticket_id, answer


def note(subject: str, body: str, *, internal: bool = False) -> dict[str, Any]:
    return {
        "Subject": subject,
        "Body": body,
        "ContentType": "text/plain; charset=utf8",
        "IsVisibleForCustomer": 0 if internal else 1,
    }


@dataclass
class Desk:
    znuny: Znuny
    t1: str
    t2: str
    t3: str
    t4: str

    @property
    def all(self) -> dict[str, Any]:
        return found(self.t4, self.t3, self.t2, self.t1)


@pytest.fixture
def desk(znuny: Znuny) -> Desk:
    t1 = create_at(
        znuny,
        at(7),
        "Printer on fire",
        ticket={"Type": "Unclassified", "Service": "Incident::Hardware"},
        article={
            "Subject": "Toner empty",
            "Body": "The printer has no toner left",
            "From": "Printer Bot <bot@printer.example>",
            "To": "helpdesk@example.org",
        },
    )
    t2 = create_at(
        znuny,
        at(8),
        "Mail server down",
        auth=AGENT,
        ticket={
            "Queue": "Misc",
            "State": "open",
            "Priority": "5 very high",
            "CustomerUser": "customer3",
        },
        article={"Subject": "Outage", "Body": "A text for the body, not too long"},
    )
    update_at(znuny, at(8, 30), t2, Article=note("Note", "secret workaround", internal=True))
    t3 = create_at(
        znuny,
        at(9),
        "Umlauts äöüßÄÖÜ€ис",
        ticket={
            "Queue": "Junk",
            "State": "closed successful",
            "Priority": "1 very low",
            "CustomerUser": "customer2",
        },
    )
    t4 = create_at(
        znuny,
        at(10),
        "Hi there",
        ticket={
            "Queue": "Postmaster",
            "State": "pending reminder",
            "PendingTime": {"Diff": 120},
            "Priority": "4 high",
            "CustomerUser": "customer3",
            "Owner": "agent2",
            "Responsible": "root@localhost",
        },
    )
    return Desk(znuny, t1, t2, t3, t4)


# --- layouts, the seed's example, the answer's shape -------------------------------------------


def test_classic_layout_reads_repeated_query_keys_as_lists(desk: Desk) -> None:
    response = desk.znuny.request(
        "GET", "/Ticket", params={**ROOT, "States": ["new", "open"]}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.content == f'{{"TicketID":["{desk.t2}","{desk.t1}"]}}'.encode()


def test_znuny7_layout_takes_a_json_body(desk: Desk) -> None:
    assert post(desk.znuny, States=["new", "open"]) == found(desk.t2, desk.t1)
    assert post(desk.znuny, States="new") == found(desk.t1)


def test_default_order_is_newest_first(desk: Desk) -> None:
    assert both(desk.znuny) == desk.all
