"""TicketUpdate over HTTP (spec §5.3): answers byte for byte, the changes TicketGet and
TicketHistoryGet read back, and the errors in ``TicketUpdate.pm``'s order, each leaving the
database as it was."""

from __future__ import annotations

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
NOTE = {"Subject": "Note", "Body": "checked the toner", "ContentType": "text/plain; charset=utf8"}
TEXT_FILE = {"Content": "SGVsbG8=", "ContentType": "text/plain", "Filename": "a.txt"}
#: A service whose TicketUpdate takes everything from the body (no route parameter).
POSTED = "TicketUpdatePosted"
INCLUDING = "TicketUpdateIncluding"


def _update(znuny: Znuny, body: Any, ticket_id: str = "1", **kwargs: Any) -> Any:
    return znuny.call("PATCH", f"/Ticket/{ticket_id}", body=body, **kwargs)


def _get(znuny: Znuny, ticket_id: str = "1", **params: Any) -> dict[str, Any]:
    answer = znuny.call("GET", f"/Ticket/{ticket_id}", params={**ROOT, **params})
    assert "Ticket" in answer, answer
    ticket: dict[str, Any] = answer["Ticket"][0]
    return ticket


def _history_types(znuny: Znuny) -> list[str]:
    answer = znuny.call("GET", "/TicketHistory/1", params=ROOT)
    return [line["HistoryType"] for line in answer["TicketHistory"][0]["History"]]


def _service(znuny: Znuny, name: str, route: str, method: str, include: bool = False) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        operation = {
            "type": "Ticket::TicketUpdate",
            "route": route,
            "methods": [method],
            "include_ticket_data": include,
        }
        save_webservice(
            session,
            SYSTEM,
            name=name,
            config={"transport": "REST", "operations": {"TicketUpdate": operation}},
        )


def _update_error(kind: str, message: str) -> dict[str, Any]:
    return error(f"TicketUpdate.{kind}", f"TicketUpdate: {message}")


def _refused(znuny: Znuny, body: Any, expected: dict[str, Any], ticket_id: str = "1") -> None:
    before = row_counts(znuny)
    assert _update(znuny, body, ticket_id) == expected
    assert row_counts(znuny) == before


@pytest.fixture
def ticket(znuny: Znuny) -> Znuny:
    """Ticket 1 in Raw, new, 3 normal, for customer1, owned by root, unlocked."""
    znuny.create()
    return znuny


# --- answers -----------------------------------------------------------------------------------


def test_ticket_fields_only_answer_id_and_number(ticket: Znuny) -> None:
    response = ticket.request("PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"Title": "New"}})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.content == b'{"TicketID":"1","TicketNumber":"2024112410000013"}'
    assert _get(ticket)["Title"] == "New"


def test_one_article_answers_its_id(ticket: Znuny) -> None:
    response = ticket.request("PATCH", "/Ticket/1", body={**ROOT, "Article": NOTE})

    # ArticleID is the number ArticleCreate returned (Znuny 6.5.1 on MariaDB, spec §11.1).
    assert response.content == b'{"ArticleID":2,"TicketID":"1","TicketNumber":"2024112410000013"}'


def test_an_article_list_answers_article_ids(ticket: Znuny) -> None:
    second = {**NOTE, "Subject": "Second"}

    answer = _update(ticket, {**ROOT, "Article": [NOTE, second]})

    assert answer == {"ArticleIDs": [2, 3], "TicketID": "1", "TicketNumber": TN}
    subjects = [a["Subject"] for a in _get(ticket, AllArticles=1)["Article"]]
    assert subjects == ["Help", "Note", "Second"]


def test_a_one_element_article_list_answers_article_id(ticket: Znuny) -> None:
    assert _update(ticket, {**ROOT, "Article": [NOTE]}) == {
        "ArticleID": 2,
        "TicketID": "1",
        "TicketNumber": TN,
    }


def test_ticket_id_from_the_body_is_echoed_as_sent(ticket: Znuny) -> None:
    _service(ticket, POSTED, "/Update", "POST")

    as_number = ticket.call("POST", "/Update", body={**ROOT, "TicketID": 1}, service=POSTED)
    as_text = ticket.call("POST", "/Update", body={**ROOT, "TicketID": "1"}, service=POSTED)

    assert as_number == {"TicketID": 1, "TicketNumber": TN}
    assert as_text == {"TicketID": "1", "TicketNumber": TN}


def test_ticket_number_is_looked_up(ticket: Znuny) -> None:
    _service(ticket, POSTED, "/Update", "POST")
    body = {**ROOT, "TicketNumber": TN, "Ticket": {"Title": "By number"}}

    response = ticket.request("POST", "/Update", body=body, service=POSTED)

    assert response.content == b'{"TicketID":"1","TicketNumber":"2024112410000013"}'
    assert _get(ticket)["Title"] == "By number"


def test_ticket_number_wins_over_the_route_id(ticket: Znuny) -> None:
    answer = _update(ticket, {**ROOT, "TicketNumber": TN, "Ticket": {"Title": "T"}}, "999")

    assert answer == {"TicketID": "1", "TicketNumber": TN}


def test_the_znuny7_layout_updates_too(ticket: Znuny) -> None:
    answer = _update(ticket, {**ROOT, "Ticket": {"Priority": "4 high"}}, service=ZNUNY7)

    assert answer == {"TicketID": "1", "TicketNumber": TN}
    assert _get(ticket)["Priority"] == "4 high"


# --- changes -----------------------------------------------------------------------------------


def test_attributes_change(ticket: Znuny) -> None:
    changes = {
        "Title": "Printer replaced",
        "Queue": "Misc",
        "State": "open",
        "Priority": "5 very high",
        "Owner": "agent1",
        "Responsible": "agent1",
        "Lock": "lock",
        "CustomerUser": "customer3",
    }

    assert _update(ticket, {**ROOT, "Ticket": changes}) == {"TicketID": "1", "TicketNumber": TN}

    read = _get(ticket)
    shown = {key: read[key] for key in ("Title", "Queue", "State", "Priority", "Owner", "Lock")}
    assert shown == {
        "Title": "Printer replaced",
        "Queue": "Misc",
        "State": "open",
        "Priority": "5 very high",
        "Owner": "agent1",
        "Lock": "lock",
    }
    assert (read["Responsible"], read["CustomerUserID"], read["CustomerID"]) == (
        "agent1",
        "customer3",
        "BETA",
    )


def test_owner_change_does_not_lock(ticket: Znuny) -> None:
    _update(ticket, {**ROOT, "Ticket": {"Owner": "agent1"}})

    assert (_get(ticket)["Owner"], _get(ticket)["Lock"]) == ("agent1", "unlock")


def test_closing_unlocks(ticket: Znuny) -> None:
    _update(ticket, {**ROOT, "Ticket": {"Lock": "lock"}})

    _update(ticket, {**ROOT, "Ticket": {"State": "closed successful"}})

    read = _get(ticket)
    assert (read["State"], read["StateType"], read["Lock"]) == (
        "closed successful",
        "closed",
        "unlock",
    )


def test_pending_state_with_pending_time(ticket: Znuny) -> None:
    body = {**ROOT, "Ticket": {"State": "pending reminder", "PendingTime": {"Diff": 1440}}}

    assert _update(ticket, body) == {"TicketID": "1", "TicketNumber": TN}

    read = _get(ticket)
    assert (read["StateType"], read["UntilTime"], read["RealTillTimeNotUsed"]) == (
        "pending reminder",
        86400,
        int(NOW.timestamp()) + 86400,
    )


def test_values_equal_to_the_current_ones_are_no_ops(ticket: Znuny) -> None:
    same = {
        "Title": "Printer on fire",
        "Queue": "Raw",
        "State": "new",
        "Priority": "3 normal",
        "Owner": "root@localhost",
        "Lock": "unlock",
        "CustomerUser": "customer1",
    }
    history = _history_types(ticket)
    before = row_counts(ticket)

    assert _update(ticket, {**ROOT, "Ticket": same}) == {"TicketID": "1", "TicketNumber": TN}

    assert row_counts(ticket) == before
    assert _history_types(ticket) == history


def test_read_only_agent_may_send_current_values_of_unguarded_fields(znuny: Znuny) -> None:
    znuny.create(ticket={"Queue": "Junk"})

    answer = _update(znuny, {**AGENT, "Ticket": {"Title": "Printer on fire"}})

    assert answer == {"TicketID": "1", "TicketNumber": TN}


def test_a_change_writes_history(ticket: Znuny) -> None:
    _update(ticket, {**ROOT, "Ticket": {"Queue": "Misc", "State": "open", "Title": "X"}})

    assert _history_types(ticket)[-3:] == ["TitleUpdate", "Move", "StateUpdate"]


def test_article_from_is_the_agents_full_name(ticket: Znuny) -> None:
    _update(ticket, {**ROOT, "Article": NOTE})

    article = _get(ticket, AllArticles=1)["Article"][1]
    assert (article["From"], article["To"], article["SenderType"]) == ("Admin OTRS", "", "agent")


def test_a_customer_may_not_hide_an_article_or_account_time(ticket: Znuny) -> None:
    """Refused, never dropped (SPEC deviation 4); nothing is written."""
    before = row_counts(ticket)
    hidden = ticket.call(
        "PATCH", "/Ticket/1", body={**CUSTOMER, "Article": {**NOTE, "IsVisibleForCustomer": 0}}
    )
    timed = ticket.call(
        "PATCH", "/Ticket/1", body={**CUSTOMER, "Article": [NOTE, {**NOTE, "TimeUnit": 3}]}
    )

    assert hidden == error(
        "TicketUpdate.AccessDenied",
        "TicketUpdate: A customer user can not set Article->IsVisibleForCustomer!",
    )
    assert timed == error(
        "TicketUpdate.AccessDenied", "TicketUpdate: A customer user can not set Article->TimeUnit!"
    )
    assert row_counts(ticket) == before


def test_customer_adds_an_article(ticket: Znuny) -> None:
    answer = _update(ticket, {**CUSTOMER, "Article": NOTE})

    # Text for a customer caller, as the real server answers (spec §11.1).
    assert answer == {"ArticleID": "2", "TicketID": "1", "TicketNumber": TN}
    article = _get(ticket, AllArticles=1)["Article"][1]
    assert (article["From"], article["SenderType"], article["IsVisibleForCustomer"]) == (
        '"customer1" <customer1@example.com>',
        "customer",
        1,
    )


def test_email_article_to_falls_back_to_the_customer(ticket: Znuny) -> None:
    _update(ticket, {**ROOT, "Article": {**NOTE, "CommunicationChannel": "Email"}})

    article = _get(ticket, AllArticles=1)["Article"][1]
    assert (article["CommunicationChannelID"], article["To"]) == (
        1,  # Email
        '"customer1" <customer1@example.com>',
    )


def test_article_send_queues_a_mail(ticket: Znuny) -> None:
    article = {**NOTE, "ArticleSend": 1, "To": "owner@example.org", "Bcc": "boss@example.org"}

    answer = _update(ticket, {**ROOT, "Article": article, "Attachment": [TEXT_FILE]})

    assert answer["ArticleID"] == "2"  # text: the attachment was written to it
    with ticket.runtime.factory() as session:
        assert queued_mail_count(session) == 1
        mail = session.scalars(select(OutgoingMail)).one()
    assert (mail.to_addresses, mail.bcc_addresses, mail.subject, mail.comment_id) == (
        "owner@example.org",
        "boss@example.org",
        f"[Ticket#{TN}] Note",
        2,
    )
    assert len(mail.attachment_ids) == 1


def test_time_unit_and_attachment_go_to_the_first_article(ticket: Znuny) -> None:
    body = {
        **ROOT,
        "Article": [{**NOTE, "TimeUnit": "30"}, {**NOTE, "Subject": "Other"}],
        "Attachment": TEXT_FILE,
    }

    _update(ticket, body)

    read = _get(ticket, AllArticles=1, Attachments=1)
    assert read["TimeUnit"] == 30
    first, second = read["Article"][1:]
    assert (first["TimeUnit"], [a["Filename"] for a in first["Attachment"]]) == (30, ["a.txt"])
    assert "Attachment" not in second


def test_dynamic_fields_on_the_ticket(ticket: Znuny) -> None:
    with unit_of_work(ticket.runtime.factory) as session:
        create_field(session, SYSTEM, CustomFieldCreate(name="Foo", field_type=FieldType.TEXT))

    _update(ticket, {**ROOT, "DynamicField": {"Name": "Foo", "Value": "baz"}})
    _update(ticket, {**ROOT, "Article": {**NOTE, "DynamicField": [{"Name": "Foo", "Value": "q"}]}})

    assert _get(ticket, DynamicFields=1)["DynamicField"] == [{"Name": "Foo", "Value": "q"}]


def test_include_ticket_data(ticket: Znuny) -> None:
    _service(ticket, INCLUDING, "/Ticket/:TicketID", "PATCH", include=True)

    plain = ticket.call(
        "PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"Title": "T"}}, service=INCLUDING
    )
    one = ticket.call(
        "PATCH", "/Ticket/1", body={**ROOT, "Article": NOTE, "Attachment": TEXT_FILE},
        service=INCLUDING,
    )  # fmt: skip
    two = ticket.call(
        "PATCH", "/Ticket/1", body={**ROOT, "Article": [NOTE, NOTE]}, service=INCLUDING
    )

    assert (plain["TicketID"], plain["Ticket"]["Title"]) == ("1", "T")
    assert plain["Ticket"]["TicketID"] == 1  # TicketGet's number inside the echoed string
    assert "Article" not in plain["Ticket"] and "Articles" not in plain["Ticket"]
    article = one["Ticket"]["Article"]
    assert (one["ArticleID"], article["ArticleID"], article["Attachment"][0]["Content"]) == (
        "2",
        2,
        "SGVsbG8=",
    )
    assert two["ArticleIDs"] == [3, 4]  # numbers: no attachment was written to them
    assert [a["ArticleID"] for a in two["Ticket"]["Articles"]] == [3, 4]
    assert "Article" not in two["Ticket"]


# --- errors ------------------------------------------------------------------------------------


def test_a_request_that_is_not_an_object_is_empty(ticket: Znuny) -> None:
    response = ticket.request("PATCH", "/Ticket/1", body=[{**ROOT, "Ticket": {"Title": "x"}}])

    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketUpdate.EmptyRequest",'
        b'"ErrorMessage":"TicketUpdate: The request data is invalid!"}}'
    )


@pytest.mark.parametrize("body", [{**ROOT}, {**ROOT, "TicketID": "0"}, {**ROOT, "TicketID": ""}])
def test_ticket_id_or_number_is_required(ticket: Znuny, body: dict[str, Any]) -> None:
    _service(ticket, POSTED, "/Update", "POST")

    answer = ticket.call("POST", "/Update", body=body, service=POSTED)

    assert answer == _update_error("MissingParameter", "TicketID or TicketNumber is required!")


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        (
            {},
            _update_error(
                "MissingParameter", "UserLogin, CustomerUserLogin or SessionID is required!"
            ),
        ),
        (
            {"UserLogin": "agent1"},
            _update_error("MissingParameter", "Password or SessionID is required!"),
        ),
        (
            {"UserLogin": "agent1", "Password": "x"},
            _update_error("AuthFail", "User could not be authenticated!"),
        ),
        ({"SessionID": "nope"}, _update_error("AuthFail", "User could not be authenticated!")),
    ],
)
def test_credentials(ticket: Znuny, auth: dict[str, str], expected: dict[str, Any]) -> None:
    _refused(ticket, {**auth, "Ticket": {"Title": "x"}}, expected)


NO_ACCESS = _update_error("AccessDenied", "User does not have access to the ticket!")


@pytest.mark.parametrize(
    ("auth", "ticket_id", "extra"),
    [
        (ROOT, "999", {}),
        (ROOT, "abc", {}),
        (ROOT, "1", {"TicketNumber": "2024112410000099"}),
        ({"UserLogin": "agent2", "Password": "agent2"}, "1", {}),
        ({"CustomerUserLogin": "customer3", "Password": "customer3"}, "1", {}),
    ],
)
def test_no_access(
    ticket: Znuny, auth: dict[str, str], ticket_id: str, extra: dict[str, Any]
) -> None:
    _refused(ticket, {**auth, **extra, "Ticket": {"Title": "x"}}, NO_ACCESS, ticket_id)


def _pair_error(kind: str, name: str, verb: str = "invalid") -> dict[str, Any]:
    return _update_error(kind, f"Ticket->{name}ID or Ticket->{name} parameter is {verb}!")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Ticket": "x"}, _update_error("InvalidParameter", "Ticket parameter is not valid!")),
        ({"Ticket": {}}, _update_error("InvalidParameter", "Ticket parameter is not valid!")),
        ({"Ticket": []}, _update_error("InvalidParameter", "Ticket parameter is not valid!")),
        (
            {"DynamicField": "Foo"},
            _update_error("MissingParameter", "DynamicField parameter is missing or not valid!"),
        ),
        (
            {"Attachment": [], "Ticket": {"Queue": "Nope"}},
            _update_error("MissingParameter", "Attachment parameter is missing or not valid!"),
        ),
        (
            {"Ticket": {"CustomerUser": "Invalid@Email@example.com"}},
            _update_error("InvalidParameter", "Ticket->CustomerUser parameter is invalid!"),
        ),
        ({"Ticket": {"Queue": "Nope"}}, _pair_error("InvalidParameter", "Queue")),
        ({"Ticket": {"LockID": 7}}, _pair_error("InvalidParameter", "Lock")),
        ({"Ticket": {"Type": "Nope"}}, _pair_error("InvalidParameter", "Type")),
        ({"Ticket": {"Service": "Nope"}}, _pair_error("InvalidParameter", "Service")),
        ({"Ticket": {"SLAID": 9}}, _pair_error("InvalidParameter", "SLA")),
        ({"Ticket": {"State": "gone"}}, _pair_error("InvalidParameter", "State")),
        ({"Ticket": {"Priority": "urgent"}}, _pair_error("InvalidParameter", "Priority")),
        ({"Ticket": {"Owner": "nobody"}}, _pair_error("InvalidParameter", "Owner")),
        ({"Ticket": {"ResponsibleID": 999}}, _pair_error("InvalidParameter", "Responsible")),
        (
            {"Ticket": {"PendingTime": {"Diff": "x"}}},
            _update_error("InvalidParameter", "Ticket->PendingTime parameter is invalid!"),
        ),
        ({"Article": "x"}, _update_error("InvalidParameter", "Article parameter is not valid!")),
        ({"Article": []}, _update_error("InvalidParameter", "Article parameter is not valid!")),
        (
            {"Article": {**NOTE, "Subject": ""}},
            _update_error("MissingParameter", "Article->Subject parameter is missing!"),
        ),
        (
            {"Article": {**NOTE, "Body": None}},
            _update_error("MissingParameter", "Article->Body parameter is missing!"),
        ),
        (
            {"Article": {**NOTE, "ContentType": "text/plain"}},
            _update_error("InvalidParameter", "Article->ContentType is invalid!"),
        ),
        (
            {"Article": {**NOTE, "TimeUnit": "x"}},
            _update_error("InvalidParameter", "Article->TimeUnit parameter is invalid!"),
        ),
        (
            {"Attachment": TEXT_FILE},
            _update_error("MissingParameter", "To create an attachment an article is needed!"),
        ),
        (
            {"Article": NOTE, "Attachment": {**TEXT_FILE, "Content": ""}},
            _update_error("MissingParameter", "Attachment->Content parameter is missing!"),
        ),
        (
            {"Article": NOTE, "Attachment": {**TEXT_FILE, "ContentType": "x"}},
            _update_error("InvalidParameter", "Attachment->ContentType is invalid!"),
        ),
    ],
)
def test_parameters(ticket: Znuny, changes: dict[str, Any], expected: dict[str, Any]) -> None:
    body = {key: value for key, value in {**ROOT, **changes}.items() if value is not None}
    if isinstance(body.get("Article"), dict):
        body["Article"] = {k: v for k, v in body["Article"].items() if v is not None}

    _refused(ticket, body, expected)


def test_article_send_to_quirk_answers_with_ticket_create_code(ticket: Znuny) -> None:
    response = ticket.request(
        "PATCH", "/Ticket/1", body={**ROOT, "Article": {**NOTE, "ArticleSend": 1, "To": "x"}}
    )

    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketCreate.InvalidParameter","ErrorMessage":"TicketCreate: '
        b'Article->To parameter must be a valid email address when Article->ArticleSend is set!"}}'
    )


def test_pending_state_without_pending_time(ticket: Znuny) -> None:
    before = row_counts(ticket)

    response = ticket.request(
        "PATCH", "/Ticket/1", body={**ROOT, "Ticket": {"State": "pending reminder", "Title": "x"}}
    )

    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketUpdate.MissingParameter",'
        b'"ErrorMessage":"Can\'t set a ticket on a pending state without pendig time!"}}'
    )
    assert row_counts(ticket) == before
    assert _get(ticket)["Title"] == "Printer on fire"


@pytest.fixture
def fields(ticket: Znuny) -> Znuny:
    with unit_of_work(ticket.runtime.factory) as session:
        create_field(session, SYSTEM, CustomFieldCreate(name="Foo", field_type=FieldType.TEXT))
        create_field(session, SYSTEM, CustomFieldCreate(name="Count", field_type=FieldType.NUMBER))
    return ticket


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            {"Value": "x"},
            _update_error("MissingParameter", "DynamicField->Name parameter is missing!"),
        ),
        (
            {"Name": "Foo"},
            _update_error("MissingParameter", "DynamicField->Value parameter is missing!"),
        ),
        (
            {"Name": "Nope", "Value": "x"},
            _update_error("InvalidParameter", "DynamicField->Name parameter is invalid!"),
        ),
        (
            {"Name": "Count", "Value": "x"},
            _update_error("InvalidParameter", "DynamicField->Value parameter is invalid!"),
        ),
    ],
)
def test_dynamic_field_errors(
    fields: Znuny, field: dict[str, Any], expected: dict[str, Any]
) -> None:
    _refused(fields, {**ROOT, "DynamicField": [{"Name": "Foo", "Value": "ok"}, field]}, expected)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DynamicField": ["Foo"]}, "TicketUpdate: Ticket->DynamicField parameter is invalid!"),
        (
            {"Article": NOTE, "Attachment": ["a.txt"]},
            "TicketUpdate: Ticket->Attachment parameter is invalid!",
        ),
        ({"Attachment": ["a.txt"]}, "TicketUpdate: Ticket->Attachment parameter is invalid!"),
    ],
)
def test_list_elements_that_are_not_objects_are_faults(
    fields: Znuny, changes: dict[str, Any], message: str
) -> None:
    before = row_counts(fields)

    response = fields.request("PATCH", "/Ticket/1", body={**ROOT, **changes})

    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=UTF-8"
    assert response.json() == {"faultcode": "Server", "faultstring": message}
    assert row_counts(fields) == before


def test_checks_run_in_order(ticket: Znuny) -> None:
    body = {**ROOT, "Ticket": {"Queue": "Nope"}, "Article": {**NOTE, "Subject": ""}}
    _refused(ticket, body, _pair_error("InvalidParameter", "Queue"))
    body = {**ROOT, "Article": {**NOTE, "Subject": ""}, "Attachment": {"Content": "x"}}
    _refused(
        ticket, body, _update_error("MissingParameter", "Article->Subject parameter is missing!")
    )
    body = {**ROOT, "Ticket": {"State": "pending reminder"}, "Article": {**NOTE, "Body": ""}}
    _refused(ticket, body, _update_error("MissingParameter", "Article->Body parameter is missing!"))


# --- per-attribute permissions: agent1 reads Junk but may not change it -----------------------


@pytest.fixture
def junk(znuny: Znuny) -> Znuny:
    znuny.create(ticket={"Queue": "Junk"})
    return znuny


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"Ticket": {"Queue": "Misc", "Owner": "agent1"}},
            "Does not have permissions to update queue!",
        ),
        ({"Ticket": {"Queue": "Junk"}}, "Does not have permissions to update queue!"),
        (
            {"Ticket": {"Owner": "agent1", "Priority": "1 very low"}},
            "Does not have permissions to update owner!",
        ),
        ({"Ticket": {"ResponsibleID": 2}}, "Does not have permissions to update responsibe!"),
        (
            {"Ticket": {"Priority": "1 very low", "State": "open"}},
            "Does not have permissions to update priority!",
        ),
        ({"Ticket": {"State": "closed successful"}}, "Does not have permissions to update state!"),
        ({"Ticket": {"State": "pending reminder"}}, "Does not have permissions to update state!"),
        ({"Article": NOTE}, "Does not have permissions to create new articles!"),
        (
            {"DynamicField": {"Name": "Foo", "Value": "x"}},
            "Does not have permissions to update dynamic fields!",
        ),
        ({"Ticket": {"Title": "Mine now"}}, "User does not have access to the ticket!"),
    ],
)
def test_read_only_agent(junk: Znuny, changes: dict[str, Any], message: str) -> None:
    with unit_of_work(junk.runtime.factory) as session:
        create_field(session, SYSTEM, CustomFieldCreate(name="Foo", field_type=FieldType.TEXT))

    _refused(junk, {**AGENT, **changes}, _update_error("AccessDenied", message))


def test_read_only_agent_still_reads(junk: Znuny) -> None:
    answer = junk.call("GET", "/Ticket/1", params=AGENT)

    assert answer["Ticket"][0]["Queue"] == "Junk"


def test_agent_with_write_access_updates(ticket: Znuny) -> None:
    answer = _update(ticket, {**AGENT, "Ticket": {"Queue": "Misc"}, "Article": NOTE})

    assert answer == {"ArticleID": 2, "TicketID": "1", "TicketNumber": TN}
    assert _get(ticket)["Queue"] == "Misc"


def test_customer_may_not_change_ticket_fields(ticket: Znuny) -> None:
    expected = _update_error("AccessDenied", "Does not have permissions to update state!")

    _refused(ticket, {**CUSTOMER, "Ticket": {"State": "closed successful"}}, expected)


def test_sla_joins_the_tickets_service(znuny: Znuny) -> None:
    from polydesk.models.helpdesks import Sla

    with unit_of_work(znuny.runtime.factory) as session:
        session.add(Sla(name="Gold"))
    znuny.create(ticket={"Service": "Incident::Hardware"})
    znuny.create("No service")

    assert _update(znuny, {**ROOT, "Ticket": {"SLA": "Gold"}}) == {
        "TicketID": "1",
        "TicketNumber": TN,
    }
    assert _get(znuny)["SLA"] == "Gold"
    _refused(
        znuny, {**ROOT, "Ticket": {"SLA": "Gold"}}, _pair_error("InvalidParameter", "SLA"), "2"
    )


def test_moving_out_of_reach_with_an_article_changes_nothing(ticket: Znuny) -> None:
    body = {**AGENT, "Ticket": {"Queue": "Postmaster"}, "Article": NOTE}

    _refused(ticket, body, NO_ACCESS)

    assert _get(ticket)["Queue"] == "Raw"
