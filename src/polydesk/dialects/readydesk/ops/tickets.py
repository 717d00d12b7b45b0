"""``get_tickets`` (the seed): every filter becomes part of the core's ``TicketCriteria`` and is
answered by one SQL query for the ids (or the count), then one page of tickets is loaded and
rendered. Unknown names (status, source, tech, group...) are errors, not empty results."""

from __future__ import annotations

from typing import Any

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.listing import ListRequest, core_page, list_request
from polydesk.dialects.readydesk.mapping import Categories, names
from polydesk.dialects.readydesk.ops.ticket_rows import TicketLookups, ticket_record
from polydesk.dialects.readydesk.params import WILDCARD, Params
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Count, Listing, Reply
from polydesk.helpdesks.service import get_helpdesk_by_name
from polydesk.tickets.bundles import levels_named, tickets_in_order
from polydesk.tickets.criteria import (
    Pattern,
    RangeCriteria,
    SortKey,
    SortName,
    TicketCriteria,
    like_literal,
)
from polydesk.tickets.service import count_ticket_matches, search_ticket_ids
from polydesk.users.service import get_user_by_login

#: ``order`` columns (upper-case) -> core sort keys; nothing else reaches SQL.
ORDER_COLUMNS: dict[str, SortName] = {
    "TID": "id", "ID": "id", "CID": "requester", "DATE_OPENED": "created", "OPEN_DATE": "created",
    "DATE_CLOSED": "closed", "CLOSE_DATE": "closed", "LAST_UPDATED": "updated",
    "DUE_DATE": "due", "STATUS": "status", "PRIORITY": "priority", "SUBJECT": "title",
    "CATEGORY": "category", "ASSIGNED_TECH": "owner", "ASSIGNED_TO": "owner",
    "ASSIGNED_GROUP": "helpdesk", "ASSIGNED_GROUP_ID": "helpdesk", "COMPANY_ID": "company",
}  # fmt: skip


def get_tickets(ctx: Context) -> Reply:
    params = ctx.params
    request = list_request(params, id_vars=("tid",), columns=ORDER_COLUMNS)
    criteria = TicketCriteria(**TicketFilters(ctx).criteria(), sort=_sort(request))
    if request.count_only:
        return Count(count_ticket_matches(ctx.session, ctx.actor, criteria))
    ids = search_ticket_ids(ctx.session, ctx.actor, criteria, core_page(request))
    tickets = tickets_in_order(ctx.session, ctx.actor, ids)
    lookups = TicketLookups.load(ctx.session, ctx.actor, tickets)
    records = [ticket_record(ctx, ticket, lookups) for ticket in tickets]
    return Listing("tickets", "ticket", records)


def _sort(request: ListRequest[SortName]) -> list[SortKey]:
    return [SortKey(key=request.order or "id", descending=request.descending)]


def login_pattern(cid: str) -> Pattern:
    """A ``cid`` value with wildcards: ``*`` is any run of characters, everything else is
    itself (SPEC.md), matched on the requester's login or e-mail, ignoring case."""
    return Pattern(text="%".join(like_literal(part) for part in cid.split("*")))


class TicketFilters:
    """The seed's input variables as criteria (one method per group of variables)."""

    def __init__(self, ctx: Context, *, own_text_and_dates: bool = True) -> None:
        """``own_text_and_dates=False``: ``keyword`` and ``start_date``/``end_date`` are left
        to the caller (get_history applies them to the history entries)."""
        self.ctx = ctx
        self.own_text_and_dates = own_text_and_dates
        self.params: Params = ctx.params
        self.out: dict[str, Any] = {}
        self.ranges: dict[str, Any] = {}

    def criteria(self) -> dict[str, Any]:
        self._ids()
        self._catalogs()
        self._people()
        self._dates()
        keyword = self.params.text("keyword")
        if keyword and self.own_text_and_dates:
            self.ranges["keyword"] = keyword
        if self.ranges:
            self.out["ranges"] = RangeCriteria(**self.ranges)
        return self.out

    def _ids(self) -> None:
        tids = self.params.id_list("tid")
        if tids is not None:
            self.out["ids"] = tids
        self.ranges["first_id"] = self.params.integer("start_tid")
        self.ranges["last_id"] = self.params.integer("end_tid")

    def _catalogs(self) -> None:
        session = self.ctx.session
        for variable, kind, target in (
            ("status", "status", "status_ids"),
            ("priority", "priority", "priority_ids"),
        ):
            name = self.params.text(variable)
            if name:
                self.out[target] = names(session, kind).shown_as(name, variable)
        source = self.params.text("source")
        if source:
            self.out["source_ids"] = names(session, "source").shown_as(source, "source")
        self._categories()
        escalation = self.params.text("escalation")
        if escalation:
            levels = levels_named(session, escalation)
            if not levels:
                raise invalid("escalation", f"unknown escalation level {escalation!r}")
            self.ranges["helpdesk_levels"] = levels

    def _categories(self) -> None:
        category, sub = self.params.text("category"), self.params.text("sub_category")
        if not category and not sub:
            return
        categories = Categories.load(self.ctx.session)
        wanted: set[int] | None = None
        if category:
            wanted = set(categories.names.shown_as(category, "category"))
        if sub:
            subs = set(categories.sub_categories_named(sub))
            wanted = subs if wanted is None else wanted & subs
        self.out["category_ids"] = sorted(wanted or set())

    def _people(self) -> None:
        uids = self.params.text_list("uid")
        if uids is not None:
            self.out["owner_ids"] = [self._user_id(uid) for uid in uids]
        group = self.params.text("group")
        if group and group != WILDCARD:
            helpdesk = get_helpdesk_by_name(self.ctx.session, group)
            if helpdesk is None:
                raise invalid("group", f"unknown technician group {group!r}")
            self.out["helpdesk_ids"] = [helpdesk.id]
        cids = self.params.text_list("cid")
        if cids is not None and any("*" in cid for cid in cids):
            self.out["requester_logins"] = [login_pattern(cid) for cid in cids]
        elif cids is not None:
            self.ranges["requester_logins"] = cids
        login_range = self.params.text_range("start_cid", "end_cid")
        if login_range is not None:
            self.ranges["requester_login_range"] = login_range

    def _user_id(self, login: str) -> int:
        user = get_user_by_login(self.ctx.session, login)
        if user is None or user.role.value == "customer":
            raise invalid("uid", f"unknown technician {login!r}")
        return user.id

    def _dates(self) -> None:
        opened = self.params.window() if self.own_text_and_dates else None
        if opened is not None:
            self.out["created"] = opened
        due = self.params.day("due_date")
        if due is not None:
            self.ranges["due"] = due


ACTIONS: dict[str, Action] = {"get_tickets": get_tickets}
