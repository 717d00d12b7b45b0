"""Applying a site file: one plan step per entry, all in the caller's transaction.

Idempotent: an entry the install already has unchanged is a ``keep`` step and writes nothing.
Entries are never deleted by leaving them out of a file. A step that the core refuses becomes
an InvalidConfiguration naming the entry's line, so the caller's transaction rolls back and
nothing of the file is applied. A dry run is the same apply, rolled back by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from polydesk.configuration.document import InvalidConfiguration, Located, Problem, read_document
from polydesk.configuration.kinds import Kind
from polydesk.configuration.registry import KINDS
from polydesk.core.actor import Actor
from polydesk.core.errors import DomainError, PermissionDenied
from polydesk.db import Session


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    KEEP = "keep"


@dataclass(frozen=True)
class Step:
    section: str
    key: str
    action: Action
    line: int
    fields: tuple[str, ...] = ()  # the fields an update changes

    def as_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"section": self.section, "name": self.key}
        shown.update(action=self.action.value, line=self.line)
        if self.fields:
            shown["fields"] = list(self.fields)
        return shown


@dataclass
class Applied:
    steps: list[Step] = field(default_factory=list)
    #: Shown once to whoever applied the file (generated passwords), by section and name.
    secrets: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = {action.value: 0 for action in Action}
        for step in self.steps:
            counts[step.action.value] += 1
        return counts


def apply_text(
    session: Session, actor: Actor, text: str, kinds: Sequence[Kind[Any]] = KINDS
) -> Applied:
    """Apply a site file's text; InvalidConfiguration (nothing may be committed) on any
    problem. Flushes, never commits: the caller commits, or rolls back for a dry run."""
    return apply_entries(session, actor, read_document(text, kinds))


def apply_entries(session: Session, actor: Actor, entries: Sequence[Located]) -> Applied:
    applied = Applied()
    for located in entries:
        try:
            step, secrets = _apply_one(session, actor, located)
        except PermissionDenied:
            raise
        except DomainError as error:
            raise InvalidConfiguration(
                [Problem(located.line, _refusal(located, error.message))]
            ) from None
        except ValidationError as error:  # a core command refused a value the entry allowed
            messages = "; ".join(detail["msg"] for detail in error.errors(include_url=False))
            raise InvalidConfiguration(
                [Problem(located.line, _refusal(located, messages))]
            ) from None
        applied.steps.append(step)
        if secrets:
            applied.secrets.append({"section": step.section, "name": step.key, **secrets})
    return applied


def _apply_one(session: Session, actor: Actor, located: Located) -> tuple[Step, dict[str, str]]:
    kind, entry = located.kind, located.entry
    key = kind.key(entry)
    current = kind.current(session, key)
    if current is None:
        outcome = kind.create(session, actor, entry)
        return Step(kind.section, key, Action.CREATE, located.line), outcome.secrets
    changes = kind.changes(current, entry)
    if not changes:
        return Step(kind.section, key, Action.KEEP, located.line), {}
    outcome = kind.update(session, actor, key, changes)
    step = Step(kind.section, key, Action.UPDATE, located.line, tuple(changes))
    return step, outcome.secrets


def _refusal(located: Located, message: str) -> str:
    return f"{located.kind.section} {located.kind.key(located.entry)!r}: {message}"


def export_sections(session: Session, kinds: Sequence[Kind[Any]] = KINDS) -> dict[str, Any]:
    """The install's configuration as a site file's data, every field of every entry."""
    sections: dict[str, Any] = {}
    for kind in kinds:
        entries = kind.export(session)
        if entries:
            sections[kind.section] = [entry.model_dump(mode="json") for entry in entries]
    return sections
