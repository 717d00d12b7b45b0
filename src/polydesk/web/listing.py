"""The ticket list's query string (search, status, sort, order, page), parsed into the core's
``TicketFilter`` and ``PageRequest``; shared by the console and the portal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query, Request

from polydesk.core.actor import Actor
from polydesk.core.pagination import Page, PageRequest
from polydesk.models.catalogs import StatusCategory
from polydesk.tickets.queues import Queue, queue_filter
from polydesk.tickets.rows import TicketRow
from polydesk.tickets.schemas import SortField, TicketFilter
from polydesk.web.deps import runtime

#: Rows per page; the native API's cap (POLYDESK_MAX_PAGE_SIZE) bounds it too.
PAGE_SIZE = 25
ACTIVE = (StatusCategory.NEW, StatusCategory.OPEN, StatusCategory.WAITING)


class StatusChoice(StrEnum):
    ANY = "any"
    ACTIVE = "active"  # new, open or waiting: what still needs work
    NEW = "new"
    OPEN = "open"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class SortChoice(StrEnum):
    UPDATED = "updated"
    CREATED = "created"
    NUMBER = "number"
    PRIORITY = "priority"
    STATUS = "status"
    TITLE = "title"


class OrderChoice(StrEnum):
    DESC = "desc"
    ASC = "asc"


SORT_FIELDS = {
    SortChoice.UPDATED: SortField.UPDATED_AT,
    SortChoice.CREATED: SortField.CREATED_AT,
    SortChoice.NUMBER: SortField.NUMBER,
    SortChoice.PRIORITY: SortField.PRIORITY,
    SortChoice.STATUS: SortField.STATUS,
    SortChoice.TITLE: SortField.TITLE,
}


@dataclass(frozen=True)
class ListQuery:
    q: str
    status: StatusChoice
    sort: SortChoice
    order: OrderChoice
    cursor: str | None
    size: int
    # The console's queue and its extra filters (the portal leaves them at these defaults).
    view: Queue = Queue.ALL
    helpdesk: int | None = None
    owner: int | None = None
    priority: int | None = None

    def filters(self, actor: Actor | None = None, now: datetime | None = None) -> TicketFilter:
        """The core filter; ``actor`` and ``now`` place the console's queue (mine, breaching)."""
        values: dict[str, object] = {"status_categories": _categories(self.status)}
        picked = {"helpdesk_ids": self.helpdesk, "owner_ids": self.owner,
                  "priority_ids": self.priority}  # fmt: skip
        values.update({key: [ident] for key, ident in picked.items() if ident is not None})
        if actor is not None and now is not None:
            for key, value in queue_filter(self.view, actor, now).items():
                values[key] = _both(values.get(key), value)
        return TicketFilter(
            **values,
            query=self.q or None,
            sort=SORT_FIELDS[self.sort],
            descending=self.order is OrderChoice.DESC,
        )

    def page(self) -> PageRequest:
        return PageRequest(limit=self.size, cursor=self.cursor, with_total=True)

    def link(self, path: str, *, cursor: str | None = None) -> str:
        """The address of this list with the same choices, at ``cursor`` (None: first page)."""
        params: dict[str, object] = {"view": self.view} if self.view is not Queue.ALL else {}
        params |= {"q": self.q, "status": self.status, "sort": self.sort, "order": self.order}
        extra = {"helpdesk": self.helpdesk, "owner": self.owner, "priority": self.priority}
        params |= {key: value for key, value in extra.items() if value is not None}
        if cursor:
            params["cursor"] = cursor
        return f"{path}?{urlencode(params)}"


def _both(mine: object, theirs: object) -> object:
    """Two conditions on one field: a list narrowed to the values both allow."""
    if isinstance(mine, list) and isinstance(theirs, list):
        return [value for value in mine if value in theirs]
    return theirs if mine is None else mine


def _categories(choice: StatusChoice) -> list[StatusCategory] | None:
    if choice is StatusChoice.ANY:
        return None
    if choice is StatusChoice.ACTIVE:
        return list(ACTIVE)
    return [StatusCategory(choice.value)]


#: An id in the query string (a filter); empty (a form's "any") is no filter. At most 9
#: digits, so every value fits the 32-bit id columns (0 matches no row).
FilterId = Annotated[str, Query(max_length=9, pattern=r"^[0-9]{0,9}$")]


def filter_id(text: str) -> int | None:
    """A filter's id: None when empty."""
    return int(text) if text else None


def list_query(default_status: StatusChoice) -> object:
    """A dependency reading the list's query string, with the page's default status."""

    def parse(
        request: Request,
        q: Annotated[str, Query(max_length=200)] = "",
        status: StatusChoice = default_status,
        sort: SortChoice = SortChoice.UPDATED,
        order: OrderChoice = OrderChoice.DESC,
        cursor: Annotated[str | None, Query(max_length=500)] = None,
    ) -> ListQuery:
        size = min(PAGE_SIZE, runtime(request).settings.max_page_size)
        return ListQuery(q.strip(), status, sort, order, cursor or None, size)

    return Depends(parse)


def _console_query(
    base: Annotated[ListQuery, list_query(StatusChoice.ACTIVE)],
    view: Queue = Queue.ALL,
    helpdesk: FilterId = "",
    owner: FilterId = "",
    priority: FilterId = "",
) -> ListQuery:
    """The console's list: the shared choices, plus a queue and help desk / owner / priority."""
    return replace(
        base,
        view=view,
        helpdesk=filter_id(helpdesk),
        owner=filter_id(owner),
        priority=filter_id(priority),
    )


ConsoleQuery = Annotated[ListQuery, Depends(_console_query)]
PortalQuery = Annotated[ListQuery, list_query(StatusChoice.ANY)]


def list_context(
    query: ListQuery, rows: Page[TicketRow], path: str, *, section: str
) -> dict[str, object]:
    """What the list templates show: the rows, the choices made, links to other pages."""
    return {
        "query": query,
        "rows": rows,
        "path": path,
        "section": section,
        "statuses": list(StatusChoice),
        "sorts": list(SortChoice),
        "first_url": query.link(path) if query.cursor else None,
        "next_url": query.link(path, cursor=rows.next_cursor) if rows.next_cursor else None,
    }


def list_template(request: Request, full: str) -> str:
    """htmx asks for the list alone (the search form targets ``#ticket-list``)."""
    if request.headers.get("HX-Target") == "ticket-list":
        return "_ticket_table.html"
    return full
