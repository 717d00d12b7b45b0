"""Integria's group default user (``tgrupo.id_user_default``): an incident created without an
owner (``create_incident`` p7 empty) belongs to its group's default user; a given owner wins; a
default user who is disabled or out of office is passed over for the group's engine."""

from __future__ import annotations

import csv
import io

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskUpdate, update_helpdesk
from polydesk.models.users import User
from polydesk.users.service import get_user_by_login
from tests.dialects.integria.conftest import Integria
from tests.factories import make_user


def _set_default(integria: Integria, group: str, login: str | None) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        user = get_user_by_login(session, login) if login else None
        owner_id = user.id if user else None
        command = HelpdeskUpdate(default_owner_id=owner_id)
        update_helpdesk(session, SYSTEM, integria.groups[group], command)


def _owner(integria: Integria, params: str) -> str:
    new_id = integria.call("create_incident", params)
    assert new_id.isdigit(), new_id
    [row] = csv.reader(io.StringIO(integria.call("get_incident_details", new_id)))
    return row[5]  # id_usuario


def test_the_group_default_user_owns_incidents_created_without_an_owner(
    integria: Integria,
) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        make_user(session, login="ops")
        make_user(session, login="kim")
    group = integria.groups["Engineering"]
    assert _owner(integria, f"Disk full,{group},3,Down,,0,,,0,1") == ""
    _set_default(integria, "Engineering", "ops")
    assert _owner(integria, f"Disk full,{group},3,Down,,0,,,0,1") == "ops"
    assert _owner(integria, f"Disk full,{group},3,Down,,0,,kim,0,1") == "kim"
    other = integria.groups["Customer #A"]
    assert _owner(integria, f"Disk full,{other},3,Down,,0,,,0,1") == ""


def test_a_disabled_default_user_is_passed_over(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        make_user(session, login="ops")
    _set_default(integria, "Engineering", "ops")
    with unit_of_work(integria.runtime.factory) as session:
        user = get_user_by_login(session, "ops")
        assert isinstance(user, User)
        user.is_enabled = False
    group = integria.groups["Engineering"]
    assert _owner(integria, f"Disk full,{group},3,Down,,0,,,0,1") == ""
