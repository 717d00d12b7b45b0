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

from dataclasses import dataclass
from datetime import datetime
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


def get(znuny: Znuny, auth: dict[str, str] | None = None, /, **params: Any) -> Any:
    """The classic layout: ``GET /Ticket`` with everything in the query string."""
    return znuny.call("GET", "/Ticket", params={**(auth or ROOT), **params})


def post(znuny: Znuny, auth: dict[str, str] | None = None, /, **body: Any) -> Any:
    """The Znuny 7 layout: ``POST /Ticket/Search`` with a JSON body."""
    return znuny.call("POST", "/Ticket/Search", body={**(auth or ROOT), **body}, service=ZNUNY7)


def both(znuny: Znuny, auth: dict[str, str] | None = None, /, **params: Any) -> Any:
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

    def number(self, ticket_id: str) -> str:
        answer = self.znuny.call("GET", f"/Ticket/{ticket_id}", params=ROOT)
        number: str = answer["Ticket"][0]["TicketNumber"]
        return number


#: The four tickets (see the module docstring): when, title, and TicketCreate's other arguments.
TICKETS: list[tuple[datetime, str, dict[str, Any]]] = [
    (
        at(7),
        "Printer on fire",
        {
            "ticket": {"Type": "Unclassified", "Service": "Incident::Hardware"},
            "article": {
                "Subject": "Toner empty",
                "Body": "The printer has no toner left",
                "From": "Printer Bot <bot@printer.example>",
            },
        },
    ),
    (
        at(8),
        "Mail server down",
        {
            "auth": AGENT,
            "ticket": {
                "Queue": "Misc",
                "State": "open",
                "Priority": "5 very high",
                "CustomerUser": "customer3",
            },
            "article": {"Subject": "Outage", "Body": "A text for the body, not too long"},
        },
    ),
    (
        at(9),
        "Umlauts äöüßÄÖÜ€ис",
        {
            "ticket": {
                "Queue": "Junk",
                "State": "closed successful",
                "Priority": "1 very low",
                "CustomerUser": "customer2",
            }
        },
    ),
    (
        at(10),
        "Hi there",
        {
            "ticket": {
                "Queue": "Postmaster",
                "State": "pending reminder",
                "PendingTime": {"Diff": 120},
                "Priority": "4 high",
                "CustomerUser": "customer3",
                "Owner": "agent2",
                "Responsible": "root@localhost",
            }
        },
    ),
]


@pytest.fixture
def desk(znuny: Znuny) -> Desk:
    t1, t2, t3, t4 = (create_at(znuny, moment, title, **more) for moment, title, more in TICKETS)
    update_at(znuny, at(8, 30), t2, Article=note("Note", "secret workaround", internal=True))
    return Desk(znuny, t1, t2, t3, t4)


# --- layouts, the seed's example, the answer's shape -------------------------------------------


def test_classic_layout_reads_repeated_query_keys_as_lists(desk: Desk) -> None:
    response = desk.znuny.request("GET", "/Ticket", params={**ROOT, "States": ["new", "open"]})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.content == f'{{"TicketID":["{desk.t2}","{desk.t1}"]}}'.encode()


def test_znuny7_layout_takes_a_json_body(desk: Desk) -> None:
    assert post(desk.znuny, States=["new", "open"]) == found(desk.t2, desk.t1)
    assert post(desk.znuny, States="new") == found(desk.t1)


def test_default_order_is_newest_first(desk: Desk) -> None:
    assert both(desk.znuny) == desk.all


def test_no_match_answers_an_empty_object(desk: Desk) -> None:
    for response in (
        desk.znuny.request("GET", "/Ticket", params={**ROOT, "Title": "Nothing like this"}),
        desk.znuny.request(
            "POST", "/Ticket/Search", body={**ROOT, "Title": "Nothing"}, service=ZNUNY7
        ),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=UTF-8"
        assert response.content == b"{}"


@pytest.fixture
def seed_service(znuny: Znuny) -> Znuny:
    """The seed's custom web service ``Ticket`` with TicketSearch at ``POST /search``, saved by
    an administrator, and its ``tester`` account."""
    with unit_of_work(znuny.runtime.factory) as session:
        make_user(session, Role.ADMIN, login="tester", password="tester")
        root = get_user_by_login(session, "root@localhost")
        assert root is not None
        operation = {"type": "Ticket::TicketSearch", "route": "/search", "methods": ["POST"]}
        config = {"transport": "REST", "operations": {"TicketSearch": operation}}
        save_webservice(session, actor_for(session, root), name="Ticket", config=config)
    return znuny


def test_seed_example_custom_service_searches_titles_by_substring(seed_service: Znuny) -> None:
    first = create_at(seed_service, at(9), "Hi, my printer")
    create_at(seed_service, at(8), "Printer on fire")
    second = create_at(seed_service, at(7), "Say hi to the mail server")
    third = create_at(seed_service, at(8, 30), "Chin up")  # "hi" inside a word counts too

    response = seed_service.request(
        "POST",
        "/search",
        body={"Title": "%Hi%", "UserLogin": "tester", "Password": "tester"},
        service="Ticket",
    )

    assert response.status_code == 200
    assert response.json() == found(first, third, second)
    assert response.content == f'{{"TicketID":["{first}","{third}","{second}"]}}'.encode()
    assert seed_service.request("GET", "/search", service="Ticket").status_code == 500


# --- authentication and permissions ------------------------------------------------------------


@pytest.mark.parametrize(
    "auth",
    [
        {},
        {"UserLogin": "root@localhost"},
        {"UserLogin": "root@localhost", "Password": "wrong"},
        {"CustomerUserLogin": "customer1", "Password": "wrong"},
        {"UserLogin": "customer1", "Password": "customer1"},  # a customer is no agent
        {"SessionID": "NoSuchSessionNoSuchSessionNoSuch"},
    ],
)
def test_bad_credentials_fail_authorization(desk: Desk, auth: dict[str, str]) -> None:
    assert desk.znuny.call("GET", "/Ticket", params=auth) == AUTH_FAIL
    assert desk.znuny.call("POST", "/Ticket/Search", body=auth or {"X": 1}, service=ZNUNY7) == (
        AUTH_FAIL
    )


def test_session_and_header_credentials_work(desk: Desk) -> None:
    session_id = desk.znuny.call("POST", "/Session", body=AGENT)["SessionID"]
    headers = {"X-OTRS-Header-UserLogin": "agent2", "X-OTRS-Header-Password": "agent2"}

    assert get(desk.znuny, {"SessionID": session_id}) == found(desk.t3, desk.t2, desk.t1)
    assert desk.znuny.call("GET", "/Ticket", headers=headers) == found(desk.t4)


def test_each_caller_finds_only_the_tickets_it_may_read(desk: Desk) -> None:
    # agent1: rw Raw and Misc, ro Junk; agent2: no queue, owns t4; customers: their company's.
    customer1 = {"SessionID": desk.znuny.call("POST", "/Session", body=CUSTOMER)["SessionID"]}

    assert both(desk.znuny, ROOT) == desk.all
    assert both(desk.znuny, AGENT) == found(desk.t3, desk.t2, desk.t1)
    assert both(desk.znuny, AGENT2) == found(desk.t4)
    assert both(desk.znuny, customer1) == found(desk.t3, desk.t1)
    assert both(desk.znuny, AGENT, Queues="Postmaster") == {}
    assert both(desk.znuny, AGENT2, Queues=["Raw", "Postmaster"]) == found(desk.t4)
    assert both(desk.znuny, customer1, CustomerID="BETA") == {}
    assert both(desk.znuny, customer1, CustomerUserLogin="customer2") == found(desk.t3)


def test_customer_login_is_also_a_search_parameter(desk: Desk) -> None:
    """Znuny quirk: ``CustomerUserLogin`` is both the credential and a TicketSearch filter, so a
    customer logging in with it (not with a SessionID) finds the tickets it requested only."""
    assert both(desk.znuny, CUSTOMER) == found(desk.t1)
    assert both(desk.znuny, CUSTOMER3) == found(desk.t4, desk.t2)
    headers = {
        "X-OTRS-Header-CustomerUserLogin": "customer1",
        "X-OTRS-Header-Password": "customer1",
    }
    assert desk.znuny.call("GET", "/Ticket", headers=headers) == found(desk.t1)


def test_customers_match_article_content_of_public_articles_only(desk: Desk) -> None:
    assert both(desk.znuny, ROOT, MIMEBase_Body="secret") == found(desk.t2)
    assert both(desk.znuny, AGENT, MIMEBase_Body="secret") == found(desk.t2)
    assert both(desk.znuny, CUSTOMER3, MIMEBase_Body="secret") == {}
    assert both(desk.znuny, CUSTOMER3, MIMEBase_Subject="Note") == {}
    assert both(desk.znuny, CUSTOMER3, MIMEBase_Body="text body") == found(desk.t2)
    assert both(desk.znuny, CUSTOMER3, Fulltext="workaround") == {}


# --- TicketID, TicketNumber, Title ---------------------------------------------------------------


def test_ticket_ids(desk: Desk) -> None:
    assert both(desk.znuny, TicketID=desk.t1) == found(desk.t1)
    assert both(desk.znuny, TicketID=[desk.t1, desk.t3]) == found(desk.t3, desk.t1)
    assert post(desk.znuny, TicketID=[int(desk.t2)]) == found(desk.t2)


def test_ticket_number_exact_and_wildcards(desk: Desk) -> None:
    number = desk.number(desk.t2)

    assert both(desk.znuny, TicketNumber=number) == found(desk.t2)
    assert both(desk.znuny, TicketNumber=[number, desk.number(desk.t4)]) == found(desk.t4, desk.t2)
    assert both(desk.znuny, TicketNumber=number[:-1]) == {}
    assert both(desk.znuny, TicketNumber=number[:-1] + "*") == found(desk.t2)
    assert both(desk.znuny, TicketNumber="%" + number[1:]) == found(desk.t2)
    assert both(desk.znuny, TicketNumber=f"*{number[-5:-1]}*") == found(desk.t2)
    assert both(desk.znuny, TicketNumber=number[:8] + "*") == desk.all  # all created today
    assert both(desk.znuny, TicketNumber="*") == desk.all
    assert both(desk.znuny, TicketNumber="%%") == desk.all


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Printer on fire", ["t1"]),
        ("printer ON FIRE", ["t1"]),  # case-insensitive equality
        ("Printer on", []),  # no wildcard: the whole title
        ("Printer*", ["t1"]),
        ("*down", ["t2"]),
        ("%server%", ["t2"]),
        ("*E*", ["t4", "t2", "t1"]),
        ("*", ["t4", "t3", "t2", "t1"]),  # `*` alone is no filter
        ("%%%", ["t4", "t3", "t2", "t1"]),
        ("* äöüßÄÖÜ€ис", ["t3"]),  # TicketSearch.t: a UTF-8 suffix
        ("Umlauts äöüßÄÖÜ€ис", ["t3"]),
        ("Printer_on_fire", []),  # `_` is no wildcard
        ("!Printer*", ["t4", "t3", "t2"]),  # QueryCondition's NOT
    ],
)
def test_title_wildcards(desk: Desk, title: str, expected: list[str]) -> None:
    assert both(desk.znuny, Title=title) == found(*(getattr(desk, name) for name in expected))


def test_title_list_is_ored(desk: Desk) -> None:
    assert both(desk.znuny, Title=["Hi there", "Printer*", "Nope"]) == found(desk.t4, desk.t1)


# --- queues, types, states, priorities, services, SLAs, locks ----------------------------------


def test_queues_and_queue_ids(desk: Desk) -> None:
    queues = desk.znuny.queues

    assert both(desk.znuny, Queues="Raw") == found(desk.t1)
    assert both(desk.znuny, Queues=["Raw", "Junk"]) == found(desk.t3, desk.t1)
    assert both(desk.znuny, QueueIDs=str(queues["Misc"])) == found(desk.t2)
    assert post(desk.znuny, QueueIDs=[queues["Misc"], queues["Postmaster"]]) == found(
        desk.t4, desk.t2
    )
    assert both(desk.znuny, Queues="Raw", QueueIDs=str(queues["Misc"])) == found(desk.t2, desk.t1)


def test_use_sub_queues_adds_the_children(desk: Desk) -> None:
    with unit_of_work(desk.znuny.runtime.factory) as session:
        cmd = HelpdeskCreate(name="Raw::Printers", parent_id=desk.znuny.queues["Raw"])
        create_helpdesk(session, SYSTEM, cmd)
    child = create_at(desk.znuny, at(6), "Paper jam", ticket={"Queue": "Raw::Printers"})

    assert both(desk.znuny, Queues="Raw") == found(desk.t1)
    assert both(desk.znuny, Queues="Raw", UseSubQueues=1) == found(desk.t1, child)
    assert both(desk.znuny, Queues="Raw::Printers", UseSubQueues=1) == found(child)


def test_types(desk: Desk) -> None:
    # Only t1 has a type. TicketGet shows the others as "Unclassified" (TypeID 1) too, but the
    # core's criteria have no "no type" condition yet, so Types/TypeIDs miss them.
    assert both(desk.znuny, Types="Unclassified") == found(desk.t1)
    assert both(desk.znuny, Types="unclassified") == found(desk.t1)
    assert both(desk.znuny, TypeIDs="1") == found(desk.t1)


def test_states_and_state_ids(desk: Desk) -> None:
    assert both(desk.znuny, States="new") == found(desk.t1)
    assert both(desk.znuny, States=["closed successful", "pending reminder"]) == found(
        desk.t4, desk.t3
    )
    assert both(desk.znuny, StateIDs="4") == found(desk.t2)
    assert post(desk.znuny, StateIDs=[1, 6]) == found(desk.t4, desk.t1)
    assert both(desk.znuny, States="new", StateIDs="4") == found(desk.t2, desk.t1)
    assert both(desk.znuny, States="closed unsuccessful") == {}


@pytest.mark.parametrize(
    ("state_type", "expected"),
    [
        ("open", ["t2"]),
        ("Open", ["t2"]),  # a literal type name, compared as MySQL does: not new or pending
        ("new", ["t1"]),
        (["new", "open"], ["t2", "t1"]),
        ("closed", ["t3"]),
        ("Closed", ["t3"]),
        ("pending reminder", ["t4"]),
        ("pending auto", []),
        ("merged", []),
    ],
)
def test_state_type_names(desk: Desk, state_type: Any, expected: list[str]) -> None:
    assert both(desk.znuny, StateType=state_type) == found(
        *(getattr(desk, name) for name in expected)
    )


def test_state_type_ids_and_combinations(desk: Desk) -> None:
    assert both(desk.znuny, StateTypeIDs=["1", "2"]) == found(desk.t2, desk.t1)
    assert both(desk.znuny, StateTypeIDs="3") == found(desk.t3)
    assert both(desk.znuny, StateTypeIDs="4") == found(desk.t4)
    assert both(desk.znuny, StateType="open", States="new") == {}
    assert both(desk.znuny, StateType=["new", "open"], States="new") == found(desk.t1)
    assert both(desk.znuny, StateType="new", StateTypeIDs="2") == {}
    assert both(desk.znuny, StateType=["new", "open"], StateTypeIDs="2") == found(desk.t2)


def test_priorities(desk: Desk) -> None:
    assert both(desk.znuny, Priorities="1 very low") == found(desk.t3)
    assert both(desk.znuny, Priorities=["3 normal", "4 high"]) == found(desk.t4, desk.t1)
    assert both(desk.znuny, PriorityIDs=["5", "4"]) == found(desk.t4, desk.t2)
    assert both(desk.znuny, Priorities="2 low") == {}


def test_services(desk: Desk) -> None:
    """Services are the core's categories (seeded); the core has no way to add SLAs yet, so
    SLAs/SLAIDs are only checked to answer nothing for unknown values (see the bogus tests)."""
    ticket = desk.znuny.call("GET", f"/Ticket/{desk.t1}", params=ROOT)["Ticket"][0]

    assert both(desk.znuny, Services="Incident::Hardware") == found(desk.t1)
    assert both(desk.znuny, Services="incident::hardware") == found(desk.t1)
    assert both(desk.znuny, Services="Incident") == {}
    assert both(desk.znuny, Services=["Incident", "Incident::Hardware"]) == found(desk.t1)
    assert both(desk.znuny, ServiceIDs=ticket["ServiceID"]) == found(desk.t1)


def test_locks(desk: Desk) -> None:
    assert both(desk.znuny, Locks="lock") == found(desk.t4)
    assert both(desk.znuny, Locks="unlock") == found(desk.t3, desk.t2, desk.t1)
    assert both(desk.znuny, LockIDs="2") == found(desk.t4)
    assert both(desk.znuny, LockIDs=["1", "2"]) == desk.all
    assert both(desk.znuny, Locks="unlock", LockIDs="2") == desk.all


# --- people ---------------------------------------------------------------------------------------


def test_owner_responsible_and_creator(desk: Desk) -> None:
    users = {login: str(ident) for login, ident in desk.znuny.users.items()}

    assert both(desk.znuny, OwnerIDs=users["agent1"]) == found(desk.t2)
    assert both(desk.znuny, OwnerIDs=[users["agent2"], users["agent1"]]) == found(desk.t4, desk.t2)
    assert both(desk.znuny, OwnerIDs=users["root@localhost"]) == found(desk.t3, desk.t1)
    assert both(desk.znuny, ResponsibleIDs=users["root@localhost"]) == found(desk.t4)
    assert both(desk.znuny, ResponsibleIDs=users["agent1"]) == {}
    assert both(desk.znuny, CreatedUserIDs=users["agent1"]) == found(desk.t2)
    assert both(desk.znuny, CreatedUserIDs=users["root@localhost"]) == found(
        desk.t4, desk.t3, desk.t1
    )


def test_watchers(desk: Desk) -> None:
    """No service adds watchers (ticket participants) yet, so nobody watches anything."""
    assert both(desk.znuny, WatchUserIDs=str(desk.znuny.users["agent1"])) == {}


@pytest.mark.parametrize(
    ("customer_id", "expected"),
    [
        ("ACME", ["t3", "t1"]),
        ("acme", ["t3", "t1"]),
        ("AC*", ["t3", "t1"]),
        ("%ET%", ["t4", "t2"]),
        (["ACME", "BETA"], ["t4", "t3", "t2", "t1"]),
        ("*", ["t4", "t3", "t2", "t1"]),
        ("ACM", []),
    ],
)
def test_customer_id(desk: Desk, customer_id: Any, expected: list[str]) -> None:
    assert both(desk.znuny, CustomerID=customer_id) == found(
        *(getattr(desk, name) for name in expected)
    )


def test_customer_id_raw_is_exact_and_wins(desk: Desk) -> None:
    assert both(desk.znuny, CustomerIDRaw="ACME") == found(desk.t3, desk.t1)
    assert both(desk.znuny, CustomerIDRaw="acme") == {}
    assert both(desk.znuny, CustomerIDRaw="AC*") == {}
    assert both(desk.znuny, CustomerIDRaw=["BETA", "ACME"]) == desk.all
    assert both(desk.znuny, CustomerID="BETA", CustomerIDRaw="ACME") == found(desk.t3, desk.t1)


def test_customer_id_without_a_company(desk: Desk) -> None:
    """A free-text CustomerID (no company of that code) is kept on the ticket and found."""
    other = create_at(desk.znuny, at(6), "Free text", ticket={"CustomerID": "XYZ-42"})

    assert both(desk.znuny, CustomerID="xyz-42") == found(other)
    assert both(desk.znuny, CustomerIDRaw="XYZ-42") == found(other)
    assert both(desk.znuny, CustomerID="XYZ*") == found(other)


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("customer1", ["t1"]),
        ("CUSTOMER1", ["t1"]),
        ("customer1@example.com", ["t1"]),
        ("customer*", ["t4", "t3", "t2", "t1"]),
        (["customer2", "customer3"], ["t4", "t3", "t2"]),
        ("customer", []),
    ],
)
def test_customer_user_login(desk: Desk, login: Any, expected: list[str]) -> None:
    assert both(desk.znuny, CustomerUserLogin=login) == found(
        *(getattr(desk, name) for name in expected)
    )


# --- values as created, time windows -------------------------------------------------------------


@pytest.fixture
def changed(desk: Desk) -> Desk:
    """At 09:30 t1 moves to Misc, opens, turns 4 high and gets an article; at 09:45 t2 closes."""
    ticket = {"Queue": "Misc", "State": "open", "Priority": "4 high"}
    update_at(desk.znuny, at(9, 30), desk.t1, Ticket=ticket, Article=note("Again", "Still hot"))
    update_at(desk.znuny, at(9, 45), desk.t2, Ticket={"State": "closed successful"})
    return desk


def test_values_as_created(changed: Desk) -> None:
    desk, queues = changed, changed.znuny.queues

    assert both(desk.znuny, States="open") == found(desk.t1)
    assert both(desk.znuny, CreatedStates="new") == found(desk.t1)
    assert both(desk.znuny, CreatedStateIDs="1") == found(desk.t1)
    assert both(desk.znuny, CreatedStates="open") == found(desk.t2)
    assert both(desk.znuny, Queues="Raw") == {}
    assert both(desk.znuny, CreatedQueues="Raw") == found(desk.t1)
    assert both(desk.znuny, CreatedQueueIDs=str(queues["Misc"])) == found(desk.t2)
    assert both(desk.znuny, CreatedPriorities="3 normal") == found(desk.t1)
    assert both(desk.znuny, CreatedPriorityIDs=["4"]) == found(desk.t4)
    assert both(desk.znuny, CreatedTypes="Unclassified") == found(desk.t1)
    assert both(desk.znuny, CreatedTypeIDs="1", CreatedQueues="Misc") == {}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"TicketCreateTimeOlderMinutes": 90}, ["t2", "t1"]),  # created at or before 08:30
        ({"TicketCreateTimeNewerMinutes": 90}, ["t4", "t3"]),
        ({"TicketCreateTimeNewerMinutes": 180}, ["t4", "t3", "t2", "t1"]),  # both ends inclusive
        ({"TicketCreateTimeNewerDate": "2024-11-24 08:00:00"}, ["t4", "t3", "t2"]),
        ({"TicketCreateTimeOlderDate": "2024-11-24 08:00:00"}, ["t2", "t1"]),
        (
            {
                "TicketCreateTimeNewerDate": "2024-11-24 08:00:00",
                "TicketCreateTimeOlderDate": "2024-11-24 9:0:0",
            },
            ["t3", "t2"],
        ),
        ({"TicketCreateTimeNewerDate": "2024-11-24 10:00:00"}, ["t4"]),  # now is not the future
        ({"TicketCreateTimeNewerDate": "2024-11-24 10:00:01"}, []),  # TicketSearch.t: future
        (
            {
                "TicketCreateTimeNewerDate": "2024-11-24 09:00:00",
                "TicketCreateTimeOlderDate": "2024-11-24 08:00:00",
            },
            [],
        ),
        (
            {
                "TicketCreateTimeOlderMinutes": 120,
                "TicketCreateTimeOlderDate": "2024-11-24 09:00:00",
            },
            ["t2", "t1"],  # both conditions hold
        ),
        ({"TicketCreateTimeNewerDate": "2024-11-24"}, []),
        ({"TicketCreateTimeNewerDate": "24.11.2024 08:00:00"}, []),
        ({"TicketCreateTimeOlderDate": "2024-02-30 08:00:00"}, []),
        ({"TicketCreateTimeNewerMinutes": "soon"}, []),
    ],
)
def test_create_time_windows(desk: Desk, params: dict[str, Any], expected: list[str]) -> None:
    assert both(desk.znuny, **params) == found(*(getattr(desk, name) for name in expected))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"TicketLastChangeTimeNewerDate": "2024-11-24 09:35:00"}, ["t4", "t2"]),
        ({"TicketLastChangeTimeOlderMinutes": 40}, ["t3"]),  # at or before 09:20
        ({"TicketLastChangeTimeNewerDate": "2024-11-24 10:30:00"}, []),
        ({"TicketChangeTimeNewerDate": "2024-11-24 09:20:00"}, ["t4", "t2", "t1"]),
        ({"TicketChangeTimeOlderDate": "2024-11-24 07:30:00"}, ["t1"]),
        ({"TicketChangeTimeNewerMinutes": 20, "TicketChangeTimeOlderMinutes": 10}, ["t2"]),
        (  # here Znuny's minutes replace the date of the same side
            {"TicketChangeTimeOlderMinutes": 1, "TicketChangeTimeOlderDate": "2024-11-24 7:30:0"},
            ["t3", "t2", "t1"],
        ),
        ({"TicketChangeTimeNewerDate": "2024-11-24 10:00:01"}, []),
        ({"TicketCloseTimeNewerDate": "2024-11-24 09:30:00"}, ["t2"]),
        ({"TicketCloseTimeOlderDate": "2024-11-24 09:30:00"}, ["t3"]),
        ({"TicketCloseTimeNewerMinutes": 120}, ["t3", "t2"]),
        ({"TicketPendingTimeNewerDate": "2024-11-24 11:00:00"}, ["t4"]),  # the future is fine
        ({"TicketPendingTimeNewerMinutes": -60}, ["t4"]),
        ({"TicketPendingTimeOlderMinutes": -60}, []),  # until 11:00; t4 waits until 12:00
        ({"TicketPendingTimeOlderDate": "2024-11-24 12:00:00"}, ["t4"]),
        ({"ArticleCreateTimeNewerDate": "2024-11-24 09:15:00"}, ["t4", "t1"]),
        ({"ArticleCreateTimeOlderDate": "2024-11-24 07:30:00"}, ["t1"]),
        (
            {
                "ArticleCreateTimeNewerDate": "2024-11-24 08:15:00",
                "ArticleCreateTimeOlderDate": "2024-11-24 08:45:00",
            },
            ["t2"],
        ),
        ({"ArticleCreateTimeNewerDate": "2024-11-25 00:00:00"}, []),
    ],
)
def test_change_close_pending_and_article_windows(
    changed: Desk, params: dict[str, Any], expected: list[str]
) -> None:
    desk = changed
    assert both(desk.znuny, **params) == found(*(getattr(desk, name) for name in expected))


def _point(prefix: str, point: Any, start: str, unit: str) -> dict[str, Any]:
    return {f"{prefix}Point": point, f"{prefix}PointStart": start, f"{prefix}PointFormat": unit}


def _slot(prefix: str, part: str, year: Any, month: Any, day: Any) -> dict[str, Any]:
    return {f"{prefix}{part}Year": year, f"{prefix}{part}Month": month, f"{prefix}{part}Day": day}


TIME_POINT = {"TimeSearchType": "TimePoint"}
TIME_SLOT = {"TimeSearchType": "TimeSlot"}
CREATE = "TicketCreateTime"
ALL = ["t4", "t3", "t2", "t1"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({**TIME_POINT, **_point(CREATE, 90, "Before", "minute")}, ["t2", "t1"]),
        ({**TIME_POINT, **_point(CREATE, "2", "Last", "hour")}, ["t4", "t3", "t2"]),
        ({**TIME_POINT, **_point(CREATE, "1.5", "Last", "hour")}, ["t4", "t3"]),  # 90 minutes
        ({**TIME_POINT, **_point(CREATE, 1, "Before", "day")}, []),
        ({**TIME_POINT, **_point(CREATE, 1, "Last", "week")}, ALL),
        # The type is the switch; all three parts are needed; "0" is no point.
        (_point(CREATE, 90, "Before", "minute"), ALL),
        ({**TIME_POINT, f"{CREATE}Point": 90, f"{CREATE}PointStart": "Before"}, ALL),
        ({**TIME_POINT, **_point(CREATE, "0", "Before", "minute")}, ALL),
        # An unknown unit counts 0 minutes: created before now, so every ticket.
        ({**TIME_POINT, **_point(CREATE, 5, "Before", "fortnight")}, ALL),
        # The computed minutes replace the date given on the same side.
        (
            {
                **TIME_POINT, **_point(CREATE, 90, "Before", "minute"),
                f"{CREATE}OlderMinutes": 1,
            },
            ["t2", "t1"],
        ),
        ({**TIME_SLOT, **_slot(CREATE, "Start", 2024, 11, 24)}, ALL),
        (
            {**TIME_SLOT, **_slot(CREATE, "Start", "2024", "11", "24"),
             **_slot(CREATE, "Stop", "2024", "11", "23")},
            [],
        ),
        ({**TIME_SLOT, **_slot(CREATE, "Start", 2024, 11, 25)}, []),  # the future: nothing
        ({**TIME_SLOT, **_slot(CREATE, "Stop", 2024, 11, 23)}, []),
        ({**TIME_SLOT, **_slot(CREATE, "Stop", 2024, 11, 24)}, ALL),  # until 23:59:59
        ({**TIME_SLOT, **_slot(CREATE, "Start", 2024, "Nov", 24)}, []),  # month 00: invalid
        ({**TIME_SLOT, f"{CREATE}StartYear": 2024}, []),  # day and month 00
        ({**TIME_SLOT, f"{CREATE}Start": "2024-11-24 08:00:00"}, ["t4", "t3", "t2"]),
        ({**TIME_SLOT, f"{CREATE}Stop": "2024-11-24"}, ALL),
        ({**TIME_SLOT, f"{CREATE}Start": "24.11.2024"}, []),
        (_slot(CREATE, "Start", 2024, 11, 25), ALL),  # no search type: not applied
    ],
)  # fmt: skip
def test_create_time_point_and_slot_forms(
    desk: Desk, params: dict[str, Any], expected: list[str]
) -> None:
    assert both(desk.znuny, **params) == found(*(getattr(desk, name) for name in expected))


@pytest.mark.parametrize(
    ("forms", "same_as"),
    [
        (
            {"ChangeTimeSearchType": "TimePoint",
             **_point("TicketChangeTime", 20, "Last", "minute"),
             "TicketChangeTimeOlderMinutes": 10},
            {"TicketChangeTimeNewerMinutes": 20, "TicketChangeTimeOlderMinutes": 10},
        ),
        (
            {"LastChangeTimeSearchType": "TimePoint",
             **_point("TicketLastChangeTime", 40, "Before", "minute")},
            {"TicketLastChangeTimeOlderMinutes": 40},
        ),
        (
            {"CloseTimeSearchType": "TimePoint", **_point("TicketCloseTime", 2, "Last", "hour")},
            {"TicketCloseTimeNewerMinutes": 120},
        ),
        (
            {"CloseTimeSearchType": "TimeSlot", **_slot("TicketCloseTime", "Start", 2024, 11, 24)},
            {"TicketCloseTimeNewerDate": "2024-11-24 00:00:00"},
        ),
        (
            {"ArticleTimeSearchType": "TimeSlot",
             "ArticleCreateTimeStart": "2024-11-24 08:15:00",
             "ArticleCreateTimeStop": "2024-11-24 08:45:00"},
            {"ArticleCreateTimeNewerDate": "2024-11-24 08:15:00",
             "ArticleCreateTimeOlderDate": "2024-11-24 08:45:00"},
        ),
        (  # pending times have no search type: a given point applies
            _point("TicketPendingTime", -60, "Last", "minute"),
            {"TicketPendingTimeNewerMinutes": -60},
        ),
        (
            _slot("TicketPendingTime", "Stop", 2024, 11, 24),
            {"TicketPendingTimeOlderDate": "2024-11-24 23:59:59"},
        ),
    ],
)  # fmt: skip
def test_other_point_and_slot_forms_search_as_their_minutes_and_dates(
    changed: Desk, forms: dict[str, Any], same_as: dict[str, Any]
) -> None:
    desk = changed
    expected = both(desk.znuny, **same_as)

    assert both(desk.znuny, **forms) == expected
    assert expected != both(desk.znuny)  # the window does narrow the search


@pytest.mark.parametrize(
    "prefix",
    [
        "TicketEscalationTime",
        "TicketEscalationResponseTime",
        "TicketEscalationUpdateTime",
        "TicketEscalationSolutionTime",
    ],
)
def test_escalation_windows_skip_tickets_without_escalation(desk: Desk, prefix: str) -> None:
    """No ticket here has SLA targets (no service sets them yet); Znuny leaves out tickets whose
    escalation time is 0, so every escalation window is empty."""
    assert both(desk.znuny, **{f"{prefix}NewerMinutes": 120}) == {}
    assert both(desk.znuny, **{f"{prefix}OlderMinutes": -120}) == {}
    assert both(desk.znuny, **{f"{prefix}NewerDate": "2024-01-01 00:00:00"}) == {}


# --- article content ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"MIMEBase_Subject": "Toner"}, ["t1"]),
        ({"MIMEBase_Subject": "tONER"}, ["t1"]),
        ({"MIMEBase_Subject": "%toner%"}, ["t1"]),
        ({"MIMEBase_Subject": "*"}, ["t4", "t3", "t2", "t1"]),
        ({"MIMEBase_Body": "toner left"}, ["t1"]),  # words, in any order, all of them
        ({"MIMEBase_Body": "left toner"}, ["t1"]),
        ({"MIMEBase_Body": "toner right"}, []),
        ({"MIMEBase_Body": "burns"}, ["t4", "t3"]),  # the default article body
        ({"MIMEBase_From": "bot@printer.example"}, ["t1"]),
        ({"MIMEBase_To": "Misc"}, ["t2"]),  # an article to a queue is addressed to its name
        ({"MIMEBase_Cc": "nobody"}, []),
        (  # TicketSearch.t: body words OR a subject
            {
                "MIMEBase_Body": "text body long",
                "MIMEBase_Subject": "Nothing",
                "ContentSearch": "OR",
            },
            ["t2"],
        ),
        ({"MIMEBase_Body": "text body long", "MIMEBase_Subject": "Nothing"}, []),
        ({"MIMEBase_Subject": "Toner", "MIMEBase_Body": "secret"}, []),
        ({"MIMEBase_Subject": "Toner", "MIMEBase_Body": "secret", "ContentSearch": "AND"}, []),
        (
            {"MIMEBase_Subject": "Toner", "MIMEBase_Body": "secret", "ContentSearch": "OR"},
            ["t2", "t1"],
        ),
        ({"MIMEBase_Subject": "Toner", "MIMEBase_Body": "toner", "ContentSearch": "AND"}, ["t1"]),
        ({"Fulltext": "toner"}, ["t1"]),
        ({"Fulltext": "Outage"}, ["t2"]),
        ({"Fulltext": "bot@printer"}, ["t1"]),
        ({"Fulltext": "NotRealFulltextWord"}, []),
    ],
)
def test_article_content(desk: Desk, params: dict[str, Any], expected: list[str]) -> None:
    assert both(desk.znuny, **params) == found(*(getattr(desk, name) for name in expected))


def test_article_fields_take_a_single_value_only(desk: Desk) -> None:
    assert post(desk.znuny, MIMEBase_Subject=["Toner"]) == desk.all
    assert get(desk.znuny, MIMEBase_Subject=["Toner", "Outage"]) == desk.all


# --- dynamic fields -------------------------------------------------------------------------------


@pytest.fixture
def fields(desk: Desk) -> Desk:
    """Ticket fields Ref (text), Deadline (date) and Colour (dropdown); t3 has no values.

    ====  ===========  ==========  ======
    name  Ref          Deadline    Colour
    ====  ===========  ==========  ======
    t1    abc_field1   2024-12-01  red
    t2    xyz_field1   2009-05-05
    t4                             blue
    ====  ===========  ==========  ======
    """
    definitions = [
        CustomFieldCreate(name="Ref", field_type=FieldType.TEXT),
        CustomFieldCreate(name="Deadline", field_type=FieldType.DATE),
        CustomFieldCreate(name="Colour", field_type=FieldType.LIST, options=["red", "blue"]),
    ]
    with unit_of_work(desk.znuny.runtime.factory) as session:
        for definition in definitions:
            create_field(session, SYSTEM, definition)
    values = {
        desk.t1: {"Ref": "abc_field1", "Deadline": "2024-12-01", "Colour": "red"},
        desk.t2: {"Ref": "xyz_field1", "Deadline": "2009-05-05"},
        desk.t4: {"Colour": "blue"},
    }
    for ticket_id, given in values.items():
        entries = [{"Name": name, "Value": value} for name, value in given.items()]
        update_at(desk.znuny, NOW, ticket_id, DynamicField=entries)
    return desk


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"DynamicField": {"Name": "Ref", "Equals": "abc_field1"}}, ["t1"]),
        ({"DynamicField": [{"Name": "Ref", "Equals": "abc_field1"}]}, ["t1"]),
        ({"DynamicField_Ref": {"Equals": "abc_field1"}}, ["t1"]),
        ({"DynamicField": {"Name": "Ref", "Like": "*_field1"}}, ["t2", "t1"]),
        ({"DynamicField": [{"Name": "Ref", "Like": "*_FIELD1"}]}, ["t2", "t1"]),
        ({"DynamicField_Ref": {"Like": "*_field1"}}, ["t2", "t1"]),
        ({"DynamicField": {"Name": "Ref", "Equals": ["abc_field1", "xyz_field1"]}}, ["t2", "t1"]),
        ({"DynamicField": {"Name": "Ref", "Like": "*field1", "Equals": "xyz_field1"}}, ["t2"]),
        ({"DynamicField": {"Name": "Ref", "Equals": "ABC_FIELD1"}}, []),  # Equals is exact
        ({"DynamicField": {"Name": "Deadline", "GreaterThanEquals": "2010-01-01"}}, ["t1"]),
        ({"DynamicField": {"Name": "Deadline", "GreaterThanEquals": "2024-12-01"}}, ["t1"]),
        ({"DynamicField": {"Name": "Deadline", "GreaterThan": "2024-12-01"}}, []),
        ({"DynamicField": {"Name": "Deadline", "SmallerThan": "2010-01-01"}}, ["t2"]),
        ({"DynamicField_Deadline": {"SmallerThanEquals": "2024-12-01 00:00:00"}}, ["t2", "t1"]),
        ({"DynamicField": {"Name": "Colour", "Equals": "blue"}}, ["t4"]),
        (  # one entry per name: the last
            {
                "DynamicField": [
                    {"Name": "Ref", "Equals": "abc_field1"},
                    {"Name": "Ref", "Equals": "xyz_field1"},
                ]
            },
            ["t2"],
        ),
        (
            {
                "DynamicField": [
                    {"Name": "Ref", "Like": "*_field1"},
                    {"Name": "Deadline", "GreaterThanEquals": "2010-01-01"},
                ]
            },
            ["t1"],
        ),
        ({"DynamicField": {"Name": "Ref", "Empty": 1}}, ["t4", "t3"]),
        ({"DynamicField": {"Name": "Ref", "Empty": 0}}, ["t2", "t1"]),
        ({"DynamicField_Colour": {"Empty": 1}}, ["t3", "t2"]),
        (
            {
                "DynamicField": [
                    {"Name": name, "Empty": 1} for name in ("Ref", "Deadline", "Colour")
                ]
            },
            ["t3"],
        ),
    ],
)
def test_dynamic_fields(fields: Desk, body: dict[str, Any], expected: list[str]) -> None:
    desk = fields
    assert post(desk.znuny, **body) == found(*(getattr(desk, name) for name in expected))


def test_dynamic_field_oddities(fields: Desk) -> None:
    desk = fields

    # Unknown fields are dropped; the legacy form is read only without a DynamicField key.
    assert post(desk.znuny, DynamicField={"Name": "Nope", "Equals": "x"}) == desk.all
    assert post(desk.znuny, DynamicField_Nope={"Equals": "x"}) == desk.all
    assert post(
        desk.znuny,
        DynamicField={"Name": "Ref", "Equals": "abc_field1"},
        DynamicField_Ref={"Equals": "xyz_field1"},
    ) == found(desk.t1)
    # Values are checked against the field's type.
    assert post(desk.znuny, DynamicField={"Name": "Deadline", "Equals": "tomorrow"}) == {}
    assert post(desk.znuny, DynamicField={"Name": "Deadline", "Like": "2024*"}) == {}
    assert post(desk.znuny, DynamicField={"Name": "Ref", "Equals": []}) == {}


def test_dynamic_fields_over_get_filter_nothing(fields: Desk) -> None:
    """PyOTRS sends ``{"DynamicField_X": {"Equals": ...}}`` over GET as ``DynamicField_X=Equals``:
    a string, not a hash, so no filter applies (spec §8.1)."""
    desk = fields
    assert get(desk.znuny, DynamicField_Ref="Equals") == desk.all
    assert get(desk.znuny, DynamicField="Ref") == desk.all


def test_sort_by_dynamic_field(fields: Desk) -> None:
    desk = fields

    # Tickets without a value come last, then by id in the last key's direction.
    assert post(desk.znuny, SortBy="DynamicField_Ref", OrderBy="Up") == found(
        desk.t1, desk.t2, desk.t3, desk.t4
    )
    assert post(desk.znuny, SortBy="DynamicField_Ref", OrderBy="Down") == found(
        desk.t2, desk.t1, desk.t4, desk.t3
    )
    assert post(desk.znuny, SortBy="DynamicField_Nope") == {}


# --- sorting and limits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"OrderBy": "Up"}, ["t1", "t2", "t3", "t4"]),
        ({"SortBy": "Age", "OrderBy": "Down"}, ["t4", "t3", "t2", "t1"]),
        ({"SortBy": "Created", "OrderBy": "Up"}, ["t1", "t2", "t3", "t4"]),
        ({"SortBy": "Title", "OrderBy": "Up"}, ["t4", "t2", "t1", "t3"]),
        ({"SortBy": "Priority"}, ["t2", "t4", "t1", "t3"]),
        ({"SortBy": "Priority", "OrderBy": "Up"}, ["t3", "t1", "t4", "t2"]),
        ({"SortBy": "Queue", "OrderBy": "Up"}, ["t3", "t2", "t4", "t1"]),
        ({"SortBy": "Ticket", "OrderBy": "Up"}, ["t1", "t2", "t3", "t4"]),
        ({"SortBy": "TicketNumber", "OrderBy": "Down"}, ["t4", "t3", "t2", "t1"]),
        ({"SortBy": "PendingTime", "OrderBy": "Up"}, ["t4", "t1", "t2", "t3"]),  # unset: last
        ({"SortBy": ["CustomerID", "Age"], "OrderBy": ["Up", "Down"]}, ["t3", "t1", "t4", "t2"]),
        ({"SortBy": ["CustomerID", "Age"], "OrderBy": ["Up", "Up"]}, ["t1", "t3", "t2", "t4"]),
        ({"SortBy": ["CustomerID", "Age"], "OrderBy": ["Down", "Up"]}, ["t2", "t4", "t1", "t3"]),
        ({"SortBy": ["Lock", "Title"], "OrderBy": ["Down", "Up"]}, ["t4", "t2", "t1", "t3"]),
        ({"SortBy": "Bogus"}, []),
        ({"SortBy": ["Title", "Bogus"], "OrderBy": ["Up", "Up"]}, []),
        ({"SortBy": "Title", "OrderBy": "Sideways"}, []),
        ({"SortBy": "Title", "OrderBy": "up"}, []),
        ({"SortBy": ["Title", "Age"], "OrderBy": ["Up", "Bogus"]}, []),
        # Znuny wants one OrderBy per SortBy entry; extra ones are ignored.
        ({"SortBy": ["Title", "Age"]}, []),
        ({"SortBy": ["Title", "Age"], "OrderBy": "Up"}, []),
        ({"SortBy": "Title", "OrderBy": ["Up", "Down"]}, ["t4", "t2", "t1", "t3"]),
    ],
)
def test_sorting(desk: Desk, params: dict[str, Any], expected: list[str]) -> None:
    assert both(desk.znuny, **params) == found(*(getattr(desk, name) for name in expected))


def test_sort_by_last_change(changed: Desk) -> None:
    desk = changed  # changed at 09:00 (t3), 09:30 (t1), 09:45 (t2), 10:00 (t4)
    assert both(desk.znuny, SortBy="Changed", OrderBy="Up") == found(
        desk.t3, desk.t1, desk.t2, desk.t4
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"Limit": 1}, ["t4"]),  # TicketSearch.t: the newest
        ({"Limit": "2", "SortBy": "Title", "OrderBy": "Up"}, ["t4", "t2"]),
        ({"Limit": 2, "States": "new"}, ["t1"]),
        ({"Limit": "many"}, ["t4", "t3", "t2", "t1"]),
        ({"Limit": 0}, ["t4", "t3", "t2", "t1"]),
    ],
)
def test_limit(desk: Desk, params: dict[str, Any], expected: list[str]) -> None:
    assert both(desk.znuny, **params) == found(*(getattr(desk, name) for name in expected))


# --- every unknown name or id answers {} ----------------------------------------------------------

BOGUS_TEXT = [
    "TicketNumber",
    "Title",
    "MIMEBase_From",
    "MIMEBase_To",
    "MIMEBase_Cc",
    "MIMEBase_Subject",
    "MIMEBase_Body",
    "CustomerID",
    "CustomerIDRaw",
    "CustomerUserLogin",
    "StateType",
    "Fulltext",
]
BOGUS_LISTS = [
    "TicketID",
    "Queues",
    "QueueIDs",
    "Types",
    "TypeIDs",
    "States",
    "StateIDs",
    "StateTypeIDs",
    "Priorities",
    "PriorityIDs",
    "Services",
    "ServiceIDs",
    "SLAs",
    "SLAIDs",
    "Locks",
    "LockIDs",
    "OwnerIDs",
    "ResponsibleIDs",
    "WatchUserIDs",
    "CreatedUserIDs",
    "CreatedTypes",
    "CreatedTypeIDs",
    "CreatedPriorities",
    "CreatedPriorityIDs",
    "CreatedStates",
    "CreatedStateIDs",
    "CreatedQueues",
    "CreatedQueueIDs",
]


@pytest.mark.parametrize("key", BOGUS_TEXT)
def test_bogus_text_answers_nothing(desk: Desk, key: str) -> None:
    assert both(desk.znuny, **{key: "NotExisting4711"}) == {}


@pytest.mark.parametrize("key", BOGUS_LISTS)
def test_bogus_names_and_ids_answer_nothing(desk: Desk, key: str) -> None:
    assert both(desk.znuny, **{key: "NotExisting4711"}) == {}
    assert both(desk.znuny, **{key: ["NotExisting4711"]}) == {}
    assert both(desk.znuny, **{key: [desk.t1, "NotExisting4711"]}) == {}
    if key.endswith("IDs") or key == "TicketID":
        assert both(desk.znuny, **{key: "9999"}) == {}
        assert post(desk.znuny, **{key: [9999]}) == {}
