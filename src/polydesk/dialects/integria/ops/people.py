"""Users and groups: create/validate/delete users, membership checks, listings
(spec §3.13-3.17, §3.28, §3.29, §7 get_login)."""

from __future__ import annotations

from polydesk.core.actor import Role
from polydesk.core.errors import Conflict, Unauthenticated
from polydesk.core.pagination import PageRequest
from polydesk.dialects.integria import writers
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.ops.registry import op
from polydesk.dialects.integria.replies import EMPTY, Refused, Reply, lenient_scalar, scalar
from polydesk.dialects.integria.request import Params
from polydesk.dialects.integria.rows import Row, encode
from polydesk.helpdesks.service import list_helpdesks
from polydesk.users.schemas import UserCreate, UserFilter
from polydesk.users.service import (
    authenticate,
    create_user,
    delete_user,
    get_user_by_login,
    is_member_of_any,
    list_users,
)

LIST_LIMIT = 5000
PROTECTED_LOGIN = "admin"  # delete_user's case-sensitive guard (spec §3.15)
ALL_GROUP = 1  # the product's group "All"; help desk 1 plays it (SPEC.md)


def _exists_xml(value: int) -> str:
    return writers.xml_block("user", {"exists": value}, cdata=True)


NAME_PART = 100  # the core's first_name / last_name length


@op("get_login")
def get_login(ctx: Context, params: Params) -> Reply:
    """Pandora's connection test: reaching the op means the login worked."""
    return scalar(1)


@op("create_user", failure=scalar(""))
def create_user_op(ctx: Context, params: Params) -> Reply:
    if not ctx.actor.is_admin:
        return EMPTY  # the product's ACL exit
    group = writers.php_int(params.get(1))
    external = writers.php_int(params.get(7)) == 1
    first_name, last_name = _name_parts(params.get(6))
    cmd = UserCreate(
        login=params.text(0),
        email=params.get(3) or None,
        password=params.get(4) or None,  # no password: cannot log in until one is set
        comments=params.text(5),
        first_name=first_name,
        last_name=last_name,
        role=Role.CUSTOMER if external else Role.AGENT,
        profile_id=writers.php_int(params.get(2)) or None,  # tusuario_perfil's id_perfil
        helpdesk_ids=[group] if group and not external else [],
    )
    try:
        create_user(ctx.session, ctx.actor, cmd)
    except Conflict:
        raise Refused(scalar(0)) from None
    return scalar(1)


def _name_parts(real_name: str) -> tuple[str, str]:
    """Integria keeps one real name (``nombre_real``); the core has first and last names of
    100 characters each, shown joined by a space. A longer name is split at a space so that
    both halves fit, and shows whole again; one that cannot be is refused, never cut."""
    if len(real_name) <= NAME_PART:
        return real_name, ""
    cut = real_name.rfind(" ", 0, NAME_PART + 1)
    if cut <= 0 or len(real_name) - cut - 1 > NAME_PART:
        raise Refused(scalar(""))
    return real_name[:cut], real_name[cut + 1 :]


@op("validate_user")
def validate_user(ctx: Context, params: Params) -> Reply:
    try:
        user = authenticate(ctx.session, params.get(0), params.get(1), address=ctx.call.client_ip)
    except Unauthenticated:  # throttled: a failed check, like the product's
        user = None
    value = 0 if user is None else 1
    return Reply(csv=lambda: str(value), xml=lambda: f"<xml>{value}</xml>")


@op("delete_user")
def delete_user_op(ctx: Context, params: Params) -> Reply:
    """Admins only, and never the caller themselves (the product checked neither). The
    product's guard on ``admin`` stays, without its case bypass."""
    if not ctx.actor.is_admin or params.whole.lower() == PROTECTED_LOGIN:
        return EMPTY
    user = get_user_by_login(ctx.session, params.whole)
    if user is None:
        return lenient_scalar(0, lambda: _exists_xml(0))
    if user.id == ctx.actor.user_id:
        return EMPTY
    delete_user(ctx.session, ctx.actor, user.id)
    return lenient_scalar(1, lambda: _exists_xml(1))


@op("user_exists")
def user_exists(ctx: Context, params: Params) -> Reply:
    value = 0 if get_user_by_login(ctx.session, params.whole) is None else 1
    return lenient_scalar(value, lambda: _exists_xml(value))


@op("user_exists_in_group", "get_user_exists_in_group")
def user_exists_in_group(ctx: Context, params: Params) -> Reply:
    user = get_user_by_login(ctx.session, params.get(0))
    groups = [writers.php_int(part) for part in params.rest(1) if part]
    member = user is not None and is_member_of_any(ctx.session, user.id, groups)
    return scalar(1 if member else 0)


@op("get_groups")
def get_groups(ctx: Context, params: Params) -> Reply:
    page = list_helpdesks(ctx.session, ctx.actor, PageRequest(limit=LIST_LIMIT))
    keep_all = params.whole not in ("", "0")
    rows: list[Row] = [
        {"id": desk.id, "name": encode(desk.name)}
        for desk in page.items
        if keep_all or desk.id != ALL_GROUP
    ]
    return Reply(
        csv=lambda: writers.csv_rows(rows),
        xml=lambda: writers.xml_list(rows, "group"),
        json=lambda: writers.php_json({str(row["id"]): row["name"] for row in rows}),
    )


def _collation_key(login: str) -> tuple[str, str]:
    return login.casefold(), login


@op("get_users")
def get_users(ctx: Context, params: Params) -> Reply:
    page = list_users(ctx.session, ctx.actor, UserFilter(), PageRequest(limit=LIST_LIMIT))
    # ORDER BY id_usuario under MySQL's case-insensitive collation.
    logins = sorted((encode(user.login) for user in page.items), key=_collation_key)
    return Reply(
        csv=lambda: "".join(f"{login}\n" for login in logins),
        xml=lambda: "<xml>\n" + "".join(f"<id_user>{x}</id_user>\n" for x in logins) + "</xml>\n",
    )
