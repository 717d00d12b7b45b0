"""Site-file kind ``notifications``: one entry per notified event (``ticket.opened`` ...), with
its recipient switches and its template overrides.

```yaml
notifications:
  - event: ticket.opened
    recipients: {helpdesk: false}      # the kinds listed change; the others keep their value
    templates:                          # replaces the event's overrides (none: the defaults)
      - language: es
        subject: "Nuevo: {ticket_title}"
        body: "Ticket {ticket_number} ..."
```

Every event exists (its defaults are in code), so an entry only changes it; removing one puts
the defaults back (``"deleted"``: its overrides are deleted). The export lists every event.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.db import Session
from polydesk.notifications import admin
from polydesk.notifications.catalogue import EVENTS, require_event


class TemplateEntry(Entry):
    language: str = Field(min_length=2, max_length=3, examples=["es"])
    subject: str = Field(min_length=1, max_length=admin.MAX_SUBJECT)
    body: str = Field(min_length=1, max_length=admin.MAX_BODY)


class NotificationEntry(Entry):
    event: str = Field(min_length=1, max_length=64, examples=["ticket.opened"])
    recipients: dict[str, bool] = Field(
        default_factory=dict, description="recipient kind -> on/off (requester, owner, ...)"
    )
    templates: list[TemplateEntry] = Field(default_factory=list, max_length=50)


class Notifications(Kind[NotificationEntry]):
    section = "notifications"
    entry = NotificationEntry
    key_field = "event"

    def export(self, session: Session) -> list[NotificationEntry]:
        return [_entry(session, event) for event in EVENTS]

    def current(self, session: Session, key: str) -> NotificationEntry | None:
        return _entry(session, key) if key in EVENTS else None

    def create(self, session: Session, actor: Actor, entry: NotificationEntry) -> Outcome:
        require_event(entry.event)  # every event exists: only an unknown one gets here
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        for recipient, enabled in changes.get("recipients", {}).items():
            admin.set_switch(session, actor, key, recipient, enabled)
        if "templates" in changes:
            _replace_templates(session, actor, key, changes["templates"])
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        admin.reset_event(session, actor, key)
        return "deleted"

    def changes(self, current: NotificationEntry, wanted: NotificationEntry) -> dict[str, Any]:
        """Only the listed switches count; templates compare as a set by language."""
        found: dict[str, Any] = {}
        switches = {k: v for k, v in wanted.recipients.items() if current.recipients.get(k) != v}
        if switches:
            found["recipients"] = switches
        if "templates" in wanted.model_fields_set and _by_language(wanted) != _by_language(current):
            found["templates"] = wanted.templates
        return found


def _entry(session: Session, event: str) -> NotificationEntry:
    settings = admin.event_settings(session, event)
    templates = [
        TemplateEntry(language=t.language, subject=t.subject, body=t.body)
        for t in settings.templates
    ]
    return NotificationEntry(event=event, recipients=settings.recipients, templates=templates)


def _by_language(entry: NotificationEntry) -> dict[str, tuple[str, str]]:
    return {t.language: (t.subject, t.body) for t in entry.templates}


def _replace_templates(
    session: Session, actor: Actor, event: str, templates: list[TemplateEntry]
) -> None:
    wanted = {t.language: t for t in templates}
    for old in admin.event_settings(session, event).templates:
        if old.language not in wanted:
            admin.delete_template(session, actor, event, old.language)
    for template in wanted.values():
        admin.set_template(
            session,
            actor,
            event,
            admin.TemplateText(template.language, template.subject, template.body),
        )
