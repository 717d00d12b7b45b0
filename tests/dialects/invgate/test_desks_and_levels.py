"""Help desks and levels (``helpdesks``, ``levels``, ``helpdesksandlevels``): golden shapes from
the seed's tables, the codes (status, engine), ``include_deleted`` with its two defaults, one
object for one id, the native API's help desks, refusals and scopes."""

from __future__ import annotations

from dataclasses import dataclass

from polydesk.core.actor import SYSTEM, Role
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import (
    HelpdeskCreate,
    HelpdeskUpdate,
    create_helpdesk,
    list_levels,
    update_helpdesk,
)
from polydesk.models.helpdesks import AssignmentEngine
from polydesk.users.service import add_helpdesk_membership
from tests.dialects.invgate.conftest import API_AUTH, InvGate
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.org_support import CUSTOMER, scope_refused
from tests.factories import make_user


@dataclass
class Network:
    desk: int
    levels: list[int]  # level ids, level 1 first
    bob: int  # at level 1
    cy: int  # at level 2


def _network(invgate: InvGate, *, enabled: bool = True) -> Network:
    """A round-robin desk "Network" below the Service Desk, with two levels and members."""
    with unit_of_work(invgate.runtime.factory) as session:
        desk = create_helpdesk(
            session,
            SYSTEM,
            HelpdeskCreate(
                name="Network",
                parent_id=invgate.helpdesk_id,
                assignment_engine=AssignmentEngine.ROUND_ROBIN,
                levels=["First line", "Second line"],
            ),
        )
        bob = make_user(session, Role.AGENT, login="bob")
        cy = make_user(session, Role.AGENT, login="cy")
        add_helpdesk_membership(session, SYSTEM, user_id=bob.id, helpdesk_id=desk.id)
        add_helpdesk_membership(session, SYSTEM, user_id=cy.id, helpdesk_id=desk.id, level=2)
        if not enabled:
            update_helpdesk(session, SYSTEM, desk.id, HelpdeskUpdate(is_enabled=False))
        levels = [level.id for level in list_levels(session, desk.id)]
        return Network(desk.id, levels, bob.id, cy.id)


def test_help_desks_have_the_seeds_shape_and_codes(invgate: InvGate) -> None:
    net = _network(invgate)

    listed = invgate.ok("GET", "helpdesks")
    one = invgate.ok("GET", "helpdesks", {"id": net.desk})
    by_name = invgate.ok("GET", "helpdesks", {"name": "Service Desk"})

    for row in listed:
        check_row(row, response_fields("GET", "helpdesks"))
    assert (
        listed[1]
        == one
        == {
            "status_id": 1,
            "name": "Network",
            "parent_id": invgate.helpdesk_id,
            "id": net.desk,
            "total_members": 2,
            "engine_id": 1,
        }
    )
    assert (by_name["id"], by_name["engine_id"], by_name["total_members"]) == (
        invgate.helpdesk_id,
        4,  # manual
        1,  # alice
    )


def test_disabled_help_desks_only_with_include_deleted(invgate: InvGate) -> None:
    net = _network(invgate, enabled=False)

    default = invgate.ok("GET", "helpdesks")
    deleted = invgate.ok("GET", "helpdesks", {"include_deleted": 1})
    levels_default = invgate.ok("GET", "levels")  # the seed: deleted levels by default
    levels_active = invgate.ok("GET", "levels", {"include_deleted": "false"})

    assert [row["id"] for row in default] == [invgate.helpdesk_id]
    assert [(row["id"], row["status_id"]) for row in deleted] == [
        (invgate.helpdesk_id, 1),
        (net.desk, 4),
    ]
    assert {row["id"] for row in levels_default} >= set(net.levels)
    assert not {row["id"] for row in levels_active} & set(net.levels)


def test_levels_have_the_seeds_shape_and_their_members(invgate: InvGate) -> None:
    net = _network(invgate)

    listed = invgate.ok("GET", "levels")
    second = invgate.ok("GET", "levels", {"id": net.levels[1]})

    for row in listed:
        check_row(row, response_fields("GET", "levels"))
    assert second == {
        "members_ids": [net.cy],
        "status_id": 1,
        "id": net.levels[1],
        "total_members": 1,
        "engine_id": 1,
        "level_order": 2,
    }
    first = next(row for row in listed if row["id"] == net.levels[0])
    assert (first["members_ids"], first["level_order"]) == ([net.bob], 1)


def test_help_desks_and_levels_are_one_mixed_list(invgate: InvGate) -> None:
    net = _network(invgate)

    listed = invgate.ok("GET", "helpdesksandlevels")
    one = invgate.ok("GET", "helpdesksandlevels", {"id": net.levels[0]})

    for row in listed:
        check_row(row, response_fields("GET", "helpdesksandlevels"))
    network = [row for row in listed if row["id"] == net.desk and row["level_order"] is None]
    assert network == [
        {
            "members_ids": [net.bob, net.cy],
            "status_id": 1,
            "name": "Network",
            "parent_id": invgate.helpdesk_id,
            "id": net.desk,
            "total_members": 2,
            "engine_id": 1,
            "level_order": None,
        }
    ]
    position = listed.index(network[0])
    assert [(row["parent_id"], row["level_order"]) for row in listed[position + 1 :]] == [
        (net.desk, 1),
        (net.desk, 2),
    ]
    assert one["id"] == net.levels[0] and one["name"] == "First line"
    assert one["members_ids"] == [net.bob]


def test_help_desks_are_the_native_apis_help_desks(invgate: InvGate) -> None:
    net = _network(invgate)

    native = invgate.client.get("/polydesk/v1/helpdesks", headers=API_AUTH).json()["items"]
    ours = invgate.ok("GET", "helpdesks")

    assert {row["id"]: row["name"] for row in native} == {row["id"]: row["name"] for row in ours}
    assert net.desk in {row["id"] for row in native}


def test_unknown_ids_customers_and_bad_flags_are_refused(invgate: InvGate) -> None:
    unknown = [
        invgate.call("GET", "helpdesks", {"id": 999}).json(),
        invgate.call("GET", "levels", {"id": 999}).json(),
        invgate.call("GET", "helpdesksandlevels", {"id": 999}).json(),
    ]
    customer = invgate.call("GET", "helpdesks", headers=CUSTOMER)
    bad_flag = invgate.call("GET", "helpdesks", {"include_deleted": "maybe"})

    assert [(body["status"], body["error"]) for body in unknown] == [
        ("ERROR", "helpdesk.not_found"),
        ("ERROR", "level.not_found"),
        ("ERROR", "level.not_found"),
    ]
    assert customer.status_code == 403
    assert bad_flag.status_code == 428


def test_tokens_need_the_help_desk_scopes(invgate: InvGate) -> None:
    scope_refused(invgate, "GET", "helpdesks", {})
    scope_refused(invgate, "GET", "levels", {})
    scope_refused(invgate, "GET", "helpdesksandlevels", {})
