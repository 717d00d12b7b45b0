"""TicketHistoryGet over HTTP (spec §5.5), on the classic route ``/TicketHistory/:TicketID`` and
the Znuny 7 one ``/Ticket/History/:TicketID``: the lines, each with the queue, state, priority
and owner as they were at that moment, and the errors."""

from __future__ import annotations

from typing import Any

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.webservices.service import save_webservice
from tests.dialects.znuny.conftest import AGENT, CLASSIC, CUSTOMER, ROOT, ZNUNY7, Znuny, error

TN = "2024112410000013"
ROUTES = [(CLASSIC, "/TicketHistory/{}"), (ZNUNY7, "/Ticket/History/{}")]
POSTED = "TicketHistoryPosted"
#: Integer columns are JSON numbers, as a real Znuny 6.5 on MariaDB sends them (§11.1).
CREATED = {
    "ArticleID": 0,
    "CreateBy": 1,
    "CreateTime": "2024-11-24 10:00:00",
    "HistoryType": "NewTicket",
    "HistoryTypeID": 1,
    "Name": f"%%{TN}%%Raw%%3 normal%%new%%1",
    "OwnerID": 1,
    "PriorityID": 3,
    "QueueID": 2,
    "StateID": 1,
    "TicketID": 1,
    "TypeID": 1,
}
TEXT_KEYS = {"CreateTime", "HistoryType", "Name"}


def _history(znuny: Znuny, ticket_id: str = "1", service: str = CLASSIC, **auth: str) -> Any:
    route = dict(ROUTES)[service].format(ticket_id)
    return znuny.call("GET", route, params=auth or ROOT, service=service)


def _lines(znuny: Znuny, service: str = CLASSIC) -> list[dict[str, Any]]:
    answer = _history(znuny, service=service)
    assert "TicketHistory" in answer, answer
    lines: list[dict[str, Any]] = answer["TicketHistory"][0]["History"]
    return lines


def _history_error(kind: str, message: str) -> dict[str, Any]:
    return error(f"TicketHistoryGet.{kind}", f"TicketHistoryGet: {message}")


@pytest.mark.parametrize(("service", "route"), ROUTES)
def test_a_new_ticket_starts_with_new_ticket(znuny: Znuny, service: str, route: str) -> None:
    znuny.create()

    response = znuny.request("GET", route.format(1), params=ROOT, service=service)

    assert response.status_code == 200
    assert response.content.startswith(
        b'{"TicketHistory":[{"History":[{"ArticleID":0,"CreateBy":1,'
        b'"CreateTime":"2024-11-24 10:00:00","HistoryType":"NewTicket","HistoryTypeID":1,'
        b'"Name":"%%2024112410000013%%Raw%%3 normal%%new%%1","OwnerID":1,"PriorityID":3,'
        b'"QueueID":2,"StateID":1,"TicketID":1,"TypeID":1},'
    )
    assert response.content.endswith(b'],"TicketID":"1"}]}')  # the request's value, echoed
    lines = response.json()["TicketHistory"][0]["History"]
    assert lines[0] == CREATED
    assert [(line["HistoryType"], line["ArticleID"], line["Name"]) for line in lines] == [
        ("NewTicket", 0, f"%%{TN}%%Raw%%3 normal%%new%%1"),
        ("CustomerUpdate", 0, "%%CustomerID=ACME;CustomerUser=customer1;"),
        ("NewTicket", 1, "%%GenericInterface Create"),
    ]
    assert [line["HistoryTypeID"] for line in lines] == [1, 21, 1]
    for line in lines:
        for key, value in line.items():
            assert type(value) is (str if key in TEXT_KEYS else int), key


def test_lines_hold_only_the_safe_keys(znuny: Znuny) -> None:
    znuny.create()

    keys = {key for line in _lines(znuny) for key in line}

    assert keys == set(CREATED)


def test_lines_show_queue_and_state_as_of_each_event(znuny: Znuny) -> None:
    znuny.create()
    znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"Queue": "Misc"}})
    znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"State": "open"}})
    znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"Priority": "5 very high"}})
    znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"Owner": "agent1"}})

    lines = _lines(znuny)

    shown = [
        (line["HistoryType"], line["QueueID"], line["StateID"], line["PriorityID"], line["OwnerID"])
        for line in lines
    ]
    agent1 = znuny.users["agent1"]
    assert shown == [
        ("NewTicket", 2, 1, 3, 1),
        ("CustomerUpdate", 2, 1, 3, 1),
        ("NewTicket", 2, 1, 3, 1),
        ("Move", 4, 1, 3, 1),
        ("StateUpdate", 4, 4, 3, 1),
        ("PriorityUpdate", 4, 4, 5, 1),
        ("OwnerUpdate", 4, 4, 5, agent1),
    ]
    assert [line["Name"] for line in lines[3:]] == [
        "%%Misc%%4%%Raw%%2",
        "%%new%%open%%",
        "%%3 normal%%3%%5 very high%%5",
        f"%%agent1%%{agent1}",
    ]
    assert [line["HistoryTypeID"] for line in lines[3:]] == [16, 27, 22, 23]


def test_the_creating_line_shows_the_first_values(znuny: Znuny) -> None:
    znuny.create()
    znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"Queue": "Junk", "State": "open"}})

    assert _lines(znuny)[0] == CREATED


def test_the_agent_is_the_creator(znuny: Znuny) -> None:
    znuny.create(auth=AGENT)

    assert {line["CreateBy"] for line in _lines(znuny)} == {znuny.users["agent1"]}


def test_several_tickets_in_one_request(znuny: Znuny) -> None:
    znuny.create("One")
    znuny.create("Two")

    answer = _history(znuny, "2,1")

    assert [entry["TicketID"] for entry in answer["TicketHistory"]] == ["2", "1"]
    assert answer["TicketHistory"][1]["History"][0] == CREATED


def test_the_znuny7_route_answers_the_same(znuny: Znuny) -> None:
    znuny.create()

    assert _history(znuny, service=ZNUNY7) == _history(znuny)


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", [CLASSIC, ZNUNY7])
def test_customers_are_refused(znuny: Znuny, service: str) -> None:
    znuny.create(auth=CUSTOMER)
    route = dict(ROUTES)[service].format(1)

    response = znuny.request("GET", route, params=CUSTOMER, service=service)

    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketHistoryGet.AuthFail",'
        b'"ErrorMessage":"TicketHistoryGet: User needs to an Agent!"}}'
    )


@pytest.mark.parametrize(
    "auth", [{}, {"UserLogin": "agent1", "Password": "wrong"}, {"SessionID": "nope"}]
)
def test_auth_fail(znuny: Znuny, auth: dict[str, str]) -> None:
    znuny.create()

    answer = znuny.call("GET", "/TicketHistory/1", params=auth)

    assert answer == _history_error("AuthFail", "Authorization failing!")


@pytest.mark.parametrize(
    ("auth", "ticket_id", "denied"),
    [
        ({"UserLogin": "agent2", "Password": "agent2"}, "1", "1"),
        (ROOT, "999", "999"),
        (ROOT, "1,77", "77"),
        (ROOT, "abc", "abc"),
    ],
)
def test_access_denied_names_the_ticket(
    znuny: Znuny, auth: dict[str, str], ticket_id: str, denied: str
) -> None:
    znuny.create()

    response = znuny.request("GET", f"/TicketHistory/{ticket_id}", params=auth)

    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketHistoryGet.AccessDenied","ErrorMessage":'
        b'"TicketHistoryGet: User does not have access to the ticket ' + denied.encode() + b'!"}}'
    )


def test_agent_with_read_access_reads_history(znuny: Znuny) -> None:
    znuny.create(ticket={"Queue": "Junk"})

    answer = znuny.call("GET", "/TicketHistory/1", params=AGENT)

    assert answer["TicketHistory"][0]["History"][0]["QueueID"] == 3


@pytest.fixture
def posted(znuny: Znuny) -> Znuny:
    with unit_of_work(znuny.runtime.factory) as session:
        operation = {"type": "Ticket::TicketHistoryGet", "route": "/History", "methods": ["POST"]}
        config = {"transport": "REST", "operations": {"TicketHistoryGet": operation}}
        save_webservice(session, SYSTEM, name=POSTED, config=config)
    znuny.create()
    return znuny


@pytest.mark.parametrize(
    ("ticket_id", "expected"),
    [
        (None, _history_error("MissingParameter", "TicketID parameter is missing!")),
        ("", _history_error("MissingParameter", "TicketID parameter is missing!")),
        (0, _history_error("MissingParameter", "TicketID parameter is missing!")),
        ({"a": 1}, _history_error("WrongStructure", "Structure for TicketID is not correct!")),
        ([], _history_error("WrongStructure", "Structure for TicketID is not correct!")),
    ],
)
def test_ticket_id_in_a_body(posted: Znuny, ticket_id: Any, expected: dict[str, Any]) -> None:
    body = {**ROOT} if ticket_id is None else {**ROOT, "TicketID": ticket_id}

    assert posted.call("POST", "/History", body=body, service=POSTED) == expected


def test_missing_ticket_id_in_the_route(znuny: Znuny) -> None:
    answer = znuny.call("GET", "/TicketHistory/0", params=ROOT)

    assert answer == _history_error("MissingParameter", "TicketID parameter is missing!")


def test_ticket_id_as_a_list_in_a_body(posted: Znuny) -> None:
    answer = posted.call("POST", "/History", body={**ROOT, "TicketID": [1]}, service=POSTED)

    assert answer["TicketHistory"][0]["TicketID"] == "1"
    assert answer["TicketHistory"][0]["History"][0] == CREATED
