"""What customers and techs share: reading the user listing variables and the person fields."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import Role
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.listing import ListRequest, list_request
from polydesk.dialects.readydesk.ops.directory import page_of
from polydesk.users.listing import UserQuery, UserSort

ORDER: dict[str, UserSort] = {"ID": "id", "NAME": "name", "CONTACT": "name", "EMAIL": "email",
                              "DATE_ADDED": "created"}  # fmt: skip


def user_query(
    ctx: Context, key: str, roles: tuple[Role, ...]
) -> tuple[UserQuery, ListRequest[UserSort]]:
    """``id`` (one record), ``<key>`` (one, a list, ``*``, or ``*`` patterns), ``start_<key>`` /
    ``end_<key>`` prefixes, ``start_date`` / ``end_date`` on the date added."""
    params = ctx.params
    request = list_request(params, id_vars=(key, "id"), columns={**ORDER, key.upper(): "login"})
    query = UserQuery(
        roles=roles,
        ids=params.id_list("id"),
        logins=params.text_list(key),
        login_range=params.text_range(f"start_{key}", f"end_{key}"),
        created=params.window(),
        sort=request.order or "id",
        descending=request.descending,
        page=page_of(request),
    )
    return query, request


def person_values(ctx: Context, name_variable: str) -> dict[str, Any]:
    """Name (whole, in first_name: concepts §5.1 item 7), e-mail, phone, password."""
    values: dict[str, Any] = {}
    for variable, target in ((name_variable, "first_name"), ("email", "email"), ("phone", "phone"),
                             ("pass", "password")):  # fmt: skip
        raw = ctx.params.raw(variable)
        if raw is not None:
            values[target] = raw.strip() or (None if target in ("email", "password") else "")
    return values


def display_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()
