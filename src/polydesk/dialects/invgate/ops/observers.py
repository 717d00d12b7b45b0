"""``<entity>.observers`` for groups, companies, help desks, levels and locations: one
generic set of handlers over the core's entity observers (``users.observers``).

- ``POST`` / ``DELETE``: ``id`` and ``observer_users[]``; ``{"<user_id>": true|false}`` (the
  spec's map: false when the user already observed / did not observe the entity). Admins.
- ``GET``: ``ids[]`` optional; without it every active entity of the kind (the seed's "all
  active ... and their observers"; at most 1000, by id), with it those entities (deleted ones
  too; unknown ids are left out). Rows ``{id, name, observer_users, observer_groups}``;
  ``observer_groups`` is always ``[]`` (the core has no group observers). Agents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops.directory import flags, required_ids
from polydesk.dialects.invgate.params import Params
from polydesk.models.observers import ObservedKind
from polydesk.users import observers as service

Handler = Callable[[Context, Params], Any]


def _add(kind: ObservedKind) -> Handler:
    def add(ctx: Context, params: Params) -> dict[str, bool]:
        entity_id = params.required_integer("id")
        users = required_ids(params, "observer_users")
        return flags(service.add_observers(ctx.session, ctx.actor, kind, entity_id, users))

    return add


def _remove(kind: ObservedKind) -> Handler:
    def remove(ctx: Context, params: Params) -> dict[str, bool]:
        entity_id = params.required_integer("id")
        users = required_ids(params, "observer_users")
        return flags(service.remove_observers(ctx.session, ctx.actor, kind, entity_id, users))

    return remove


def _list(kind: ObservedKind) -> Handler:
    def list_observers(ctx: Context, params: Params) -> list[dict[str, Any]]:
        found = service.list_observed(ctx.session, ctx.actor, kind, params.integers("ids"))
        return [
            {"id": row.id, "name": row.name, "observer_users": row.user_ids, "observer_groups": []}
            for row in found
        ]

    return list_observers


add_group_observers = _add(ObservedKind.GROUP)
list_group_observers = _list(ObservedKind.GROUP)
remove_group_observers = _remove(ObservedKind.GROUP)
add_company_observers = _add(ObservedKind.COMPANY)
list_company_observers = _list(ObservedKind.COMPANY)
remove_company_observers = _remove(ObservedKind.COMPANY)
add_helpdesk_observers = _add(ObservedKind.HELPDESK)
list_helpdesk_observers = _list(ObservedKind.HELPDESK)
remove_helpdesk_observers = _remove(ObservedKind.HELPDESK)
add_level_observers = _add(ObservedKind.LEVEL)
list_level_observers = _list(ObservedKind.LEVEL)
remove_level_observers = _remove(ObservedKind.LEVEL)
add_location_observers = _add(ObservedKind.LOCATION)
list_location_observers = _list(ObservedKind.LOCATION)
remove_location_observers = _remove(ObservedKind.LOCATION)
