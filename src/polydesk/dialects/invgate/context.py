"""What every operation gets: the unit of work, the caller, the file store and its limits, and
the rule for acting as the user an operation names (``creator_id``, ``author_id``).

Decision (the spec only says the API user acts for the named user): an admin may name any
user; anyone else may name only themselves (403 otherwise), so an agent's credentials cannot
write in an admin's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from functools import cached_property
from zoneinfo import ZoneInfo

from polydesk.attachments.store import FileStore
from polydesk.authz.actors import actor_for
from polydesk.core.actor import Actor
from polydesk.core.errors import PermissionDenied
from polydesk.db import Session
from polydesk.dialects.invgate.auth import Caller
from polydesk.dialects.invgate.params import DateFormat
from polydesk.settings.service import INVGATE_TIMEZONE, get_setting
from polydesk.users.service import require_user


@dataclass(frozen=True)
class Context:
    session: Session
    caller: Caller
    store: FileStore
    max_upload_bytes: int
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
        if user_id is None or user_id == self.caller.user.id:
            return self.caller.actor
        if not self.caller.actor.is_admin:
            raise PermissionDenied(
                "invgate.act_as_denied", f"only admins may act as another user ({user_id})"
            )
        return actor_for(self.session, require_user(self.session, user_id))
