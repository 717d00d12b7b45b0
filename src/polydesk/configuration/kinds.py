"""What a kind of configuration is: one section of a site file (``helpdesks:``, ``users:``...),
its entry schema, and how entries are read from and written to the core.

Entries name what they refer to (a help desk, a group, a user's login), never database ids, so
a file moves between installs. A kind writes through the core's own services, as the admin
acting; it never commits (the apply owns the transaction).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict
from polydesk.db import Session


class Entry(BaseModel):
    """One entry of a section. Fields left out of a file keep their current value."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


E = TypeVar("E", bound=Entry)


@dataclass
class Outcome:
    """What writing one entry did: ``secrets`` are shown once to whoever applied the file
    (a generated password), never stored in the plan or logged."""

    secrets: dict[str, str] = field(default_factory=dict)


class EntryConflict(Exception):
    """Raised by ``Kind.ordered``: ``entry`` cannot be applied together with the others of its
    section (two defaults of one catalog); the file's reader names the entry's line."""

    def __init__(self, entry: Entry, message: str) -> None:
        super().__init__(message)
        self.entry = entry
        self.message = message


class Kind(ABC, Generic[E]):
    """One section of the configuration. Subclasses set ``section``, ``entry`` and ``key``."""

    section: ClassVar[str]  # the site file's key, e.g. "helpdesks"
    entry: ClassVar[type[Entry]]
    key_field: ClassVar[str] = "name"  # the entry field that names it, unique within the kind

    def key(self, entry: E) -> str:
        return str(getattr(entry, self.key_field))

    def ordered(self, entries: list[E]) -> list[E]:
        """The order a file's entries of this section are applied in: the file's, unless the
        kind needs what its entries refer to first (a parent, the new default before the old
        one is unset). May raise EntryConflict."""
        return entries

    @abstractmethod
    def export(self, session: Session) -> list[E]:
        """Every entry the install has, complete (all fields), in a stable order."""

    @abstractmethod
    def current(self, session: Session, key: str) -> E | None:
        """The entry named ``key`` as the install has it, complete; None when it has none."""

    @abstractmethod
    def create(self, session: Session, actor: Actor, entry: E) -> Outcome:
        """Create what ``entry`` describes (its unset fields take their defaults)."""

    @abstractmethod
    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        """Change the existing entry ``key``: ``changes`` holds only the fields that differ."""

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        """Take the entry out of use: ``"disabled"`` by default, since tickets and history
        refer to reference data; a kind that can delete rows says ``"deleted"``."""
        if "enabled" not in self.entry.model_fields:
            raise Conflict(
                "configuration.not_removable", f"{self.section} entries cannot be removed"
            )
        self.update(session, actor, key, {"enabled": False})
        return "disabled"

    def changes(self, current: E, wanted: E) -> dict[str, Any]:
        """The fields ``wanted`` sets to another value than ``current`` has. Kinds whose lists
        are sets (memberships) keep them sorted in both, so order never counts as a change."""
        return {
            name: getattr(wanted, name)
            for name in sorted(wanted.model_fields_set)
            if wanted.model_dump(include={name}) != current.model_dump(include={name})
        }
