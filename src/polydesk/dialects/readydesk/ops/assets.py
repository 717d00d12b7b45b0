"""``get_assets`` (spec B.4): ``id`` (one, a list or ``*``), ``tid`` (the doc says "a valid
asset ID"; it is the linked ticket), ``cid`` (the owning customer's login; a list, ``*``, or
a pattern with ``*``), plus ``count``/``count_only``/``page`` (with ``id=*`` or ``tid=*``)/
``order``. Output starts with the doc's ``id, ticket_number, date_added, added_by,
last_updated``; ``ticket_number`` lists every linked ticket the key may read (comma list,
URL-encoded as the doc marks it). The rest of the doc's list was not retrieved: ours follow
in SPEC.md ("Back office")."""

from __future__ import annotations

from functools import partial

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.listing import core_page, list_request, page_reply
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Field, Item, Reply
from polydesk.inventory.service import InventoryFilter, InventoryItemView, ItemSort, find_items

ORDER: dict[str, ItemSort] = {
    "ID": "id", "NAME": "name", "DATE_ADDED": "created_at", "LAST_UPDATED": "updated_at",
}  # fmt: skip


def get_assets(ctx: Context) -> Reply:
    params = ctx.params
    request = list_request(params, id_vars=("id", "tid"), columns=ORDER)
    filters = InventoryFilter(
        ids=params.id_list("id"),
        ticket_ids=params.id_list("tid"),
        owner_logins=params.text_list("cid"),
        sort=request.order or "id",
        descending=request.descending,
    )
    found = find_items(ctx.session, ctx.actor, filters, core_page(request))
    return page_reply(request, found, ("assets", "asset"), partial(_record, ctx))


def _record(ctx: Context, view: InventoryItemView) -> list[Item]:
    item = view.item
    return [
        Field("id", str(item.id)),
        Field("ticket_number", ",".join(str(tid) for tid in view.ticket_ids), encoded=True),
        Field("date_added", ctx.date(item.created_at)),
        Field("added_by", view.created_by_login or ""),
        Field("last_updated", ctx.date(item.updated_at)),
        Field("cid", view.owner_login or "", encoded=True),
        Field("name", item.name, encoded=True),
        Field("asset_type", item.item_type, encoded=True),
        Field("serial_number", item.serial_number, encoded=True),
        Field("status", item.status),
    ]


ACTIONS: dict[str, Action] = {"get_assets": get_assets}
