"""Technician groups are the core's help desks (docs/concepts.md §5.1 item 5):
``get_tech_groups``, ``add_group``, ``update_group`` (selected by ``id``).

Output variables (our choice): ``id, name, description, sources``. ``sources`` (source names,
comma list; the sources a group works) is stored as the help desk's ``source_ids``; empty: all."""

from __future__ import annotations

from typing import Any

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.mapping import Names, names
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
    sources = names(ctx.session, "source")
    return Listing("tech_groups", "tech_group", [group_record(row, sources) for row in rows])


def group_record(helpdesk: Helpdesk, sources: Names) -> list[Item]:
    return [
        Field("id", str(helpdesk.id)),
        Field("name", helpdesk.name, encoded=True),
        Field("description", helpdesk.description, encoded=True),
        Field("sources", ",".join(sources.name(i) for i in helpdesk.source_ids), encoded=True),
    ]


def add_group(ctx: Context) -> Reply:
    name = ctx.params.required("name")
    description = ctx.params.text("description")
    command = HelpdeskCreate(name=name, description=description, source_ids=_sources(ctx) or [])
    helpdesk = create_helpdesk(ctx.session, ctx.actor, command)
    return answer("added_group", helpdesk.id)


def update_group(ctx: Context) -> Reply:
    helpdesk_id = single_id(ctx.params, "id")
    given: dict[str, Any] = {
        k: v.strip() for k in ("name", "description") if (v := ctx.params.raw(k)) is not None
    }
    sources = _sources(ctx)
    if sources is not None:
        given["source_ids"] = sources
    helpdesk = update_helpdesk(ctx.session, ctx.actor, helpdesk_id, HelpdeskUpdate(**given))
    return answer("updated_group", helpdesk.id)


def _sources(ctx: Context) -> list[int] | None:
    """``sources`` as source ids (None when not given; empty: every source)."""
    if ctx.params.raw("sources") is None:
        return None
    table = names(ctx.session, "source")
    return [table.core_id(source, "sources") for source in ctx.params.text_list("sources") or []]


ACTIONS: dict[str, Action] = {
    "get_tech_groups": get_tech_groups,
    "add_group": add_group,
    "update_group": update_group,
}
