"""KB categories: ``kb.categories`` (POST, GET, PUT, DELETE) and ``kb.categories.by.ids`` -
golden shapes, renaming and moving in the tree, refusals that change nothing, who may write,
and a category made here seen by the site file (the same core rows)."""

from __future__ import annotations

from polydesk.configuration.service import get_entry
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.models.content import KbCategory
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields


def _create(invgate: InvGate, name: str, parent: int | None = None) -> int:
    data = {"name": name} if parent is None else {"name": name, "parent_id": parent}
    body = invgate.ok("POST", "kb.categories", data=data)
    state.check_ok(body, "POST", "kb.categories")
    assert isinstance(body["category_id"], str)  # the seed types it STRING
    return int(body["category_id"])


def test_categories_golden_and_tree(invgate: InvGate) -> None:
    printers = _create(invgate, "Printers")
    laser = _create(invgate, "Laser", printers)
    network = _create(invgate, "Network")

    rows = invgate.ok("GET", "kb.categories")
    by_ids = invgate.ok("GET", "kb.categories.by.ids", [("ids[]", laser), ("ids[]", 999)])

    for row in rows:
        check_row(row, response_fields("GET", "kb.categories"))
    assert rows == [
        {"id": printers, "parent_id": None, "name": "Printers"},
        {"id": laser, "parent_id": printers, "name": "Laser"},
        {"id": network, "parent_id": None, "name": "Network"},
    ]
    assert by_ids == [{"id": laser, "parent_id": printers, "name": "Laser"}]
    moved = invgate.ok("PUT", "kb.categories", data={"id": laser, "parent_id": network})
    renamed = invgate.ok("PUT", "kb.categories", data={"id": laser, "name": "Wi-Fi"})
    state.check_ok(moved, "PUT", "kb.categories")
    state.check_ok(renamed, "PUT", "kb.categories")
    assert invgate.ok("GET", "kb.categories.by.ids", [("ids[]", laser)]) == [
        {"id": laser, "parent_id": network, "name": "Wi-Fi"}
    ]
    invgate.ok("PUT", "kb.categories", data={"id": laser, "parent_id": 0})  # to the top
    with unit_of_work(invgate.runtime.factory) as session:
        assert get_entry(session, SYSTEM, "kb_categories", "Wi-Fi")["path"] == "Wi-Fi"


def test_refusals_change_nothing(invgate: InvGate) -> None:
    printers = _create(invgate, "Printers")
    laser = _create(invgate, "Laser", printers)
    invgate.ok(
        "POST",
        "kb.articles",
        data={
            "title": "Toner",
            "content": "x",
            "category_id": laser,
            "author_id": invgate.users["api"],
        },
    )
    before = state.count(invgate, KbCategory)

    def error(method: str, data: dict[str, object]) -> str:
        body = invgate.call(method, "kb.categories", data=data).json()
        assert body["status"] == "ERROR", body
        return str(body["error"])

    assert error("POST", {"name": "printers"}) == "kb.category_name_taken"
    assert error("POST", {"name": "A/B"}) == "kb.invalid_category_name"
    assert error("POST", {"name": "X", "parent_id": 999}) == "kb_category.not_found"
    assert error("PUT", {"id": printers, "parent_id": laser}) == "kb.category_cycle"
    assert error("PUT", {"id": 999, "name": "X"}) == "kb_category.not_found"
    assert invgate.call("DELETE", "kb.categories", {"id": laser}).json()["error"] == (
        "kb.category_not_empty"
    )
    assert invgate.call("DELETE", "kb.categories", {"id": printers}).json()["error"] == (
        "kb.category_not_empty"
    )
    blank = invgate.call("POST", "kb.categories", data={"name": " "})
    assert blank.status_code == 428
    assert state.count(invgate, KbCategory) == before
    empty = _create(invgate, "Empty")
    state.check_ok(invgate.ok("DELETE", "kb.categories", {"id": empty}), "DELETE", "kb.categories")
    assert state.count(invgate, KbCategory) == before


def test_only_admins_manage_categories_and_customers_see_public_ones(invgate: InvGate) -> None:
    public = _create(invgate, "Printers")
    with unit_of_work(invgate.runtime.factory) as session:
        hidden = KbCategory(name="Internal", is_public=False)
        session.add(hidden)
        session.flush()
        hidden_id = hidden.id

    agent = invgate.call("POST", "kb.categories", data={"name": "X"}, headers=basic("alice", "pw"))
    seen = invgate.ok("GET", "kb.categories", headers=basic("carla", "pw"))

    assert agent.status_code == 403
    assert [row["id"] for row in seen] == [public]
    assert [row["id"] for row in invgate.ok("GET", "kb.categories")] == [public, hidden_id]
