"""SLA policies as reference data: admins create and change them; names unique ignoring case;
targets consistent; only what is given changes (Issue 14)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.helpdesks.slas import SlaCreate, SlaUpdate, create_sla, list_slas, update_sla
from polydesk.models.helpdesks import Sla
from tests.factories import actor, make_user


def _gold(session: Session) -> Sla:
    cmd = SlaCreate(name="Gold", first_response_minutes=30, resolution_minutes=240)
    return create_sla(session, SYSTEM, cmd)


def test_create_then_change_only_what_is_given(session: Session) -> None:
    sla = _gold(session)
    assert (sla.first_response_minutes, sla.update_minutes, sla.resolution_minutes) == (
        30,
        None,
        240,
    )
    assert sla.is_enabled and not sla.business_hours_only

    update_sla(session, SYSTEM, sla.id, SlaUpdate(update_minutes=60, is_enabled=False))
    assert (sla.first_response_minutes, sla.update_minutes, sla.is_enabled) == (30, 60, False)

    update_sla(session, SYSTEM, sla.id, SlaUpdate.model_validate({"first_response_minutes": None}))
    assert (sla.first_response_minutes, sla.resolution_minutes) == (None, 240)
    assert [s.name for s in list_slas(session)] == ["Gold"]


def test_names_stay_unique_ignoring_case(session: Session) -> None:
    gold = _gold(session)
    with pytest.raises(Conflict) as caught:
        create_sla(session, SYSTEM, SlaCreate(name="GOLD"))
    assert caught.value.code == "sla.name_taken"
    silver = create_sla(session, SYSTEM, SlaCreate(name="Silver"))
    with pytest.raises(Conflict):
        update_sla(session, SYSTEM, silver.id, SlaUpdate(name="gold"))
    update_sla(session, SYSTEM, gold.id, SlaUpdate(name="GOLD"))  # its own name, other case
    assert gold.name == "GOLD" and silver.name == "Silver"


def test_first_response_may_not_come_after_resolution(session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_sla(
            session, SYSTEM, SlaCreate(name="Odd", first_response_minutes=90, resolution_minutes=60)
        )
    assert caught.value.code == "sla.invalid_targets"
    sla = _gold(session)
    with pytest.raises(ValidationFailed):
        update_sla(session, SYSTEM, sla.id, SlaUpdate(first_response_minutes=300))
    assert sla.first_response_minutes == 30


@pytest.mark.parametrize("minutes", [0, -5, 10**9])
def test_targets_are_positive_and_bounded(minutes: int) -> None:
    with pytest.raises(ValidationError):
        SlaCreate(name="Odd", resolution_minutes=minutes)


def test_admins_only(session: Session) -> None:
    sla = _gold(session)
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        create_sla(session, agent, SlaCreate(name="Bronze"))
    with pytest.raises(PermissionDenied):
        update_sla(session, agent, sla.id, SlaUpdate(description="mine"))
    assert [s.name for s in list_slas(session)] == ["Gold"] and sla.description == ""


def test_an_unknown_sla_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        update_sla(session, SYSTEM, 999, SlaUpdate(description="x"))
