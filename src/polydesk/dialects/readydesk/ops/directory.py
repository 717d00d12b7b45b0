"""Shared reading for the directory actions (customers, techs, companies, tech groups):
paging into the core's ``PageRequest`` and id/name/range variables into a ``NamedQuery``."""

from __future__ import annotations

from typing import Any

from polydesk.companies.listing import NamedQuery
from polydesk.core.pagination import PageRequest
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.listing import ListRequest, list_request
from polydesk.dialects.readydesk.params import Params, to_int

NAME_ORDER = {"ID": "id", "NAME": "name", "DATE_ADDED": "created"}


def page_of(request: ListRequest[Any]) -> PageRequest:
    """The rows a list request reads (the count of ``count_only`` is asked for separately)."""
    return PageRequest(limit=request.limit, offset=request.offset)


def named_query(params: Params) -> tuple[NamedQuery, ListRequest[str]]:
    """``id`` / ``name`` (one, a comma list, or ``*``), ``start_name`` / ``end_name``."""
    request = list_request(params, id_vars=("id", "name"), columns=NAME_ORDER)
    query = NamedQuery(
        ids=params.id_list("id"),
        names=params.text_list("name"),
        name_range=params.text_range("start_name", "end_name"),
        sort=request.order or "id",
        descending=request.descending,
        page=page_of(request),
    )
    return query, request


def single_id(params: Params, name: str) -> int:
    value = params.required(name)
    if value == "*":
        raise invalid(name, "a single id is required")
    return to_int(name, value)
