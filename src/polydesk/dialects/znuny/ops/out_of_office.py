"""User::OutOfOffice (spec §5.8; ``Mapping/OutOfOffice.pm`` and ``Operation/User/OutOfOffice.pm``).

Two steps, as in Znuny. With ``mapping_inbound: OutOfOffice`` (the stock service), the CSV in
``OutOfOfficeEntriesCSVString`` is parsed first, before anyone is authenticated, and its faults
are HTTP 500. Without that mapping the operation reads ``OutOfOfficeEntries`` as sent. Then an
administrator is required, and each entry that names exactly one agent switches that agent's
out-of-office window; entries that do not are skipped. The answer is always ``{"Success":1}``.

Where the core differs from Znuny's preferences (written down here):

* An agent is found by ``UserSearch``, else ``UserEmail``, else ``UserLogin`` (Znuny's
  ``UserSearch`` tries them in that order); only enabled agents count, never customers.
* Dates are kept only when the start parses (Znuny's rule) and are real calendar days.
  Switching on without a start keeps the agent's current window, or opens one today; with a
  start but no end the window is open-ended (Znuny would keep an old end preference).
* Switching off clears the window (Znuny clears the flag and keeps stale date preferences).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from polydesk.core.actor import Actor, Role
from polydesk.dialects.znuny.auth import authenticate_caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError, OperationFault
from polydesk.models.users import User
from polydesk.users.service import find_users, set_out_of_office

MAPPING = "OutOfOffice"
CSV_KEY = "OutOfOfficeEntriesCSVString"
#: Main column <- alias, used only when the main column is absent or null.
ALIASES = {
    "UserEmail": "EMail",
    "EndDate": "EndTime",
    "StartDate": "StartTime",
    "OutOfOffice": "Enabled",
}
ENTRY_KEYS = ("UserLogin", "UserSearch", "UserEmail", "StartDate", "EndDate", "OutOfOffice")
YES_NO = {"yes": 1, "no": 0}
_GERMAN_DATE = re.compile(r"(\d{2}).(\d{2}).(\d{4})\s\d{2}:\d{2}:\d{2}")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NO_ENTRIES = "Payload does not contain out-of-office entries or they could not be parsed."
_LOOKUP_LIMIT = 100


def run(ctx: Context, data: Any) -> dict[str, Any]:
    if ctx.config.mapping_inbound == MAPPING:
        entries: Any = map_csv(data.get(CSV_KEY) if isinstance(data, dict) else None)
    else:
        entries = data.get("OutOfOfficeEntries") if isinstance(data, dict) else None
    caller = authenticate_caller(ctx, data)
    if caller is None:
        raise OperationError("OutOfOffice.AuthFail", "OutOfOffice: Authentication failed.")
    if not caller.is_agent:
        raise OperationError("OutOfOffice.AuthFail", "OutOfOffice: User needs to be an agent.")
    if not caller.actor.is_admin:
        raise OperationError(
            "OutOfOffice.AuthFail", "OutOfOffice: User needs to be in group admin."
        )
    if not isinstance(entries, list) or not entries:
        raise OperationFault(_NO_ENTRIES)
    for entry in entries:
        if isinstance(entry, dict) and entry:
            _apply(ctx, caller.actor, entry)
    return {"Success": 1}


# --- the inbound mapping -------------------------------------------------------------------


def map_csv(value: Any) -> list[dict[str, Any]]:
    """The CSV string as entries; raises OperationFault as the mapping layer fails."""
    if not isinstance(value, str | int | float) or isinstance(value, bool) or value == "":
        raise OperationFault(f"Parameter {CSV_KEY} is missing.")
    rows = parse_csv(normalise(str(value)))
    if not rows:
        raise OperationFault(f"Error while parsing CSV string of parameter {CSV_KEY}.")
    header, records = rows[0], rows[1:]
    if not records:
        raise OperationFault(f"CSV in parameter {CSV_KEY} does not contain any entries.")
    return [_entry(header, record) for record in records]


def normalise(text: str) -> str:
    """Unix line ends, exactly one final newline, no ``#`` comment lines."""
    text = re.sub(r"\r\n?", "\n", text)
    text = re.sub(r"\n+\Z", "\n", text) if text.endswith("\n") else text + "\n"
    return re.sub(r"^#.*\n", "", text, flags=re.MULTILINE)


def parse_csv(text: str) -> list[list[str]]:
    """Rows as ``CSV2Array`` reads them (``,``, ``"`` quoting, doubled quotes inside quotes, no
    loose quotes after a closing one): any parse error gives no rows at all; a blank line is
    one empty field. Lenient where Text::CSV is not: a ``"`` inside an unquoted field is kept
    as a character (Text::CSV refuses the whole string)."""
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), strict=True):
            rows.append(row or [""])
    except csv.Error:
        return []
    return rows


def _entry(header: list[str], record: list[str]) -> dict[str, Any]:
    """Cells by header name (missing cells are null), aliases, dates and yes/no applied."""
    raw: dict[str, Any] = {}
    for index, name in enumerate(header):
        raw[name] = record[index] if index < len(record) else None
    for key, alias in ALIASES.items():
        if raw.get(key) is None:
            raw[key] = raw.get(alias)
    for key in ("EndDate", "StartDate"):
        found = _GERMAN_DATE.search(raw[key]) if _perl_true(raw[key]) else None
        if found is not None:
            raw[key] = f"{found.group(3)}-{found.group(2)}-{found.group(1)}"
    flag = raw["OutOfOffice"]
    if isinstance(flag, str) and flag in YES_NO:
        raw["OutOfOffice"] = YES_NO[flag]
    return {key: raw.get(key) for key in ENTRY_KEYS}


# --- the operation -------------------------------------------------------------------------


def _apply(ctx: Context, actor: Actor, entry: dict[str, Any]) -> None:
    """One entry: find exactly one agent, then switch the window; anything else is skipped."""
    user = _find_agent(ctx, entry)
    if user is None:
        return
    start, end = _window(entry)
    set_out_of_office(
        ctx.session,
        actor,
        user.id,
        enabled=_perl_true(entry.get("OutOfOffice")),
        start=start,
        end=end,
    )


def _find_agent(ctx: Context, entry: dict[str, Any]) -> User | None:
    email, search, login = (entry.get(key) for key in ("UserEmail", "UserSearch", "UserLogin"))
    if not any(_string_with_data(value) for value in (email, search, login)):
        return None
    if _perl_true(search):
        found = find_users(
            ctx.session, search=re.sub(r"\s+", "+", str(search)), limit=_LOOKUP_LIMIT
        )
    elif _perl_true(email):
        found = find_users(ctx.session, email=str(email), limit=_LOOKUP_LIMIT)
    elif _perl_true(login):
        found = find_users(ctx.session, login=str(login), limit=_LOOKUP_LIMIT)
    else:
        return None
    agents = [user for user in found if user.is_enabled and user.role is not Role.CUSTOMER]
    return agents[0] if len(agents) == 1 else None


def _window(entry: dict[str, Any]) -> tuple[date | None, date | None]:
    """Start, then end; when the start is missing or not a date, the end is not read."""
    start = _date(entry.get("StartDate"))
    if start is None:
        return None, None
    return start, _date(entry.get("EndDate"))


def _date(value: Any) -> date | None:
    if not _string_with_data(value):
        return None
    found = _ISO_DATE.search(str(value))
    if found is None:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def _string_with_data(value: Any) -> bool:
    """``IsStringWithData``: a scalar of at least one character."""
    if isinstance(value, bool) or value is None:
        return False
    return isinstance(value, int | float) or (isinstance(value, str) and value != "")


def _perl_true(value: Any) -> bool:
    """Perl truth: undef, ``""``, ``"0"`` and 0 are false; references are true."""
    if value is None:
        return False
    if isinstance(value, bool | int | float):
        return bool(value)
    if isinstance(value, str):
        return value not in ("", "0")
    return True
