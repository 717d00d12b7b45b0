"""Issue 17, the ReadyDesk leftovers: a tech's ``viewable_tickets`` (ALL / OWN) and
``extension``, a tech group's ``sources`` as what its techs read, ``linked_devices`` and the
updater of a ticket no user edited last. Each is stored, read back through ReadyDesk and the
native API, and (visibility) acted on."""

from __future__ import annotations

import json

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.inventory.service import InventoryItemCreate, create_item, link_item
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.users.service import require_user
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.factories import token_for

V1 = "/polydesk/v1"


def _admin(rd: ReadyDesk) -> dict[str, str]:
    with unit_of_work(rd.runtime.factory) as session:
        return token_for(session, require_user(session, rd.ids["api"]))


def _native_user(rd: ReadyDesk, user_id: int) -> dict[str, object]:
    answer = rd.client.get(f"{V1}/users/{user_id}", headers=_admin(rd))
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def _json(answer: str) -> dict[str, list[dict[str, str]]]:
    parsed: dict[str, list[dict[str, str]]] = json.loads(answer)
    return parsed


def _added(answer: str, name: str) -> int:
    return int(_json(answer)["response"][0][name])


def _tech(rd: ReadyDesk, uid: str) -> dict[str, str]:
    [record] = _json(rd.call("get_techs", fmt="json", uid=uid))["techs"]
    return record


def _tids(rd: ReadyDesk, key: str) -> set[int]:
    rd.key, saved = key, rd.key
    try:
        rows = _json(rd.call("get_tickets", fmt="json", tid="*"))["tickets"]
    finally:
        rd.key = saved
    return {int(row["tid"]) for row in rows}


def _ticket(rd: ReadyDesk, **variables: str) -> int:
    return _added(rd.call("add_ticket", fmt="json", cid="demo", **variables), "added_ticket")


def test_viewable_tickets_and_extension_round_trip(rd: ReadyDesk) -> None:
    user_id = _added(
        rd.call("add_tech", fmt="json", uid="jdoe", name="Jane Doe", viewable_tickets="own",
                extension="x 204"),
        "added_tech",
    )  # fmt: skip
    record = _tech(rd, "jdoe")
    assert (record["viewable_tickets"], record["extension"]) == ("OWN", "x+204")
    assert list(record)[4:8] == ["phone", "extension", "rights", "viewable_tickets"]
    native = _native_user(rd, user_id)
    assert (native["ticket_scope"], native["phone_extension"]) == ("own", "x 204")

    rd.call("update_tech", uid="jdoe", viewable_tickets="All", extension="")
    native = _native_user(rd, user_id)
    assert (native["ticket_scope"], native["phone_extension"]) == ("helpdesks", "")
    assert (_tech(rd, "jdoe")["viewable_tickets"], _tech(rd, "jdoe")["extension"]) == ("ALL", "")


def test_the_native_api_sets_what_readydesk_shows(rd: ReadyDesk) -> None:
    body = {"ticket_scope": "own", "phone_extension": "1234"}
    answer = rd.client.patch(f"{V1}/users/{rd.ids['guest']}", headers=_admin(rd), json=body)
    assert answer.status_code == 200, answer.text
    record = _tech(rd, "guest")
    assert (record["viewable_tickets"], record["extension"]) == ("OWN", "1234")
    refused = rd.client.patch(
        f"{V1}/users/{rd.ids['guest']}", headers=_admin(rd), json={"ticket_scope": "mine"}
    )
    assert refused.status_code == 422
    for field in ("ticket_scope", "phone_extension"):
        nulled = rd.client.patch(
            f"{V1}/users/{rd.ids['guest']}", headers=_admin(rd), json={field: None}
        )
        assert nulled.status_code == 422, nulled.text
    assert _native_user(rd, rd.ids["guest"])["ticket_scope"] == "own"
    assert _tech(rd, "guest")["extension"] == "1234"


def test_a_bad_viewable_tickets_or_extension_changes_nothing(rd: ReadyDesk) -> None:
    answer = rd.call("update_tech", fmt="json", uid="guest", viewable_tickets="SOME", phone="1")
    assert _json(answer)["response"][0]["error"] == "Invalid viewable_tickets: use ALL or OWN"
    answer = rd.call("update_tech", fmt="json", uid="guest", extension="9" * 256, phone="1")
    assert _json(answer)["response"][0]["error"] == "Invalid extension: at most 255 characters"
    record = _tech(rd, "guest")
    assert (record["viewable_tickets"], record["extension"], record["phone"]) == ("ALL", "", "")


def test_an_own_tech_reads_the_unowned_tickets_of_its_groups_and_its_own(rd: ReadyDesk) -> None:
    desk = _added(rd.call("add_group", fmt="json", name="Desk"), "added_group")
    rd.call("add_tech", uid="other", group=str(desk))
    rd.call("update_tech", uid="guest", group=str(desk))
    unowned = _ticket(rd, subject="a", assigned_group=str(desk))
    mine = _ticket(rd, subject="b", assigned_group=str(desk), assigned_to="guest")
    theirs = _ticket(rd, subject="c", assigned_group=str(desk), assigned_to="other")
    key = rd.new_key(login="guest")
    assert {unowned, mine, theirs} <= _tids(rd, key)

    rd.call("update_tech", uid="guest", viewable_tickets="OWN")

    seen = _tids(rd, key)
    assert {unowned, mine} <= seen and theirs not in seen
    rd.key = key  # what it cannot read, it cannot change either
    answer = rd.call("update_ticket", fmt="json", tid=str(theirs), subject="mine now")
    assert "error" in _json(answer)["response"][0]


def test_a_group_with_sources_shows_its_techs_only_those_tickets(rd: ReadyDesk) -> None:
    desk = _added(rd.call("add_group", fmt="json", name="Phones", sources="Phone"), "added_group")
    rd.call("update_tech", uid="guest", group=str(desk))
    by_phone = _ticket(rd, subject="a", assigned_group=str(desk), source="Phone")
    by_mail = _ticket(rd, subject="b", assigned_group=str(desk), source="Email")
    assigned = _ticket(rd, subject="c", assigned_group=str(desk), source="Email",
                       assigned_to="guest")  # fmt: skip
    key = rd.new_key(login="guest")

    seen = _tids(rd, key)
    assert {by_phone, assigned} <= seen and by_mail not in seen

    rd.call("update_group", id=str(desk), sources="")
    assert by_mail in _tids(rd, key)


def test_discovered_items_are_linked_devices_the_others_linked_assets(rd: ReadyDesk) -> None:
    tid = _ticket(rd, subject="Laptop is slow")
    with unit_of_work(rd.runtime.factory) as session:
        kept = create_item(session, SYSTEM, InventoryItemCreate(name="Desk phone"))
        discovered = [
            InventoryItemCreate(name=f"PC {n}", itam_source_id=1, external_id=n) for n in (7, 8)
        ]
        found = [create_item(session, SYSTEM, command) for command in discovered]
        for item in (kept, *found):
            link_item(session, SYSTEM, tid, item.id)
        ids = kept.id, [item.id for item in found]
    [row] = _json(rd.call("get_tickets", fmt="json", tid=str(tid)))["tickets"]

    assert row["linked_asset"] == str(ids[0])
    assert row["linked_devices"] == ",".join(str(i) for i in ids[1])


def test_a_ticket_the_system_edited_last_shows_the_system_as_an_admin(rd: ReadyDesk) -> None:
    tid = _ticket(rd, subject="Edited by a job")
    with unit_of_work(rd.runtime.factory) as session:
        update_ticket(session, SYSTEM, tid, TicketUpdate(title="Edited by a job, again"))
    [row] = _json(rd.call("get_tickets", fmt="json", tid=str(tid)))["tickets"]

    assert (row["updated_by"], row["updater_type"]) == ("system", "ADMIN")
    rd.call("update_ticket", tid=str(tid), subject="By the key's user")
    [row] = _json(rd.call("get_tickets", fmt="json", tid=str(tid)))["tickets"]
    assert (row["updated_by"], row["updater_type"]) == ("api", "ADMIN")
