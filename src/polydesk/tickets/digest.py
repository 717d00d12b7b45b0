"""The read model every renderer draws on: a page of tickets with what they refer to and what
the reader reads of their parts, loaded for one actor in a fixed number of queries.

A digest is built from tickets the actor may read (loaded through ``tickets.access`` /
``bundles.tickets_in_order`` / a visible list); each thing it holds is loaded on first use, once
for the whole page (so a renderer that never shows companies costs no company query, and a page
of 200 tickets costs the same number of queries as a page of one):

- people (owner, responsible, requester, creator, last editor, closer, locker), help desk and SLA
  names, companies, locations, help desk level names;
- the parts the actor reads (``authz.parts``: a customer, the public part), as lists (comments
  oldest first, attachments by id) and as totals (comment and attachment counts, time entries'
  durations), so no number shown to a customer includes internal work;
- children, merge targets and linked inventory items the actor reads; custom field values.

Product codes (Znuny state names, Integria status numbers...) are not here: each dialect maps
the core ids it finds on the tickets with its own tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import SQLColumnExpression, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from polydesk.authz.parts import visible_attachments, visible_comments, visible_time_entries
from polydesk.companies.service import companies_by_ids
from polydesk.core.actor import Actor
from polydesk.customfields.bulk import values_for_tickets
from polydesk.groups.service import group_names
from polydesk.helpdesks.service import helpdesk_names, sla_names
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.companies import Company, Location
from polydesk.models.tickets import Ticket
from polydesk.models.timetracking import TimeEntry
from polydesk.models.users import User
from polydesk.tickets.bundles import TicketRelations, level_names, ticket_relations
from polydesk.users.service import users_by_ids

#: Comments or attachments listed for one page (a bound keeps reads finite).
MAX_PART_ROWS = 1000


@dataclass(frozen=True)
class PartTotals:
    """What the actor reads of one ticket's parts, counted."""

    comments: int = 0
    attachments: int = 0
    #: Seconds of each time entry the actor reads, in id order (Integria sums them one by one).
    durations: tuple[int, ...] = ()

    @property
    def time_seconds(self) -> int:
        return sum(self.durations)


@dataclass
class TicketDigest:
    session: Session
    actor: Actor
    tickets: Sequence[Ticket]
    #: People to load with the tickets' own (Znuny's root@localhost stands in for no owner).
    extra_user_ids: Iterable[int] = ()
    _ids: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.tickets = list(self.tickets)
        self._ids = sorted({ticket.id for ticket in self.tickets})

    # --- what the tickets refer to -------------------------------------------------------

    @cached_property
    def users(self) -> dict[int, User]:
        wanted = {uid for t in self.tickets for uid in people(t) if uid is not None}
        return users_by_ids(self.session, wanted | set(self.extra_user_ids))

    def user(self, user_id: int | None) -> User | None:
        return self.users.get(user_id) if user_id is not None else None

    def login(self, user_id: int | None) -> str:
        user = self.user(user_id)
        return user.login if user is not None else ""

    def add_users(self, user_ids: Iterable[int | None]) -> None:
        """People that only other lines mention (history), in one more query."""
        wanted = {uid for uid in user_ids if uid is not None} - set(self.users)
        self.users.update(users_by_ids(self.session, wanted))

    @cached_property
    def helpdesks(self) -> dict[int, str]:
        return helpdesk_names(self.session, self._present("helpdesk_id"))

    def add_helpdesks(self, helpdesk_ids: Iterable[int | None]) -> None:
        wanted = {i for i in helpdesk_ids if i is not None} - set(self.helpdesks)
        self.helpdesks.update(helpdesk_names(self.session, wanted))

    @cached_property
    def customer_groups(self) -> dict[int, str]:
        return group_names(self.session, self._present("customer_group_id"))

    @cached_property
    def slas(self) -> dict[int, str]:
        return sla_names(self.session, self._present("sla_id"))

    @cached_property
    def companies(self) -> dict[int, Company]:
        return companies_by_ids(self.session, self._present("company_id"))

    @cached_property
    def locations(self) -> dict[int, Location]:
        wanted = self._present("location_id")
        if not wanted:
            return {}
        query = select(Location).where(Location.id.in_(wanted))
        return {location.id: location for location in self.session.scalars(query)}

    @cached_property
    def levels(self) -> dict[tuple[int, int], str]:
        """(help desk, level) -> the level's name."""
        return level_names(self.session, self._present("helpdesk_id"))

    @cached_property
    def relations(self) -> TicketRelations:
        return ticket_relations(self.session, self.actor, self._ids)

    @cached_property
    def custom_values(self) -> dict[int, dict[int, str]]:
        """Ticket id -> field id -> display text."""
        return values_for_tickets(self.session, self._ids)

    # --- what hangs off the tickets, as the actor reads it --------------------------------

    @cached_property
    def comments(self) -> dict[int, list[Comment]]:
        """Ticket id -> its comments the actor reads, oldest first."""
        if not self._ids:
            return {}
        query = select(Comment).where(
            Comment.ticket_id.in_(self._ids), visible_comments(self.actor)
        )
        ordered = query.order_by(Comment.created_at, Comment.id).limit(MAX_PART_ROWS)
        grouped: dict[int, list[Comment]] = defaultdict(list)
        for comment in self.session.scalars(ordered):
            grouped[comment.ticket_id].append(comment)
        return dict(grouped)

    @cached_property
    def attachments(self) -> dict[int, list[Attachment]]:
        """Ticket id -> its attachments the actor reads, by id."""
        if not self._ids:
            return {}
        query = select(Attachment).where(
            Attachment.ticket_id.in_(self._ids), visible_attachments(self.actor)
        )
        grouped: dict[int, list[Attachment]] = defaultdict(list)
        for attachment in self.session.scalars(query.order_by(Attachment.id).limit(MAX_PART_ROWS)):
            if attachment.ticket_id is not None:
                grouped[attachment.ticket_id].append(attachment)
        return dict(grouped)

    @cached_property
    def durations(self) -> dict[int, tuple[int, ...]]:
        """Ticket id -> seconds of each time entry the actor reads, in id order."""
        if not self._ids:
            return {}
        grouped: dict[int, list[int]] = defaultdict(list)
        query = select(TimeEntry.ticket_id, TimeEntry.duration_seconds).where(
            TimeEntry.ticket_id.in_(self._ids), visible_time_entries(self.actor)
        )
        for ticket_id, seconds in self.session.execute(query.order_by(TimeEntry.id)):
            if ticket_id is not None:
                grouped[ticket_id].append(seconds)
        return {ticket_id: tuple(seconds) for ticket_id, seconds in grouped.items()}

    @cached_property
    def comment_counts(self) -> dict[int, int]:
        return self._counts(Comment.ticket_id, visible_comments(self.actor))

    @cached_property
    def attachment_counts(self) -> dict[int, int]:
        return self._counts(Attachment.ticket_id, visible_attachments(self.actor))

    def totals_of(self, ticket_id: int) -> PartTotals:
        """Counts and time of what the actor reads of one ticket (each kind is one query for
        the whole page, on first use)."""
        return PartTotals(
            comments=self.comment_counts.get(ticket_id, 0),
            attachments=self.attachment_counts.get(ticket_id, 0),
            durations=self.durations.get(ticket_id, ()),
        )

    # --- helpers ---------------------------------------------------------------------------

    def _present(self, column: str) -> list[int]:
        return sorted({v for t in self.tickets if (v := getattr(t, column)) is not None})

    def _counts(
        self, column: InstrumentedAttribute[Any], visible: SQLColumnExpression[bool]
    ) -> dict[int, int]:
        if not self._ids:
            return {}
        query = select(column, func.count()).where(column.in_(self._ids), visible)
        rows = self.session.execute(query.group_by(column))
        return {ticket_id: count for ticket_id, count in rows if ticket_id is not None}


def people(ticket: Ticket) -> tuple[int | None, ...]:
    """The users a ticket names."""
    return (
        ticket.owner_id,
        ticket.responsible_id,
        ticket.requester_id,
        ticket.creator_id,
        ticket.last_editor_id,
        ticket.closed_by_id,
        ticket.locked_by_id,
    )
