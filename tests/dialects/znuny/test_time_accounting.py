"""TimeAccountingGet over HTTP (spec §5.7): who may ask, the parameters, and the report with
each booking's queue as it was when the time was booked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from polydesk.authz.actors import actor_for
from polydesk.companies.service import get_company_by_code
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.dialects.znuny.ops.time_accounting import parse_time, time_unit
from polydesk.groups.service import GroupCreate, add_member, create_group
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.tickets.service import create_ticket, update_ticket
from polydesk.timetracking.service import TimeEntryCreate, log_time
from polydesk.users.service import require_user
from tests.dialects.znuny.conftest import AGENT, CUSTOMER, ROOT, Znuny

SERVICE = "TimeAccounting"
ROUTE = "/TimeAccountingGet"
DAY = datetime(2024, 11, 20, 9, 0, 0, tzinfo=UTC)
AGENT2 = {"UserLogin": "agent2", "Password": "agent2"}  # in group timeaccounting_webservice
QUERY = {
    "TimeAccountingUserLogin": "root@localhost",
    "TimeAccountingStart": "2024-11-20 09:01",
    "TimeAccountingEnd": "2024-11-21 00:00:00",
}


def _error(code: str, message: str) -> dict[str, Any]:
    return {"Error": {"ErrorCode": code, "ErrorMessage": message}}


@dataclass
class Booked:
    numbers: dict[str, str]  # ticket title -> number


class Desk:
    """Books time and moves tickets through the core services, each at its own moment."""

    def __init__(self, znuny: Znuny) -> None:
        self.znuny = znuny

    def ticket(self, at: datetime, title: str, queue: str, **fields: Any) -> tuple[int, str]:
        with frozen(at), unit_of_work(self.znuny.runtime.factory) as session:
            root = actor_for(session, require_user(session, self.znuny.users["root@localhost"]))
            cmd = TicketCreate(title=title, helpdesk_id=self.znuny.queues[queue], **fields)
            ticket = create_ticket(session, root, cmd)
            return ticket.id, ticket.number

    def move(self, at: datetime, ticket_id: int, queue: str) -> None:
        with frozen(at), unit_of_work(self.znuny.runtime.factory) as session:
            root = actor_for(session, require_user(session, self.znuny.users["root@localhost"]))
            update_ticket(
                session, root, ticket_id, TicketUpdate(helpdesk_id=self.znuny.queues[queue])
            )

    def book(
        self, at: datetime, ticket_id: int, seconds: int, login: str = "root@localhost"
    ) -> None:
        with frozen(at), unit_of_work(self.znuny.runtime.factory) as session:
            who = actor_for(session, require_user(session, self.znuny.users[login]))
            log_time(session, who, ticket_id, TimeEntryCreate(duration_seconds=seconds))


@pytest.fixture
def booked(znuny: Znuny) -> Iterator[Booked]:
    """Root books time on a ticket while it moves Raw -> Misc -> Junk (as Znuny's unit test),
    and on two more tickets; agent1 books too; agent2 joins timeaccounting_webservice."""
    with unit_of_work(znuny.runtime.factory) as session:
        group = create_group(session, SYSTEM, GroupCreate(name="timeaccounting_webservice"))
        add_member(session, SYSTEM, group_id=group.id, user_id=znuny.users["agent2"])
        acme = get_company_by_code(session, "ACME")
        assert acme is not None
        acme_id = acme.id
    desk = Desk(znuny)
    minute = timedelta(minutes=1)
    moving, moving_number = desk.ticket(DAY, "Title", "Raw", company_id=acme_id)
    desk.book(DAY + timedelta(seconds=59), moving, 60)  # before the start
    desk.book(DAY + minute, moving, 600)
    desk.move(DAY + 2 * minute, moving, "Misc")
    desk.book(DAY + 3 * minute, moving, 1800)
    desk.move(DAY + 4 * minute, moving, "Junk")
    desk.book(DAY + 5 * minute, moving, 90)
    kept, kept_number = desk.ticket(
        DAY + 10 * minute, "Imported", "Postmaster", extra={"znuny.customer_id": "EXT-7"}
    )
    desk.book(DAY + 10 * minute, kept, 20)
    plain, plain_number = desk.ticket(DAY + 11 * minute, "No customer", "Misc")
    desk.book(datetime(2024, 11, 21, 0, 0, 0, 400_000, tzinfo=UTC), plain, 3600)  # end second
    desk.book(datetime(2024, 11, 21, 0, 0, 1, tzinfo=UTC), plain, 3600)  # after the end
    desk.book(DAY + 12 * minute, plain, 300, login="agent1")
    yield Booked({"Title": moving_number, "Imported": kept_number, "No customer": plain_number})


def _row(created: str, queue: str, customer: str | None, number: str, title: str, unit: str) -> Any:
    return {
        "Created": created,
        "Queue": queue,
        "TicketCustomerID": customer,
        "TicketNumber": number,
        "TicketTitle": title,
        "TimeUnit": unit,
    }


def test_report_with_the_queue_as_of_each_booking(znuny: Znuny, booked: Booked) -> None:
    title, imported, plain = (booked.numbers[k] for k in ("Title", "Imported", "No customer"))

    response = znuny.request("POST", ROUTE, body={**AGENT2, **QUERY}, service=SERVICE)

    assert response.status_code == 200
    assert response.json() == {
        "TimeAccountingResult": [
            _row("2024-11-20 09:01:00", "Raw", "ACME", title, "Title", "10.00"),
            _row("2024-11-20 09:03:00", "Misc", "ACME", title, "Title", "30.00"),
            _row("2024-11-20 09:05:00", "Junk", "ACME", title, "Title", "1.50"),
            _row("2024-11-20 09:10:00", "Postmaster", "EXT-7", imported, "Imported", "0.33"),
            _row("2024-11-21 00:00:00", "Misc", None, plain, "No customer", "60.00"),
        ]
    }
    assert response.content.startswith(
        b'{"TimeAccountingResult":[{"Created":"2024-11-20 09:01:00","Queue":"Raw",'
        b'"TicketCustomerID":"ACME","TicketNumber":"' + title.encode() + b'",'
        b'"TicketTitle":"Title","TimeUnit":"10.00"},'
    )


def test_only_the_named_agents_time(znuny: Znuny, booked: Booked) -> None:
    query = {**QUERY, "TimeAccountingUserLogin": "agent1"}

    answer = znuny.call("POST", ROUTE, body={**ROOT, **query}, service=SERVICE)

    assert answer == {
        "TimeAccountingResult": [
            _row(
                "2024-11-20 09:12:00",
                "Misc",
                None,
                booked.numbers["No customer"],
                "No customer",
                "5.00",
            )
        ]
    }


def test_minutes_only_dates_include_both_ends(znuny: Znuny, booked: Booked) -> None:
    """Dates as the seed's PowerShell client writes them (no seconds)."""
    request = {
        "UserLogin": "root@localhost",
        "Password": "root",
        "TimeAccountingUserLogin": "root@localhost",
        "TimeAccountingStart": "2024-11-20 09:05",
        "TimeAccountingEnd": "2024-11-20 09:10",
    }
    response = znuny.request(
        "POST", "/TimeAccountingGet", body=request, service="TimeAccountingREST"
    )

    assert response.status_code == 200
    title, imported = booked.numbers["Title"], booked.numbers["Imported"]
    assert response.content == (
        b'{"TimeAccountingResult":['
        b'{"Created":"2024-11-20 09:05:00","Queue":"Junk","TicketCustomerID":"ACME",'
        b'"TicketNumber":"' + title.encode() + b'","TicketTitle":"Title","TimeUnit":"1.50"},'
        b'{"Created":"2024-11-20 09:10:00","Queue":"Postmaster","TicketCustomerID":"EXT-7",'
        b'"TicketNumber":"' + imported.encode() + b'","TicketTitle":"Imported",'
        b'"TimeUnit":"0.33"}]}'
    )


def test_nothing_found_is_an_empty_object(znuny: Znuny, booked: Booked) -> None:
    query = {**QUERY, "TimeAccountingStart": "2021-07-01 00:00", "TimeAccountingEnd": "2021-08-01"}

    response = znuny.request("POST", ROUTE, body={**ROOT, **query}, service=SERVICE)

    assert response.status_code == 200
    assert response.content == b"{}"


@pytest.mark.parametrize(
    "change",
    [
        {"TimeAccountingUserLogin": "nobody"},
        {"TimeAccountingUserLogin": "customer1"},
        {"TimeAccountingStart": "yesterday"},
        {"TimeAccountingEnd": "2024-13-01"},
        {"TimeAccountingStart": "2024-11-21 00:00:01"},  # start after end
    ],
)
def test_unknown_login_or_unreadable_dates_find_nothing(
    znuny: Znuny, booked: Booked, change: dict[str, str]
) -> None:
    assert znuny.call("POST", ROUTE, body={**ROOT, **QUERY, **change}, service=SERVICE) == {}


def test_with_a_session_in_a_header(znuny: Znuny, booked: Booked) -> None:
    session_id = znuny.call("POST", "/Session", body=AGENT2)["SessionID"]

    answer = znuny.call(
        "POST",
        ROUTE,
        body={"UserLogin": "agent2", "Password": "wrong", **QUERY},
        headers={"X-OTRS-Header-SessionID": session_id},
        service=SERVICE,
    )

    assert len(answer["TimeAccountingResult"]) == 5


@pytest.mark.parametrize(
    "credentials",
    [
        {},
        {"UserLogin": "agent2", "Password": "wrong"},
        {"UserLogin": "agent2"},
        {"SessionID": "tMtTFDg1PxCX51dWnjue4W5oQtNsFd0k", **AGENT2},  # a bad session decides
    ],
)
def test_auth_fail(znuny: Znuny, credentials: dict[str, str]) -> None:
    response = znuny.request("POST", ROUTE, body={**credentials, **QUERY}, service=SERVICE)

    assert response.status_code == 200
    assert response.content == (
        b'{"Error":{"ErrorCode":"TimeAccountingGet.AuthFail",'
        b'"ErrorMessage":"TimeAccountingGet: Authentication failed!"}}'
    )


def test_auth_fail_comes_before_missing_parameters(znuny: Znuny) -> None:
    assert znuny.call("POST", ROUTE, body={"Foo": 1}, service=SERVICE) == _error(
        "TimeAccountingGet.AuthFail", "TimeAccountingGet: Authentication failed!"
    )


@pytest.mark.parametrize("credentials", [AGENT, CUSTOMER])
def test_no_permission(znuny: Znuny, booked: Booked, credentials: dict[str, str]) -> None:
    """agent1 is not in timeaccounting_webservice and not an admin; customers never pass."""
    response = znuny.request("POST", ROUTE, body={**credentials, **QUERY}, service=SERVICE)

    assert response.status_code == 200
    assert response.content == (
        b'{"Error":{"ErrorCode":"TimeAccountingGet.NoPermission",'
        b'"ErrorMessage":"TimeAccountingGet: No permission!"}}'
    )


def test_the_group_must_exist_for_agents(znuny: Znuny) -> None:
    assert znuny.call("POST", ROUTE, body={**AGENT2, **QUERY}, service=SERVICE) == _error(
        "TimeAccountingGet.NoPermission", "TimeAccountingGet: No permission!"
    )


def test_permission_comes_before_missing_parameters(znuny: Znuny) -> None:
    assert znuny.call("POST", ROUTE, body=AGENT, service=SERVICE) == _error(
        "TimeAccountingGet.NoPermission", "TimeAccountingGet: No permission!"
    )


@pytest.mark.parametrize(
    ("removed", "blank", "missing"),
    [
        ("TimeAccountingUserLogin", None, "TimeAccountingUserLogin"),
        ("TimeAccountingStart", None, "TimeAccountingStart"),
        ("TimeAccountingEnd", None, "TimeAccountingEnd"),
        (None, "TimeAccountingUserLogin", "TimeAccountingUserLogin"),
        (None, "TimeAccountingEnd", "TimeAccountingEnd"),
    ],
)
def test_missing_parameters_in_order(
    znuny: Znuny, removed: str | None, blank: str | None, missing: str
) -> None:
    body: dict[str, Any] = {**ROOT, **QUERY}
    if removed:
        del body[removed]
    if blank:
        body[blank] = ""

    assert znuny.call("POST", ROUTE, body=body, service=SERVICE) == _error(
        "TimeAccountingGet.MissingParameter", f"TimeAccountingGet: {missing} parameter is missing!"
    )


def test_missing_parameters_are_checked_in_order(znuny: Znuny) -> None:
    assert znuny.call("POST", ROUTE, body=ROOT, service=SERVICE) == _error(
        "TimeAccountingGet.MissingParameter",
        "TimeAccountingGet: TimeAccountingUserLogin parameter is missing!",
    )
    body = {**ROOT, "TimeAccountingUserLogin": "root@localhost"}
    assert znuny.call("POST", ROUTE, body=body, service=SERVICE) == _error(
        "TimeAccountingGet.MissingParameter",
        "TimeAccountingGet: TimeAccountingStart parameter is missing!",
    )


def test_time_units_are_minutes_with_two_decimals() -> None:
    assert time_unit(600) == "10.00"
    assert time_unit(90) == "1.50"
    assert time_unit(20) == "0.33"
    assert time_unit(30) == "0.50"
    assert time_unit(1) == "0.02"
    assert time_unit(7 * 24 * 3600) == "10080.00"


def test_dates_are_read_as_utc() -> None:
    assert parse_time("2021-07-01 00:00") == datetime(2021, 7, 1, tzinfo=UTC)
    assert parse_time("2021-07-01 10:11:12") == datetime(2021, 7, 1, 10, 11, 12, tzinfo=UTC)
    assert parse_time("2021-07-01") == datetime(2021, 7, 1, tzinfo=UTC)
    assert parse_time("01.07.2021") is None
    assert parse_time("") is None


def test_seed_request_to_the_time_accounting_rest_service(znuny: Znuny) -> None:
    """The seed's PowerShell client, literally: ``$uri/TimeAccountingGet`` on the service it
    calls TimeAccountingREST, a month of agent1's time, the end day's midnight included."""
    desk = Desk(znuny)
    ticket_id, number = desk.ticket(datetime(2021, 7, 5, 8, 0, tzinfo=UTC), "Znuny says hi!", "Raw")
    desk.book(datetime(2021, 6, 30, 23, 59, 59, tzinfo=UTC), ticket_id, 60, login="agent1")
    desk.book(datetime(2021, 7, 5, 8, 0, tzinfo=UTC), ticket_id, 7200, login="agent1")
    desk.book(datetime(2021, 8, 1, 0, 0, tzinfo=UTC), ticket_id, 1800, login="agent1")
    desk.book(datetime(2021, 8, 1, 0, 0, 1, tzinfo=UTC), ticket_id, 60, login="agent1")
    request = {
        "UserLogin": "root@localhost",
        "Password": "root",
        "TimeAccountingUserLogin": "agent1",
        "TimeAccountingStart": "2021-07-01 00:00",
        "TimeAccountingEnd": "2021-08-01 00:00",
    }

    response = znuny.client.post(
        "/otrs/nph-genericinterface.pl/Webservice/TimeAccountingREST/TimeAccountingGet",
        json=request,
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.content == (
        b'{"TimeAccountingResult":['
        b'{"Created":"2021-07-05 08:00:00","Queue":"Raw","TicketCustomerID":null,'
        b'"TicketNumber":"' + number.encode() + b'","TicketTitle":"Znuny says hi!",'
        b'"TimeUnit":"120.00"},'
        b'{"Created":"2021-08-01 00:00:00","Queue":"Raw","TicketCustomerID":null,'
        b'"TicketNumber":"' + number.encode() + b'","TicketTitle":"Znuny says hi!",'
        b'"TimeUnit":"30.00"}]}'
    )
