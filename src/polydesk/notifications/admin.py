"""Changing notifications as an administrator: template overrides per event and language, and
the on/off switch per event and recipient kind. The native admin API and the ``notifications``
section of a site file both write through these functions.

Decisions:
- Templates are checked when saved (``catalogue.check_template``): a template that saved
  renders, so a mail never fails on one.
- A language is a short code ("es", "pt"); a user whose language has no template gets English.
- Deleting an override brings the default back; a switch row is kept either way (small table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.db.locking import for_update
from polydesk.models.notifications import NotificationSwitch, NotificationTemplate
from polydesk.notifications.catalogue import (
    EVENTS,
    PLACEHOLDERS,
    check_template,
    require_event,
    require_recipient,
)
from polydesk.notifications.overrides import Overrides

_LANGUAGE = re.compile(r"[a-z]{2,3}")
MAX_SUBJECT = 500
MAX_BODY = 20_000


@dataclass(frozen=True)
class TemplateText:
    language: str
    subject: str
    body: str


@dataclass(frozen=True)
class EventSettings:
    event: str
    recipients: dict[str, bool]
    templates: list[TemplateText]  # the overrides, by language
    placeholders: list[str]


def event_settings(session: Session, event: str) -> EventSettings:
    notified = require_event(event)
    overrides = Overrides.load(session)
    templates = [
        TemplateText(language, subject, body)
        for (name, language), (subject, body) in sorted(overrides.templates.items())
        if name == event
    ]
    recipients = {kind.value: overrides.enabled(event, kind) for kind in notified.recipients}
    return EventSettings(event, recipients, templates, sorted(PLACEHOLDERS))


def list_settings(session: Session, actor: Actor) -> list[EventSettings]:
    require_admin(actor)
    return [event_settings(session, event) for event in EVENTS]


def set_template(
    session: Session, actor: Actor, event: str, template: TemplateText
) -> NotificationTemplate:
    """Create or replace the override of ``event`` in ``template.language``."""
    require_admin(actor)
    require_event(event)
    _check_text(template)
    query = select(NotificationTemplate).where(
        NotificationTemplate.event == event, NotificationTemplate.language == template.language
    )
    row = session.scalars(for_update(query)).first()
    if row is None:
        row = NotificationTemplate(event=event, language=template.language)
        row.subject, row.body, row.updated_at = template.subject, template.body, utcnow()
        _insert(session, row)
        return row
    row.subject, row.body, row.updated_at = template.subject, template.body, utcnow()
    session.flush()
    return row


def delete_template(session: Session, actor: Actor, event: str, language: str) -> None:
    require_admin(actor)
    require_event(event)
    removed = session.execute(
        delete(NotificationTemplate).where(
            NotificationTemplate.event == event, NotificationTemplate.language == language
        )
    )
    if not getattr(removed, "rowcount", 0):
        raise not_found("notification_template", f"{event}/{language}")


def set_switch(session: Session, actor: Actor, event: str, recipient: str, enabled: bool) -> None:
    require_admin(actor)
    kind = require_recipient(event, recipient)
    query = select(NotificationSwitch).where(
        NotificationSwitch.event == event, NotificationSwitch.recipient == kind.value
    )
    row = session.scalars(for_update(query)).first()
    if row is None:
        _insert(session, NotificationSwitch(event=event, recipient=kind.value, is_enabled=enabled))
        return
    row.is_enabled = enabled
    session.flush()


def reset_event(session: Session, actor: Actor, event: str) -> None:
    """Back to the defaults: every override and switch of the event goes."""
    require_admin(actor)
    require_event(event)
    session.execute(delete(NotificationTemplate).where(NotificationTemplate.event == event))
    session.execute(delete(NotificationSwitch).where(NotificationSwitch.event == event))


def _insert(session: Session, row: NotificationTemplate | NotificationSwitch) -> None:
    """A row nobody had: two admins adding it at once meet the unique key; the second is told
    (a Conflict, not a 500) and may simply retry."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise Conflict(
            "notification.changed_concurrently", "someone else changed this setting: retry"
        ) from None


def _check_text(template: TemplateText) -> None:
    if not _LANGUAGE.fullmatch(template.language):
        raise ValidationFailed(
            "notification.invalid_language",
            f"{template.language!r} is not a language code (two or three lower-case letters)",
        )
    if not template.subject.strip() or len(template.subject) > MAX_SUBJECT:
        raise ValidationFailed(
            "notification.invalid_template", f"a subject is 1 to {MAX_SUBJECT} characters"
        )
    if "\n" in template.subject or "\r" in template.subject:
        raise ValidationFailed("notification.invalid_template", "a subject is one line")
    if not template.body.strip() or len(template.body) > MAX_BODY:
        raise ValidationFailed(
            "notification.invalid_template", f"a body is 1 to {MAX_BODY} characters"
        )
    check_template(template.subject, "subject")
    check_template(template.body, "body")
