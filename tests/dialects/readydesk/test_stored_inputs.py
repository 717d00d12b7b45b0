"""Issue 17, nothing accepted and dropped: every input ReadyDesk accepts is stored in the core,
reads back through ReadyDesk and through the native API (``/polydesk/v1``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.dialects.readydesk.mapping import names
from polydesk.groups.service import GroupCreate, create_group
from polydesk.tickets.links import link_tickets
from polydesk.users.service import require_user
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.factories import token_for

V1 = "/polydesk/v1"


def _headers(rd: ReadyDesk) -> dict[str, str]:
    with unit_of_work(rd.runtime.factory) as session:
        return token_for(session, require_user(session, rd.ids["api"]))


def _native(rd: ReadyDesk, path: str) -> dict[str, object]:
    answer = rd.client.get(f"{V1}{path}", headers=_headers(rd))
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def _ticket(rd: ReadyDesk, tid: int) -> dict[str, str]:
    found: dict[str, str] = json.loads(rd.call("get_tickets", fmt="json", tid=str(tid)))["tickets"][
        0
    ]
    return found


def _added(answer: str, name: str) -> int:
    return int(json.loads(answer)["response"][0][name])


def _instant(text: object) -> datetime:
    assert isinstance(text, str)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def test_open_and_close_dates_of_an_imported_ticket(rd: ReadyDesk) -> None:
    tid = _added(
        rd.call("add_ticket", fmt="json", cid="demo", subject="Old one", status="Closed",
                open_date="3/2/2021 9:15 AM", close_date="3/4/2021 4:30:05 PM"),
        "added_ticket",
    )  # fmt: skip
    ticket = _ticket(rd, tid)
    assert (ticket["date_opened"], ticket["date_closed"]) == (
        "3/2/2021 9:15:00 AM",
        "3/4/2021 4:30:05 PM",
    )
    native = _native(rd, f"/tickets/{tid}")
    assert _instant(native["created_at"]) == datetime(2021, 3, 2, 9, 15, tzinfo=UTC)
    assert _instant(native["closed_at"]) == datetime(2021, 3, 4, 16, 30, 5, tzinfo=UTC)
    # The open-date filter reads the stored date too.
    found = json.loads(rd.call("get_tickets", fmt="json", start_date="3/1/2021",
                               end_date="3/3/2021"))["tickets"]  # fmt: skip
    assert [row["tid"] for row in found] == [str(tid)]


def test_update_moves_the_dates(rd: ReadyDesk) -> None:
    tid = _added(rd.call("add_ticket", fmt="json", cid="demo", subject="x"), "added_ticket")
    assert _ticket(rd, tid)["date_opened"] == "5/1/2024 10:00:00 AM"
    rd.call("update_ticket", tid=str(tid), open_date="4/30/2024 8:00 AM", status="Closed",
            close_date="4/30/2024 11:00 AM")  # fmt: skip
    ticket = _ticket(rd, tid)
    assert (ticket["date_opened"], ticket["date_closed"]) == (
        "4/30/2024 8:00:00 AM",
        "4/30/2024 11:00:00 AM",
    )
    native = _native(rd, f"/tickets/{tid}")
    assert _instant(native["created_at"]) == datetime(2024, 4, 30, 8, tzinfo=UTC)
    assert _instant(native["solved_at"]) == datetime(2024, 4, 30, 11, tzinfo=UTC)
    history = _native(rd, f"/tickets/{tid}/history")
    fields = [event["field"] for event in history["items"]]  # type: ignore[index]
    assert "created_at" in fields and "closed_at" in fields


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"close_date": "4/1/2024"}, "a close date needs a closed or cancelled status"),
        ({"open_date": "5/2/2024"}, "the open date is in the future"),
        ({"status": "Closed", "open_date": "4/2/2024", "close_date": "4/1/2024"},
         "the close date is before the open date"),
        ({"open_date": "yesterday"}, "Invalid open_date"),
    ],
)  # fmt: skip
def test_bad_dates_are_refused_and_change_nothing(
    rd: ReadyDesk, variables: dict[str, str], error: str
) -> None:
    answer = rd.call("add_ticket", fmt="json", cid="demo", subject="x", **variables)
    assert error in json.loads(answer)["response"][0]["error"]
    assert json.loads(rd.call("get_tickets", fmt="json", count_only="Y")) == {"count": "0"}


def _group(rd: ReadyDesk, name: str) -> int:
    with unit_of_work(rd.runtime.factory) as session:
        return create_group(session, SYSTEM, GroupCreate(name=name)).id


def test_customer_group_by_name_or_id(rd: ReadyDesk) -> None:
    vip, gold = _group(rd, "VIP"), _group(rd, "Gold")
    tid = _added(
        rd.call("add_ticket", fmt="json", cid="demo", subject="x", customer_group="vip"),
        "added_ticket",
    )
    ticket = _ticket(rd, tid)
    assert (ticket["customer_group_id"], ticket["customer_group_name"]) == (str(vip), "VIP")
    assert _native(rd, f"/tickets/{tid}")["customer_group_id"] == vip
    rd.call("update_ticket", tid=str(tid), customer_group=str(gold))
    assert _native(rd, f"/tickets/{tid}")["customer_group_id"] == gold
    assert _ticket(rd, tid)["customer_group_name"] == "Gold"
    rd.call("update_ticket", tid=str(tid), customer_group="0")
    assert _native(rd, f"/tickets/{tid}")["customer_group_id"] is None
    assert (_ticket(rd, tid)["customer_group_id"], _ticket(rd, tid)["customer_group_name"]) == (
        "0",
        "",
    )
    answer = rd.call("update_ticket", fmt="json", tid=str(tid), customer_group="999")
    assert json.loads(answer)["response"][0]["error"].startswith("Not found: group 999")


def test_locked_by_names_who_locked_it(rd: ReadyDesk) -> None:
    tid = _added(rd.call("add_ticket", fmt="json", cid="demo", subject="x"), "added_ticket")
    locked = rd.client.patch(f"{V1}/tickets/{tid}", headers=_headers(rd), json={"is_locked": True})
    assert locked.status_code == 200, locked.text
    assert (_ticket(rd, tid)["locked"], _ticket(rd, tid)["locked_by"]) == ("Y", "api")
    rd.client.patch(f"{V1}/tickets/{tid}", headers=_headers(rd), json={"is_locked": False})
    assert (_ticket(rd, tid)["locked"], _ticket(rd, tid)["locked_by"]) == ("N", "")


def test_linked_calls_are_the_related_tickets(rd: ReadyDesk) -> None:
    first, second, third = (
        _added(rd.call("add_ticket", fmt="json", cid="demo", subject=name), "added_ticket")
        for name in ("a", "b", "c")
    )
    with unit_of_work(rd.runtime.factory) as session:
        link_tickets(session, SYSTEM, first, [third, second])
    assert _ticket(rd, first)["linked_calls"] == f"{second},{third}"
    assert _ticket(rd, third)["linked_calls"] == str(first)  # either end of the link


def test_company_state_and_portal(rd: ReadyDesk) -> None:
    company = _added(
        rd.call("add_company", fmt="json", name="Acme", address="1 Main St", state="GA",
                portal="3"),
        "added_company",
    )  # fmt: skip
    [record] = json.loads(rd.call("get_companies", fmt="json", id=str(company)))["companies"]
    assert (record["state"], record["portal"]) == ("GA", "3")
    native = _native(rd, f"/companies/{company}")
    assert (native["state"], native["portal_id"]) == ("GA", 3)
    rd.call("update_company", id=str(company), state="New York", portal="0")
    native = _native(rd, f"/companies/{company}")
    assert (native["state"], native["portal_id"]) == ("New York", None)
    [record] = json.loads(rd.call("get_companies", fmt="json", id=str(company)))["companies"]
    assert (record["state"], record["portal"]) == ("New+York", "0")


def test_customer_chat_portal_and_contracts(rd: ReadyDesk) -> None:
    user_id = _added(
        rd.call("add_customer", fmt="json", cid="jsmith", contact="John Smith", chat="N",
                portal="2", contracts="7,5"),
        "added_customer",
    )  # fmt: skip
    [record] = json.loads(rd.call("get_customers", fmt="json", cid="jsmith"))["customers"]
    assert (record["chat"], record["portal"], record["contracts"]) == ("N", "2", "7,5")
    native = _native(rd, f"/users/{user_id}")
    assert (native["chat_enabled"], native["portal_id"], native["contract_ids"]) == (
        False,
        2,
        [7, 5],
    )
    rd.call("update_customer", cid="jsmith", chat="Y", portal="", contracts="")
    native = _native(rd, f"/users/{user_id}")
    assert (native["chat_enabled"], native["portal_id"], native["contract_ids"]) == (
        True,
        None,
        [],
    )
    [record] = json.loads(rd.call("get_customers", fmt="json", cid="jsmith"))["customers"]
    assert (record["chat"], record["portal"], record["contracts"]) == ("Y", "0", "")
    # A bad value is refused and changes nothing.
    answer = rd.call("update_customer", fmt="json", cid="jsmith", chat="N", portal="x")
    assert json.loads(answer)["response"][0]["error"].startswith("Invalid portal")
    assert _native(rd, f"/users/{user_id}")["chat_enabled"] is True


def test_tech_power_user_and_chat_queues(rd: ReadyDesk) -> None:
    user_id = _added(
        rd.call("add_tech", fmt="json", uid="jdoe", name="Jane Doe", rights="Power User",
                chat_queues="3,4"),
        "added_tech",
    )  # fmt: skip
    [record] = json.loads(rd.call("get_techs", fmt="json", uid="jdoe"))["techs"]
    assert (record["rights"], record["chat_queues"]) == ("Power User", "3,4")
    native = _native(rd, f"/users/{user_id}")
    assert (native["role"], native["is_power_user"], native["chat_queue_ids"]) == (
        "agent",
        True,
        [3, 4],
    )
    rd.call("update_tech", uid="jdoe", rights="User", chat_queues="4")
    native = _native(rd, f"/users/{user_id}")
    assert (native["is_power_user"], native["chat_queue_ids"]) == (False, [4])
    [record] = json.loads(rd.call("get_techs", fmt="json", uid="jdoe"))["techs"]
    assert (record["rights"], record["chat_queues"]) == ("User", "4")


def test_tech_group_sources(rd: ReadyDesk) -> None:
    desk = _added(
        rd.call("add_group", fmt="json", name="Phones", sources="email,Phone"), "added_group"
    )
    [record] = json.loads(rd.call("get_tech_groups", fmt="json", id=str(desk)))["tech_groups"]
    assert record["sources"] == "Email%2cPhone"
    with unit_of_work(rd.runtime.factory) as session:
        expected = [names(session, "source").core_id(n, "sources") for n in ("Email", "Phone")]
    admin = _native(rd, f"/helpdesks/{desk}")
    assert admin["source_ids"] == expected
    rd.call("update_group", id=str(desk), sources="Phone")
    assert _native(rd, f"/helpdesks/{desk}")["source_ids"] == expected[1:]
    rd.call("update_group", id=str(desk), sources="")
    [record] = json.loads(rd.call("get_tech_groups", fmt="json", id=str(desk)))["tech_groups"]
    assert record["sources"] == ""
    answer = rd.call("update_group", fmt="json", id=str(desk), sources="Phone,Fax")
    assert json.loads(answer)["response"][0]["error"].startswith("Invalid sources")
    assert _native(rd, f"/helpdesks/{desk}")["source_ids"] == []
