"""``sd.version`` (the seed's shape, Polydesk's own version) and ``cis.by.id`` (CIs by their
internal ids)."""

from __future__ import annotations

from typing import Any

import polydesk
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.inventory.service import InventoryItemCreate, create_item
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer, scope_denied


def test_the_version_is_polydesks(invgate: InvGate) -> None:
    answer = invgate.ok("GET", "sd.version")
    customer = invgate.ok("GET", "sd.version", headers=basic("carla", "pw"))

    check_row(answer, response_fields("GET", "sd.version"))
    assert answer == customer == {"version": polydesk.__version__}


def test_the_version_needs_its_scope(invgate: InvGate) -> None:
    scope, other = "api.v1.sd.version:get", "api.v1.triggers:get"
    denied = invgate.call("GET", "sd.version", headers=bearer(invgate, other, registered=[other]))
    allowed = invgate.call("GET", "sd.version", headers=bearer(invgate, scope, registered=[scope]))

    assert denied.status_code == 403 and denied.json() == scope_denied(scope)
    assert allowed.json() == {"version": polydesk.__version__}


def _item(invgate: InvGate, name: str, **extra: Any) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return create_item(session, SYSTEM, InventoryItemCreate(name=name, **extra)).id


def test_cis_by_internal_id(invgate: InvGate) -> None:
    itam = _item(invgate, "Web Server", itam_source_id=7, external_id=42, ci_group="Asset")
    local = _item(invgate, "Laptop 12")
    hidden = _item(invgate, "Core switch", is_public=False)
    ids = [("ci_internal_ids[]", i) for i in (local, itam, hidden, 999999)]

    every = invgate.ok("GET", "cis.by.id", ids)
    from_source = invgate.ok("GET", "cis.by.id", [*ids, ("ci_source_id", 7)])
    customer = invgate.ok("GET", "cis.by.id", ids, headers=basic("carla", "pw"))
    malformed = invgate.call("GET", "cis.by.id", {"ci_internal_ids": "1,2"})

    for row in every:
        check_row(row, response_fields("GET", "cis.by.id"))
    assert every == [
        {"ci_internal_id": itam, "ci_external_id": 42, "ci_name": "Web Server"},
        {"ci_internal_id": local, "ci_external_id": None, "ci_name": "Laptop 12"},
        {"ci_internal_id": hidden, "ci_external_id": None, "ci_name": "Core switch"},
    ]
    assert [r["ci_internal_id"] for r in from_source] == [itam]
    assert [r["ci_internal_id"] for r in customer] == [itam, local]
    assert malformed.status_code == 428
