"""TicketCreate over HTTP (spec §5.2): the answer byte for byte, what TicketGet reads back, and
every business error in the order ``TicketCreate.pm`` checks, each leaving the database as it
was."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlalchemy import select

from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.jobs.service import queued_mail_count
from polydesk.models.customfields import FieldType
from polydesk.models.jobs import OutgoingMail
from polydesk.webservices.service import save_webservice
from tests.dialects.znuny.conftest import (
    AGENT,
    CUSTOMER,
    NOW,
    ROOT,
    ZNUNY7,
    Znuny,
    error,
    row_counts,
)

TN = "2024112410000013"
EPOCH = str(int(NOW.timestamp()))
TICKET = {
    "Title": "Printer on fire",
    "Queue": "Raw",
    "State": "new",
    "Priority": "3 normal",
    "CustomerUser": "customer1",
}
ARTICLE = {"Subject": "Help", "Body": "It burns", "ContentType": "text/plain; charset=utf8"}
INCLUDING = "TicketConnectorIncluding"


def _body(
    ticket: dict[str, Any] | None = None,
    article: dict[str, Any] | None = None,
    *,
    auth: dict[str, str] | None = None,
    drop: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A valid request with ``ticket`` / ``article`` merged in; keys in ``drop`` removed from
    the ticket and article (``None`` values remove a key too)."""
    merged_ticket = {**TICKET, **(ticket or {})}
    merged_article = {**ARTICLE, **(article or {})}
    for part in (merged_ticket, merged_article):
        for key in [k for k, v in part.items() if k in drop or v is None]:
            del part[key]
    return {
        **(ROOT if auth is None else auth),
        "Ticket": merged_ticket,
        "Article": merged_article,
        **extra,
    }


def _get(znuny: Znuny, ticket_id: str = "1", **params: Any) -> dict[str, Any]:
    answer = znuny.call("GET", f"/Ticket/{ticket_id}", params={**ROOT, **params})
    assert "Ticket" in answer, answer
    ticket: dict[str, Any] = answer["Ticket"][0]
    return ticket


def _custom_field(
    znuny: Znuny, name: str, kind: FieldType, options: list[str] | None = None
) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        create_field(
            session,
            SYSTEM,
            CustomFieldCreate(name=name, field_type=kind, options=options or []),
        )


def _refused(znuny: Znuny, body: Any, expected: dict[str, Any]) -> None:
    """The request gets exactly ``expected`` and writes nothing."""
    before = row_counts(znuny)
    assert znuny.call("POST", "/Ticket", body=body) == expected
    assert row_counts(znuny) == before
    assert before["tickets"] == 0


# --- success -----------------------------------------------------------------------------------


def test_create_answers_byte_for_byte(znuny: Znuny) -> None:
    """Znuny 6.5.1 on MariaDB (spec §11.1): TicketID text, ArticleID the number ArticleCreate
    returned."""
    response = znuny.request("POST", "/Ticket", body=_body())

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.content == b'{"ArticleID":1,"TicketID":"1","TicketNumber":"2024112410000013"}'


def test_the_article_id_is_text_with_attachments_or_for_a_customer(znuny: Znuny) -> None:
    """The cases the real server answers ``"ArticleID":"<n>"``: the request's attachments were
    written to the article, or the caller is a customer user."""
    files = {"Attachment": [{"Content": "SGVsbG8=", "ContentType": "text/plain", "Filename": "a"}]}
    with_file = znuny.call("POST", "/Ticket", body={**_body(), **files})
    customer = znuny.call("POST", "/Ticket", body=_body(auth=CUSTOMER))
    plain = znuny.call("POST", "/Ticket", body=_body())

    assert with_file == {"ArticleID": "1", "TicketID": "1", "TicketNumber": TN}
    assert (customer["ArticleID"], customer["TicketID"]) == ("2", "2")
    assert (plain["ArticleID"], plain["TicketID"]) == (3, "3")


def test_created_ticket_reads_back_through_ticket_get(znuny: Znuny) -> None:
    znuny.create()

    response = znuny.request(
        "GET", "/Ticket/1", params={**ROOT, "AllArticles": 1, "DynamicFields": 1}
    )

    article = (
        '{"ArticleID":1,"ArticleNumber":1,"Bcc":"","Body":"It burns","Cc":"","ChangeBy":1,'
        '"ChangeTime":"2024-11-24 10:00:00","Charset":"utf8",'
        '"CommunicationChannelID":3,"ContentCharset":"utf8",'
        '"ContentType":"text/plain; charset=utf8","CreateBy":1,'
        '"CreateTime":"2024-11-24 10:00:00","From":"\\"customer1\\" <customer1@example.com>",'
        f'"InReplyTo":"","IncomingTime":{EPOCH},"IsVisibleForCustomer":1,"MessageID":"",'
        '"MimeType":"text/plain","References":"","ReplyTo":"","SenderType":"agent",'
        '"SenderTypeID":"1","Subject":"Help","TicketID":1,"TimeUnit":0,"To":"Raw"}'
    )
    ticket = (
        '{"Age":0,"ArchiveFlag":"n","Article":[' + article + '],"ChangeBy":1,'
        '"Changed":"2024-11-24 10:00:00","CreateBy":1,"Created":"2024-11-24 10:00:00",'
        '"CustomerID":"ACME","CustomerUserID":"customer1","EscalationResponseTime":0,'
        '"EscalationSolutionTime":0,"EscalationTime":0,"EscalationUpdateTime":0,'
        '"GroupID":1,"Lock":"unlock","LockID":1,"Owner":"root@localhost","OwnerID":1,'
        '"Priority":"3 normal","PriorityID":3,"Queue":"Raw","QueueID":2,'
        '"RealTillTimeNotUsed":0,"Responsible":"root@localhost","ResponsibleID":1,'
        '"SLAID":"","ServiceID":"","State":"new","StateID":1,"StateType":"new",'
        f'"TicketID":1,"TicketNumber":"{TN}","TimeUnit":0,"Title":"Printer on fire",'
        f'"Type":"Unclassified","TypeID":1,"UnlockTimeout":{EPOCH},"UntilTime":0}}'
    )
    assert response.content == ('{"Ticket":[' + ticket + "]}").encode()


def test_numbers_count_up_and_ids_follow(znuny: Znuny) -> None:
    first = znuny.create("One")
    second = znuny.create("Two", article={"Subject": "Again"})

    assert first == {"ArticleID": 1, "TicketID": "1", "TicketNumber": TN}
    assert second == {"ArticleID": 2, "TicketID": "2", "TicketNumber": "2024112410000022"}


def test_values_are_trimmed_and_ids_win_over_names(znuny: Znuny) -> None:
    ticket = {"Title": "  Spaced  ", "Queue": "Raw", "QueueID": 4, "State": "", "StateID": "4"}
    ticket |= {"Priority": "", "PriorityID": 5}
    article = {"Subject": " Hi ", "ContentType": None, "MimeType": "TEXT/plain", "Charset": "UTF8"}

    assert znuny.call("POST", "/Ticket", body=_body(ticket, article))["TicketID"] == "1"

    created = _get(znuny, AllArticles=1)
    assert (created["Title"], created["Queue"], created["State"], created["Priority"]) == (
        "Spaced",
        "Misc",
        "open",
        "5 very high",
    )
    first = created["Article"][0]
    assert (first["Subject"], first["MimeType"], first["Charset"]) == ("Hi", "text/plain", "utf8")


def test_owner_given_locks_the_ticket(znuny: Znuny) -> None:
    znuny.create(ticket={"Owner": "agent1", "Responsible": "agent1"})

    ticket = _get(znuny)
    assert (ticket["Owner"], ticket["OwnerID"], ticket["Lock"], ticket["LockID"]) == (
        "agent1",
        znuny.users["agent1"],
        "lock",
        2,
    )
    assert ticket["Responsible"] == "agent1"


def test_explicit_lock_wins_over_the_owner(znuny: Znuny) -> None:
    znuny.create(ticket={"OwnerID": znuny.users["agent1"], "Lock": "unlock"})

    assert _get(znuny)["Lock"] == "unlock"


def test_without_owner_the_caller_owns_it_unlocked(znuny: Znuny) -> None:
    znuny.create(auth=AGENT)

    ticket = _get(znuny)
    assert (ticket["Owner"], ticket["Lock"], ticket["CreateBy"]) == (
        "agent1",
        "unlock",
        znuny.users["agent1"],
    )


def test_closed_state_unlocks_even_when_lock_is_asked(znuny: Znuny) -> None:
    znuny.create(ticket={"State": "closed successful", "Lock": "lock"})

    ticket = _get(znuny)
    assert (ticket["State"], ticket["StateType"], ticket["Lock"]) == (
        "closed successful",
        "closed",
        "unlock",
    )


def test_pending_state_with_pending_time(znuny: Znuny) -> None:
    until = {"Year": 2024, "Month": 11, "Day": 25, "Hour": 10, "Minute": 0}
    znuny.create(ticket={"State": "pending reminder", "PendingTime": until})

    ticket = _get(znuny)
    assert (ticket["StateType"], ticket["UntilTime"], ticket["RealTillTimeNotUsed"]) == (
        "pending reminder",
        86400,
        int(NOW.timestamp()) + 86400,
    )


def test_pending_time_as_diff_in_minutes(znuny: Znuny) -> None:
    znuny.create(ticket={"State": "pending auto close+", "PendingTime": {"Diff": "90"}})

    assert _get(znuny)["UntilTime"] == 5400


def test_pending_time_is_ignored_for_other_states(znuny: Znuny) -> None:
    znuny.create(ticket={"PendingTime": {"Diff": 90}})

    ticket = _get(znuny)
    assert (ticket["UntilTime"], ticket["RealTillTimeNotUsed"]) == (0, 0)


def test_pending_state_without_pending_time_is_created_without_one(znuny: Znuny) -> None:
    znuny.create(ticket={"State": "pending reminder"})

    ticket = _get(znuny)
    assert (ticket["State"], ticket["UntilTime"]) == ("pending reminder", 0)


def test_unknown_email_as_customer_user(znuny: Znuny) -> None:
    znuny.create(ticket={"CustomerUser": "Someone@Example.org"})

    ticket = _get(znuny, AllArticles=1)
    assert (ticket["CustomerUserID"], ticket["CustomerID"]) == ("someone@example.org", None)
    assert ticket["Article"][0]["From"] == "Someone@Example.org"


def test_customer_user_found_by_email(znuny: Znuny) -> None:
    znuny.create(ticket={"CustomerUser": "customer3@example.com"})

    ticket = _get(znuny)
    assert (ticket["CustomerUserID"], ticket["CustomerID"]) == ("customer3", "BETA")


@pytest.mark.parametrize(
    ("given", "shown"),
    [("BETA", "BETA"), ("XYZ-1 free text", "XYZ-1 free text"), ("", "ACME")],
)
def test_customer_id_company_code_or_free_text(znuny: Znuny, given: str, shown: str) -> None:
    znuny.create(ticket={"CustomerID": given})

    assert _get(znuny)["CustomerID"] == shown


def test_customer_creates_for_themselves(znuny: Znuny) -> None:
    answer = znuny.create(auth=CUSTOMER, ticket={"CustomerUser": "customer1"})

    assert answer == {"ArticleID": "1", "TicketID": "1", "TicketNumber": TN}  # text: a customer
    ticket = _get(znuny, AllArticles=1)
    assert (ticket["CustomerUserID"], ticket["CustomerID"]) == ("customer1", "ACME")
    assert ticket["Article"][0]["SenderType"] == "customer"
    mine = znuny.call("GET", "/Ticket/1", params=CUSTOMER)
    assert mine["Ticket"][0]["TicketNumber"] == TN


def test_customer_article_is_always_visible_to_the_customer(znuny: Znuny) -> None:
    znuny.create(auth=CUSTOMER, article={"IsVisibleForCustomer": 1})

    assert _get(znuny, AllArticles=1)["Article"][0]["IsVisibleForCustomer"] == 1


def _customer_denied(name: str) -> dict[str, Any]:
    return _create_error("AccessDenied", f"A customer user can not set {name}!")


@pytest.mark.parametrize(
    ("ticket", "article", "refused"),
    [
        ({"CustomerUser": "customer2"}, {}, "Ticket->CustomerUser"),
        ({"CustomerUser": "someone@example.org"}, {}, "Ticket->CustomerUser"),
        ({"CustomerID": "BETA"}, {}, "Ticket->CustomerID"),
        ({"CustomerID": "FREE-TEXT"}, {}, "Ticket->CustomerID"),
        ({"State": "open"}, {}, "Ticket->State"),
        ({"Owner": "agent1"}, {}, "Ticket->Owner"),
        ({"Responsible": "agent1"}, {}, "Ticket->Responsible"),
        ({"Lock": "lock"}, {}, "Ticket->Lock"),
        (
            {"State": "new", "PendingTime": {"Diff": 60}},
            {},
            "Ticket->PendingTime",
        ),
        ({}, {"IsVisibleForCustomer": 0}, "Article->IsVisibleForCustomer"),
        ({}, {"TimeUnit": "5"}, "Article->TimeUnit"),
    ],
)
def test_a_customer_is_refused_what_it_may_not_set(
    znuny: Znuny, ticket: dict[str, Any], article: dict[str, Any], refused: str
) -> None:
    """A customer acts as itself (SPEC deviation 4): what the core would not let it set is
    refused, never dropped, and nothing is written."""
    before = row_counts(znuny)

    answer = znuny.call("POST", "/Ticket", body=_body(ticket, article, auth=CUSTOMER))

    assert answer == _customer_denied(refused)
    assert row_counts(znuny) == before


def test_a_customer_may_name_itself_its_company_and_a_new_state(znuny: Znuny) -> None:
    ticket = {"CustomerUser": "customer1@example.com", "CustomerID": "ACME", "State": "new"}

    answer = znuny.call("POST", "/Ticket", body=_body(ticket, {"TimeUnit": "0"}, auth=CUSTOMER))

    assert answer["TicketID"] == "1", answer


def test_internal_article_by_agent(znuny: Znuny) -> None:
    znuny.create(article={"IsVisibleForCustomer": 0, "SenderType": "system"})

    article = _get(znuny, AllArticles=1)["Article"][0]
    assert (article["IsVisibleForCustomer"], article["SenderType"], article["SenderTypeID"]) == (
        0,
        "system",
        "2",
    )


def test_session_id_authenticates(znuny: Znuny) -> None:
    session_id = znuny.call("POST", "/Session", body=AGENT)["SessionID"]

    body = _body(auth={"SessionID": session_id})
    assert znuny.call("POST", "/Ticket", body=body)["TicketID"] == "1"
    assert _get(znuny)["CreateBy"] == znuny.users["agent1"]


def test_header_credentials_authenticate(znuny: Znuny) -> None:
    headers = {"X-OTRS-Header-UserLogin": "agent1", "X-OTRS-Header-Password": "agent1"}

    answer = znuny.call("POST", "/Ticket", body=_body(auth={}), headers=headers)

    assert answer["TicketID"] == "1"


def test_time_unit_books_minutes(znuny: Znuny) -> None:
    znuny.create(article={"TimeUnit": "15"})
    znuny.create("Second", article={"TimeUnit": "1,5"})

    first = _get(znuny, AllArticles=1)
    assert (first["TimeUnit"], first["Article"][0]["TimeUnit"]) == (15, 15)
    assert _get(znuny, "2")["TimeUnit"] == 1.5
    assert row_counts(znuny)["time_entries"] == 2


def test_time_unit_zero_books_nothing(znuny: Znuny) -> None:
    znuny.create(article={"TimeUnit": 0})

    assert row_counts(znuny)["time_entries"] == 0
    assert _get(znuny)["TimeUnit"] == 0


def test_article_send_queues_a_mail(znuny: Znuny) -> None:
    article = {
        "ArticleSend": 1,
        "To": "Printer Owner <owner@example.org>",
        "Cc": "cc@example.org",
        "Bcc": "bcc@example.org",
    }
    attachment = {"Content": "SGVsbG8=", "ContentType": "text/plain", "Filename": "a.txt"}
    znuny.create(article=article, Attachment=attachment)

    with znuny.runtime.factory() as session:
        assert queued_mail_count(session) == 1
        mail = session.scalars(select(OutgoingMail)).one()
    assert (mail.to_addresses, mail.cc_addresses, mail.bcc_addresses) == (
        "Printer Owner <owner@example.org>",
        "cc@example.org",
        "bcc@example.org",
    )
    assert mail.subject == f"[Ticket#{TN}] Help"
    assert (mail.from_address, mail.ticket_id, mail.comment_id) == ("polydesk@localhost", 1, 1)
    assert len(mail.attachment_ids) == 1
    sent = _get(znuny, AllArticles=1)["Article"][0]
    assert (sent["CommunicationChannelID"], sent["Subject"], sent["To"], sent["Cc"]) == (
        1,  # Email; Znuny 6.5 sends no CommunicationChannel name
        f"[Ticket#{TN}] Help",
        "Printer Owner <owner@example.org>",
        "cc@example.org",
    )


def test_without_article_send_no_mail_and_to_is_the_queue(znuny: Znuny) -> None:
    znuny.create(article={"To": "x@example.org", "CommunicationChannel": "Email"})

    with znuny.runtime.factory() as session:
        assert queued_mail_count(session) == 0
    article = _get(znuny, AllArticles=1)["Article"][0]
    assert (article["CommunicationChannelID"], article["To"]) == (1, "Raw")
    assert "CommunicationChannel" not in article


def test_attachments_round_trip_as_base64(znuny: Znuny) -> None:
    payload = bytes(range(256))
    attachments = [
        {"Content": base64.b64encode(payload).decode(), "ContentType": "application/octet-stream",
         "Filename": "bytes.bin"},
        {"Content": "SGVsbG8", "ContentType": "Text/Plain; Charset=UTF-8", "Filename": "hi.txt"},
    ]  # fmt: skip
    znuny.create(Attachment=attachments)

    article = _get(znuny, AllArticles=1, Attachments=1)["Article"][0]
    assert article["Attachment"] == [
        {
            "Content": base64.b64encode(payload).decode(),
            "ContentAlternative": "",
            "ContentID": "",
            "ContentType": "application/octet-stream",
            "Disposition": "attachment",
            "FileID": "1",
            "Filename": "bytes.bin",
            "FilesizeRaw": "256",
        },
        {
            "Content": "SGVsbG8=",
            "ContentAlternative": "",
            "ContentID": "",
            "ContentType": "text/plain; charset=utf-8",
            "Disposition": "attachment",
            "FileID": "2",
            "Filename": "hi.txt",
            "FilesizeRaw": "5",
        },
    ]


def test_several_articles_answer_a_list_of_ids(znuny: Znuny) -> None:
    body = _body()
    body["Article"] = [ARTICLE, {**ARTICLE, "Subject": "More", "Body": "Still burning"}]

    answer = znuny.call("POST", "/Ticket", body=body)

    assert answer == {"ArticleID": [1, 2], "TicketID": "1", "TicketNumber": TN}
    subjects = [a["Subject"] for a in _get(znuny, AllArticles=1)["Article"]]
    assert subjects == ["Help", "More"]


def test_dynamic_fields_are_set(znuny: Znuny) -> None:
    _custom_field(znuny, "Foo", FieldType.TEXT)
    _custom_field(znuny, "Multi", FieldType.MULTI_LIST, ["a", "b", "c"])
    _custom_field(znuny, "Unset", FieldType.TEXT)

    fields = [{"Name": "Multi", "Value": ["a", "c"]}, {"Name": "Foo", "Value": " bar "}]
    znuny.create(DynamicField=fields)

    assert _get(znuny, DynamicFields=1)["DynamicField"] == [
        {"Name": "Foo", "Value": "bar"},
        {"Name": "Multi", "Value": ["a", "c"]},
        {"Name": "Unset", "Value": None},
    ]


def test_dynamic_field_as_one_object(znuny: Znuny) -> None:
    _custom_field(znuny, "Foo", FieldType.TEXT)

    znuny.create(DynamicField={"Name": "Foo", "Value": "bar"})

    assert _get(znuny, DynamicFields=1)["DynamicField"] == [{"Name": "Foo", "Value": "bar"}]


def test_null_dynamic_field_and_attachment_are_ignored(znuny: Znuny) -> None:
    answer = znuny.call("POST", "/Ticket", body=_body(DynamicField=None, Attachment=None))

    assert answer["TicketID"] == "1"


def _including(znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        operations = {
            "TicketCreate": {
                "type": "Ticket::TicketCreate",
                "route": "/Ticket",
                "methods": ["POST"],
                "include_ticket_data": True,
            }
        }
        save_webservice(
            session, SYSTEM, name=INCLUDING, config={"transport": "REST", "operations": operations}
        )


def test_include_ticket_data_answers_the_ticket_as_an_object(znuny: Znuny) -> None:
    _including(znuny)
    _custom_field(znuny, "Foo", FieldType.TEXT)
    attachment = {"Content": "SGVsbG8=", "ContentType": "text/plain", "Filename": "a.txt"}
    body = _body(DynamicField={"Name": "Foo", "Value": "bar"}, Attachment=[attachment])

    answer = znuny.call("POST", "/Ticket", body=body, service=INCLUDING)

    assert (answer["ArticleID"], answer["TicketID"], answer["TicketNumber"]) == ("1", "1", TN)
    ticket = answer["Ticket"]
    assert isinstance(ticket, dict)
    # The answer's own ids stay strings; the included ticket is TicketGet's, with numbers.
    assert (ticket["TicketID"], ticket["Title"], ticket["DynamicField"]) == (
        1,
        "Printer on fire",
        [{"Name": "Foo", "Value": "bar"}],
    )
    article = ticket["Article"]
    assert isinstance(article, dict)
    assert (article["ArticleID"], article["Subject"]) == (1, "Help")
    assert [(a["Filename"], a["Content"]) for a in article["Attachment"]] == [("a.txt", "SGVsbG8=")]


def test_include_ticket_data_without_fields_or_attachments(znuny: Znuny) -> None:
    _including(znuny)

    ticket = znuny.call("POST", "/Ticket", body=_body(), service=INCLUDING)["Ticket"]

    assert "DynamicField" not in ticket and "Attachment" not in ticket["Article"]
    assert ticket["Article"]["Body"] == "It burns"


def test_the_znuny7_layout_creates_too(znuny: Znuny) -> None:
    answer = znuny.call("POST", "/Ticket", body=_body(), service=ZNUNY7)

    assert answer == {"ArticleID": 1, "TicketID": "1", "TicketNumber": TN}


# --- errors: credentials and the request's parts -----------------------------------------------


def _create_error(kind: str, message: str) -> dict[str, Any]:
    return error(f"TicketCreate.{kind}", f"TicketCreate: {message}")


NO_LOGIN = _create_error(
    "MissingParameter", "UserLogin, CustomerUserLogin or SessionID is required!"
)
NO_PASSWORD = _create_error("MissingParameter", "Password or SessionID is required!")
AUTH_FAIL = _create_error("AuthFail", "User could not be authenticated!")


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        ({}, NO_LOGIN),
        ({"Password": "root"}, NO_LOGIN),
        ({"UserLogin": "root@localhost"}, NO_PASSWORD),
        ({"CustomerUserLogin": "customer1"}, NO_PASSWORD),
        ({"UserLogin": "root@localhost", "Password": ""}, NO_PASSWORD),
        ({"UserLogin": "root@localhost", "Password": "wrong"}, AUTH_FAIL),
        ({"UserLogin": "nobody", "Password": "root"}, AUTH_FAIL),
        ({"UserLogin": "customer1", "Password": "customer1"}, AUTH_FAIL),
        ({"CustomerUserLogin": "agent1", "Password": "agent1"}, AUTH_FAIL),
        ({"SessionID": "not-a-session", **ROOT}, AUTH_FAIL),
    ],
)
def test_credentials(znuny: Znuny, auth: dict[str, str], expected: dict[str, Any]) -> None:
    _refused(znuny, _body(auth=auth), expected)


def test_credentials_come_before_everything_else(znuny: Znuny) -> None:
    _refused(znuny, {"Ticket": "x"}, NO_LOGIN)


def test_a_json_array_body_has_no_credentials(znuny: Znuny) -> None:
    _refused(znuny, [_body()], NO_LOGIN)


ARTICLE_MISSING = _create_error("MissingParameter", "Article parameter is missing or not valid!")
TICKET_MISSING = _create_error("MissingParameter", "Ticket parameter is missing or not valid!")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Article": None}, ARTICLE_MISSING),
        ({"Article": ""}, ARTICLE_MISSING),
        ({"Article": {}}, ARTICLE_MISSING),
        ({"Article": []}, ARTICLE_MISSING),
        ({"Article": ["text"]}, ARTICLE_MISSING),
        ({"Article": None, "Ticket": None}, ARTICLE_MISSING),
        ({"Ticket": None}, TICKET_MISSING),
        ({"Ticket": {}}, TICKET_MISSING),
        ({"Ticket": "Printer on fire"}, TICKET_MISSING),
        ({"Ticket": [TICKET]}, TICKET_MISSING),
        (
            {"DynamicField": "Foo", "Ticket": {"Title": ""}},
            _create_error("MissingParameter", "DynamicField parameter is missing or not valid!"),
        ),
        (
            {"DynamicField": []},
            _create_error("MissingParameter", "DynamicField parameter is missing or not valid!"),
        ),
        (
            {"Attachment": {}},
            _create_error("MissingParameter", "Attachment parameter is missing or not valid!"),
        ),
        (
            {"Attachment": "a.txt", "Ticket": {"Title": ""}},
            _create_error("MissingParameter", "Attachment parameter is missing or not valid!"),
        ),
    ],
)
def test_parts_of_the_request(
    znuny: Znuny, changes: dict[str, Any], expected: dict[str, Any]
) -> None:
    body = {**_body(), **changes}
    body = {key: value for key, value in body.items() if value is not None}

    _refused(znuny, body, expected)


# --- errors: the Ticket hash ------------------------------------------------------------------


def _ticket_error(kind: str, field: str, verb: str) -> dict[str, Any]:
    return _create_error(kind, f"Ticket->{field} parameter is {verb}!")


def _pair_error(kind: str, name: str, verb: str) -> dict[str, Any]:
    return _create_error(kind, f"Ticket->{name}ID or Ticket->{name} parameter is {verb}!")


PENDING_INVALID = _ticket_error("InvalidParameter", "PendingTime", "invalid")
FULL_PENDING = {"Year": 2024, "Month": 12, "Day": 1, "Hour": 10, "Minute": 0}


@pytest.mark.parametrize(
    ("ticket", "expected"),
    [
        ({"Title": None}, _ticket_error("MissingParameter", "Title", "missing")),
        ({"Title": "   "}, _ticket_error("MissingParameter", "Title", "missing")),
        ({"CustomerUser": None}, _ticket_error("MissingParameter", "CustomerUser", "missing")),
        (
            {"CustomerUser": "Invalid@Email@example.com"},
            _ticket_error("InvalidParameter", "CustomerUser", "invalid"),
        ),
        ({"CustomerUser": "nobody"}, _ticket_error("InvalidParameter", "CustomerUser", "invalid")),
        (
            {"Queue": None},
            _create_error(
                "MissingParameter", "Ticket->QueueID or Ticket->Queue parameter is required!"
            ),
        ),
        ({"Queue": "Nope"}, _pair_error("InvalidParameter", "Queue", "invalid")),
        ({"Queue": None, "QueueID": 999}, _pair_error("InvalidParameter", "Queue", "invalid")),
        ({"Lock": "bolted"}, _pair_error("InvalidParameter", "Lock", "invalid")),
        ({"LockID": 9}, _pair_error("InvalidParameter", "Lock", "invalid")),
        ({"Type": "Incident?"}, _pair_error("InvalidParameter", "Type", "invalid")),
        ({"Service": "Nope"}, _pair_error("InvalidParameter", "Service", "invalid")),
        ({"ServiceID": 999}, _pair_error("InvalidParameter", "Service", "invalid")),
        ({"SLA": "Gold"}, _pair_error("InvalidParameter", "SLA", "invalid")),
        ({"State": None}, _pair_error("MissingParameter", "State", "required")),
        ({"State": "on fire"}, _pair_error("InvalidParameter", "State", "invalid")),
        ({"State": None, "StateID": 99}, _pair_error("InvalidParameter", "State", "invalid")),
        ({"Priority": None}, _pair_error("MissingParameter", "Priority", "required")),
        ({"Priority": "6 apocalyptic"}, _pair_error("InvalidParameter", "Priority", "invalid")),
        ({"Owner": "nobody"}, _pair_error("InvalidParameter", "Owner", "invalid")),
        ({"Owner": "customer1"}, _pair_error("InvalidParameter", "Owner", "invalid")),
        ({"OwnerID": 999}, _pair_error("InvalidParameter", "Owner", "invalid")),
        ({"Responsible": "nobody"}, _pair_error("InvalidParameter", "Responsible", "invalid")),
        ({"ResponsibleID": "abc"}, _pair_error("InvalidParameter", "Responsible", "invalid")),
        ({"PendingTime": "tomorrow"}, PENDING_INVALID),
        ({"PendingTime": {}}, PENDING_INVALID),
        ({"PendingTime": {"Diff": "soon"}}, PENDING_INVALID),
        ({"PendingTime": {"Diff": -5}}, PENDING_INVALID),
        ({"PendingTime": {"Diff": 10, "Year": 2024}}, PENDING_INVALID),
        ({"PendingTime": {**FULL_PENDING, "Month": 13}}, PENDING_INVALID),
        ({"PendingTime": {**FULL_PENDING, "Day": ""}}, PENDING_INVALID),
        ({"PendingTime": {**FULL_PENDING, "Hour": -1}}, PENDING_INVALID),
        ({"PendingTime": {"Year": 2024, "Month": 12, "Day": 1}}, PENDING_INVALID),
    ],
)
def test_ticket_fields(znuny: Znuny, ticket: dict[str, Any], expected: dict[str, Any]) -> None:
    _refused(znuny, _body(ticket), expected)


def test_ticket_fields_are_checked_in_order(znuny: Znuny) -> None:
    body = _body({"Title": None, "Queue": "Nope", "State": None})
    _refused(znuny, body, _ticket_error("MissingParameter", "Title", "missing"))

    body = _body({"Queue": "Nope", "State": None, "Priority": "x"})
    _refused(znuny, body, _pair_error("InvalidParameter", "Queue", "invalid"))

    body = _body({"State": "x", "Owner": "nobody"}, {"Subject": None})
    _refused(znuny, body, _pair_error("InvalidParameter", "State", "invalid"))


CANNOT_CREATE = _create_error("AccessDenied", "Can not create tickets in given Queue or QueueID!")


@pytest.mark.parametrize(
    ("login", "queue"), [("agent2", "Raw"), ("agent1", "Junk"), ("agent1", "Postmaster")]
)
def test_agent_without_create_permission(znuny: Znuny, login: str, queue: str) -> None:
    auth = {"UserLogin": login, "Password": login}

    _refused(znuny, _body({"Queue": queue}, auth=auth), CANNOT_CREATE)


def test_permission_is_checked_after_the_ticket_and_before_the_article(znuny: Znuny) -> None:
    agent2 = {"UserLogin": "agent2", "Password": "agent2"}

    _refused(
        znuny,
        _body({"Priority": None}, auth=agent2),
        _pair_error("MissingParameter", "Priority", "required"),
    )
    _refused(znuny, _body(article={"Subject": None}, auth=agent2), CANNOT_CREATE)


def test_customers_may_create_in_any_queue(znuny: Znuny) -> None:
    assert znuny.create(auth=CUSTOMER, ticket={"Queue": "Junk"})["TicketID"] == "1"


# --- errors: the Article hash -----------------------------------------------------------------


def _article_error(kind: str, message: str) -> dict[str, Any]:
    return _create_error(kind, f"Article->{message}")


CONTENT_TYPE_MISSING = _create_error(
    "MissingParameter",
    "Article->ContentType or Ticket->MimeType and Article->Charset parameters are required!",
)
CONTENT_TYPE_INVALID = _article_error("InvalidParameter", "ContentType is invalid!")
TO_INVALID = _article_error(
    "InvalidParameter",
    "To parameter must be a valid email address when Article->ArticleSend is set!",
)


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ({"Subject": None}, _article_error("MissingParameter", "Subject parameter is missing!")),
        ({"Subject": " "}, _article_error("MissingParameter", "Subject parameter is missing!")),
        ({"Body": None}, _article_error("MissingParameter", "Body parameter is missing!")),
        (
            {"AutoResponseType": "auto panic"},
            _article_error("InvalidParameter", "AutoResponseType parameter is invalid!"),
        ),
        (
            {"CommunicationChannel": "Chat"},
            _article_error(
                "InvalidParameter",
                "CommunicationChannel or Article->CommunicationChannelID parameter is invalid or "
                "not supported!",
            ),
        ),
        (
            {"CommunicationChannelID": 4},
            _article_error(
                "InvalidParameter",
                "CommunicationChannel or Article->CommunicationChannelID parameter is invalid or "
                "not supported!",
            ),
        ),
        (
            {"SenderType": "robot"},
            _create_error(
                "InvalidParameter",
                "Article->SenderTypeID or Ticket->SenderType parameter is invalid!",
            ),
        ),
        (
            {"SenderTypeID": 7},
            _create_error(
                "InvalidParameter",
                "Article->SenderTypeID or Ticket->SenderType parameter is invalid!",
            ),
        ),
        (
            {"From": "not an address"},
            _article_error("InvalidParameter", "From parameter is invalid!"),
        ),
        ({"ArticleSend": 1}, TO_INVALID),
        ({"ArticleSend": 1, "To": "nobody"}, TO_INVALID),
        ({"ArticleSend": "1", "To": "a@example.org, broken"}, TO_INVALID),
        ({"ContentType": None}, CONTENT_TYPE_MISSING),
        (
            {"ContentType": None, "MimeType": "text/plain"},
            _article_error("MissingParameter", "Charset is required!"),
        ),
        (
            {"ContentType": None, "Charset": "utf8"},
            _article_error("MissingParameter", "MimeType is required!"),
        ),
        (
            {"ContentType": None, "MimeType": "plain", "Charset": "utf8"},
            _article_error("InvalidParameter", "MimeType is invalid!"),
        ),
        (
            {"ContentType": None, "MimeType": "text/plain", "Charset": "klingon"},
            _article_error("InvalidParameter", "Charset is invalid!"),
        ),
        ({"ContentType": "text/plain"}, CONTENT_TYPE_INVALID),
        ({"ContentType": "text/plain; charset=klingon"}, CONTENT_TYPE_INVALID),
        ({"ContentType": "plain; charset=utf8"}, CONTENT_TYPE_INVALID),
        (
            {"HistoryType": "Gossip"},
            _article_error("InvalidParameter", "HistoryType parameter is invalid!"),
        ),
        (
            {"TimeUnit": "a while"},
            _article_error("InvalidParameter", "TimeUnit parameter is invalid!"),
        ),
        ({"TimeUnit": "-5"}, _article_error("InvalidParameter", "TimeUnit parameter is invalid!")),
        (
            {"TimeUnit": "1.2.3"},
            _article_error("InvalidParameter", "TimeUnit parameter is invalid!"),
        ),
        ({"NoAgentNotify": 2}, _article_error("InvalidParameter", "NoAgent parameter is invalid!")),
        (
            {"ForceNotificationToUserID": 999},
            _article_error(
                "InvalidParameter", "ForceNotificationToUserID UserID=999 parameter is invalid!"
            ),
        ),
        (
            {"ExcludeNotificationToUserID": ["1", "abc"]},
            _article_error(
                "InvalidParameter", "ExcludeNotificationToUserID UserID=abc parameter is invalid!"
            ),
        ),
        (
            {"ExcludeMuteNotificationToUserID": {"UserID": 1}},
            _article_error(
                "InvalidParameter", "ExcludeMuteNotificationToUserID parameter is invalid!"
            ),
        ),
        (
            {"ArticleSend": 1, "To": "a@example.org", "Sign": {"Type": "SMIME", "Key": "3b630c80"}},
            _article_error(
                "InvalidParameter",
                "Sign is not possible: no S/MIME or PGP key is configured on this system!",
            ),
        ),
        (
            {"ArticleSend": 1, "To": "a@example.org", "Crypt": {"Type": "PGP", "Key": "81877F5E"}},
            _article_error(
                "InvalidParameter",
                "Crypt is not possible: no S/MIME or PGP key is configured on this system!",
            ),
        ),
    ],
)
def test_article_fields(znuny: Znuny, article: dict[str, Any], expected: dict[str, Any]) -> None:
    _refused(znuny, _body(article=article), expected)


@pytest.mark.parametrize(
    "article",
    [
        {"NoAgentNotify": 1},
        {"NoAgentNotify": "0"},
        {"ForceNotificationToUserID": [1, "2"], "ExcludeNotificationToUserID": "1"},
        {"TimeUnit": "0"},
        {"CommunicationChannel": "phone", "SenderTypeID": "3"},
        {"CommunicationChannelID": "1", "AutoResponseType": "auto reject"},
        {"HistoryType": "PhoneCallCustomer", "HistoryComment": "called in"},
        {"ContentType": 'TEXT/HTML;\n charset="ISO-8859-15"'},
        {"Sign": {"Type": "SMIME"}},  # ignored: nothing is sent
    ],
)
def test_accepted_article_values(znuny: Znuny, article: dict[str, Any]) -> None:
    assert znuny.call("POST", "/Ticket", body=_body(article=article))["TicketID"] == "1"


def test_article_fields_are_checked_in_order(znuny: Znuny) -> None:
    body = _body(article={"SenderType": "robot", "ContentType": "text/plain", "From": "x"})
    _refused(
        znuny,
        body,
        _create_error(
            "InvalidParameter", "Article->SenderTypeID or Ticket->SenderType parameter is invalid!"
        ),
    )
    body = _body(article={"ArticleSend": 1, "ContentType": None, "TimeUnit": "x"})
    _refused(znuny, body, TO_INVALID)
    body = _body(article={"ContentType": "text/plain", "HistoryType": "x"})
    _refused(znuny, body, CONTENT_TYPE_INVALID)


def test_every_article_of_a_list_is_checked(znuny: Znuny) -> None:
    body = _body()
    body["Article"] = [ARTICLE, {**ARTICLE, "Body": ""}]

    _refused(znuny, body, _article_error("MissingParameter", "Body parameter is missing!"))


# --- errors: dynamic fields and attachments ---------------------------------------------------


@pytest.fixture
def fields(znuny: Znuny) -> Znuny:
    _custom_field(znuny, "Foo", FieldType.TEXT)
    _custom_field(znuny, "Count", FieldType.NUMBER)
    _custom_field(znuny, "Multi", FieldType.MULTI_LIST, ["a", "b"])
    return znuny


DF_NAME_INVALID = _create_error("InvalidParameter", "DynamicField->Name parameter is invalid!")
DF_VALUE_INVALID = _create_error("InvalidParameter", "DynamicField->Value parameter is invalid!")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            {"Value": "x"},
            _create_error("MissingParameter", "DynamicField->Name  parameter is missing!"),
        ),
        (
            {"Name": None, "Value": "x"},
            _create_error("MissingParameter", "DynamicField->Name  parameter is missing!"),
        ),
        (
            {"Name": "Foo"},
            _create_error("MissingParameter", "DynamicField->Value  parameter is missing!"),
        ),
        (
            {"Name": "Foo", "Value": {"a": 1}},
            _create_error("MissingParameter", "DynamicField->Value  parameter is missing!"),
        ),
        ({"Name": "Nope", "Value": "x"}, DF_NAME_INVALID),
        ({"Name": "", "Value": "x"}, DF_NAME_INVALID),
        ({"Name": "Count", "Value": "many"}, DF_VALUE_INVALID),
        ({"Name": "Multi", "Value": ["a", "z"]}, DF_VALUE_INVALID),
    ],
)
def test_dynamic_field_errors(
    fields: Znuny, field: dict[str, Any], expected: dict[str, Any]
) -> None:
    _refused(fields, _body(DynamicField=[{"Name": "Foo", "Value": "ok"}, field]), expected)


def test_dynamic_field_that_is_not_an_object_is_a_fault(fields: Znuny) -> None:
    before = row_counts(fields)

    response = fields.request("POST", "/Ticket", body=_body(DynamicField=["Foo"]))

    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=UTF-8"
    assert response.content == (
        b'{"faultcode":"Server",'
        b'"faultstring":"TicketCreate: Ticket->DynamicField parameter is invalid!"}'
    )
    assert row_counts(fields) == before


def test_dynamic_fields_come_after_the_article(fields: Znuny) -> None:
    body = _body(article={"Body": None}, DynamicField=[{"Name": "Nope", "Value": "x"}])

    _refused(fields, body, _article_error("MissingParameter", "Body parameter is missing!"))


TEXT_FILE = {"Content": "SGVsbG8=", "ContentType": "text/plain", "Filename": "a.txt"}
ATTACHMENT_TYPE_INVALID = _create_error("InvalidParameter", "Attachment->ContentType is invalid!")


@pytest.mark.parametrize(
    ("attachment", "expected"),
    [
        (
            {"Content": None},
            _create_error("MissingParameter", "Attachment->Content  parameter is missing!"),
        ),
        (
            {"ContentType": ""},
            _create_error("MissingParameter", "Attachment->ContentType  parameter is missing!"),
        ),
        (
            {"Filename": None},
            _create_error("MissingParameter", "Attachment->Filename  parameter is missing!"),
        ),
        ({"ContentType": "text"}, ATTACHMENT_TYPE_INVALID),
        ({"ContentType": "text/plain; charset=klingon"}, ATTACHMENT_TYPE_INVALID),
    ],
)
def test_attachment_errors(
    znuny: Znuny, attachment: dict[str, Any], expected: dict[str, Any]
) -> None:
    given = {key: value for key, value in {**TEXT_FILE, **attachment}.items() if value is not None}

    _refused(znuny, _body(Attachment=[TEXT_FILE, given]), expected)


def test_attachment_that_is_not_an_object_is_a_fault(znuny: Znuny) -> None:
    before = row_counts(znuny)

    response = znuny.request("POST", "/Ticket", body=_body(Attachment=[TEXT_FILE, "a.txt"]))

    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=UTF-8"
    assert response.json() == {
        "faultcode": "Server",
        "faultstring": "TicketCreate: Ticket->Attachment parameter is invalid!",
    }
    assert row_counts(znuny) == before


def test_attachments_come_after_dynamic_fields(fields: Znuny) -> None:
    body = _body(DynamicField={"Name": "Nope", "Value": "x"}, Attachment={"Content": "x"})

    _refused(fields, body, DF_NAME_INVALID)


def _sla(znuny: Znuny, name: str) -> int:
    from polydesk.models.helpdesks import Sla

    with unit_of_work(znuny.runtime.factory) as session:
        sla = Sla(name=name)
        session.add(sla)
        session.flush()
        return sla.id


def test_service_and_sla(znuny: Znuny) -> None:
    sla_id = _sla(znuny, "Gold")

    znuny.create(ticket={"Service": "Incident::Hardware", "SLA": "Gold"})

    ticket = _get(znuny)
    assert (ticket["Service"], ticket["SLA"], ticket["SLAID"]) == (
        "Incident::Hardware",
        "Gold",
        sla_id,
    )
    # Set ids are the integer columns (JSON numbers); unset ones are "" (see test above).
    assert type(ticket["SLAID"]) is int and type(ticket["ServiceID"]) is int


def test_sla_needs_a_service(znuny: Znuny) -> None:
    _sla(znuny, "Gold")

    _refused(znuny, _body({"SLA": "Gold"}), _pair_error("InvalidParameter", "SLA", "invalid"))
