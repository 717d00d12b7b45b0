"""Schedules: add, update (only what is given), get with filters, formats and errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.groups.service import GroupCreate, create_group
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from tests.dialects.readydesk.conftest import ReadyDesk


def _ids(answer: str) -> list[int]:
    return [int(found) for found in re.findall(r"<id>(\d+)</id>", answer)]


def _value(answer: str, name: str) -> str:
    found = re.search(rf"<{name}>(.*?)</{name}>", answer)
    assert found is not None, answer
    return found.group(1)


def _count(rd: ReadyDesk) -> int:
    answer = rd.call("get_schedules", fmt="delimited", count_only="Y")
    return int(answer.removeprefix("count="))


@pytest.fixture
def setup(rd: ReadyDesk) -> int:
    with unit_of_work(rd.runtime.factory) as session:
        create_group(session, SYSTEM, GroupCreate(name="Field Team"))
        create_group(session, SYSTEM, GroupCreate(name="Office"))
        return create_ticket(session, SYSTEM, TicketCreate(title="Install")).id


GOLDEN_JSON = """{
	"schedules": [
		{
			"id" : "1",
			"title" : "Install+printer",
			"category" : "Visits",
			"status" : "A",
			"tid" : "1",
			"cids" : "demo",
			"uids" : "api%2cguest",
			"groups" : "Field+Team",
			"start_date" : "5/2/2024 9:00:00 AM",
			"end_date" : "5/2/2024 11:30:00 AM",
			"date_completed" : "",
			"recurring" : "Y",
			"recurrence_type" : "I",
			"interval" : "2",
			"interval_unit" : "WEEKS",
			"weekdays" : "",
			"added_by" : "api",
			"date_added" : "5/1/2024 10:00:00 AM",
			"last_updated" : "5/1/2024 10:00:00 AM"
		}
	]
}"""


def test_add_then_get_in_three_formats(rd: ReadyDesk, setup: int) -> None:
    answer = rd.call(
        "add_schedule",
        title="Install printer",
        category="Visits",
        tid=str(setup),
        cids="demo",
        uids="guest,API",
        groups="field team",
        start_date="5/2/2024 9:00 AM",
        end_date="5/2/2024 11:30:00 AM",
        recurring="Y",
        recurrence_type="I",
        interval="2",
        interval_unit="weeks",
    )
    assert answer == '<?xml version="1.0"?><response><added_schedule>1</added_schedule></response>'
    assert rd.call("get_schedules", fmt="json", id="1") == GOLDEN_JSON
    assert rd.call("get_schedules", fmt="delimited", tid=str(setup)) == (
        "id=1&title=Install+printer&category=Visits&status=A&tid=1&cids=demo&uids=api%2cguest"
        "&groups=Field+Team&start_date=5/2/2024 9:00:00 AM&end_date=5/2/2024 11:30:00 AM"
        "&date_completed=&recurring=Y&recurrence_type=I&interval=2&interval_unit=WEEKS"
        "&weekdays=&added_by=api&date_added=5/1/2024 10:00:00 AM"
        "&last_updated=5/1/2024 10:00:00 AM"
    )
    xml = rd.call("get_schedules", cid="demo")
    assert xml.startswith('<?xml version="1.0"?>\n<schedules>\n\t<schedule>\n\t\t<id>1</id>')


def test_add_answers_in_json_and_delimited(rd: ReadyDesk) -> None:
    assert rd.call("add_schedule", fmt="json", title="A", start_date="1/2/2024") == (
        '{"response": [{"added_schedule": "1"}]}'
    )
    assert rd.call(
        "add_schedule", fmt="delimited", method="POST", title="B", start_date="1/3/2024"
    ) == ("added_schedule=2")


def test_update_changes_only_what_is_given(rd: ReadyDesk, setup: int) -> None:
    rd.call(
        "add_schedule",
        title="Visit",
        category="Visits",
        start_date="5/2/2024",
        cids="demo",
        uids="guest",
        groups="Office",
        recurring="Y",
        recurrence_type="W",
        weekdays="1,3,0",
    )
    answer = rd.call("update_schedule", fmt="json", id="1", status="d", uids="api")
    assert answer == '{"response": [{"updated_schedule": "1"}]}'
    got = rd.call("get_schedules", id="1")
    assert (_value(got, "status"), _value(got, "uids"), _value(got, "cids")) == ("D", "api", "demo")
    assert _value(got, "date_completed") == "5/1/2024 10:00:00 AM"  # completing records now
    assert (_value(got, "title"), _value(got, "groups")) == ("Visit", "Office")
    assert (_value(got, "recurrence_type"), _value(got, "weekdays")) == ("W", "1,3,0")
    rd.call("update_schedule", id="1", weekdays="6")  # the rule's other parts stay
    assert _value(rd.call("get_schedules", id="1"), "weekdays") == "6"
    rd.call("update_schedule", id="1", recurring="N", groups="", tid=str(setup))
    got = rd.call("get_schedules", id="1")
    assert (_value(got, "recurring"), _value(got, "weekdays"), _value(got, "groups")) == (
        "N",
        "",
        "",
    )
    assert _value(got, "tid") == str(setup)


@pytest.fixture
def three(rd: ReadyDesk, setup: int) -> list[int]:
    rd.call("add_schedule", title="A", start_date="5/2/2024", cids="demo", uids="guest",
            tid=str(setup))  # fmt: skip
    rd.call("add_schedule", title="C", start_date="5/1/2024", groups="Field Team")
    rd.call("add_schedule", title="B", start_date="5/3/2024", uids="api", status="H")
    return [1, 2, 3]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [1, 2, 3]),
        ({"id": "*"}, [1, 2, 3]),
        ({"id": "3,1"}, [1, 3]),
        ({"tid": "1"}, [1]),
        ({"cid": "DEMO"}, [1]),
        ({"cid": "*"}, [1, 2, 3]),
        ({"uid": "a*"}, [3]),
        ({"uid": "guest,api"}, [1, 3]),
        ({"groups": "field team"}, [2]),
        ({"order": "START_DATE"}, [2, 1, 3]),
        ({"order": "TITLE DESC"}, [2, 3, 1]),
        ({"order": "title", "order_direction": "desc"}, [2, 3, 1]),
        ({"id": "*", "count": "2", "page": "2"}, [3]),
    ],
)
def test_get_filters(
    rd: ReadyDesk, three: list[int], variables: dict[str, Any], expected: list[int]
) -> None:
    assert _ids(rd.call("get_schedules", **variables)) == expected


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"start_date": "5/2/2024"}, "Missing required variable: title"),
        ({"title": "x"}, "Missing required variable: start_date"),
        ({"title": "x", "start_date": "2024-05-02"}, "Invalid start_date"),
        ({"title": "x", "start_date": "5/2/2024", "end_date": "5/1/2024"}, "the end is before"),
        ({"title": "x", "start_date": "5/2/2024", "status": "X"}, "Invalid status: use A, H"),
        ({"title": "x", "start_date": "5/2/2024", "cids": "nobody"}, "Not found: customer"),
        ({"title": "x", "start_date": "5/2/2024", "uids": "demo"}, "Not found: tech demo"),
        ({"title": "x", "start_date": "5/2/2024", "groups": "Nowhere"}, "Not found: group"),
        ({"title": "x", "start_date": "5/2/2024", "tid": "99"}, "Not found: ticket 99"),
        ({"title": "x" * 256, "start_date": "5/2/2024"}, "Invalid title"),
        ({"title": "x", "start_date": "5/2/2024", "recurring": "Y"}, "Invalid recurrence_type"),
        (
            {"title": "x", "start_date": "5/2/2024", "recurring": "Y", "recurrence_type": "I",
             "interval": "2", "interval_unit": "FORTNIGHTS"},
            "Invalid interval_unit",
        ),
        (
            {"title": "x", "start_date": "5/2/2024", "recurring": "Y", "recurrence_type": "W",
             "weekdays": "7"},
            "Invalid weekdays",
        ),
        (
            {"title": "x", "start_date": "5/2/2024", "recurring": "Y", "recurrence_type": "I"},
            "Invalid repeat",
        ),
    ],
)  # fmt: skip
def test_add_refuses_bad_input_and_adds_nothing(
    rd: ReadyDesk, setup: int, variables: dict[str, str], error: str
) -> None:
    assert f"<error>{error}" in rd.call("add_schedule", **variables)
    assert _count(rd) == 0


def test_update_errors_change_nothing(rd: ReadyDesk, three: list[int]) -> None:
    for variables, error in (
        ({"title": "x"}, "Missing required variable: id"),
        ({"id": "99", "title": "x"}, "Not found: schedule 99 not found"),
        ({"id": "1", "title": ""}, "Invalid title"),
        ({"id": "1", "title": "New", "start_date": ""}, "starts_at cannot be cleared"),
        ({"id": "1", "title": "New", "uids": "nobody"}, "Not found: tech nobody"),
    ):
        assert error in rd.call("update_schedule", **variables)
    assert _value(rd.call("get_schedules", id="1"), "title") == "A"
    assert _value(rd.call("get_schedules", id="1"), "uids") == "guest"


def test_get_errors(rd: ReadyDesk, three: list[int]) -> None:
    assert "<error>Invalid order" in rd.call("get_schedules", order="ID) OR (1=1")
    assert "<error>Invalid tid" in rd.call("get_schedules", tid="x")
