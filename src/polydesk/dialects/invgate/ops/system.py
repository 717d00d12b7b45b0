"""``sd.version`` and ``cis.by.id``.

Decisions:
- ``sd.version`` answers ``{"version": "<Polydesk's version>"}`` (e.g. ``"0.1.0"``): the
  server's own version, truthfully, not an InvGate release number.
- ``cis.by.id``: ``ci_internal_ids[]`` are Polydesk's inventory item ids; with
  ``ci_source_id`` only that ITAM integration's items answer. Unknown ids (and, for a customer,
  items that are not public) are left out; ``ci_external_id`` is null for items created here.
"""

from __future__ import annotations

from typing import Any

from polydesk import __version__
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.params import Params, missing
from polydesk.inventory.cis import items_by_ids


def get_version(_ctx: Context, _params: Params) -> dict[str, Any]:
    return {"version": __version__}


def get_cis_by_ids(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ids = params.integers("ci_internal_ids")
    if not ids:
        raise missing("ci_internal_ids")
    source_id = params.integer("ci_source_id")
    items = items_by_ids(ctx.session, ctx.actor, ids, source_id=source_id)
    return [
        {"ci_internal_id": item.id, "ci_external_id": item.external_id, "ci_name": item.name}
        for item in items
    ]
