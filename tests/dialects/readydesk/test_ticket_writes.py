"""``add_ticket`` / ``update_ticket``: names resolved, only given variables change, bad input
changes nothing."""

from __future__ import annotations

import json
import re

import pytest

from tests.dialects.readydesk.conftest import ReadyDesk


def _added(answer: str) -> int:
    found = re.fullmatch(
        r'<\?xml version="1.0"\?><response><added_ticket>(\d+)</added_ticket></response>', answer
    )
    assert found, answer
    return int(found.group(1))


def _get(rd: ReadyDesk, tid: int) -> dict[str, str]:
    ticket: dict[str, str] = json.loads(rd.call("get_tickets", fmt="json", tid=str(tid)))[
        "tickets"
    ][0]
    return ticket


def test_add_ticket_with_every_variable(rd: ReadyDesk) -> None:
    tid = _added(
        rd.call(
            "add_ticket",
            cid="demo",
            company="Demo Company",
            contact="Jane Roe",
            phone="555 1234",
            email="jane@example.com",
            source="Email",
            category="Incident",
            sub_category="Hardware",
            assigned_to="guest",
            status="In Progress",
            priority="high",
            subject="Disk full",
            summary="C: has 0 bytes free",
            due_date="5/2/2024 3:30 PM",
            cc_addresses="a@example.com, b@example.com",
            custom_field_2="blue",
            open_date="5/1/2024",
        )
    )
    ticket = _get(rd, tid)
    assert ticket["cid"] == "demo"
    assert ticket["company_name"] == "Demo+Company"
    assert (ticket["contact"], ticket["phone"], ticket["email"]) == (
        "Jane+Roe",
        "555+1234",
        "jane%40example.com",
    )
    assert (ticket["source"], ticket["category"], ticket["sub_category"]) == (
        "Email",
        "Incident",
        "Hardware",
    )
    assert (ticket["status"], ticket["priority"]) == ("In+Progress", "High")
    assert ticket["assigned_tech"] == "guest"
    assert ticket["due_date"] == "5/2/2024 3:30:00 PM"
    assert ticket["cc_addresses"] == "a%40example.com%2cb%40example.com"
    assert ticket["custom_fields"] == [
        {"Custom_field_1": "", "Custom_field_2": "blue", "Custom_field_3": "", "Custom_field_4": ""}
    ]
    assert (ticket["subject"], ticket["summary"]) == ("Disk+full", "C%3a+has+0+bytes+free")
    assert (ticket["opened_by"], ticket["updated_by"], ticket["updater_type"]) == (
        "api",
        "api",
        "ADMIN",
    )


def test_add_ticket_answers_in_each_format(rd: ReadyDesk) -> None:
    answer = json.loads(rd.call("add_ticket", fmt="json", cid="demo", subject="x"))
    tid = answer["response"][0]["added_ticket"]
    assert isinstance(tid, str)
    assert (
        rd.call("add_ticket", fmt="delimited", cid="demo", subject="y")
        == f"added_ticket={int(tid) + 1}"
    )


def test_a_key_without_user_opens_tickets_as_api(rd: ReadyDesk) -> None:
    rd.key = rd.new_key()
    tid = _added(rd.call("add_ticket", cid="demo", subject="x", method="POST"))
    assert _get(rd, tid)["opened_by"] == "API"


def test_update_changes_only_what_is_given(rd: ReadyDesk) -> None:
    tid = _added(
        rd.call("add_ticket", cid="demo", subject="Printer", contact="Jane", source="Phone")
    )
    answer = rd.call("update_ticket", tid=str(tid), status="Closed", assigned_to="guest")
    assert (
        answer
        == f'<?xml version="1.0"?><response><updated_ticket>{tid}</updated_ticket></response>'
    )
    ticket = _get(rd, tid)
    assert (ticket["status"], ticket["assigned_tech"], ticket["contact"]) == (
        "Closed",
        "guest",
        "Jane",
    )
    assert ticket["source"] == "Phone"
    assert ticket["date_closed"] == "5/1/2024 10:00:00 AM"
    rd.call("update_ticket", tid=str(tid), assigned_to="", source="")
    ticket = _get(rd, tid)
    assert (ticket["assigned_tech"], ticket["source"]) == ("", "")


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"subject": "x"}, "Missing required variable: cid"),
        ({"cid": "demo"}, "Missing required variable: subject"),
        ({"cid": "nobody", "subject": "x"}, "Invalid cid"),
        ({"cid": "guest", "subject": "x"}, "Invalid cid"),
        ({"cid": "demo", "subject": "x", "company": "Nope Inc"}, "Invalid company"),
        ({"cid": "demo", "subject": "x", "company": "999"}, "Not found: company 999"),
        ({"cid": "demo", "subject": "x", "status": "Sleeping"}, "Invalid status"),
        ({"cid": "demo", "subject": "x", "source": "Fax"}, "Invalid source"),
        ({"cid": "demo", "subject": "x", "category": "Nope"}, "Invalid category"),
        (
            {"cid": "demo", "subject": "x", "category": "Incident", "sub_category": "Nope"},
            "Invalid sub_category",
        ),
        ({"cid": "demo", "subject": "x", "assigned_to": "demo"}, "Invalid assigned_to"),
        ({"cid": "demo", "subject": "x", "assigned_group": "Nope"}, "Invalid assigned_group"),
        (
            {"cid": "demo", "subject": "x", "escalation_level": "Level 1"},
            "Invalid escalation_level",
        ),
        ({"cid": "demo", "subject": "x", "due_date": "tomorrow"}, "Invalid due_date"),
        ({"cid": "demo", "subject": "x", "open_date": "13/45/2024"}, "Invalid open_date"),
        ({"cid": "demo", "subject": "x", "customer_group": "VIP"}, "Invalid customer_group"),
        ({"cid": "demo", "subject": "x", "cc_addresses": "not-an-address"}, "Invalid cc"),
    ],
)
def test_bad_add_input_changes_nothing(
    rd: ReadyDesk, variables: dict[str, str], message: str
) -> None:
    answer = rd.call("add_ticket", **variables)
    assert answer.startswith(f'<?xml version="1.0"?><response><error>{message}'), answer
    assert rd.call("get_tickets", count_only="Y").endswith("<count>0</count>")


def test_bad_update_changes_nothing(rd: ReadyDesk) -> None:
    tid = _added(rd.call("add_ticket", cid="demo", subject="Keep me"))
    before = _get(rd, tid)
    answer = rd.call("update_ticket", tid=str(tid), subject="Changed", status="Nope")
    assert "<error>Invalid status" in answer
    assert _get(rd, tid) == before
    assert "<error>Invalid tid" in rd.call("update_ticket", tid="x1")
    assert "<error>Not found: ticket 999" in rd.call("update_ticket", tid="999", subject="z")
    assert "<error>Missing required variable: tid" in rd.call("update_ticket", subject="z")


def test_a_customer_key_cannot_update(rd: ReadyDesk) -> None:
    tid = _added(rd.call("add_ticket", cid="demo", subject="Mine"))
    rd.key = rd.new_key(login="demo")
    assert "<error>Access denied" in rd.call("update_ticket", tid=str(tid), subject="Hacked")
