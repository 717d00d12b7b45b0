"""A customer user reads only the public part of its ticket through the GenericInterface:
TicketGet's articles, attachments and time units, TicketSearch on article text; history and
time accounting are the agents' (spec: "Customer visibility"). Agents read all of it."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from polydesk.db.uow import unit_of_work
from tests.dialects.znuny.conftest import AGENT, CUSTOMER, ZNUNY7, Znuny, error
from tests.visibility import (
    INTERNAL_BYTES,
    INTERNAL_FILE,
    INTERNAL_WORD,
    PUBLIC_FILE,
    PUBLIC_WORD,
    Mixed,
    mixed_ticket,
)


@pytest.fixture
def mixed(znuny: Znuny) -> Mixed:
    with unit_of_work(znuny.runtime.factory) as session:
        return mixed_ticket(
            session,
            znuny.runtime.store,
            requester_id=znuny.users["customer1"],
            helpdesk_id=znuny.queues["Raw"],
        )


def _ticket(znuny: Znuny, mixed: Mixed, auth: dict[str, str]) -> dict[str, Any]:
    params = {**auth, "AllArticles": 1, "Attachments": 1, "DynamicFields": 1}
    answer = znuny.call("GET", f"/Ticket/{mixed.ticket_id}", params=params)
    assert "Ticket" in answer, answer
    ticket: dict[str, Any] = answer["Ticket"][0]
    return ticket


def test_ticket_get_shows_the_customer_only_the_public_part(znuny: Znuny, mixed: Mixed) -> None:
    ticket = _ticket(znuny, mixed, CUSTOMER)
    text = json.dumps(ticket)
    assert INTERNAL_WORD not in text and INTERNAL_FILE not in text
    assert [a["ArticleID"] for a in ticket["Article"]] == [mixed.public_comment]
    article = ticket["Article"][0]
    assert article["TimeUnit"] == 5  # 7 internal minutes on it are not counted
    assert [f["Filename"] for f in article["Attachment"]] == [PUBLIC_FILE]
    assert ticket["TimeUnit"] == 15


def test_agents_read_the_whole_ticket(znuny: Znuny, mixed: Mixed) -> None:
    ticket = _ticket(znuny, mixed, AGENT)
    assert [a["ArticleID"] for a in ticket["Article"]] == [
        mixed.public_comment,
        mixed.internal_comment,
    ]
    public, internal = ticket["Article"]
    assert (public["TimeUnit"], internal["TimeUnit"]) == (12, 30)
    assert [f["Filename"] for f in internal["Attachment"]] == [INTERNAL_FILE]
    assert INTERNAL_WORD in internal["Body"]
    assert ticket["TimeUnit"] == 72


def test_internal_files_have_no_content_for_the_customer(znuny: Znuny, mixed: Mixed) -> None:
    ticket = _ticket(znuny, mixed, CUSTOMER)
    contents = [f["Content"] for a in ticket["Article"] for f in a.get("Attachment", [])]
    assert contents == [base64.b64encode(b"public bytes").decode()]
    every = _ticket(znuny, mixed, AGENT)
    contents = [f["Content"] for a in every["Article"] for f in a.get("Attachment", [])]
    assert base64.b64encode(INTERNAL_BYTES).decode() in contents


@pytest.mark.parametrize(
    "words",
    [{"Fulltext": INTERNAL_WORD}, {"Body": INTERNAL_WORD}, {"MIMEBase_Body": INTERNAL_WORD}],
)
def test_search_does_not_match_internal_article_words(
    znuny: Znuny, mixed: Mixed, words: dict[str, str]
) -> None:
    def search(auth: dict[str, str], given: dict[str, str]) -> Any:
        body = {**auth, **given}
        return znuny.call("POST", "/Ticket/Search", body=body, service=ZNUNY7)

    assert search(CUSTOMER, words) == {}
    assert search(AGENT, words) == {"TicketID": [str(mixed.ticket_id)]}
    assert search(CUSTOMER, {"Fulltext": PUBLIC_WORD}) == {"TicketID": [str(mixed.ticket_id)]}


def test_history_and_time_accounting_are_for_agents(znuny: Znuny, mixed: Mixed) -> None:
    history = znuny.call("GET", f"/TicketHistory/{mixed.ticket_id}", params=CUSTOMER)
    assert history == error(
        "TicketHistoryGet.AuthFail", "TicketHistoryGet: User needs to an Agent!"
    )
    body = {
        **CUSTOMER,
        "TimeAccountingUserLogin": "root@localhost",
        "TimeAccountingStart": "2000-01-01",
        "TimeAccountingEnd": "2100-01-01",
    }
    answer = znuny.call("POST", "/TimeAccountingGet", body=body, service="TimeAccounting")
    assert answer == error("TimeAccountingGet.NoPermission", "TimeAccountingGet: No permission!")
    lines = znuny.call("GET", f"/TicketHistory/{mixed.ticket_id}", params=AGENT)
    notes = {line["ArticleID"] for line in lines["TicketHistory"][0]["History"]}
    assert mixed.internal_comment in notes
