"""Custom field definitions and options: ``cf.fields.all``, ``cf.fields.by.category``,
``cf.fields.types``, ``cf.field.options.list`` and ``cf.field.options.tree`` - golden shapes
from the seed's tables, stable tree hashes, permissions, scopes, bad input changing nothing."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field, set_ticket_values
from polydesk.db.uow import unit_of_work
from polydesk.models.customfields import CustomFieldOption, FieldType
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer, scope_denied

LIST = "cf.field.options.list"
TREE = "cf.field.options.tree"


def _field(invgate: InvGate, name: str, kind: FieldType, **extra: Any) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        cmd = CustomFieldCreate(name=name, field_type=kind, **extra)
        return create_field(session, SYSTEM, cmd).id


def _options(invgate: InvGate) -> int:
    return state.count(invgate, CustomFieldOption)


def test_all_fields_and_types_have_the_seeds_shape(invgate: InvGate) -> None:
    plain = _field(invgate, "serial", FieldType.TEXT, label="Serial", is_required=True)
    limited = _field(invgate, "os", FieldType.LIST, config={"category_ids": [invgate.category_id]})

    rows = invgate.ok("GET", "cf.fields.all")
    types = invgate.ok("GET", "cf.fields.types")

    by_uid = {row["uid"]: row for row in rows}
    for row in rows:
        check_row(row, response_fields("GET", "cf.fields.all"))
    assert by_uid[plain]["label"] == "Serial" and by_uid[plain]["is_required"] is True
    assert by_uid[limited]["categories"] == str(invgate.category_id)
    assert str(invgate.category_id) in by_uid[plain]["categories"].split(",")
    for row in types:
        check_row(row, response_fields("GET", "cf.fields.types"))
    type_ids = {row["id"] for row in types}
    assert {row["type"] for row in rows} <= type_ids and len(type_ids) == len(types)


def test_fields_by_category_are_the_ones_that_apply(invgate: InvGate) -> None:
    everywhere = _field(invgate, "serial", FieldType.TEXT)
    here = _field(invgate, "os", FieldType.TEXT, config={"category_ids": [invgate.category_id]})
    elsewhere = _field(invgate, "vin", FieldType.TEXT, config={"category_ids": [999999]})

    uids = invgate.ok("GET", "cf.fields.by.category", {"category_id": invgate.category_id})
    unknown = invgate.call("GET", "cf.fields.by.category", {"category_id": 999999})

    assert everywhere in uids and here in uids and elsewhere not in uids
    assert all(isinstance(uid, int) for uid in uids)
    assert unknown.status_code == 200
    assert unknown.json()["status"] == "ERROR" and unknown.json()["error"] == "category.not_found"


def test_list_options_are_set_read_and_deleted_by_key(invgate: InvGate) -> None:
    uid = _field(invgate, "os", FieldType.LIST, options=["linux"])
    form = [("uid", uid), ("type", "key-value"), ("key_values[linux]", "Linux"),
            ("key_values[mac]", "macOS")]  # fmt: skip

    added = invgate.ok("POST", LIST, data=form)
    read = invgate.ok("GET", LIST, {"uid": uid})
    deleted = invgate.ok("DELETE", LIST, [("uid", uid), ("type", "key-value"),
                                          ("keys[]", "mac"), ("keys[]", "nope")])  # fmt: skip
    after = invgate.ok("GET", LIST, {"uid": uid})

    state.check_ok(added, "POST", LIST)
    assert added["total"] == 2  # linux's text changed, mac added
    check_row(read, response_fields("GET", LIST))
    assert read == {"key-value": {"linux": "Linux", "mac": "macOS"}}
    state.check_ok(deleted, "DELETE", LIST)
    assert deleted["total"] == 1
    assert after == {"key-value": {"linux": "Linux"}}


def test_a_list_option_in_use_cannot_be_deleted(invgate: InvGate) -> None:
    uid = _field(invgate, "os", FieldType.LIST, options=["linux", "mac"])
    ident = invgate.create()
    with unit_of_work(invgate.runtime.factory) as session:
        set_ticket_values(session, SYSTEM, ident, {uid: "linux"})
    before = _options(invgate)

    refused = invgate.call("DELETE", LIST, [("uid", uid), ("type", "key-value"),
                                            ("keys[]", "linux")])  # fmt: skip

    assert refused.json()["error"] == "custom_field.option_in_use"
    assert _options(invgate) == before


def test_tree_options_nest_and_keep_a_stable_hash(invgate: InvGate) -> None:
    uid = _field(invgate, "place", FieldType.TREE, options=[])
    state.check_ok(invgate.ok("POST", TREE, data={"uid": uid, "name": "Europe", "key": "eu"}),
                   "POST", TREE)  # fmt: skip
    root = invgate.ok("GET", TREE, {"uid": uid})[0]
    invgate.ok("POST", TREE, data={"uid": uid, "name": "Spain", "parent_hash": root["hash"]})

    tree = invgate.ok("GET", TREE, {"uid": uid})
    child = tree[0]["children"][0]
    renamed = invgate.ok("PUT", TREE, data={"uid": uid, "hash": root["hash"], "name": "EU",
                                            "key": "europe"})  # fmt: skip
    again = invgate.ok("GET", TREE, {"uid": uid})

    for node in (tree[0], child):
        check_row(node, response_fields("GET", TREE))
    assert tree[0]["key"] == "eu" and tree[0]["name"] == "Europe"
    assert child["name"] == "Spain" and child["key"] == child["hash"]  # no key: the hash
    assert len(child["hash"]) == 32 and child["hash"] != root["hash"]
    state.check_ok(renamed, "PUT", TREE)
    assert again[0]["hash"] == root["hash"]  # renaming keeps the hash
    assert (again[0]["key"], again[0]["name"]) == ("europe", "EU")
    assert again[0]["children"][0]["hash"] == child["hash"]


def test_deleting_a_tree_option_deletes_its_subtree(invgate: InvGate) -> None:
    uid = _field(invgate, "place", FieldType.TREE, options=[])
    invgate.ok("POST", TREE, data={"uid": uid, "name": "Europe", "key": "eu"})
    invgate.ok("POST", TREE, data={"uid": uid, "name": "Asia", "key": "as"})
    europe = invgate.ok("GET", TREE, {"uid": uid})[0]
    invgate.ok("POST", TREE, data={"uid": uid, "name": "Spain", "parent_hash": europe["hash"]})

    deleted = invgate.ok("DELETE", TREE, {"uid": uid, "hash": europe["hash"]})
    left = invgate.ok("GET", TREE, {"uid": uid})

    state.check_ok(deleted, "DELETE", TREE)
    assert [node["key"] for node in left] == ["as"] and left[0]["children"] == []
    assert _options(invgate) == 1


def test_bad_option_calls_change_nothing(invgate: InvGate) -> None:
    tree = _field(invgate, "place", FieldType.TREE, options=[])
    plain = _field(invgate, "serial", FieldType.TEXT)
    invgate.ok("POST", TREE, data={"uid": tree, "name": "Europe", "key": "eu"})
    before = _options(invgate)

    refusals = [
        invgate.call("GET", LIST, {"uid": 999999}),
        invgate.call("GET", LIST, {"uid": plain}),
        invgate.call("POST", LIST, data={"uid": tree, "type": "tree", "key_values[a]": "A"}),
        invgate.call("DELETE", TREE, {"uid": tree, "hash": "0" * 32}),
        invgate.call("PUT", TREE, data={"uid": tree, "hash": "f" * 32, "name": "X"}),
        invgate.call("POST", TREE, data={"uid": tree, "name": "X", "parent_hash": "nope"}),
    ]
    malformed = [
        invgate.call("GET", LIST, {"uid": "abc"}),
        invgate.call("POST", LIST, data={"uid": tree, "type": "key-value", "key_values": "a,b"}),
        invgate.call("POST", TREE, data={"uid": tree, "name": "   "}),
    ]
    agent = invgate.call("POST", TREE, data={"uid": tree, "name": "Asia"},
                         headers=basic("alice", "pw"))  # fmt: skip

    assert [r.status_code for r in refusals] == [200] * 6
    assert [r.json()["error"] for r in refusals] == [
        "custom_field.not_found", "custom_field.wrong_type", "custom_field.unknown_option_type",
        "custom_field_option.not_found", "custom_field_option.not_found",
        "custom_field_option.not_found",
    ]  # fmt: skip
    assert [r.status_code for r in malformed] == [428] * 3
    assert agent.status_code == 403
    assert _options(invgate) == before


def test_customers_read_definitions_but_a_token_needs_the_scope(invgate: InvGate) -> None:
    _field(invgate, "serial", FieldType.TEXT)
    scope = "api.v1.cf.fields.all:get"

    customer = invgate.call("GET", "cf.fields.all", headers=basic("carla", "pw"))
    denied = invgate.call(
        "GET",
        "cf.fields.all",
        headers=bearer(
            invgate, "api.v1.cf.fields.types:get", registered=[scope, "api.v1.cf.fields.types:get"]
        ),
    )
    allowed = invgate.call("GET", "cf.fields.all", headers=bearer(
        invgate, scope, registered=[scope]))  # fmt: skip

    assert customer.status_code == 200 and len(customer.json()) == 1
    assert denied.status_code == 403 and denied.json() == scope_denied(scope)
    assert allowed.status_code == 200


def test_options_in_a_multiple_list_or_under_a_used_tree_node_stay(invgate: InvGate) -> None:
    multi = _field(invgate, "tags", FieldType.MULTI_LIST, options=["a", "b"])
    tree = _field(invgate, "place", FieldType.TREE, options=[])
    invgate.ok("POST", TREE, data={"uid": tree, "name": "Europe", "key": "eu"})
    europe = invgate.ok("GET", TREE, {"uid": tree})[0]
    invgate.ok("POST", TREE, data={"uid": tree, "name": "Spain", "key": "es",
                                   "parent_hash": europe["hash"]})  # fmt: skip
    ident = invgate.create()
    with unit_of_work(invgate.runtime.factory) as session:
        set_ticket_values(session, SYSTEM, ident, {multi: "a,b", tree: "es"})
    before = _options(invgate)

    listed = invgate.call("DELETE", LIST, [("uid", multi), ("type", "key-value"),
                                           ("keys[]", "b")])  # fmt: skip
    subtree = invgate.call("DELETE", TREE, {"uid": tree, "hash": europe["hash"]})
    rekeyed = invgate.ok("PUT", TREE, data={"uid": tree, "hash": europe["hash"], "key": "europe"})

    assert listed.json()["error"] == subtree.json()["error"] == "custom_field.option_in_use"
    assert rekeyed["status"] == "OK"  # values point at the option, not at its key
    assert _options(invgate) == before


def test_a_multiple_list_key_cannot_hold_the_separator(invgate: InvGate) -> None:
    uid = _field(invgate, "tags", FieldType.MULTI_LIST, options=["a"])
    form = [("uid", uid), ("type", "key-value"), ("key_values[b]", "B"), ("key_values[c,d]", "CD")]

    refused = invgate.call("POST", LIST, data=form)

    assert refused.json()["error"] == "custom_field.invalid_option"
    assert invgate.ok("GET", LIST, {"uid": uid}) == {"key-value": {"a": "a"}}  # b not added
