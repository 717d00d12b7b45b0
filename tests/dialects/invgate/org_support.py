"""What the organisation tests share (groups, companies, help desks, levels, locations and
their observers): the whole organisation's state, to show a refusal changed nothing, and a
Bearer token with chosen scopes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from polydesk.db.uow import unit_of_work
from polydesk.models.companies import Company, CompanyGroup, Location
from polydesk.models.groups import Group, GroupMember
from polydesk.models.observers import EntityObserver
from polydesk.models.users import User
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.scoped import bearer

AGENT = basic("alice", "pw")
CUSTOMER = basic("carla", "pw")


def state(invgate: InvGate) -> dict[str, Any]:
    """Every row and column the organisation operations write."""
    queries = {
        "groups": select(Group.id, Group.name, Group.is_enabled),
        "members": select(GroupMember.group_id, GroupMember.user_id),
        "companies": select(Company.id, Company.name, Company.external_id, Company.is_enabled),
        "company_groups": select(CompanyGroup.company_id, CompanyGroup.group_id),
        "locations": select(Location.id, Location.name, Location.parent_id, Location.is_enabled),
        "users": select(User.id, User.company_id, User.location_id),
        "observers": select(
            EntityObserver.entity_kind, EntityObserver.entity_id, EntityObserver.user_id
        ),
    }
    with unit_of_work(invgate.runtime.factory) as session:
        return {name: sorted(map(tuple, session.execute(query))) for name, query in queries.items()}


def token(invgate: InvGate, scope: str) -> dict[str, str]:
    """A Bearer token of the API user's OAuth client, holding only ``scope``."""
    return bearer(invgate, scope, registered=[scope])


def scope_refused(invgate: InvGate, method: str, endpoint: str, params: Any) -> None:
    """A token holding another scope gets 403 naming the missing one; nothing changes."""
    before = state(invgate)
    other = "api.v1.incident:get"
    needed = f"api.v1.{endpoint}:{method.lower()}"
    answer = _send(invgate, method, endpoint, params, token(invgate, other))
    assert answer.status_code == 403, answer.text
    assert answer.json() == {
        "error": f"The access token does not have the scope {needed}",
        "status": 403,
    }
    assert state(invgate) == before
    allowed = _send(invgate, method, endpoint, params, token(invgate, needed))
    assert allowed.status_code == 200, allowed.text


def _send(
    invgate: InvGate, method: str, endpoint: str, params: Any, headers: dict[str, str]
) -> Any:
    if method == "GET":
        return invgate.call(method, endpoint, params, headers=headers)
    return invgate.call(method, endpoint, data=params, headers=headers)
