"""Notification settings (admins): per event, the on/off switch of each recipient kind and the
template overrides per language. The ``/config/notifications`` routes do the same as a site
file's section. Each route is one call of ``notifications.admin``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import Guarded
from polydesk.notifications import admin

router = APIRouter(prefix="/notifications", tags=["notifications"])

EventInPath = Annotated[str, Path(min_length=1, max_length=64, examples=["ticket.opened"])]
LanguageInPath = Annotated[str, Path(min_length=2, max_length=3, examples=["es"])]
RecipientInPath = Annotated[str, Path(min_length=1, max_length=32, examples=["requester"])]


class TemplateBody(Guarded, BaseModel):
    subject: str = Field(
        min_length=1, max_length=admin.MAX_SUBJECT, examples=["Nuevo: {ticket_title}"]
    )
    body: str = Field(min_length=1, max_length=admin.MAX_BODY, examples=["Ticket {ticket_number}"])


class SwitchBody(Guarded, BaseModel):
    enabled: bool


@router.get("")
def list_notification_settings(session: DbSession, actor: CurrentActor) -> list[dict[str, Any]]:
    """Every notified event: recipient switches, template overrides, the placeholders."""
    return [asdict(settings) for settings in admin.list_settings(session, actor)]


@router.put("/{event}/templates/{language}", status_code=204)
def put_notification_template(
    session: DbSession,
    actor: CurrentActor,
    event: EventInPath,
    language: LanguageInPath,
    body: TemplateBody,
) -> Response:
    """Override the event's template in the language; unknown placeholders are refused (422
    ``notification.unknown_placeholder``)."""
    template = admin.TemplateText(language, body.subject, body.body)
    admin.set_template(session, actor, event, template)
    return Response(status_code=204)


@router.delete("/{event}/templates/{language}", status_code=204)
def delete_notification_template(
    session: DbSession, actor: CurrentActor, event: EventInPath, language: LanguageInPath
) -> Response:
    """The default template comes back."""
    admin.delete_template(session, actor, event, language)
    return Response(status_code=204)


@router.put("/{event}/recipients/{recipient}", status_code=204)
def put_notification_switch(
    session: DbSession,
    actor: CurrentActor,
    event: EventInPath,
    recipient: RecipientInPath,
    body: SwitchBody,
) -> Response:
    """Turn the event's mail to one kind of recipient off or on."""
    admin.set_switch(session, actor, event, recipient, body.enabled)
    return Response(status_code=204)
