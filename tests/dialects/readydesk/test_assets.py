"""``get_assets``: by id, linked ticket and owner; paging, order, formats, errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

from polydesk.authz.actors import actor_for
from polydesk.core.actor import SYSTEM, Role
from polydesk.db.uow import unit_of_work
from polydesk.inventory.service import InventoryItemCreate, create_item, link_item
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from polydesk.users.service import get_user
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.factories import make_user


def _ids(answer: str) -> list[int]:
    return [int(found) for found in re.findall(r"<id>(\d+)</id>", answer)]


@pytest.fixture
def assets(rd: ReadyDesk) -> list[int]:
    with unit_of_work(rd.runtime.factory) as session:
        zed = make_user(session, Role.CUSTOMER, login="zed")
        guest = get_user(session, rd.ids["guest"])
        assert guest is not None
        items = [
            create_item(session, actor_for(session, guest), InventoryItemCreate(
                name="Laptop 42", item_type="laptop", serial_number="SN 1",
                owner_id=rd.ids["demo"], status="inuse")),
            create_item(session, SYSTEM, InventoryItemCreate(name="Phone", owner_id=zed.id)),
            create_item(session, SYSTEM, InventoryItemCreate(name="Server", is_public=False)),
        ]  # fmt: skip
        first = create_ticket(session, SYSTEM, TicketCreate(title="A"))
        second = create_ticket(session, SYSTEM, TicketCreate(title="B"))
        link_item(session, SYSTEM, first.id, items[0].id)
        link_item(session, SYSTEM, second.id, items[0].id)
        link_item(session, SYSTEM, second.id, items[1].id)
        return [item.id for item in items]


def test_golden_formats(rd: ReadyDesk, assets: list[int]) -> None:
    assert rd.call("get_assets", id=str(assets[0])) == (
        '<?xml version="1.0"?>\n<assets>\n\t<asset>\n'
        "\t\t<id>1</id>\n\t\t<ticket_number>1%2c2</ticket_number>\n"
        "\t\t<date_added>5/1/2024 10:00:00 AM</date_added>\n\t\t<added_by>guest</added_by>\n"
        "\t\t<last_updated>5/1/2024 10:00:00 AM</last_updated>\n\t\t<cid>demo</cid>\n"
        "\t\t<name>Laptop+42</name>\n\t\t<asset_type>laptop</asset_type>\n"
        "\t\t<serial_number>SN+1</serial_number>\n\t\t<status>inuse</status>\n"
        "\t</asset>\n</assets>"
    )
    assert rd.call("get_assets", fmt="delimited", id=str(assets[2])) == (
        "id=3&ticket_number=&date_added=5/1/2024 10:00:00 AM&added_by="
        "&last_updated=5/1/2024 10:00:00 AM&cid=&name=Server&asset_type=&serial_number="
        "&status=new"
    )
    answer = rd.call("get_assets", fmt="json", cid="zed")
    assert answer.startswith('{\n\t"assets": [\n\t\t{\n\t\t\t"id" : "2",\n')
    assert '"ticket_number" : "2",' in answer


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [0, 1, 2]),
        ({"id": "*"}, [0, 1, 2]),
        ({"id": "3,1"}, [0, 2]),
        ({"tid": "2"}, [0, 1]),
        ({"tid": "1"}, [0]),
        ({"tid": "*"}, [0, 1, 2]),
        ({"cid": "DEMO"}, [0]),
        ({"cid": "*"}, [0, 1, 2]),
        ({"cid": "z*,demo"}, [0, 1]),
        ({"order": "NAME DESC"}, [2, 1, 0]),
        ({"tid": "*", "count": "2", "page": "2"}, [2]),
        ({"id": "*", "count": "1", "page": "9"}, []),
    ],
)
def test_filters(
    rd: ReadyDesk, assets: list[int], variables: dict[str, Any], expected: list[int]
) -> None:
    assert _ids(rd.call("get_assets", **variables)) == [assets[i] for i in expected]


def test_count_only_and_customer_key(rd: ReadyDesk, assets: list[int]) -> None:
    assert rd.call("get_assets", fmt="json", count_only="Y", tid="2") == '{"count": "2"}'
    rd.key = rd.new_key(login="demo")
    answer = rd.call("get_assets")
    assert _ids(answer) == assets[:2]  # public items only
    assert "<ticket_number></ticket_number>" in answer  # the tickets are not the customer's


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"order": "ID DESC, name"}, "Invalid order"),
        ({"order": "1=1"}, "Invalid order"),
        ({"tid": "0"}, "Invalid tid"),
        ({"count": "x"}, "Invalid count"),
    ],
)
def test_errors(rd: ReadyDesk, assets: list[int], variables: dict[str, str], error: str) -> None:
    assert f"<error>{error}" in rd.call("get_assets", **variables)
