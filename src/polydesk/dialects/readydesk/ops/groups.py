"""Technician groups are the core's help desks (docs/concepts.md §5.1 item 5):
``get_tech_groups``, ``add_group``, ``update_group`` (selected by ``id``).

Output variables (our choice): ``id, name, description``. ``sources`` (the sources a group may
view) must name defined sources but is not stored: the core has no per-group source filter."""

from __future__ import annotations

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.mapping import names
from polydesk.dialects.readydesk.ops.directory import named_query, single_id
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Count, Field, Item, Listing, Reply, answer
from polydesk.helpdesks.listing import count_helpdesks, search_helpdesks
from polydesk.helpdesks.service import (
    HelpdeskCreate,
    HelpdeskUpdate,
    create_helpdesk,
    update_helpdesk,
)
from polydesk.models.helpdesks import Helpdesk


def get_tech_groups(ctx: Context) -> Reply:
    query, request = named_query(ctx.params)
    if request.count_only:
        return Count(count_helpdesks(ctx.session, ctx.actor, query))
    rows = search_helpdesks(ctx.session, ctx.actor, query)
    return Listing("tech_groups", "tech_group", [group_record(row) for row in rows])


def group_record(helpdesk: Helpdesk) -> list[Item]:
    return [
        Field("id", str(helpdesk.id)),
        Field("name", helpdesk.name, encoded=True),
        Field("description", helpdesk.description, encoded=True),
    ]


def add_group(ctx: Context) -> Reply:
    name = ctx.params.required("name")
    _check_sources(ctx)
    description = ctx.params.text("description")
    helpdesk = create_helpdesk(
        ctx.session, ctx.actor, HelpdeskCreate(name=name, description=description)
    )
    return answer("added_group", helpdesk.id)


def update_group(ctx: Context) -> Reply:
    helpdesk_id = single_id(ctx.params, "id")
    _check_sources(ctx)
    given = {k: v.strip() for k in ("name", "description") if (v := ctx.params.raw(k)) is not None}
    helpdesk = update_helpdesk(ctx.session, ctx.actor, helpdesk_id, HelpdeskUpdate(**given))
    return answer("updated_group", helpdesk.id)


def _check_sources(ctx: Context) -> None:
    sources = ctx.params.text_list("sources")
    if sources:
        table = names(ctx.session, "source")
        for source in sources:
            table.core_id(source, "sources")


ACTIONS: dict[str, Action] = {
    "get_tech_groups": get_tech_groups,
    "add_group": add_group,
    "update_group": update_group,
}
