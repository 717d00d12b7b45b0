"""Changing the user directory: ``POST``/``PUT``/``DELETE /user``, ``user.convert``,
``user.disable``, ``user.enable``, ``user.password``, ``user.password.reset`` and
``user.token``. Each is one core use case (``users.directory``, ``users.lifecycle``,
``users.password_reset``, ``credentials.service``); admins manage users, and a user may
change their own password, ask their own reset mail and their own token.

Decisions where the seed is silent (SPEC.md, "Users (issue 16)"):
- ``POST /user`` creates an end user (``user_type`` 2); ``username`` defaults to the e-mail
  address; e-mail addresses and usernames are unique, ignoring case (``user.email_taken``,
  ``user.login_taken``); ``localization`` names an existing location; ``pass`` sets the
  password; ``send_set_password_email=1`` mails a one-time link to set it.
- ``force_password_change=1`` (``POST /user``, ``PUT /user.password``) makes the password a
  temporary one (``users.must_change_password``): the user must set their own before anything
  else (``users.forced_change``; their InvGate Basic login is refused meanwhile). On
  ``PUT /user.password`` without it, the new password is the user's own and any earlier demand
  is met.
- ``DELETE /user`` keeps the row, disabled and ``is_deleted`` (history keeps naming it).
- ``user.token`` answers a native-API token (``Authorization: Bearer <token>`` on
  ``/polydesk/v1``), stored as a SHA-256 digest, valid until the user is disabled or deleted.
"""

from __future__ import annotations

from typing import Any

from polydesk.companies.locations import get_location_by_name
from polydesk.core.errors import not_found
from polydesk.credentials.service import create_api_token
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.ops.users import location_names, user_row
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ok
from polydesk.users.directory import create_directory_user, update_directory_user
from polydesk.users.lifecycle import (
    change_password as change_user_password,
)
from polydesk.users.lifecycle import (
    convert_to_internal,
    mark_user_deleted,
    set_user_enabled,
)
from polydesk.users.password_reset import ResetPurpose, issue_password_reset
from polydesk.users.schemas import UserCreate, UserUpdate

#: InvGate parameter -> core field, for the texts both create and update take.
TEXTS = {
    "office": "office_phone",
    "birthday": "birthday",
    "department": "department",
    "doc": "national_id",
    "position": "position",
    "address": "address",
    "city": "city",
    "country": "country",
    "fax": "fax",
    "phone": "phone",
    "other": "other_phone",
    "other-email": "other_email",
    "employee_number": "employee_number",
    "mobile": "mobile",
}
LANGUAGES = frozenset({"es", "en", "en_GB", "pt", "fr", "de", "ca", "it", "nl", "el"})
RESET_TYPES = {"NEW_USER": ResetPurpose.NEW_USER, "RESET_PASSWORD": ResetPurpose.RESET_PASSWORD}


def create_user(ctx: Context, params: Params) -> dict[str, Any]:
    email = params.required_text("email").strip()
    fields: dict[str, Any] = _texts(params)
    fields.update(
        login=(params.text("username") or "").strip() or email,
        email=email,
        first_name=params.required_text("name").strip(),
        last_name=params.required_text("lastname").strip(),
        password=params.text("pass") or None,
        is_external=bool(params.flag("is_external")),
        manager_id=params.integer("manager_id"),
        location_id=_location_id(ctx, params),
        must_change_password=bool(params.flag("force_password_change")),
    )
    welcome = ctx.base_url if params.flag("send_set_password_email") else None
    user = create_directory_user(
        ctx.session, ctx.actor, UserCreate(**fields), welcome_base_url=welcome
    )
    return user_row(user, location_names(ctx))


def update_user(ctx: Context, params: Params) -> dict[str, Any]:
    user_id = params.required_integer("id")
    fields: dict[str, Any] = _texts(params)
    for name, field in (("name", "first_name"), ("lastname", "last_name"), ("email", "email")):
        value = params.text(name)
        if value is not None:
            if not value.strip():
                raise bad_parameter(f"{name} must not be blank")
            fields[field] = value.strip()
    if (manager := params.integer("manager_id")) is not None:
        fields["manager_id"] = manager
    if params.text("localization") is not None:
        fields["location_id"] = _location_id(ctx, params)
    if (language := params.text("language")) is not None:
        fields["language"] = _language(language)
    login = params.text("username")
    if login is not None and not login.strip():
        raise bad_parameter("username must not be blank")
    update_directory_user(
        ctx.session,
        ctx.actor,
        user_id,
        UserUpdate(**fields),
        login=login.strip() if login is not None else None,
    )
    return ok("User updated")


def delete_user(ctx: Context, params: Params) -> dict[str, Any]:
    mark_user_deleted(ctx.session, ctx.actor, params.required_integer("id"))
    return ok("User deleted")


def disable_user(ctx: Context, params: Params) -> dict[str, Any]:
    set_user_enabled(ctx.session, ctx.actor, params.required_integer("id"), enabled=False)
    return ok("User disabled")


def enable_user(ctx: Context, params: Params) -> dict[str, Any]:
    set_user_enabled(ctx.session, ctx.actor, params.required_integer("id"), enabled=True)
    return ok("User enabled")


def convert_user(ctx: Context, params: Params) -> dict[str, Any]:
    user_id = params.required_integer("id")
    convert_to_internal(ctx.session, ctx.actor, user_id, base_url=ctx.base_url)
    return ok("User converted to internal; a mail asks them to set a password")


def change_password(ctx: Context, params: Params) -> dict[str, Any]:
    user_id = params.required_integer("id")
    force = bool(params.flag("force_password_change"))
    password = params.required_text("password")
    change_user_password(ctx.session, ctx.actor, user_id, password, force_change=force)
    return ok("Password changed")


def reset_password(ctx: Context, params: Params) -> dict[str, Any]:
    user_id = params.required_integer("id")
    kind = params.required_text("type").strip().upper()
    if kind not in RESET_TYPES:
        raise bad_parameter("type must be 'NEW_USER' or 'RESET_PASSWORD'")
    issue_password_reset(
        ctx.session, ctx.actor, user_id, purpose=RESET_TYPES[kind], base_url=ctx.base_url
    )
    return ok("A mail asks the user to set a new password")


def create_token(ctx: Context, params: Params) -> dict[str, Any]:
    user_id = params.required_integer("id")
    token = create_api_token(ctx.session, ctx.actor, user_id=user_id, name="invgate user.token")
    return {"token": token}


def _texts(params: Params) -> dict[str, str]:
    fields = {}
    for name, field in TEXTS.items():
        value = params.text(name)
        if value is not None:
            fields[field] = value.strip()
    return fields


def _location_id(ctx: Context, params: Params) -> int | None:
    name = (params.text("localization") or "").strip()
    if not name:
        return None
    location = get_location_by_name(ctx.session, name)
    if location is None:
        raise not_found("location", name)
    return location.id


def _language(value: str) -> str:
    if value.strip() not in LANGUAGES:
        raise bad_parameter(f"language must be one of {', '.join(sorted(LANGUAGES))}")
    return value.strip()
