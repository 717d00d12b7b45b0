"""Configuration items (CIs) on requests: which requests concern a CI (``incidents.by.cis``,
``incident.linked_cis.counters.from``), relating CIs by keyword
(``incident.relate.ci.by.keyword``) and adding CIs to a CI custom field by name
(``PATCH /incident.custom_field``), through ``inventory.cis`` and ``customfields.ci_values``.

A CI is a core inventory item; its ITAM identity is ``itam_source_id`` (InvGate's
``ci_source_id`` / ``cis_source_id``), ``external_id`` (the CI's id in that tool) and
``ci_group`` (``Asset``, ``BusinessApplication``, ...).

Decisions where the seed is silent:
- ``ci_ids[]`` are the CIs' ids in the ITAM tool (the call names the tool); unknown ids are
  left out of the answer; ``ci_id`` is a string there (seed) and an integer in the counters.
- ``requests`` is ``{"by_status": [{"status_id", "count"}], "by_type": [{"type_id",
  "count"}]}``, ascending by code; per-type counts are over open requests only (statuses
  New, Open, Pending, On hold), per-status counts over every request. Only requests the caller
  can read count. ``from`` counts requests created at that moment or later.
- ``incident.linked_cis.counters.from`` lists the CIs of that tool with such requests, at most
  1000 (lowest internal ids first; the seed has no paging).
- Keyword search: ``exact_match=1`` matches the whole name (case-sensitive); otherwise names
  starting with the keyword, ignoring case (an indexed prefix match, where the product may
  match anywhere in the name). A keyword matching nothing is refused (``inventory.no_match``);
  more than 1000 matches too (``inventory.too_many_matches``). The caller acts.
- PATCH takes ``request_id``, ``author_id``, ``custom_field_uid`` and ``values[]`` with exactly
  one complete CI name (the seed documents no table; these follow POST). Every CI with that
  exact name joins the field's values and is linked to the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from polydesk.customfields.ci_values import add_ci_values_by_name
from polydesk.dialects._kit.php_params import ParamError
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.mapping import Codes
from polydesk.dialects.invgate.params import Params, missing
from polydesk.dialects.invgate.render import ok
from polydesk.inventory.cis import (
    RequestCounts,
    items_by_external_ids,
    linked_counts_since,
    relate_items_by_name,
    request_counts,
)

MAX_GROUP = 64


def list_requests_by_cis(ctx: Context, params: Params) -> list[dict[str, Any]]:
    group = params.required_text("group").strip()
    if len(group) > MAX_GROUP:
        raise bad_parameter(f"group is longer than {MAX_GROUP} characters")
    source_id = params.required_integer("cis_source_id")
    ci_ids = params.integers("ci_ids")
    if not ci_ids:
        raise missing("ci_ids")
    items = items_by_external_ids(ctx.session, ctx.actor, source_id, group, ci_ids)
    counts = request_counts(ctx.session, ctx.actor, items)
    codes = Codes(ctx.session)
    return [_ci_row(entry, codes, ci_id=str(entry.item.external_id)) for entry in counts]


def get_linked_ci_counters(ctx: Context, params: Params) -> list[dict[str, Any]]:
    since = params.epoch("from")
    if since is None:
        raise missing("from")
    source_id = params.required_integer("cis_source_id")
    counts = linked_counts_since(ctx.session, ctx.actor, source_id, since)
    codes = Codes(ctx.session)
    return [_ci_row(entry, codes, ci_id=entry.item.external_id) for entry in counts]


def relate_cis_by_keyword(ctx: Context, params: Params) -> dict[str, Any]:
    keyword = params.required_text("keyword")
    exact = params.flag("exact_match") or False
    ticket_id = params.required_integer("request_id")
    added = relate_items_by_name(ctx.session, ctx.actor, ticket_id, keyword, exact=exact)
    return ok(f"{added} CIs related to the request")


def add_request_ci_custom_field_values(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    field_id = params.required_integer("custom_field_uid")
    name = _one_name(params)
    if params.files:
        raise bad_parameter("CI custom fields take CI names, not files")
    added = add_ci_values_by_name(ctx.session, author, ticket_id, field_id, name)
    return ok(f"{added.matched} CIs named {name!r} found, {added.added} added to the field")


def _one_name(params: Params) -> str:
    try:
        values = params.php.array("values")
    except ParamError as error:  # a single value or a comma list
        raise bad_parameter(error.message) from error
    if not values or not values[0].strip():
        raise missing("values")
    if len(values) > 1:
        raise bad_parameter("values takes one CI name at a time")
    return values[0]


def _ci_row(entry: RequestCounts, codes: Codes, *, ci_id: Any) -> dict[str, Any]:
    return {
        "ci_id": ci_id,
        "group": entry.item.ci_group,
        "requests": {
            "by_status": _counted(entry.by_status.items(), codes, "status"),
            "by_type": _counted(entry.open_by_type.items(), codes, "type"),
        },
    }


def _counted(
    counts: Iterable[tuple[int | None, int]], codes: Codes, kind: str
) -> list[dict[str, Any]]:
    """(core id, count) pairs summed per InvGate code (several core statuses share a code)."""
    by_code: dict[int | None, int] = {}
    for core_id, number in counts:
        code = codes.code(kind, core_id)
        by_code[code] = by_code.get(code, 0) + number
    ordered = sorted(by_code.items(), key=lambda pair: (pair[0] is None, pair[0] or 0))
    return [{f"{kind}_id": code, "count": number} for code, number in ordered]
