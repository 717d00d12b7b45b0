"""SQL for ``TicketCriteria``: the one WHERE builder for tickets, visibility first, everything
pushed down. ``build_search`` selects ids (sorted, one ``PageRequest``), ``build_count`` counts
them, ``matching`` selects the tickets for the native list's keyset pages and the reports.

The query selects from ``tickets`` alone; to-many relations (participants, comments,
attachments, history, custom field values) are EXISTS subqueries and to-one relations are IN
subqueries or correlated scalar subqueries, so no row is ever duplicated and no DISTINCT is
needed. The only other statement is a lookup of the types of the custom fields named.

Decisions (written down as the architecture asks):
- Customers only ever match on public comments and attachments, whatever
  ``comment_public_only`` says, so a search cannot reveal what an internal note says.
- Text patterns and comment words are ``criteria_text``; ranges are ``criteria_ranges``.
- Every filter the native list offers reads an indexed column or an IN subquery on one (tags,
  inventory links, the full-text index): ids, ``number`` (an exact pattern), windows.
- "As created" values come from the first history event recorded for that column
  (``tickets.service`` writes ``field`` = column name, ``old_value`` = the id as text); a ticket
  whose column never changed through the service still has its creation value.
- Custom field ``equals`` is exact (case-sensitive, as Znuny); ``like`` is case-insensitive
  with ``*`` wildcards. Multi-select values are a JSON list of option ids; a condition matches
  when one chosen option matches, found by a text match of the option id in the normalised
  JSON text (portable to SQLite and PostgreSQL, no JSON set functions needed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Select,
    SQLColumnExpression,
    String,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression

from polydesk.authz.parts import visible_attachments, visible_comments
from polydesk.authz.tickets import readable_tickets
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.core.pagination import PageRequest
from polydesk.models.attachments import Attachment
from polydesk.models.catalogs import Category, Priority, Status, TicketType
from polydesk.models.comments import Comment
from polydesk.models.companies import Company
from polydesk.models.customfields import CustomField, CustomFieldOption, CustomFieldValue, FieldType
from polydesk.models.helpdesks import Helpdesk, Sla
from polydesk.models.history import HistoryEvent
from polydesk.models.inventory import TicketInventory
from polydesk.models.tickets import Ticket, TicketParticipant, TicketTag
from polydesk.models.users import User
from polydesk.search.service import matching_ticket_ids
from polydesk.tickets.criteria import ESCAPE, FieldCondition, SortKey, TicketCriteria, Window
from polydesk.tickets.criteria_ranges import in_window, range_clauses
from polydesk.tickets.criteria_text import comment_text, pattern_clause, pattern_clauses, wildcards

Clause = SQLColumnExpression[bool]
Column = SQLColumnExpression[Any]


def build_search(
    session: Session, actor: Actor, criteria: TicketCriteria, page: PageRequest
) -> Select[int]:
    """The ids of the tickets the actor may read that match, sorted, one page of them."""
    kinds = _field_kinds(session, criteria)
    query = select(Ticket.id).where(*_where(session, actor, criteria, kinds))
    ordered = query.order_by(*_order_by(criteria.sort, kinds))
    return ordered.limit(page.limit).offset(page.offset)


def build_count(session: Session, actor: Actor, criteria: TicketCriteria) -> Select[int]:
    """How many readable tickets match, whatever the sort."""
    return select(func.count()).select_from(matching_ids(session, actor, criteria).subquery())


def matching_ids(session: Session, actor: Actor, criteria: TicketCriteria) -> Select[int]:
    """The ids of every readable ticket that matches, unsorted (a subquery for other lists)."""
    return select(Ticket.id).where(*_where(session, actor, criteria))


def matching(session: Session, actor: Actor, criteria: TicketCriteria) -> Select[Ticket]:
    """The readable tickets that match, unsorted (the caller sorts and pages)."""
    return select(Ticket).where(*_where(session, actor, criteria))


def _where(
    session: Session,
    actor: Actor,
    criteria: TicketCriteria,
    kinds: dict[int, FieldType] | None = None,
) -> list[Clause]:
    """Visibility, then every criterion given."""
    kinds = _field_kinds(session, criteria) if kinds is None else kinds
    return [
        readable_tickets(actor),
        *_id_clauses(criteria),
        *_related_clauses(session, actor, criteria),
        *pattern_clauses(criteria),
        *_created_value_clauses(criteria),
        *_window_clauses(criteria),
        *_content_clauses(actor, criteria),
        *(_field_clause(condition, kinds) for condition in criteria.custom_fields or []),
        *range_clauses(criteria.ranges),
    ]


# --- id lists ----------------------------------------------------------------------------------


def _id_clauses(c: TicketCriteria) -> list[Clause]:
    columns: list[tuple[Column, Sequence[Any] | None]] = [
        (Ticket.id, c.ids),
        (Ticket.status_id, c.status_ids),
        (Ticket.priority_id, c.priority_ids),
        (Ticket.type_id, c.type_ids),
        (Ticket.category_id, c.category_ids),
        (Ticket.source_id, c.source_ids),
        (Ticket.sla_id, c.sla_ids),
        (Ticket.owner_id, c.owner_ids),
        (Ticket.responsible_id, c.responsible_ids),
        (Ticket.creator_id, c.creator_ids),
        (Ticket.requester_id, c.requester_ids),
        (Ticket.company_id, c.company_ids),
        (Ticket.parent_id, c.parent_ids),
        (Ticket.is_locked, c.locked),
        (Ticket.sentiment_current, c.sentiments),
    ]
    clauses: list[Clause] = [column.in_(values) for column, values in columns if values is not None]
    if c.spam is not None:
        clauses.append(Ticket.is_spam == c.spam)
    if c.owned is not None:
        clauses.append(Ticket.owner_id.is_not(None) if c.owned else Ticket.owner_id.is_(None))
    if c.helpdesk_ids is not None:
        clauses.append(_in_helpdesks(c.helpdesk_ids, c.include_sub_helpdesks))
    if c.participant_user_ids is not None:
        clauses.append(
            exists().where(
                TicketParticipant.ticket_id == Ticket.id,
                TicketParticipant.user_id.in_(c.participant_user_ids),
            )
        )
    return clauses


def _in_helpdesks(ids: list[int], with_descendants: bool) -> Clause:
    if not with_descendants or not ids:
        return Ticket.helpdesk_id.in_(ids)
    tree = select(Helpdesk.id).where(Helpdesk.id.in_(ids)).cte("helpdesk_tree", recursive=True)
    # UNION (not UNION ALL) drops rows already seen, so a parent cycle cannot loop forever.
    tree = tree.union(select(Helpdesk.id).where(Helpdesk.parent_id == tree.c.id))
    return Ticket.helpdesk_id.in_(select(tree.c.id))


# --- related rows ------------------------------------------------------------------------------


def _related_clauses(session: Session, actor: Actor, c: TicketCriteria) -> list[Clause]:
    """Status categories, tags, inventory links and the full-text index: IN subqueries."""
    clauses: list[Clause] = []
    if c.status_categories is not None:
        statuses = select(Status.id).where(Status.category.in_(c.status_categories))
        clauses.append(Ticket.status_id.in_(statuses))
    if c.tags is not None:
        clauses.append(Ticket.id.in_(select(TicketTag.ticket_id).where(TicketTag.tag.in_(c.tags))))
    if c.inventory_ids is not None:
        linked = select(TicketInventory.ticket_id).where(
            TicketInventory.inventory_id.in_(c.inventory_ids)
        )
        clauses.append(Ticket.id.in_(linked))
    if c.fulltext:
        clauses.append(Ticket.id.in_(matching_ticket_ids(session, actor, c.fulltext)))
    return clauses


# --- values as created -------------------------------------------------------------------------


def value_at_creation(column: Column, name: str) -> SQLColumnExpression[str]:
    """The column's value when the ticket was created, as text: the old value of the first
    event that changed it ('' when it was empty), else the current value."""
    first_old = (
        select(func.coalesce(HistoryEvent.old_value, ""))
        .where(HistoryEvent.ticket_id == Ticket.id, HistoryEvent.field == name)
        .order_by(HistoryEvent.id)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(first_old, cast(column, String))


def _created_value_clauses(c: TicketCriteria) -> list[Clause]:
    wanted = [
        (Ticket.status_id, "status_id", c.created_status_ids),
        (Ticket.priority_id, "priority_id", c.created_priority_ids),
        (Ticket.type_id, "type_id", c.created_type_ids),
        (Ticket.helpdesk_id, "helpdesk_id", c.created_helpdesk_ids),
    ]
    return [
        value_at_creation(column, name).in_([str(ident) for ident in ids])
        for column, name, ids in wanted
        if ids is not None
    ]


# --- time windows ------------------------------------------------------------------------------


def earliest_due() -> SQLColumnExpression[datetime]:
    """The earliest non-null SLA target (Znuny's EscalationTime); NULL when there is none.
    Spelled as CASE: SQLite's min() and PostgreSQL's LEAST() disagree about NULLs."""
    response, update, solution = (
        Ticket.first_response_due_at,
        Ticket.update_due_at,
        Ticket.resolution_due_at,
    )
    return case(
        (
            and_(
                response.is_not(None),
                or_(update.is_(None), response <= update),
                or_(solution.is_(None), response <= solution),
            ),
            response,
        ),
        (and_(update.is_not(None), or_(solution.is_(None), update <= solution)), update),
        else_=solution,
    )


def _window_clauses(c: TicketCriteria) -> list[Clause]:
    windows: list[tuple[Column, Window | None]] = [
        (Ticket.created_at, c.created),
        (Ticket.updated_at, c.updated),
        (Ticket.closed_at, c.closed),
        (Ticket.pending_until, c.pending),
        (earliest_due(), c.escalation),
        (Ticket.first_response_due_at, c.escalation_response),
        (Ticket.update_due_at, c.escalation_update),
        (Ticket.resolution_due_at, c.escalation_solution),
    ]
    clauses = [in_window(moment, window) for moment, window in windows if window is not None]
    if c.changed is not None:
        clauses.append(
            exists().where(
                HistoryEvent.ticket_id == Ticket.id, in_window(HistoryEvent.created_at, c.changed)
            )
        )
    return clauses


# --- comments and attachments ------------------------------------------------------------------


def _content_clauses(actor: Actor, c: TicketCriteria) -> list[Clause]:
    comment_scope: list[Clause] = [Comment.ticket_id == Ticket.id, visible_comments(actor)]
    if c.comment_public_only:
        comment_scope.append(Comment.is_public)
    clauses: list[Clause] = []
    text = comment_text(c)
    if text is not None:
        clauses.append(exists().where(*comment_scope, text))
    if c.comment_created is not None:
        clauses.append(
            exists().where(*comment_scope, in_window(Comment.created_at, c.comment_created))
        )
    attachment_scope: list[Clause] = [Attachment.ticket_id == Ticket.id, visible_attachments(actor)]
    named = pattern_clause(
        c.attachment_names,
        lambda match: exists().where(*attachment_scope, match(Attachment.filename)),
    )
    if named is not None:
        clauses.append(named)
    return clauses


# --- custom fields -----------------------------------------------------------------------------

OPTION_KINDS = frozenset({FieldType.LIST, FieldType.TREE, FieldType.LINKED})
TEXT_KINDS = frozenset({FieldType.TEXT, FieldType.TEXTAREA, FieldType.MULTI_LIST}) | OPTION_KINDS
VALUE_COLUMNS: dict[FieldType, Column] = {
    **dict.fromkeys(OPTION_KINDS | {FieldType.MULTI_LIST}, CustomFieldOption.value),
    FieldType.TEXT: CustomFieldValue.value_text,
    FieldType.TEXTAREA: CustomFieldValue.value_text,
    FieldType.NUMBER: CustomFieldValue.value_number,
    FieldType.CHECKBOX: CustomFieldValue.value_number,
    FieldType.DATE: CustomFieldValue.value_datetime,
    FieldType.DATETIME: CustomFieldValue.value_datetime,
    FieldType.USER: CustomFieldValue.value_user_id,
    FieldType.CI: CustomFieldValue.value_inventory_id,
}
_CHECKBOX = {"1": 1.0, "true": 1.0, "0": 0.0, "false": 0.0}
_MAX_ID = 2**63 - 1
_COMPARE: dict[str, Callable[[Column, Any], Clause]] = {
    "equals": lambda column, value: column == value,
    "gt": lambda column, value: column > value,
    "gte": lambda column, value: column >= value,
    "lt": lambda column, value: column < value,
    "lte": lambda column, value: column <= value,
}


def _field_kinds(session: Session, criteria: TicketCriteria) -> dict[int, FieldType]:
    """Types of the custom fields the criteria name (one query); unknown ids are not found."""
    wanted = {condition.field_id for condition in criteria.custom_fields or []}
    wanted |= {key.field_id for key in criteria.sort if key.field_id is not None}
    if not wanted:
        return {}
    query = select(CustomField.id, CustomField.field_type).where(
        CustomField.id.in_(sorted(wanted)), CustomField.entity == "ticket"
    )
    kinds = {ident: kind for ident, kind in session.execute(query)}
    missing = sorted(wanted - set(kinds))
    if missing:
        raise not_found("custom_field", missing[0])
    return kinds


def _chosen(option_id: SQLColumnExpression[int]) -> Clause:
    """The multi-select value's JSON list of option ids (e.g. ``[3, 5]``) holds the option:
    ``,3,5,`` LIKE ``%,3,%`` after dropping blanks and turning brackets into commas."""
    listed: SQLColumnExpression[str] = cast(CustomFieldValue.value_json, Text)
    for old, new in ((" ", ""), ("[", ","), ("]", ",")):
        listed = func.replace(listed, old, new, type_=Text)
    return listed.like(literal("%,", Text) + cast(option_id, Text) + literal(",%", Text))


def _value_rows(field_id: int, kind: FieldType, *columns: Any) -> Select[Any]:
    """The ticket's value row of the field (joined to its chosen options for option kinds)."""
    query = select(*columns).select_from(CustomFieldValue)
    if kind in OPTION_KINDS:
        chosen = CustomFieldOption.id == CustomFieldValue.value_option_id
        query = query.join(CustomFieldOption, chosen)
    elif kind is FieldType.MULTI_LIST:
        chosen = and_(
            CustomFieldOption.field_id == CustomFieldValue.field_id,
            _chosen(CustomFieldOption.id),
        )
        query = query.join(CustomFieldOption, chosen)
    return query.where(
        CustomFieldValue.ticket_id == Ticket.id, CustomFieldValue.field_id == field_id
    )


def _parse_moment(text: str) -> datetime:
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, form).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError("expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS")


def _parse_number(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _parse_id(text: str) -> int:
    ident = int(text)
    if not 0 < ident <= _MAX_ID:
        raise ValueError("id out of range")
    return ident


_PARSERS: dict[FieldType, Callable[[str], Any]] = {
    FieldType.NUMBER: _parse_number,
    FieldType.CHECKBOX: lambda text: _CHECKBOX[text.lower()],
    FieldType.DATE: _parse_moment,
    FieldType.DATETIME: _parse_moment,
    FieldType.USER: _parse_id,
    FieldType.CI: _parse_id,
}


def _parse_value(kind: FieldType, text: str) -> Any:
    """Text kinds compare the text as given; the others parse it (stripped) for their column."""
    if kind in TEXT_KINDS:
        return text
    return _PARSERS[kind](text.strip())


def _compare(column: Column, op: str, value: Any) -> Clause:
    if op == "like":
        pattern = wildcards(str(value))
        return func.lower(column).like(func.lower(literal(pattern)), escape=ESCAPE)
    return _COMPARE[op](column, value)


def _field_clause(condition: FieldCondition, kinds: dict[int, FieldType]) -> Clause:
    kind = kinds[condition.field_id]
    if condition.op in ("empty", "not_empty"):
        stored = _value_rows(condition.field_id, FieldType.TEXT, CustomFieldValue.id).exists()
        return ~stored if condition.op == "empty" else stored
    if condition.op == "like" and kind not in TEXT_KINDS:
        raise ValidationFailed(
            "search.invalid_operator",
            f"like is for text fields, not {kind.value} fields",
            field_id=condition.field_id,
        )
    column = VALUE_COLUMNS[kind]
    matches = [
        _compare(column, condition.op, _checked(kind, condition, v)) for v in condition.values
    ]
    return _value_rows(condition.field_id, kind, CustomFieldValue.id).where(or_(*matches)).exists()


def _checked(kind: FieldType, condition: FieldCondition, text: str) -> Any:
    try:
        return _parse_value(kind, text)
    except (ValueError, KeyError, OverflowError) as exc:
        raise ValidationFailed(
            "search.invalid_value",
            f"{text!r} is not a valid {kind.value} value",
            field_id=condition.field_id,
        ) from exc


# --- sorting -----------------------------------------------------------------------------------


def _name_of(column: Column, ident: SQLColumnExpression[int], ref: Any) -> Any:
    return select(column).where(ident == ref).scalar_subquery()


def _sort_columns() -> dict[str, tuple[Column, bool]]:
    """Sort key -> (expression, nullable). Related rows sort by name (users by login,
    companies by code, priorities by position)."""
    return {
        "owner": (_name_of(User.login, User.id, Ticket.owner_id), True),
        "responsible": (_name_of(User.login, User.id, Ticket.responsible_id), True),
        "company": (_name_of(Company.code, Company.id, Ticket.company_id), True),
        "status": (_name_of(Status.name, Status.id, Ticket.status_id), False),
        "priority": (_name_of(Priority.position, Priority.id, Ticket.priority_id), False),
        "helpdesk": (_name_of(Helpdesk.name, Helpdesk.id, Ticket.helpdesk_id), True),
        "type": (_name_of(TicketType.name, TicketType.id, Ticket.type_id), True),
        "category": (_name_of(Category.name, Category.id, Ticket.category_id), True),
        "sla": (_name_of(Sla.name, Sla.id, Ticket.sla_id), True),
        "lock": (Ticket.is_locked, False),
        "number": (Ticket.number, False),
        "title": (Ticket.title, False),
        "created": (Ticket.created_at, False),
        "updated": (Ticket.updated_at, False),
        "pending": (Ticket.pending_until, True),
        "escalation": (earliest_due(), True),
        "escalation_response": (Ticket.first_response_due_at, True),
        "escalation_update": (Ticket.update_due_at, True),
        "escalation_solution": (Ticket.resolution_due_at, True),
        "id": (Ticket.id, False),
        "due": (Ticket.due_at, True),
        "closed": (Ticket.closed_at, True),
        "requester": (_name_of(User.login, User.id, Ticket.requester_id), True),
    }


def _field_sort(field_id: int, kind: FieldType) -> Any:
    column = VALUE_COLUMNS[kind]
    if kind is FieldType.MULTI_LIST:  # several options: the smallest value
        column = func.min(column)
    return _value_rows(field_id, kind, column).scalar_subquery()


def _order_by(keys: list[SortKey], kinds: dict[int, FieldType]) -> list[UnaryExpression[Any]]:
    """The keys in order, then the ticket id in the last key's direction; NULLs always last."""
    keys = keys or [SortKey(key="created", descending=True)]
    columns = _sort_columns()
    order = []
    for key in keys:
        if key.field_id is not None:
            expression, nullable = _field_sort(key.field_id, kinds[key.field_id]), True
        else:
            expression, nullable = columns[key.key]
        term = expression.desc() if key.descending else expression.asc()
        order.append(term.nulls_last() if nullable else term)
    order.append(Ticket.id.desc() if keys[-1].descending else Ticket.id.asc())
    return order
