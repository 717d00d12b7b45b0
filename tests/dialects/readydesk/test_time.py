"""``get_time``: time entries by customer, dates, ids; paging, order, formats, errors."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from polydesk.authz.actors import actor_for
from polydesk.core.actor import SYSTEM, Role
from polydesk.db.uow import unit_of_work
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from polydesk.timetracking.service import TimeEntryCreate, log_time
from polydesk.users.service import get_user
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.factories import make_user


def _ids(answer: str) -> list[int]:
    return [int(found) for found in re.findall(r"<id>(\d+)</id>", answer)]


@pytest.fixture
def entries(rd: ReadyDesk) -> list[int]:
    made = []
    with unit_of_work(rd.runtime.factory) as session:
        zed = make_user(session, Role.CUSTOMER, login="zed")
        guest = get_user(session, rd.ids["guest"])
        assert guest is not None
        demo_ticket = create_ticket(
            session, SYSTEM, TicketCreate(title="A", requester_id=rd.ids["demo"], owner_id=guest.id)
        )
        zed_ticket = create_ticket(session, SYSTEM, TicketCreate(title="B", requester_id=zed.id))
        as_guest = actor_for(session, guest)
        for who, ticket, minutes, day, extra in (
            (
                as_guest,
                demo_ticket,
                90,
                datetime(2014, 1, 10, 9, tzinfo=UTC),
                {"is_billable": True, "description": "Fixed fan"},
            ),
            (SYSTEM, zed_ticket, 15, datetime(2014, 1, 20, 9, tzinfo=UTC), {"is_public": False}),
            (as_guest, demo_ticket, 1, datetime(2014, 2, 1, 9, tzinfo=UTC), {"category": "Phone"}),
        ):
            cmd = TimeEntryCreate(duration_seconds=minutes * 60, started_at=day, **extra)
            made.append(log_time(session, who, ticket.id, cmd).id)
    return made


def test_golden_xml(rd: ReadyDesk, entries: list[int]) -> None:
    assert rd.call("get_time", cid="*", id=str(entries[0])) == (
        '<?xml version="1.0"?>\n<time>\n\t<entry>\n'
        "\t\t<id>1</id>\n\t\t<tid>1</tid>\n\t\t<uid>guest</uid>\n\t\t<cid>demo</cid>\n"
        "\t\t<date>1/10/2014 9:00:00 AM</date>\n\t\t<duration>90</duration>\n"
        "\t\t<time_unit>Minutes</time_unit>\n\t\t<billable>Y</billable>\n"
        "\t\t<private>N</private>\n\t\t<category></category>\n"
        "\t\t<notes>Fixed+fan</notes>\n\t\t<date_added>5/1/2024 10:00:00 AM</date_added>\n"
        "\t</entry>\n</time>"
    )


def test_json_and_delimited(rd: ReadyDesk, entries: list[int]) -> None:
    answer = rd.call("get_time", fmt="json", cid="zed")
    assert answer.startswith('{\n\t"time": [\n\t\t{\n\t\t\t"id" : "2",\n\t\t\t"tid" : "2",')
    assert '"uid" : "",' in answer and '"private" : "Y",' in answer
    assert rd.call("get_time", fmt="delimited", cid="*", id=str(entries[2])) == (
        "id=3&tid=1&uid=guest&cid=demo&date=2/1/2014 9:00:00 AM&duration=1&time_unit=Minutes"
        "&billable=N&private=N&category=Phone&notes=&date_added=5/1/2024 10:00:00 AM"
    )


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"cid": "*"}, [0, 1, 2]),
        ({"cid": "DEMO"}, [0, 2]),
        ({"cid": "demo,zed"}, [0, 1, 2]),
        ({"cid": "z*"}, [1]),
        ({"cid": "*", "id": "3,1"}, [0, 2]),
        ({"cid": "*", "start_cid": "e"}, [1]),
        ({"cid": "*", "end_cid": "d"}, [0, 2]),
        ({"cid": "*", "start_date": "1/15/2014", "end_date": "1/31/2014"}, [1]),
        ({"cid": "*", "start_date": "1/20/2014 9:00:00 AM"}, [1, 2]),
        ({"cid": "*", "tid": "1"}, [0, 2]),
        ({"cid": "*", "uid": "guest"}, [0, 2]),
        ({"cid": "*", "order": "DURATION DESC"}, [0, 1, 2]),
        ({"cid": "*", "order": "duration"}, [2, 1, 0]),
        ({"cid": "*", "count": "2", "page": "2"}, [2]),
        ({"cid": "nobody"}, []),
    ],
)
def test_filters(
    rd: ReadyDesk, entries: list[int], variables: dict[str, Any], expected: list[int]
) -> None:
    assert _ids(rd.call("get_time", **variables)) == [entries[i] for i in expected]


def test_count_only(rd: ReadyDesk, entries: list[int]) -> None:
    assert rd.call("get_time", fmt="json", cid="demo", count_only="Y") == '{"count": "2"}'


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({}, "Missing required variable: cid"),
        ({"cid": "*", "start_date": "2014-01-01"}, "Invalid start_date"),
        ({"cid": "*", "order": "id desc; delete from time_entries"}, "Invalid order"),
        ({"cid": "*", "id": "one"}, "Invalid id"),
        ({"cid": "*", "count_only": "maybe"}, "Invalid count_only: use Y or N"),
    ],
)
def test_errors(rd: ReadyDesk, entries: list[int], variables: dict[str, str], error: str) -> None:
    assert f"<error>{error}" in rd.call("get_time", **variables)


def test_a_customer_key_sees_public_entries_of_its_tickets(
    rd: ReadyDesk, entries: list[int]
) -> None:
    rd.key = rd.new_key(login="demo")
    assert _ids(rd.call("get_time", cid="*")) == [entries[0], entries[2]]
