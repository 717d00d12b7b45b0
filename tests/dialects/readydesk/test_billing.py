"""Billing actions: line items (get/add/update) and invoices, in the three formats."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from polydesk.billing.line_items import LineItemCreate, add_line_item
from polydesk.billing.service import InvoiceCreate, create_invoice
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.factories import make_user


def _ids(answer: str) -> list[int]:
    return [int(found) for found in re.findall(r"<id>(\d+)</id>", answer)]


def _line(rd: ReadyDesk, when: datetime | None = None, **fields: Any) -> int:
    with unit_of_work(rd.runtime.factory) as session, frozen(when or rd_now()):
        return add_line_item(session, SYSTEM, LineItemCreate(**fields)).id


def rd_now() -> datetime:
    return datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def _count(rd: ReadyDesk, action: str, **variables: Any) -> int:
    answer = rd.call(action, fmt="json", count_only="Y", **variables)
    found = re.fullmatch(r'\{"count": "(\d+)"\}', answer)
    assert found is not None, answer
    return int(found.group(1))


# -- add_line_item / update_line_item -------------------------------------------------------------


def test_add_line_item_answers_the_new_id_in_each_format(rd: ReadyDesk) -> None:
    assert rd.call("add_line_item", cid="demo", title="Visit") == (
        '<?xml version="1.0"?><response><added_line_item>1</added_line_item></response>'
    )
    assert rd.call("add_line_item", fmt="json", cid="demo") == (
        '{"response": [{"added_line_item": "2"}]}'
    )
    assert rd.call("add_line_item", fmt="delimited", cid="demo", method="POST") == (
        "added_line_item=3"
    )


GOLDEN_XML = """<?xml version="1.0"?>
<line_items>
	<line_item>
		<id>1</id>
		<tid>1</tid>
		<uid>guest</uid>
		<cid>demo</cid>
		<cost>12.50</cost>
		<date>4/24/2014 10:42:43 AM</date>
		<title>On-site+visit</title>
		<category>General</category>
		<duration>1.5</duration>
		<time_unit>Hours</time_unit>
		<total>18.75</total>
		<notes>Fan+replaced%2c+see+john%40example.com</notes>
		<invoice_id>0</invoice_id>
		<date_added>5/1/2024 10:00:00 AM</date_added>
	</line_item>
</line_items>"""


@pytest.fixture
def ticket(rd: ReadyDesk) -> int:
    with unit_of_work(rd.runtime.factory) as session:
        cmd = TicketCreate(title="Fan noise", requester_id=rd.ids["demo"])
        return create_ticket(session, SYSTEM, cmd).id


def test_added_line_item_reads_back_in_three_formats(rd: ReadyDesk, ticket: int) -> None:
    answer = rd.call(
        "add_line_item",
        tid=str(ticket),
        uid="guest",
        cost="12.50",
        date="4/24/2014 10:42:43 AM",
        title="On-site visit",
        category="General",
        duration="1.5",
        time_unit="Hours",
        notes="Fan replaced, see john@example.com",
    )
    assert "<added_line_item>1</added_line_item>" in answer
    assert rd.call("get_line_items", id="1") == GOLDEN_XML  # cid defaulted to the requester
    assert rd.call("get_line_items", fmt="json", tid=str(ticket)) == (
        '{\n\t"line_items": [\n\t\t{\n'
        '\t\t\t"id" : "1",\n\t\t\t"tid" : "1",\n\t\t\t"uid" : "guest",\n'
        '\t\t\t"cid" : "demo",\n\t\t\t"cost" : "12.50",\n'
        '\t\t\t"date" : "4/24/2014 10:42:43 AM",\n\t\t\t"title" : "On-site+visit",\n'
        '\t\t\t"category" : "General",\n\t\t\t"duration" : "1.5",\n'
        '\t\t\t"time_unit" : "Hours",\n\t\t\t"total" : "18.75",\n'
        '\t\t\t"notes" : "Fan+replaced%2c+see+john%40example.com",\n'
        '\t\t\t"invoice_id" : "0",\n\t\t\t"date_added" : "5/1/2024 10:00:00 AM"\n'
        "\t\t}\n\t]\n}"
    )
    assert rd.call("get_line_items", fmt="delimited", cid="demo") == (
        "id=1&tid=1&uid=guest&cid=demo&cost=12.50&date=4/24/2014 10:42:43 AM"
        "&title=On-site+visit&category=General&duration=1.5&time_unit=Hours&total=18.75"
        "&notes=Fan+replaced%2c+see+john%40example.com&invoice_id=0"
        "&date_added=5/1/2024 10:00:00 AM"
    )


def test_update_changes_only_the_variables_given(rd: ReadyDesk, ticket: int) -> None:
    line = _line(rd, ticket_id=ticket, cost="10", title="Visit", notes="keep", quantity=2)
    assert rd.call("update_line_item", fmt="json", id=str(line), cost="7.25", time_unit="Days") == (
        '{"response": [{"updated_line_item": "1"}]}'
    )
    answer = rd.call("get_line_items", id=str(line))
    for part in ("<cost>7.25</cost>", "<time_unit>Days</time_unit>", "<title>Visit</title>"):
        assert part in answer
    assert "<notes>keep</notes>" in answer and "<duration>2</duration>" in answer
    rd.call("update_line_item", id=str(line), tid="0", time_unit="")  # clears both
    answer = rd.call("get_line_items", id=str(line))
    assert "<tid>0</tid>" in answer and "<time_unit></time_unit>" in answer
    assert "<cid>demo</cid>" in answer  # still billed to the customer


BAD_UNIT = "Invalid time_unit: use Minutes, Hours or Days"
BAD_DATE = "Invalid date: use M/D/YYYY with an optional time"
BAD_DURATION = "Invalid duration: 'two' is not a number"
UNBILLED = "a line item needs a ticket or a customer to bill"


@pytest.mark.parametrize(
    ("action", "variables", "error"),
    [
        ("add_line_item", {"cid": "demo", "time_unit": "hours"}, BAD_UNIT),
        ("add_line_item", {"cid": "demo", "date": "24/4/2014"}, BAD_DATE),
        ("add_line_item", {"cid": "demo", "date": "2/30/2014"}, BAD_DATE),
        ("add_line_item", {"cid": "demo", "duration": "two"}, BAD_DURATION),
        ("add_line_item", {"cid": "nobody"}, "Not found: customer nobody not found"),
        ("add_line_item", {"cid": "guest"}, "Not found: customer guest not found"),
        ("add_line_item", {"cid": "demo", "uid": "demo"}, "Not found: user demo not found"),
        ("add_line_item", {"tid": "999"}, "Not found: ticket 999 not found"),
        ("add_line_item", {"title": "Nobody billed"}, UNBILLED),
        ("update_line_item", {"cost": "1"}, "Missing required variable: id"),
        ("update_line_item", {"id": "999", "cost": "1"}, "Not found: line_item 999 not found"),
        ("update_line_item", {"id": "abc"}, "Invalid id: 'abc' is not a valid number"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_changes_nothing(
    rd: ReadyDesk, action: str, variables: dict[str, str], error: str
) -> None:
    answer = rd.call(action, **variables)
    assert answer == f'<?xml version="1.0"?><response><error>{error}</error></response>'
    assert _count(rd, "get_line_items") == 0


def test_a_failed_update_keeps_the_line(rd: ReadyDesk) -> None:
    line = _line(rd, customer_id=rd.ids["demo"], cost="5", title="Keep")
    answer = rd.call("update_line_item", fmt="delimited", id=str(line), title="New", cost="1.234")
    assert answer.startswith("error=Invalid+cost")
    assert "<title>Keep</title>" in rd.call("get_line_items", id=str(line))


# -- get_line_items filters, paging, order ---------------------------------------------------------


@pytest.fixture
def lines(rd: ReadyDesk, ticket: int) -> list[int]:
    with unit_of_work(rd.runtime.factory) as session:
        make_user(session, Role.CUSTOMER, login="zed")
        make_user(session, login="tech1")
    day = datetime(2014, 1, 10, 12, tzinfo=UTC)
    return [
        _line(rd, ticket_id=ticket, title="Printer repair", cost="30", occurred_at=day),
        _line(rd, customer_login="zed", user_login="tech1", title="Travel", cost="5",
              notes="printer cable", occurred_at=datetime(2014, 1, 11, 12, tzinfo=UTC)),
        _line(rd, customer_login="demo", user_login="tech1", title="Misc", cost="99.99",
              occurred_at=datetime(2014, 2, 1, tzinfo=UTC)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [0, 1, 2]),
        ({"id": "*"}, [0, 1, 2]),
        ({"id": "3,1"}, [0, 2]),
        ({"tid": "1"}, [0]),
        ({"uid": "TECH1"}, [1, 2]),
        ({"cid": "demo"}, [0, 2]),
        ({"cid": "z*"}, [1]),
        ({"keyword": "printer"}, [0, 1]),
        ({"start_tid": "2"}, [1, 2]),
        ({"start_tid": "1", "end_tid": "2"}, [0, 1]),
        ({"start_cid": "e"}, [1]),
        ({"end_cid": "d"}, [0, 2]),
        ({"start_date": "1/10/2014", "end_date": "1/31/2014"}, [0, 1]),
        ({"start_date": "1/11/2014 00:00:00"}, [1, 2]),
        ({"order": "COST DESC"}, [2, 0, 1]),
        ({"order": "cost", "order_direction": "DESC"}, [2, 0, 1]),
        ({"order": "DATE"}, [0, 1, 2]),
        ({"id": "*", "count": "2", "page": "2"}, [2]),
        ({"count": "2", "page": "2"}, [0, 1]),  # page needs a wildcard id: ignored
    ],
)
def test_get_line_items_filters(
    rd: ReadyDesk, lines: list[int], variables: dict[str, str], expected: list[int]
) -> None:
    assert _ids(rd.call("get_line_items", **variables)) == [lines[i] for i in expected]


def test_count_only(rd: ReadyDesk, lines: list[int]) -> None:
    assert _count(rd, "get_line_items", cid="demo") == 2
    assert rd.call("get_line_items", count_only="Y") == '<?xml version="1.0"?>\n<count>3</count>'
    assert rd.call("get_line_items", fmt="delimited", count_only="Y", uid="nobody") == "count=0"


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"order": "ID; DROP TABLE invoice_lines"}, "Invalid order: unknown column"),
        ({"order": "description"}, "Invalid order: unknown column"),
        ({"order_direction": "UP"}, "Invalid order_direction: use ASC or DESC"),
        ({"start_date": "yesterday"}, "Invalid start_date: use M/D/YYYY"),
        ({"tid": "1,x"}, "Invalid tid: 'x' is not a valid number"),
        ({"count": "0"}, "Invalid count"),
    ],
)
def test_get_line_items_refuses_bad_variables(
    rd: ReadyDesk, lines: list[int], variables: dict[str, str], error: str
) -> None:
    assert f"<error>{error}" in rd.call("get_line_items", **variables)
    assert _count(rd, "get_line_items") == 3


# -- get_invoices ---------------------------------------------------------------------------------


@pytest.fixture
def invoices(rd: ReadyDesk) -> list[int]:
    made = []
    with unit_of_work(rd.runtime.factory) as session:
        zed = make_user(session, Role.CUSTOMER, login="zed")
        for number, customer, day, extra in (
            ("INV-1", rd.ids["demo"], date(2014, 1, 5), {"tax_rate": 21}),
            ("INV-2", zed.id, date(2014, 2, 1), {"status": "paid", "paid_on": date(2014, 2, 3)}),
            ("INV-3", None, date(2014, 3, 1), {}),
        ):
            cmd = InvoiceCreate(
                number=number,
                company_id=rd.ids["Demo Company"],
                customer_id=customer,
                currency="USD",
                issued_on=day,
                lines=[{"description": "Support", "amount": 100}],
                **extra,
            )
            made.append(create_invoice(session, SYSTEM, cmd).id)
    return made


def test_get_invoices_golden_json(rd: ReadyDesk, invoices: list[int]) -> None:
    assert rd.call("get_invoices", fmt="json", cid="demo") == (
        '{\n\t"invoices": [\n\t\t{\n'
        '\t\t\t"id" : "1",\n\t\t\t"invoice_number" : "INV-1",\n\t\t\t"cid" : "demo",\n'
        '\t\t\t"company_id" : "1",\n\t\t\t"company_name" : "Demo+Company",\n'
        '\t\t\t"tid" : "0",\n\t\t\t"date" : "1/5/2014 12:00:00 AM",\n\t\t\t"due_date" : "",\n'
        '\t\t\t"status" : "Pending",\n\t\t\t"paid" : "N",\n\t\t\t"date_paid" : "",\n'
        '\t\t\t"line_items" : "1",\n\t\t\t"subtotal" : "100.00",\n\t\t\t"tax_rate" : "21",\n'
        '\t\t\t"total" : "121.00",\n\t\t\t"currency" : "USD",\n\t\t\t"description" : ""\n'
        "\t\t}\n\t]\n}"
    )


def test_get_invoices_filters_and_formats(rd: ReadyDesk, invoices: list[int]) -> None:
    a, b, c = invoices
    assert _ids(rd.call("get_invoices", cid="*")) == [a, b, c]
    assert _ids(rd.call("get_invoices", cid="zed")) == [b]
    assert _ids(rd.call("get_invoices", cid="*", start_tid=str(b), end_tid=str(c))) == [b, c]
    assert _ids(rd.call("get_invoices", cid="*", start_cid="e")) == [b]
    assert _ids(rd.call("get_invoices", cid="*", start_date="2/1/2014", end_date="3/1/2014")) == [
        b,
        c,
    ]
    assert _ids(rd.call("get_invoices", cid="*", order="DATE DESC")) == [c, b, a]
    assert _ids(rd.call("get_invoices", cid="*", count="1", page="3")) == [c]
    assert rd.call("get_invoices", fmt="delimited", cid="zed").startswith(
        "id=2&invoice_number=INV-2&cid=zed&company_id=1&company_name=Demo+Company&tid=0"
        "&date=2/1/2014 12:00:00 AM&due_date=&status=Paid&paid=Y&date_paid=2/3/2014 12:00:00 AM"
    )
    assert _count(rd, "get_invoices", cid="*") == 3


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({}, "Missing required variable: cid"),
        ({"cid": ""}, "Missing required variable: cid"),
        ({"cid": "*", "end_date": "13/1/2014"}, "Invalid end_date"),
        ({"cid": "*", "order": "number; --"}, "Invalid order"),
        ({"cid": "*", "start_tid": "-1"}, "Invalid start_tid"),
    ],
)
def test_get_invoices_errors(rd: ReadyDesk, variables: dict[str, str], error: str) -> None:
    assert f"<error>{error}" in rd.call("get_invoices", **variables)


def test_a_customer_key_is_refused(rd: ReadyDesk) -> None:
    rd.key = rd.new_key(login="demo")
    assert rd.call("get_invoices", cid="*") == (
        '<?xml version="1.0"?><response><error>Access denied: agent rights required'
        "</error></response>"
    )
