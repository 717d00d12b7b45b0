"""A customer's ticket with a public and an internal part, written through the core services,
for the per-edge customer visibility tests (tests/api and tests/dialects/<product>/
test_customer_visibility.py).

The public part: comment ``PUBLIC_WORD``, its file ``PUBLIC_FILE``, 10 min of public time on the
ticket and 5 min on the public comment. The internal part: comment ``INTERNAL_WORD`` (with file
``INTERNAL_FILE``, public by its own flag but sent with the internal comment), 7 min of internal
time on the public comment, 30 min (public by its own flag) on the internal comment, and 20 min
of internal time on the ticket. A customer reads 15 min and one comment; an agent 72 min and
two comments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from polydesk.attachments.service import add_attachment
from polydesk.attachments.store import FileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from polydesk.timetracking.service import TimeEntryCreate, log_time

PUBLIC_WORD = "sunflower"
INTERNAL_WORD = "moonstone"
PUBLIC_TEXT = f"The {PUBLIC_WORD} driver is installed, please try again."
INTERNAL_TEXT = f"{INTERNAL_WORD}: out of warranty, do not tell the customer."
PUBLIC_FILE = "public-photo.png"
INTERNAL_FILE = "internal-log.txt"
INTERNAL_BYTES = b"internal bytes, agents only"
TITLE = "Printer prints nothing"
PUBLIC_SECONDS = 600 + 300
ALL_SECONDS = PUBLIC_SECONDS + 420 + 1800 + 1200


@dataclass(frozen=True)
class Mixed:
    ticket_id: int
    public_comment: int
    internal_comment: int
    public_file: int
    internal_file: int
    public_entries: tuple[int, ...]
    internal_entries: tuple[int, ...]
    #: History events about the internal part (the comment, its file, the internal time).
    internal_events: frozenset[int]


def mixed_ticket(
    session: Session,
    store: FileStore,
    *,
    requester_id: int,
    helpdesk_id: int | None = None,
    max_bytes: int = 64 * 1024,
) -> Mixed:
    """The ticket, written by the system (an administrator) for ``requester_id``."""
    ticket = create_ticket(
        session,
        SYSTEM,
        TicketCreate(
            title=TITLE,
            description="It prints blank pages.",
            requester_id=requester_id,
            helpdesk_id=helpdesk_id,
        ),
    )
    public = add_comment(session, SYSTEM, ticket.id, CommentCreate(body=PUBLIC_TEXT))
    internal = add_comment(
        session, SYSTEM, ticket.id, CommentCreate(body=INTERNAL_TEXT, is_public=False)
    )

    def attach(name: str, data: bytes, comment_id: int) -> int:
        return add_attachment(
            session,
            SYSTEM,
            store,
            ticket_id=ticket.id,
            filename=name,
            data=data,
            max_bytes=max_bytes,
            comment_id=comment_id,
        ).id

    public_file = attach(PUBLIC_FILE, b"public bytes", public.id)
    internal_file = attach(INTERNAL_FILE, INTERNAL_BYTES, internal.id)

    def log(seconds: int, *, is_public: bool = True, comment_id: int | None = None) -> int:
        command = TimeEntryCreate(
            duration_seconds=seconds, is_public=is_public, comment_id=comment_id
        )
        return log_time(session, SYSTEM, ticket.id, command).id

    public_entries = (log(600), log(300, comment_id=public.id))
    internal_entries = (
        log(420, is_public=False, comment_id=public.id),
        log(1800, comment_id=internal.id),
        log(1200, is_public=False),
    )
    session.flush()
    about = or_(
        and_(HistoryEvent.kind == EventKind.COMMENT_ADDED, HistoryEvent.related_id == internal.id),
        and_(
            HistoryEvent.kind == EventKind.ATTACHMENT_ADDED,
            HistoryEvent.related_id == internal_file,
        ),
        and_(
            HistoryEvent.kind == EventKind.TIME_LOGGED,
            HistoryEvent.related_id.in_(internal_entries),
        ),
    )
    events = session.scalars(
        select(HistoryEvent.id).where(HistoryEvent.ticket_id == ticket.id, about)
    )
    return Mixed(
        ticket_id=ticket.id,
        public_comment=public.id,
        internal_comment=internal.id,
        public_file=public_file,
        internal_file=internal_file,
        public_entries=public_entries,
        internal_entries=internal_entries,
        internal_events=frozenset(events),
    )
