"""The agent console's list page in one call: a page of ticket rows (``tickets.rows``), the
live counts of the agent's queues (``tickets.queues``), and the choices its bulk form offers
(statuses, priorities, owners: ``tickets.choices``). A fixed number of queries, whatever
the page holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.pagination import Page, PageRequest
from polydesk.tickets.choices import Choice, owner_choices, priority_choices, status_choices
from polydesk.tickets.queues import Queue, count_queues
from polydesk.tickets.rows import TicketRow, list_ticket_rows
from polydesk.tickets.schemas import TicketFilter


@dataclass(frozen=True)
class ConsolePage:
    rows: Page[TicketRow]
    counts: dict[Queue, int]
    statuses: list[Choice]
    priorities: list[Choice]
    owners: list[Choice]


def console_page(
    session: Session, actor: Actor, filters: TicketFilter, page: PageRequest, now: datetime
) -> ConsolePage:
    counts = count_queues(session, actor, now)  # checks the actor is an agent
    return ConsolePage(
        rows=list_ticket_rows(session, actor, filters, page),
        counts=counts,
        statuses=status_choices(session),
        priorities=priority_choices(session),
        owners=owner_choices(session, None),
    )
