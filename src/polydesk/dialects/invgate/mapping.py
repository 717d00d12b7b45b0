"""InvGate catalog codes <-> core rows (``dialect_codes``, dialect ``invgate``): status,
priority, type, source and close reason ids exist only here. Each kind is read once per
request, in one query, when first needed.

Decisions: a request created without ``source_id`` gets source 8 (API), as the product marks
requests the API opens; ``closed_reason`` is shown only while the request is Closed (code 6),
``null`` otherwise, as the product gives a reason only to closed requests."""

from __future__ import annotations

from dataclasses import dataclass, field

from polydesk.catalogs.service import codes_for, render_map
from polydesk.db import Session
from polydesk.dialects.invgate.errors import InvGateError, refused

DIALECT = "invgate"
API_SOURCE = "8"
CLOSED_STATUS = "6"
OPEN_STATUS_CODES = ("1", "2", "3", "4")  # New, Open, Pending, On hold: "open requests"


@dataclass
class Codes:
    session: Session
    _accepts: dict[str, dict[str, int]] = field(default_factory=dict)
    _renders: dict[str, dict[int, str]] = field(default_factory=dict)

    def core_id(self, kind: str, code: int | str, param: str) -> int:
        """The core row a code the client sent stands for; unknown codes are refused."""
        accepts = self._accepts.get(kind)
        if accepts is None:
            accepts = self._accepts[kind] = codes_for(self.session, dialect=DIALECT, kind=kind)
        found = accepts.get(str(code))
        if found is None:
            raise unknown_code(param, code)
        return found

    def code(self, kind: str, core_id: int | None) -> int | None:
        """The InvGate code of a core row, as an integer (None when empty or unmapped)."""
        if core_id is None:
            return None
        renders = self._renders.get(kind)
        if renders is None:
            renders = self._renders[kind] = render_map(self.session, dialect=DIALECT, kind=kind)
        text = renders.get(core_id)
        return int(text) if text is not None and text.isdigit() else None

    def rendering_as(self, kind: str, codes: list[str]) -> list[int]:
        """Every core row shown as one of ``codes`` (several core statuses show as 4 On hold),
        for filters: a list filter on code 4 finds them all."""
        self.code(kind, 0)  # loads the map
        wanted = set(codes)
        return sorted(core for core, code in self._renders[kind].items() if code in wanted)

    def open_status_ids(self) -> list[int]:
        return self.rendering_as("status", list(OPEN_STATUS_CODES))


def unknown_code(param: str, code: int | str) -> InvGateError:
    return refused("invgate.unknown_code", f"Invalid {param}: {code}")
