"""Technicians are users with role agent or admin, ``uid`` = login: ``get_techs``,
``add_tech``, ``update_tech`` (selected by ``uid``).

Output variables (not retrieved, our choice): ``id, uid, name, email, phone, extension,
rights, viewable_tickets, supervisor, group, customer_groups, chat_queues, date_added``.
``rights``: ``Admin`` is the admin role, ``User`` and ``Power User`` the agent role.
``viewable_tickets`` (doc: ``ALL`` / ``OWN``, any case in) is the core's ticket scope
(``helpdesks`` / ``own``, ``authz.tickets``); ``extension`` the phone extension (≤ 255).
``group`` (tech group = help desk ids), ``customer_groups`` (group ids) and ``chat_queues``
(chat queue ids) replace what the tech had when given. ``Power User`` is an agent with the
core's power-user flag."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import Role, TicketScope
from polydesk.dialects._kit.hostile import row_id
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.ops.people import display_name, person_values, user_query
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Count, Field, Item, Listing, Reply, answer
from polydesk.flows.commands import ChangePerson, NewPerson
from polydesk.flows.people import add_person, change_person
from polydesk.models.users import User
from polydesk.users.listing import count_users, search_users
from polydesk.users.memberships import groups_of, helpdesks_of
from polydesk.users.schemas import UserCreate, UserUpdate
from polydesk.users.service import get_user, get_user_by_login, users_by_ids

TECHS = (Role.AGENT, Role.ADMIN)
#: rights -> (role, power user)
RIGHTS = {"admin": (Role.ADMIN, False), "user": (Role.AGENT, False),
          "power user": (Role.AGENT, True)}  # fmt: skip
#: viewable_tickets <-> the core's ticket scope
VIEWABLE = {"all": TicketScope.HELPDESKS, "own": TicketScope.OWN}
SHOWN_SCOPE = {TicketScope.HELPDESKS: "ALL", TicketScope.OWN: "OWN"}
EXTENSION_MAX = 255  # the doc's limit, the core column's size


def get_techs(ctx: Context) -> Reply:
    query, request = user_query(ctx, "uid", TECHS)
    if request.count_only:
        return Count(count_users(ctx.session, ctx.actor, query))
    users = search_users(ctx.session, ctx.actor, query)
    ids = [user.id for user in users]
    lookups = _Lookups(
        managers=users_by_ids(ctx.session, [u.manager_id for u in users if u.manager_id]),
        desks=helpdesks_of(ctx.session, ids),
        groups=groups_of(ctx.session, ids),
    )
    return Listing("techs", "tech", [_record(ctx, user, lookups) for user in users])


class _Lookups:
    def __init__(
        self, managers: dict[int, User], desks: dict[int, list[int]], groups: dict[int, list[int]]
    ) -> None:
        self.managers, self.desks, self.groups = managers, desks, groups


def _record(ctx: Context, user: User, lookups: _Lookups) -> list[Item]:
    manager = lookups.managers.get(user.manager_id) if user.manager_id else None
    return [
        Field("id", str(user.id)),
        Field("uid", user.login, encoded=True),
        Field("name", display_name(user.first_name, user.last_name), encoded=True),
        Field("email", user.email or "", encoded=True),
        Field("phone", user.phone, encoded=True),
        Field("extension", user.phone_extension, encoded=True),
        Field("rights", _rights(user)),
        Field("viewable_tickets", SHOWN_SCOPE[user.ticket_scope]),
        Field("supervisor", manager.login if manager else "", encoded=True),
        Field("group", ",".join(str(i) for i in lookups.desks.get(user.id, []))),
        Field("customer_groups", ",".join(str(i) for i in lookups.groups.get(user.id, []))),
        Field("chat_queues", ",".join(str(i) for i in user.chat_queue_ids)),
        Field("date_added", ctx.date(user.created_at)),
    ]


def _rights(user: User) -> str:
    if user.role is Role.ADMIN:
        return "Admin"
    return "Power User" if user.is_power_user else "User"


def add_tech(ctx: Context) -> Reply:
    uid = ctx.params.required("uid")
    values, memberships = _values(ctx)
    manager = values.pop("manager_id", None)
    values.setdefault("role", Role.AGENT)
    command = NewPerson(
        user=UserCreate(login=uid, **values),
        manager_id=manager,
        helpdesk_ids=memberships.get("group"),
        group_ids=memberships.get("customer_groups"),
    )
    return answer("added_tech", add_person(ctx.session, ctx.actor, command).id)


def update_tech(ctx: Context) -> Reply:
    uid = ctx.params.required("uid")
    user = get_user_by_login(ctx.session, uid)
    if user is None or user.role not in TECHS:
        raise invalid("uid", f"unknown technician {uid!r}")
    values, memberships = _values(ctx)
    if values.get("password", "") is None:
        values.pop("password")
    command = ChangePerson(
        user=UserUpdate(**values),
        helpdesk_ids=memberships.get("group"),
        group_ids=memberships.get("customer_groups"),
    )
    change_person(ctx.session, ctx.actor, user.id, command)
    return answer("updated_tech", user.id)


def _values(ctx: Context) -> tuple[dict[str, Any], dict[str, list[int]]]:
    params = ctx.params
    values = person_values(ctx, "name")
    rights = params.text("rights")
    if rights:
        if rights.lower() not in RIGHTS:
            raise invalid("rights", "use Admin, Power User or User")
        values["role"], values["is_power_user"] = RIGHTS[rights.lower()]
    viewable = params.raw("viewable_tickets")
    if viewable is not None:
        if viewable.strip().lower() not in VIEWABLE:
            raise invalid("viewable_tickets", "use ALL or OWN")
        values["ticket_scope"] = VIEWABLE[viewable.strip().lower()]
    extension = params.raw("extension")
    if extension is not None:
        if len(extension.strip()) > EXTENSION_MAX:
            raise invalid("extension", f"at most {EXTENSION_MAX} characters")
        values["phone_extension"] = extension.strip()
    if params.raw("chat_queues") is not None:
        values["chat_queue_ids"] = params.id_list("chat_queues") or []
    supervisor = params.raw("supervisor")
    if supervisor is not None:
        values["manager_id"] = _supervisor(ctx, supervisor.strip())
    memberships = {
        name: params.id_list(name) or []
        for name in ("group", "customer_groups")
        if params.raw(name) is not None
    }
    return values, memberships


def _supervisor(ctx: Context, given: str) -> int | None:
    if given in ("", "0"):
        return None
    user = get_user_by_login(ctx.session, given)
    if user is None and given.isdigit():
        user = get_user(ctx.session, row_id(given))
    if user is None or user.role not in TECHS:
        raise invalid("supervisor", f"unknown technician {given!r}")
    return user.id


ACTIONS: dict[str, Action] = {
    "get_techs": get_techs,
    "add_tech": add_tech,
    "update_tech": update_tech,
}
