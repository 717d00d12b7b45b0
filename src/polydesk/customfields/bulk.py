"""Custom field values of a page of tickets at once, as display text (the same text as
``service.ticket_values``), for list renderers: a fixed number of queries per page."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.customfields.service import TICKET, _display, _option_text
from polydesk.models.customfields import CustomField, CustomFieldValue


def enabled_ticket_fields(session: Session) -> list[CustomField]:
    """Every enabled ticket field, in display order (position, then id)."""
    query = (
        select(CustomField)
        .where(CustomField.entity == TICKET, CustomField.is_enabled)
        .order_by(CustomField.position, CustomField.id)
    )
    return list(session.scalars(query).all())


def values_for_tickets(session: Session, ticket_ids: Sequence[int]) -> dict[int, dict[int, str]]:
    """Ticket id -> field id -> display text, in field order (position, then id). The caller has
    checked the tickets are readable."""
    wanted = sorted(set(ticket_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(CustomFieldValue, CustomField.field_type)
        .join(CustomField, CustomField.id == CustomFieldValue.field_id)
        .where(CustomFieldValue.ticket_id.in_(wanted))
        .order_by(CustomField.position, CustomField.id)
    ).all()
    option_text = _option_text(session, [value for value, _ in rows])
    result: dict[int, dict[int, str]] = {}
    for value, kind in rows:
        result.setdefault(value.ticket_id, {})[value.field_id] = _display(kind, value, option_text)
    return result
