"""What every operation gets: the unit of work, the caller, the run-time resources of the
core's use cases (file store, upload limit, mail sender), and who acts for the user an
operation names (``creator_id``, ``author_id``).

Decision (the spec only says the API user acts for the named user): the core's rule
(``flows.acting.act_as``): an admin may name any user; anyone else may name only themselves
(403 otherwise), so an agent's credentials cannot write in an admin's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from functools import cached_property
from zoneinfo import ZoneInfo

from polydesk.core.actor import Actor
from polydesk.db import Session
from polydesk.dialects.invgate.auth import Caller
from polydesk.dialects.invgate.params import DateFormat
from polydesk.flows.acting import act_as
from polydesk.flows.commands import Resources
from polydesk.settings.service import INVGATE_TIMEZONE, get_setting


@dataclass(frozen=True)
class Context:
    session: Session
    caller: Caller
    resources: Resources
    default_page_size: int
    max_page_size: int
    base_url: str  # e.g. "https://desk.example.com/", for the addresses answers carry

    @property
    def actor(self) -> Actor:
        return self.caller.actor

    def zone_for(self, fmt: DateFormat) -> tzinfo:
        """The zone dates are shown in: epochs have none; ISO-8601 uses ``invgate.timezone``."""
        return UTC if fmt is DateFormat.EPOCH else self._zone

    @cached_property
    def _zone(self) -> tzinfo:
        return ZoneInfo(get_setting(self.session, INVGATE_TIMEZONE) or "UTC")

    def acting_as(self, user_id: int | None) -> Actor:
        """The actor for a named user (the caller when none is named)."""
        return act_as(self.session, self.caller.actor, user_id)
