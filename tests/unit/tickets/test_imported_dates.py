"""An import's own open and close dates (``tickets.imported_dates``): they replace the core's
stamps, are checked, and a customer may not set them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import PermissionDenied, ValidationFailed
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket, make_user

OPENED = datetime(2021, 3, 2, 9, 15, tzinfo=UTC)
CLOSED = datetime(2021, 3, 4, 16, 30, tzinfo=UTC)


def _status(session: Session, name: str) -> int:
    item = get_catalog_item_by_name(session, "status", name)
    assert item is not None, name
    return item.id


def _closed_import(session: Session) -> Any:
    return make_ticket(
        session, status_id=_status(session, "Closed"), opened_at=OPENED, closed_at=CLOSED
    )


def test_create_keeps_the_given_dates(session: Session) -> None:
    ticket = _closed_import(session)
    assert (ticket.created_at, ticket.closed_at) == (OPENED, CLOSED)
    assert ticket.solved_at is not None and ticket.solved_at <= CLOSED


def test_reopening_clears_an_imported_close_date(session: Session) -> None:
    ticket = _closed_import(session)
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(status_id=_status(session, "Open")))
    assert (ticket.created_at, ticket.closed_at) == (OPENED, None)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"closed_at": CLOSED}, "ticket.not_closed"),
        ({"opened_at": utcnow() + timedelta(days=1)}, "ticket.opened_at_in_future"),
        ({"status": "Closed", "opened_at": CLOSED, "closed_at": OPENED},
         "ticket.closed_before_opened"),
    ],
)  # fmt: skip
def test_bad_dates_are_refused(session: Session, fields: dict[str, Any], code: str) -> None:
    values = dict(fields)
    if "status" in values:
        values["status_id"] = _status(session, values.pop("status"))
    with pytest.raises(ValidationFailed) as refused:
        make_ticket(session, **values)
    assert refused.value.code == code


def test_none_keeps_the_stamps(session: Session) -> None:
    ticket = make_ticket(session, opened_at=None, closed_at=None)
    assert ticket.created_at is not None and ticket.closed_at is None


def test_customers_may_not_backdate(session: Session) -> None:
    customer = make_user(session, Role.CUSTOMER)
    with pytest.raises(PermissionDenied):
        make_ticket(session, customer, opened_at=OPENED)
