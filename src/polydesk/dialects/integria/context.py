"""What every op gets: the unit of work, the caller, and the dialect's settings."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from polydesk.attachments.store import FileStore
from polydesk.core.actor import Actor
from polydesk.db import Session
from polydesk.dialects.integria.request import ApiCall
from polydesk.flows.commands import Resources
from polydesk.models.users import User


@dataclass(frozen=True)
class Context:
    session: Session
    actor: Actor
    user: User
    zone: ZoneInfo  # dates are rendered in this zone (setting integria.timezone)
    resources: Resources  # what the core's use cases need of the run time
    call: ApiCall  # the raw request, for the few ops that read extra HTTP parameters

    @property
    def store(self) -> FileStore:
        return self.resources.store

    @property
    def max_upload_bytes(self) -> int:
        return self.resources.max_upload_bytes

    @property
    def change_comma(self) -> bool:
        """Commas in titles/descriptions are sent out as ``:::`` (spec §1.4): always for the
        list and details, as newer servers do; ``change_comma=0`` turns it off."""
        return self.call.text("change_comma", "1") != "0"
