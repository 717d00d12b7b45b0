"""``get_tickets`` filters, paging and order (seed input table), each pushed into SQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from polydesk.catalogs.service import code_to_core_id
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.factories import make_user


def _code(rd: ReadyDesk, kind: str, name: str) -> int:
    with unit_of_work(rd.runtime.factory) as session:
        found = code_to_core_id(session, dialect="readydesk", kind=kind, code=name)
    assert found is not None
    return found


def _ticket(rd: ReadyDesk, when: datetime | None = None, **fields: Any) -> int:
    fields.setdefault("title", "A ticket")
    with (
        unit_of_work(rd.runtime.factory) as session,
        frozen(when or datetime(2024, 1, 1, tzinfo=UTC)),
    ):
        return create_ticket(session, SYSTEM, TicketCreate(**fields)).id


def _tids(answer: str) -> list[int]:
    return [int(tid) for tid in re.findall(r"<tid>(\d+)</tid>", answer)]


@pytest.fixture
def three(rd: ReadyDesk) -> list[int]:
    """Three tickets: demo's open web ticket by guest, an e-mail one, a closed phone one."""
    with unit_of_work(rd.runtime.factory) as session:
        desk = create_helpdesk(
            session, SYSTEM, HelpdeskCreate(name="Level Two", levels=["L1", "L2"])
        )
        make_user(session, Role.CUSTOMER, login="zed")
        rd.ids["desk"] = desk.id
    return [
        _ticket(
            rd,
            datetime(2014, 2, 1, 9, 0, tzinfo=UTC),
            title="Printer jams",
            description="paper stuck",
            requester_id=rd.ids["demo"],
            owner_id=rd.ids["guest"],
            source_id=_code(rd, "source", "Web Ticketing System"),
            status_id=_code(rd, "status", "Open"),
            due_at=datetime(2014, 3, 5, 15, 0, tzinfo=UTC),
        ),
        _ticket(
            rd,
            datetime(2014, 3, 1, 9, 0, tzinfo=UTC),
            title="Mail down",
            source_id=_code(rd, "source", "Email"),
            priority_id=_code(rd, "priority", "High"),
            helpdesk_id=rd.ids["desk"],
            level=2,
            category_id=_code(rd, "category", "Incident"),
        ),
        _ticket(
            rd,
            datetime(2014, 4, 1, 9, 0, tzinfo=UTC),
            title="Phone call",
            requester_id=rd.ids["demo"],
            source_id=_code(rd, "source", "Phone"),
            status_id=_code(rd, "status", "Closed"),
        ),
    ]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"tid": "*"}, [0, 1, 2]),
        ({"status": "open"}, [0, 1]),  # New renders as Open
        ({"status": "Closed"}, [2]),
        ({"source": "Email"}, [1]),
        ({"priority": "High"}, [1]),
        ({"category": "Incident"}, [1]),
        ({"escalation": "L2"}, [1]),
        ({"keyword": "STUCK"}, [0]),
        ({"keyword": "jam"}, [0]),
        ({"uid": "guest"}, [0]),
        ({"group": "Level Two"}, [1]),
        ({"cid": "demo"}, [0, 2]),
        ({"cid": "de*"}, [0, 2]),
        ({"start_cid": "d", "end_cid": "d"}, [0, 2]),
        ({"start_cid": "e"}, []),
        ({"start_date": "2/15/2014", "end_date": "3/1/2014 09:00:00"}, [1]),
        ({"due_date": "3/5/2014"}, [0]),
        ({"due_date": "3/6/2014"}, []),
    ],
)
def test_filters(
    rd: ReadyDesk, three: list[int], variables: dict[str, str], expected: list[int]
) -> None:
    assert _tids(rd.call("get_tickets", **variables)) == [three[i] for i in expected]


def test_id_filters(rd: ReadyDesk, three: list[int]) -> None:
    assert _tids(rd.call("get_tickets", tid=str(three[1]))) == [three[1]]
    assert _tids(rd.call("get_tickets", tid=f"{three[0]},{three[2]}")) == [three[0], three[2]]
    assert _tids(rd.call("get_tickets", start_tid=str(three[1]))) == three[1:]
    assert _tids(rd.call("get_tickets", end_tid=str(three[1]), count="1")) == three[:1]


def test_count_only_page_and_order(rd: ReadyDesk, three: list[int]) -> None:
    assert rd.call("get_tickets", count_only="Y", status="Open").endswith("<count>2</count>")
    assert _tids(rd.call("get_tickets", tid="*", count="2", page="2")) == three[2:]
    # page is only honoured with a wildcard tid (spec B.6 item 11)
    assert _tids(rd.call("get_tickets", count="2", page="2")) == three[:2]
    assert _tids(rd.call("get_tickets", order="TID DESC")) == three[::-1]
    assert _tids(rd.call("get_tickets", order="tid", order_direction="DESC")) == three[::-1]
    assert _tids(rd.call("get_tickets", order="TID DESC", order_direction="ASC")) == three
    assert _tids(rd.call("get_tickets", order="subject")) == [three[1], three[2], three[0]]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"order": "TID; DROP TABLE tickets"}, "Invalid order"),
        ({"order": "password_hash"}, "Invalid order"),
        ({"order_direction": "SIDEWAYS"}, "Invalid order_direction"),
        ({"tid": "abc"}, "Invalid tid"),
        ({"count": "-1"}, "Invalid count"),
        ({"start_date": "2014-02-01"}, "Invalid start_date"),
        ({"due_date": "2/30/2014"}, "Invalid due_date"),
        ({"status": "Nonsense"}, "Invalid status"),
        ({"source": "Carrier pigeon"}, "Invalid source"),
        ({"uid": "nobody"}, "Invalid uid"),
        ({"uid": "demo"}, "Invalid uid"),
        ({"group": "No such group"}, "Invalid group"),
        ({"escalation": "L9"}, "Invalid escalation"),
        ({"count_only": "maybe"}, "Invalid count_only"),
    ],
)
def test_bad_input_is_an_error(
    rd: ReadyDesk, three: list[int], variables: dict[str, str], message: str
) -> None:
    answer = rd.call("get_tickets", **variables)
    assert answer.startswith(f'<?xml version="1.0"?><response><error>{message}')
    assert _tids(rd.call("get_tickets", tid="*")) == three  # nothing changed


def test_rendered_relations(rd: ReadyDesk, three: list[int]) -> None:
    child = _ticket(rd, parent_id=three[0], cc=["a@example.com", "b@example.com"], level=1)
    answer = rd.call("get_tickets", tid=str(three[0]))
    assert f"<children_tickets>{child}</children_tickets>" in answer
    child_answer = rd.call("get_tickets", tid=str(child))
    assert f"<parent_ticket>{three[0]}</parent_ticket>" in child_answer
    assert "<cc_addresses>a%40example.com%2cb%40example.com</cc_addresses>" in child_answer
    grouped = rd.call("get_tickets", tid=str(three[1]))
    assert f"<assigned_group_id>{rd.ids['desk']}</assigned_group_id>" in grouped
    assert "<assigned_group_name>Level+Two</assigned_group_name>" in grouped
    assert "<escalation_level>L2</escalation_level>" in grouped
    assert "<date_closed>4/1/2014 9:00:00 AM</date_closed>" in rd.call(
        "get_tickets", tid=str(three[2])
    )
