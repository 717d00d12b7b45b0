"""Ticket numbers in Znuny's formats."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.settings.service import set_setting
from polydesk.tickets.numbering import check_digit, next_ticket_number

DAY = datetime(2024, 11, 24, 9, 0, tzinfo=UTC)


def test_check_digit_matches_znuny() -> None:
    assert check_digit("202411241000001") == 3  # Znuny: 2024112410000013


def test_date_checksum_is_the_default_and_restarts_daily(session: Session) -> None:
    assert next_ticket_number(session, DAY) == "2024112410000013"
    second = next_ticket_number(session, DAY)
    assert second.startswith("202411241000002") and len(second) == 16
    next_day = next_ticket_number(session, DAY.replace(day=25))
    assert next_day.startswith("202411251000001")


def test_other_generators(session: Session) -> None:
    set_setting(session, SYSTEM, "tickets.number_generator", "date")
    set_setting(session, SYSTEM, "tickets.system_id", "42")
    assert next_ticket_number(session, DAY) == "20241124421"
    set_setting(session, SYSTEM, "tickets.number_generator", "autoincrement")
    assert next_ticket_number(session, DAY) == "4200001"
    assert next_ticket_number(session, DAY) == "4200002"
    set_setting(session, SYSTEM, "tickets.number_generator", "date")
    assert next_ticket_number(session, DAY) == "20241124422"  # its own counter goes on
    set_setting(session, SYSTEM, "tickets.number_generator", "autoincrement")
    assert next_ticket_number(session, DAY) == "4200003"  # never repeats after a switch
