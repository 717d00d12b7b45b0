"""What every action gets: the unit of work, the acting identity, the variables, the zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from polydesk.core.actor import Actor
from polydesk.db import Session
from polydesk.dialects.readydesk.dates import render_date
from polydesk.dialects.readydesk.params import Params
from polydesk.models.users import User
from polydesk.runtime import Runtime


@dataclass(frozen=True)
class Context:
    session: Session
    actor: Actor  # the key's user, or SYSTEM when the key names no user
    user: User | None
    params: Params
    zone: ZoneInfo  # setting readydesk.timezone
    runtime: Runtime

    def date(self, moment: datetime | None) -> str:
        """A stored moment as the product writes it (``4/24/2014 10:42:43 AM``, or empty)."""
        return render_date(moment, self.zone)
