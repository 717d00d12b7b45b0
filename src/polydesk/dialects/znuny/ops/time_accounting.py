"""Ticket::TimeAccountingGet (spec §5.7; ``Operation/Ticket/TimeAccountingGet.pm`` and
``Kernel/System/TimeAccountingWebservice.pm``): one agent's booked time in a date range.

Deviations from Znuny, on purpose:

* Permission: Znuny wants ``rw`` on the group ``timeaccounting_webservice``. Polydesk has no
  per-group permission types, so the caller must be an agent in the core group of that name,
  **or an administrator** (who may read everyone's time anyway). Customers never pass.
* Time units: Znuny stores whatever number the agent typed; Polydesk stores durations, so a
  unit here is a **minute** (``duration / 60``, two decimals, ``"10.00"``).
* Dates ``YYYY-MM-DD[ HH:MM[:SS]]`` are read in UTC (Znuny's OTRSTimeZone default), both ends
  included, compared at whole seconds as a DATETIME column is. A date in any other shape finds
  nothing (the database would cast it to no date), so the answer is ``{}``.
* ``TicketCustomerID`` is the ticket's company code, else the Znuny CustomerID kept in the
  ticket's extra data (``znuny.customer_id``), else null.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from polydesk.dialects.znuny.auth import Caller, authenticate_caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.values import text, truthy
from polydesk.groups.service import is_group_member
from polydesk.timetracking.service import TimeReportRow, time_report
from polydesk.users.service import get_user_by_login

GROUP = "timeaccounting_webservice"
CUSTOMER_ID_KEY = "znuny.customer_id"
LIMIT = 1_000_000
_NEEDED = ("TimeAccountingUserLogin", "TimeAccountingStart", "TimeAccountingEnd")
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_CENT = Decimal("0.01")


def run(ctx: Context, data: Any) -> dict[str, Any]:
    caller = authenticate_caller(ctx, data)
    if caller is None:
        raise OperationError(
            "TimeAccountingGet.AuthFail", "TimeAccountingGet: Authentication failed!"
        )
    if not _may_read(ctx, caller):
        raise OperationError("TimeAccountingGet.NoPermission", "TimeAccountingGet: No permission!")
    for needed in _NEEDED:
        if not truthy(data.get(needed)):
            raise OperationError(
                "TimeAccountingGet.MissingParameter",
                f"TimeAccountingGet: {needed} parameter is missing!",
            )
    user = get_user_by_login(ctx.session, text(data, "TimeAccountingUserLogin"))
    start = parse_time(text(data, "TimeAccountingStart"))
    end = parse_time(text(data, "TimeAccountingEnd"))
    if user is None or start is None or end is None:
        return {}
    # The whole end second counts: DATETIME columns hold no fractions.
    end += timedelta(microseconds=999_999)
    rows = time_report(
        ctx.session, caller.actor, user_id=user.id, start=start, end=end, limit=LIMIT
    )
    if not rows:
        return {}
    return {"TimeAccountingResult": [_entry(row) for row in rows]}


def _may_read(ctx: Context, caller: Caller) -> bool:
    if not caller.is_agent:
        return False
    return caller.actor.is_admin or is_group_member(ctx.session, caller.user.id, GROUP)


def parse_time(value: str) -> datetime | None:
    """``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD HH:MM:SS``, as UTC."""
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _entry(row: TimeReportRow) -> dict[str, Any]:
    return {
        "Created": row.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "Queue": row.helpdesk_name,
        "TicketCustomerID": _customer_id(row),
        "TicketNumber": row.ticket_number,
        "TicketTitle": row.ticket_title,
        "TimeUnit": time_unit(row.duration_seconds),
    }


def _customer_id(row: TimeReportRow) -> str | None:
    if row.company_code:
        return row.company_code
    kept = row.ticket_extra.get(CUSTOMER_ID_KEY)
    return str(kept) if kept not in (None, "") else None


def time_unit(duration_seconds: int) -> str:
    """Minutes as a DECIMAL(10,2) string: 600 s -> ``"10.00"``."""
    minutes = (Decimal(duration_seconds) / 60).quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{minutes:.2f}"
