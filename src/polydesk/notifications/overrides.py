"""An administrator's departures from the defaults, read once per delivery: switched-off
(event, recipient kind) pairs and template overrides. Both tables are small (a row per event
and language or recipient kind at most)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.models.notifications import NotificationSwitch, NotificationTemplate
from polydesk.notifications.catalogue import FALLBACK_LANGUAGE
from polydesk.notifications.defaults import DEFAULT_TEMPLATES


@dataclass(frozen=True)
class Overrides:
    templates: dict[tuple[str, str], tuple[str, str]]
    switched_off: frozenset[tuple[str, str]]

    @classmethod
    def load(cls, session: Session) -> Overrides:
        rows = session.scalars(select(NotificationTemplate))
        templates = {(row.event, row.language): (row.subject, row.body) for row in rows}
        off = select(NotificationSwitch.event, NotificationSwitch.recipient).where(
            NotificationSwitch.is_enabled.is_(False)
        )
        return cls(templates, frozenset((event, kind) for event, kind in session.execute(off)))

    def enabled(self, event: str, recipient: str) -> bool:
        return (event, recipient) not in self.switched_off

    def template(self, event: str, language: str) -> tuple[str, str]:
        """The override in the language, else its default, else the same in English."""
        for lang in (language, FALLBACK_LANGUAGE):
            found = self.templates.get((event, lang)) or DEFAULT_TEMPLATES[event].get(lang)
            if found is not None:
                return found
        return DEFAULT_TEMPLATES[event][FALLBACK_LANGUAGE]


def language_of(setting: str | None) -> str:
    """``"es-ES"`` / ``"de_AT"`` -> ``"es"`` / ``"de"``; blank -> English."""
    code = (setting or "").replace("_", "-").partition("-")[0].strip().lower()
    return code or FALLBACK_LANGUAGE
