"""What the organisation operations share (groups, companies, help desks, levels,
locations, their users and observers): user rows, id -> flag maps, and lists that answer
one object when one entity is asked for.

Decisions: a relation change answers ``{"<id>": true|false}`` keyed by every id given (the
seed: "IDs as keys and TRUE as values"; false where nothing changed, e.g. removing a user who
was not there); ``GET`` with ``id`` (or ``name``) answers that one object, without it an array
(as invgo decodes ``/helpdesks``); an unknown id is ``status: ERROR`` ``<kind>.not_found``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polydesk.dialects.invgate.params import Params, missing
from polydesk.dialects.invgate.render import ok
from polydesk.models.users import User


def required_ids(params: Params, name: str) -> list[int]:
    """A required array of ids (``users[]``, ``groups[]``, ``observer_users[]``)."""
    ids = params.integers(name)
    if not ids:
        raise missing(name)
    return ids


def flags(result: Mapping[int, bool]) -> dict[str, bool]:
    return {str(ident): value for ident, value in result.items()}


def user_row(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.login,
        "name": f"{user.first_name} {user.last_name}".strip() or user.login,
        "email": user.email or "",
    }


def user_rows(users: list[User], user_id: int | None) -> list[dict[str, Any]]:
    return [user_row(user) for user in users if user_id is None or user.id == user_id]


def one_or_all(rows: list[dict[str, Any]], single: bool) -> dict[str, Any] | list[dict[str, Any]]:
    return rows[0] if single and rows else rows


def deleted(removed: bool, what: str) -> dict[str, Any]:
    """A deletion's answer: removed, or disabled because other records refer to it."""
    return ok(f"{what} deleted" if removed else f"{what} deleted (kept disabled: it is in use)")
