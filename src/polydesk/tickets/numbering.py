"""Ticket numbers. Default: Znuny's DateChecksum (YYYYMMDD + SystemID + 5-digit daily counter +
check digit); also Znuny's Date and AutoIncrement forms. The generator is a setting.

The counter is bumped with one ``UPDATE ... RETURNING`` statement: PostgreSQL row-locks it until
the creating transaction commits and SQLite holds its write lock, so two processes can never
draw the same number.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, update
from sqlalchemy.orm import Session

from polydesk.models.tickets import TicketCounter
from polydesk.settings.service import NUMBER_GENERATOR, SYSTEM_ID, get_setting

#: One counter per generator, so switching generators never repeats an earlier number.
GENERATORS = ("date_checksum", "date", "autoincrement")


def next_ticket_number(session: Session, now: datetime) -> str:
    generator = get_setting(session, NUMBER_GENERATOR) or "date_checksum"
    system_id = get_setting(session, SYSTEM_ID) or "10"
    day = now.strftime("%Y%m%d")
    period = "" if generator == "autoincrement" else day
    counter = _bump(session, generator, period)
    if generator == "autoincrement":
        return f"{system_id}{counter:05d}"
    if generator == "date":
        return f"{day}{system_id}{counter}"
    base = f"{day}{system_id}{counter:05d}"
    return base + str(check_digit(base))


def check_digit(base: str) -> int:
    """Znuny DateChecksum: digits weighted 1,2,1,2...; 10 - sum mod 10, where 10 becomes 1."""
    total = sum(int(digit) * (1 if index % 2 == 0 else 2) for index, digit in enumerate(base))
    digit = 10 - total % 10
    return 1 if digit == 10 else digit


def _bump(session: Session, generator: str, period: str) -> int:
    statement = (
        update(TicketCounter)
        .where(TicketCounter.name == generator)
        .values(
            value=case((TicketCounter.period == period, TicketCounter.value + 1), else_=1),
            period=period,
        )
        .returning(TicketCounter.value)
    )
    value = session.execute(statement).scalar_one_or_none()
    if value is None:  # first ticket ever: the counter row is created by seeding
        seed_counter(session)
        value = session.execute(statement).scalar_one()
    return int(value)


def seed_counter(session: Session) -> None:
    for name in GENERATORS:
        if session.get(TicketCounter, name) is None:
            session.add(TicketCounter(name=name, period="", value=0))
    session.flush()
