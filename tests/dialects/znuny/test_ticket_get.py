"""TicketGet / TicketGetList over HTTP (spec §5.4): one or several tickets, the options that
add dynamic fields, articles and attachments, the value types, and the errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.models.customfields import FieldType
from polydesk.webservices.service import save_webservice
from tests.dialects.znuny.conftest import (
    AGENT,
    CUSTOMER,
    NOW,
    ROOT,
    ZNUNY7,
    Znuny,
    error,
)

TN = "2024112410000013"
NOTE = {"Subject": "Note", "Body": "internal", "ContentType": "text/plain; charset=utf8"}
POSTED = "TicketGetPosted"
#: The integer columns a real Znuny 6.5 on MariaDB sends as JSON numbers (issue 17, §11.1).
INTEGER_COLUMNS = (
    "TicketID", "QueueID", "OwnerID", "ResponsibleID", "PriorityID", "StateID", "LockID",
    "GroupID", "CreateBy", "ChangeBy", "EscalationResponseTime", "EscalationUpdateTime",
    "EscalationSolutionTime", "EscalationTime", "RealTillTimeNotUsed", "UnlockTimeout",
)  # fmt: skip
ARTICLE_INTEGERS = (
    "ArticleID", "TicketID", "CreateBy", "ChangeBy", "CommunicationChannelID", "IncomingTime",
)  # fmt: skip


def _get(znuny: Znuny, route: str = "/Ticket/1", auth: dict[str, str] = ROOT, **params: Any) -> Any:
    return znuny.call("GET", route, params={**auth, **params})


def _tickets(znuny: Znuny, route: str = "/Ticket/1", **params: Any) -> list[dict[str, Any]]:
    answer = _get(znuny, route, **params)
    assert "Ticket" in answer, answer
    tickets: list[dict[str, Any]] = answer["Ticket"]
    return tickets


def _articles(znuny: Znuny, **params: Any) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = _tickets(znuny, AllArticles=1, **params)[0]["Article"]
    return articles


def _get_error(kind: str, message: str) -> dict[str, Any]:
    return error(f"TicketGet.{kind}", f"TicketGet: {message}")


NO_ACCESS = _get_error("AccessDenied", "User does not have access to the ticket!")


@pytest.fixture
def two(znuny: Znuny) -> Znuny:
    """Ticket 1 (customer1, ACME) and ticket 2 (customer3, BETA), both in Raw."""
    znuny.create("First")
    znuny.create("Second", ticket={"CustomerUser": "customer3"})
    return znuny


@pytest.fixture
def conversation(znuny: Znuny) -> Znuny:
    """Ticket 1 with four articles: agent (public), agent (internal), customer, agent."""
    znuny.create(article={"Subject": "A1"})
    updates = [
        {**ROOT, "Article": {**NOTE, "Subject": "A2", "IsVisibleForCustomer": 0}},
        {**CUSTOMER, "Article": {**NOTE, "Subject": "A3", "Body": "from the customer"}},
        {**ROOT, "Article": {**NOTE, "Subject": "A4", "TimeUnit": "20"}},
    ]
    for body in updates:
        assert "ArticleID" in znuny.call("PATCH", "/Ticket/1", body=body)
    return znuny


# --- one, several ------------------------------------------------------------------------------


def test_one_ticket_byte_for_byte(znuny: Znuny) -> None:
    znuny.create(ticket={"CustomerUser": "new.customer@example.org"})

    response = znuny.request("GET", "/Ticket/1", params=ROOT)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.content == (
        b'{"Ticket":[{"Age":0,"ArchiveFlag":"n","ChangeBy":1,"Changed":"2024-11-24 10:00:00",'
        b'"CreateBy":1,"Created":"2024-11-24 10:00:00","CustomerID":null,'
        b'"CustomerUserID":"new.customer@example.org","EscalationResponseTime":0,'
        b'"EscalationSolutionTime":0,"EscalationTime":0,"EscalationUpdateTime":0,'
        b'"GroupID":1,"Lock":"unlock","LockID":1,"Owner":"root@localhost","OwnerID":1,'
        b'"Priority":"3 normal","PriorityID":3,"Queue":"Raw","QueueID":2,'
        b'"RealTillTimeNotUsed":0,"Responsible":"root@localhost","ResponsibleID":1,'
        b'"SLAID":"","ServiceID":"","State":"new","StateID":1,"StateType":"new",'
        b'"TicketID":1,"TicketNumber":"2024112410000013","TimeUnit":0,'
        b'"Title":"Printer on fire","Type":"Unclassified","TypeID":1,'
        b'"UnlockTimeout":1732442400,"UntilTime":0}]}'
    )


def test_value_types(znuny: Znuny) -> None:
    znuny.create(ticket={"State": "pending reminder", "PendingTime": {"Diff": 60}})
    znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Article": {**NOTE, "TimeUnit": "7.5"}})

    with frozen(NOW + timedelta(seconds=90)):
        ticket = _tickets(znuny, AllArticles=1)[0]

    numbers = {key: ticket[key] for key in ("Age", "TypeID", "UntilTime", "TimeUnit")}
    assert numbers == {"Age": 90, "TypeID": 1, "UntilTime": 3510, "TimeUnit": 7.5}
    # Integer columns are JSON numbers, as a real Znuny 6.5 on MariaDB sends them (§11.1).
    for key in INTEGER_COLUMNS:
        assert type(ticket[key]) is int, key
    assert ticket["RealTillTimeNotUsed"] == int((NOW + timedelta(seconds=3600)).timestamp())
    assert ticket["CustomerID"] == "ACME"
    article = ticket["Article"][-1]
    for key in ARTICLE_INTEGERS:
        assert type(article[key]) is int, key
    # Where Znuny builds text, text it stays; the channel is an id only.
    assert type(article["SenderTypeID"]) is str
    assert "CommunicationChannel" not in article
    assert article["CommunicationChannelID"] == 3  # a note: Internal


def test_comma_separated_ids_in_the_given_order(two: Znuny) -> None:
    assert [t["Title"] for t in _tickets(two, "/Ticket/2,1")] == ["Second", "First"]
    assert [t["TicketID"] for t in _tickets(two, "/TicketList", TicketID="1, 2")] == [1, 2]


def test_repeated_query_key_on_ticket_list(two: Znuny) -> None:
    response = two.client.get(
        "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/TicketList",
        params=[("UserLogin", "root@localhost"), ("Password", "root"), ("TicketID", "2"),
                ("TicketID", "1")],
    )  # fmt: skip

    assert [t["TicketNumber"] for t in response.json()["Ticket"]] == [
        "2024112410000022",
        TN,
    ]


def test_ticket_list_with_one_id(two: Znuny) -> None:
    assert [t["TicketID"] for t in _tickets(two, "/TicketList", TicketID="2")] == [2]


def test_the_znuny7_layout_reads_too(two: Znuny) -> None:
    answer = two.call("GET", "/Ticket/2", params=ROOT, service=ZNUNY7)

    assert answer["Ticket"][0]["Title"] == "Second"


def test_extended_adds_only_what_applies(two: Znuny) -> None:
    """No SLA, never closed nor locked: of ``_TicketGetExtended``'s keys only FirstResponse,
    as the opening article is an agent's (root's default sender) visible to the customer;
    the minutes need an SLA (tests/dialects/znuny/test_ticket_get_extended.py)."""
    extended, plain = _tickets(two, Extended=1)[0], _tickets(two)[0]

    assert {key: value for key, value in extended.items() if key not in plain} == {
        "FirstResponse": plain["Created"]
    }
    assert {key: extended[key] for key in plain} == plain


def test_session_id_authenticates(two: Znuny) -> None:
    session_id = two.call("POST", "/Session", body=AGENT)["SessionID"]

    answer = two.call("GET", "/Ticket/1", params={"SessionID": session_id})

    assert answer["Ticket"][0]["TicketID"] == 1


# --- articles ----------------------------------------------------------------------------------


def test_all_articles_oldest_first_numbered(conversation: Znuny) -> None:
    articles = _articles(conversation)

    assert [(a["ArticleNumber"], a["Subject"], a["SenderType"]) for a in articles] == [
        (1, "A1", "agent"),
        (2, "A2", "agent"),
        (3, "A3", "customer"),
        (4, "A4", "agent"),
    ]
    assert [a["IsVisibleForCustomer"] for a in articles] == [1, 0, 1, 1]
    assert [a["TimeUnit"] for a in articles] == [0, 0, 0, 20]
    assert all("Attachment" not in a and "DynamicField" not in a for a in articles)


def test_without_all_articles_there_is_no_article_key(conversation: Znuny) -> None:
    assert "Article" not in _tickets(conversation)[0]
    assert "Article" not in _tickets(conversation, AllArticles=0)[0]


@pytest.mark.parametrize(
    ("params", "subjects"),
    [
        ({"ArticleLimit": 2}, ["A1", "A2"]),
        ({"ArticleLimit": 2, "ArticleOrder": "DESC"}, ["A4", "A3"]),
        ({"ArticleLimit": 2, "ArticleOrder": "ASC"}, ["A1", "A2"]),
        ({"ArticleLimit": 10}, ["A1", "A2", "A3", "A4"]),
        ({"ArticleOrder": "DESC"}, ["A4", "A3", "A2", "A1"]),
        ({"ArticleSenderType": "customer"}, ["A3"]),
        ({"ArticleSenderType": "agent", "ArticleLimit": 1, "ArticleOrder": "DESC"}, ["A4"]),
    ],
)
def test_article_options(conversation: Znuny, params: dict[str, Any], subjects: list[str]) -> None:
    assert [a["Subject"] for a in _articles(conversation, **params)] == subjects


def test_article_sender_types_as_a_repeated_key(conversation: Znuny) -> None:
    response = conversation.client.get(
        "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket/1",
        params=[*ROOT.items(), ("AllArticles", "1"), ("ArticleSenderType", "customer"),
                ("ArticleSenderType", "system")],
    )  # fmt: skip

    assert [a["Subject"] for a in response.json()["Ticket"][0]["Article"]] == ["A3"]


def test_customer_sees_only_public_articles(conversation: Znuny) -> None:
    answer = conversation.call("GET", "/Ticket/1", params={**CUSTOMER, "AllArticles": 1})

    assert [a["Subject"] for a in answer["Ticket"][0]["Article"]] == ["A1", "A3", "A4"]


def test_a_colleague_of_the_same_company_reads_it(conversation: Znuny) -> None:
    colleague = {"CustomerUserLogin": "customer2", "Password": "customer2"}

    answer = conversation.call("GET", "/Ticket/1", params=colleague)

    assert answer["Ticket"][0]["TicketID"] == 1


def test_attachments_with_and_without_contents(znuny: Znuny) -> None:
    files = [
        {"Content": "SGVsbG8=", "ContentType": "text/plain", "Filename": "a.txt"},
        {"Content": "V29ybGQ=", "ContentType": "application/pdf", "Filename": "b.pdf"},
    ]
    znuny.create(Attachment=files)

    full = _articles(znuny, Attachments=1)[0]["Attachment"]
    bare = _articles(znuny, Attachments=1, GetAttachmentContents=0)[0]["Attachment"]

    assert [(f["FileID"], f["Filename"], f["Content"]) for f in full] == [
        ("1", "a.txt", "SGVsbG8="),
        ("2", "b.pdf", "V29ybGQ="),
    ]
    assert [(f["Filename"], f["Content"], f["FilesizeRaw"]) for f in bare] == [
        ("a.txt", "", "5"),
        ("b.pdf", "", "5"),
    ]
    assert "Attachment" not in _articles(znuny)[0]


# --- dynamic fields ----------------------------------------------------------------------------


def test_dynamic_fields_every_field_with_null_and_lists(znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        for name, kind, options in (
            ("Tags", FieldType.MULTI_LIST, ["red", "green", "blue"]),
            ("Due", FieldType.DATE, []),
            ("Note", FieldType.TEXT, []),
            ("Agreed", FieldType.CHECKBOX, []),
        ):
            create_field(
                session, SYSTEM, CustomFieldCreate(name=name, field_type=kind, options=options)
            )
    fields = [
        {"Name": "Tags", "Value": ["red", "blue"]},
        {"Name": "Due", "Value": "2024-12-24"},
        {"Name": "Agreed", "Value": "1"},
    ]
    znuny.create(DynamicField=fields)

    ticket = _tickets(znuny, DynamicFields=1)[0]

    assert ticket["DynamicField"] == [
        {"Name": "Agreed", "Value": "1"},
        {"Name": "Due", "Value": "2024-12-24 00:00:00"},
        {"Name": "Note", "Value": None},
        {"Name": "Tags", "Value": ["red", "blue"]},
    ]
    assert "DynamicField" not in _tickets(znuny)[0]
    assert not any(key.startswith("DynamicField_") for key in ticket)


def test_no_dynamic_field_key_when_none_are_defined(znuny: Znuny) -> None:
    znuny.create()

    assert "DynamicField" not in _tickets(znuny, DynamicFields=1)[0]


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "auth",
    [{}, {"UserLogin": "root@localhost", "Password": "x"}, {"SessionID": "nope"},
     {"CustomerUserLogin": "customer1", "Password": "nope"}],
)  # fmt: skip
def test_auth_fail(two: Znuny, auth: dict[str, str]) -> None:
    response = two.request("GET", "/Ticket/1", params=auth)

    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketGet.AuthFail",'
        b'"ErrorMessage":"TicketGet: Authorization failing!"}}'
    )


def test_auth_comes_before_the_ticket_id(znuny: Znuny) -> None:
    assert _get(znuny, "/TicketList", auth={}) == _get_error("AuthFail", "Authorization failing!")


@pytest.mark.parametrize("params", [{}, {"TicketID": ""}, {"TicketID": "0"}])
def test_missing_ticket_id(two: Znuny, params: dict[str, str]) -> None:
    expected = _get_error("MissingParameter", "TicketID parameter is missing!")

    assert _get(two, "/TicketList", **params) == expected


WRONG = _get_error("WrongStructure", "Structure for TicketID is not correct!")


@pytest.mark.parametrize(
    ("ticket_id", "expected"),
    [
        ({"a": 1}, WRONG),
        ([], WRONG),
        ([{"id": 1}], WRONG),
        (",", WRONG),
        ([2, " 1 "], [2, 1]),
        (2, [2]),
    ],
)
def test_ticket_id_structures_in_a_body(two: Znuny, ticket_id: Any, expected: Any) -> None:
    with unit_of_work(two.runtime.factory) as session:
        operation = {"type": "Ticket::TicketGet", "route": "/Get", "methods": ["POST"]}
        config = {"transport": "REST", "operations": {"TicketGet": operation}}
        save_webservice(session, SYSTEM, name=POSTED, config=config)

    answer = two.call("POST", "/Get", body={**ROOT, "TicketID": ticket_id}, service=POSTED)

    if isinstance(expected, list):
        assert [t["TicketID"] for t in answer["Ticket"]] == expected
    else:
        assert answer == expected


@pytest.mark.parametrize(
    ("auth", "route"),
    [
        (ROOT, "/Ticket/999"),
        (ROOT, "/Ticket/abc"),
        (ROOT, "/Ticket/1,999"),
        ({"UserLogin": "agent2", "Password": "agent2"}, "/Ticket/1"),
        ({"CustomerUserLogin": "customer3", "Password": "customer3"}, "/Ticket/1"),
        (CUSTOMER, "/Ticket/1,2"),
    ],
)
def test_access_denied(two: Znuny, auth: dict[str, str], route: str) -> None:
    response = two.request("GET", route, params=auth)

    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketGet.AccessDenied",'
        b'"ErrorMessage":"TicketGet: User does not have access to the ticket!"}}'
    )


def test_customers_read_their_own(two: Znuny) -> None:
    beta = {"CustomerUserLogin": "customer3", "Password": "customer3"}

    assert [t["Title"] for t in _tickets(two, "/Ticket/2", auth=beta)] == ["Second"]
    assert _get(two, "/Ticket/2", auth=CUSTOMER) == NO_ACCESS
