"""Ticket use cases: create, update, get, list."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import can_create_in, require_change
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from polydesk.core.pagination import Page, PageRequest
from polydesk.history.service import record_event
from polydesk.models.catalogs import Priority, Status, StatusCategory
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket, TicketCc, TicketTag
from polydesk.models.users import User
from polydesk.routing.service import route_new_ticket
from polydesk.search.service import index_document
from polydesk.sentiment.service import classify
from polydesk.sla import clock as sla_clock
from polydesk.tickets import criteria_query, repository

# Re-exported (edges read tickets through this module); the one definition is tickets.access.
from polydesk.tickets.access import require_ticket as require_ticket
from polydesk.tickets.change_events import emit_changed, emit_opened, snapshot
from polydesk.tickets.criteria import TicketCriteria
from polydesk.tickets.imported_dates import (
    DATE_COLUMNS,
    apply_dates,
    record_date_changes,
    take_dates,
)
from polydesk.tickets.lifecycle import apply_status_change
from polydesk.tickets.numbering import next_ticket_number
from polydesk.tickets.references import check_references
from polydesk.tickets.schemas import TicketCreate, TicketFilter, TicketUpdate
from polydesk.tickets.transition import move_ticket
from polydesk.tickets.waiting import end_wait, wait_by_status

#: What a customer may set when opening a ticket; everything else is the agents' business.
CUSTOMER_FIELDS = frozenset(
    {
        "title",
        "description",
        "description_mime_type",
        "type_id",
        "category_id",
        "impact_id",
        "urgency_id",
        "priority_id",
        "helpdesk_id",
        "location_id",
        "cc",
        "occurred_at",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)

EVENT_FOR_FIELD = {
    "status_id": EventKind.STATUS_CHANGED,
    "priority_id": EventKind.PRIORITY_CHANGED,
    "owner_id": EventKind.OWNER_CHANGED,
    "responsible_id": EventKind.RESPONSIBLE_CHANGED,
    "helpdesk_id": EventKind.HELPDESK_CHANGED,
    "requester_id": EventKind.REQUESTER_CHANGED,
    "title": EventKind.TITLE_CHANGED,
    "type_id": EventKind.TYPE_CHANGED,
    "category_id": EventKind.CATEGORY_CHANGED,
    "is_locked": EventKind.LOCK_CHANGED,
}


def get_ticket(session: Session, actor: Actor, ticket_id: int) -> Ticket | None:
    return repository.get_visible(session, actor, ticket_id)


def create_ticket(session: Session, actor: Actor, cmd: TicketCreate) -> Ticket:
    values = cmd.model_dump(exclude_unset=True)
    if actor.is_customer:
        _require_customer_fields(values)
        values["requester_id"] = actor.user_id
    if not can_create_in(actor, values.get("helpdesk_id")):
        raise PermissionDenied("ticket.permission_denied", "may not create in this help desk")
    given = check_references(session, values)
    _fill_defaults(session, actor, values)
    dates = take_dates(values)
    now = utcnow()
    route_new_ticket(session, values, now, given.get("helpdesk_id"))
    tags, cc = values.pop("tags", []), values.pop("cc", [])
    ticket = Ticket(
        **values,
        number=next_ticket_number(session, now),
        creator_id=actor.user_id,
        last_editor_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    if ticket.is_locked:
        ticket.locked_by_id = actor.user_id  # who holds the lock (ReadyDesk locked_by)
    ticket.tags = [TicketTag(tag=tag) for tag in dict.fromkeys(tags)]
    ticket.cc = [TicketCc(email=email) for email in dict.fromkeys(e.lower() for e in cc)]
    # Given ids were loaded by check_references (identity-map hits); defaults cost one get.
    ticket.status = session.get_one(Status, values["status_id"])
    ticket.sentiment_initial = classify(ticket.title, ticket.description)
    if ticket.sentiment_current is None:
        ticket.sentiment_current = ticket.sentiment_initial
    ticket.priority = session.get_one(Priority, values["priority_id"])
    apply_status_change(ticket, actor, None, ticket.status, now)
    apply_dates(ticket, dates, now)
    sla_clock.on_created(session, ticket, ticket.status.category, now)
    session.add(ticket)
    session.flush()
    record_event(session, actor, ticket_id=ticket.id, kind=EventKind.CREATED, new=ticket.number)
    _index(session, ticket)
    emit_opened(session, actor, ticket)
    return ticket


def update_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    cmd: TicketUpdate,
    *,
    expected_versions: Collection[int] | None = None,
) -> Ticket:
    """Change a ticket. ``expected_versions``: the caller's copy must be one of these versions
    (HTTP If-Match), else ``Conflict`` ``ticket.version_mismatch`` and nothing changes."""
    # Locked: concurrent updates queue here, so none is lost and history shows true old values.
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    if expected_versions is not None and ticket.version not in expected_versions:
        raise Conflict(
            "ticket.version_mismatch",
            f"ticket {ticket_id} has changed since you read it (now version {ticket.version})",
            version=ticket.version,
        )
    values = cmd.model_dump(exclude_unset=True)
    if values.get("parent_id") == ticket_id:
        raise ValidationFailed("ticket.parent_is_self", "a ticket cannot be its own parent")
    check_references(session, values, ticket)
    now = utcnow()
    dates = take_dates(values)
    before = snapshot(ticket, [*values, *DATE_COLUMNS])
    changed = _apply_changes(session, actor, ticket, values, now)
    moved = apply_dates(ticket, dates, now)
    record_date_changes(session, actor, ticket, before, moved)
    changed |= moved
    if "is_locked" in changed:
        ticket.locked_by_id = actor.user_id if ticket.is_locked else None
    sla_clock.on_facts_changed(session, ticket, changed)
    if changed:
        ticket.updated_at = now
        ticket.last_editor_id = actor.user_id
        if {"title", "description"} & changed:
            _index(session, ticket)
    session.flush()
    # The actor may have moved the ticket out of their sight; return it all the same.
    session.refresh(ticket, ["status", "priority"])
    if changed:
        emit_changed(session, actor, ticket, before, changed)
    return ticket


def list_tickets(
    session: Session, actor: Actor, filters: TicketFilter, page: PageRequest
) -> Page[Ticket]:
    """One keyset page of the readable tickets matching the native filter, in its sort."""
    query = criteria_query.matching(session, actor, filters.criteria())
    total = None
    if page.with_total:
        total = session.scalar(select(func.count()).select_from(query.subquery()))
    ordered = repository.order_and_seek(query, filters.sort, filters.descending, page.cursor)
    if page.cursor is None:
        ordered = ordered.offset(page.offset)
    rows = (
        session.scalars(ordered.limit(page.limit + 1).options(*repository.TICKET_LOAD_OPTIONS))
        .unique()
        .all()
    )
    items = list(rows[: page.limit])
    more = len(rows) > page.limit
    next_cursor = repository.cursor_after(items[-1], filters.sort) if more and items else None
    return Page(items=items, next_cursor=next_cursor, total=total)


def search_ticket_ids(
    session: Session, actor: Actor, criteria: TicketCriteria, page: PageRequest
) -> list[int]:
    """Ids of one page of the readable tickets matching ``criteria``, in its sort: one SQL
    query (plus one lookup of the types of custom fields named), no ticket is loaded."""
    query = criteria_query.build_search(session, actor, criteria, page)
    return list(session.scalars(query))


def count_ticket_matches(session: Session, actor: Actor, criteria: TicketCriteria) -> int:
    """How many readable tickets match ``criteria``."""
    return int(session.scalar(criteria_query.build_count(session, actor, criteria)) or 0)


def _require_customer_fields(values: dict[str, Any]) -> None:
    forbidden = sorted(set(values) - CUSTOMER_FIELDS)
    if forbidden:
        raise PermissionDenied(
            "ticket.field_not_allowed", f"customers may not set: {', '.join(forbidden)}"
        )


def _fill_defaults(session: Session, actor: Actor, values: dict[str, Any]) -> None:
    for field, model in (("status_id", Status), ("priority_id", Priority)):
        if values.get(field) is None:
            default = session.scalars(select(model.id).where(model.is_default)).first()
            if default is None:
                raise ValidationFailed("catalog.no_default", f"no default for {field}")
            values[field] = default
    if "requester_id" not in values and actor.user_id is not None:
        values["requester_id"] = actor.user_id
    requester_id = values.get("requester_id")
    if values.get("company_id") is None and requester_id is not None:
        requester = session.get(User, requester_id)
        values["company_id"] = requester.company_id if requester else None


def _apply_changes(
    session: Session, actor: Actor, ticket: Ticket, values: dict[str, Any], now: Any
) -> set[str]:
    changed: set[str] = set()
    if "extra" in values:
        values["extra"] = _merged_extra(ticket.extra or {}, values["extra"] or {})
    for field, new in values.items():
        if field in ("tags", "cc"):
            if _replace_collection(ticket, field, new or []):
                changed.add(field)
                record_event(
                    session, actor, ticket_id=ticket.id, kind=EventKind.UPDATED, field=field
                )
            continue
        old = getattr(ticket, field)
        if old == new:
            continue
        changed.add(field)
        if field == "status_id":
            _move_status(session, actor, ticket, new, now)
            continue
        setattr(ticket, field, new)
        if field == "is_locked" and new:
            ticket.unlock_reset_at = now  # a lock restarts the unlock clock
        kind = EVENT_FOR_FIELD.get(field, EventKind.UPDATED)
        record_event(session, actor, ticket_id=ticket.id, kind=kind, field=field, old=old, new=new)
    return changed


def _merged_extra(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    merged = {**current, **given}
    return {key: value for key, value in merged.items() if value is not None}


def _move_status(session: Session, actor: Actor, ticket: Ticket, new_id: int, now: Any) -> None:
    """The one status transition (transition.move_ticket), as every life-cycle service makes
    it, so a close or reopen leaves the same history and events whatever edge asked."""
    new = session.get_one(Status, new_id)
    if ticket.waiting_for is not None and new.category is not StatusCategory.WAITING:
        # Leaving the wait by hand ends it the way its condition would (targets cleared, an
        # event); the caller's status wins, so no resume move.
        end_wait(session, actor, ticket, "status changed", now, resume=False)
    move_ticket(session, actor, ticket, new, now)
    if new.category is StatusCategory.WAITING:
        wait_by_status(session, actor, ticket, new)  # the same history as asking for a wait


def _replace_collection(ticket: Ticket, field: str, new: list[str]) -> bool:
    if field == "tags":
        wanted = list(dict.fromkeys(new))
        if [t.tag for t in ticket.tags] == sorted(wanted):
            return False
        ticket.tags = [TicketTag(tag=tag) for tag in wanted]
        return True
    wanted = list(dict.fromkeys(email.lower() for email in new))
    if [c.email for c in ticket.cc] == sorted(wanted):
        return False
    ticket.cc = [TicketCc(email=email) for email in wanted]
    return True


def _index(session: Session, ticket: Ticket) -> None:
    index_document(
        session,
        ticket_id=ticket.id,
        source="ticket",
        source_id=ticket.id,
        content=f"{ticket.number}\n{ticket.title}\n{ticket.description}",
    )
