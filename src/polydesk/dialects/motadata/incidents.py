"""Create, update and read an incident (specs/seeds-002-003.md A.3 (2)-(4)). A create is one
``flows.opening.open_ticket`` call and an update one ``flows.changing.change_ticket`` call (the
fields, custom values, claimed uploads and the requester named by address, which the core
finds or, under ``motadata.create_unknown_requesters``, creates), in the caller's transaction:
a refused request changes nothing."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from polydesk.companies.locations import get_location_by_name
from polydesk.db import Session
from polydesk.dialects.motadata.auth import Caller
from polydesk.dialects.motadata.customfields import parse_values, render_values
from polydesk.dialects.motadata.errors import invalid_input
from polydesk.dialects.motadata.mapping import DEFAULT_CATEGORY, render, resolve
from polydesk.dialects.motadata.wire import IncidentBody
from polydesk.flows.changing import change_ticket
from polydesk.flows.commands import ChangeTicket, OpenTicket, RequesterAddress, Resources
from polydesk.flows.opening import open_ticket
from polydesk.models.attachments import Attachment
from polydesk.settings.service import MOTADATA_CREATE_UNKNOWN_REQUESTERS
from polydesk.tickets.digest import TicketDigest
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.tickets.service import require_ticket

_HTML = re.compile(r"<[A-Za-z/][^>]*>")
#: Every attachment of a ticket shows in ``fileAttachments``, up to this many.
MAX_FILES = 500
#: (wire field, catalog kind, core column) of the values named by code or name.
CODED = (
    ("status", "status", "status_id"),
    ("priority", "priority", "priority_id"),
    ("impact", "impact", "impact_id"),
    ("urgency", "urgency", "urgency_id"),
    ("category_name", "category", "category_id"),
)
_WIRE_NAMES = {"category_name": "categoryName"}
#: The product's values for a new incident that names none (spec A.3 (4), A.6-6); the status
#: is the core's default (New, shown as "Open").
CREATE_DEFAULTS = {
    "priority": "LOW",
    "impact": "LOW",
    "urgency": "LOW",
    "category_name": DEFAULT_CATEGORY,
}


def create_incident(
    session: Session, caller: Caller, resources: Resources, body: IncidentBody
) -> int:
    if not body.given("subject"):
        raise invalid_input("subject is required")
    if not body.given("requester_email"):
        raise invalid_input("requesterEmail is required")
    values = _values(session, body, creating=True)
    custom_values = parse_values(session, body.custom_fields or {})
    command = OpenTicket(
        ticket=_command(TicketCreate, values),
        custom_values=custom_values,
        upload_refs=body.file_refs(),
        requester=_requester(body),
    )
    return open_ticket(session, caller.actor, resources, command).ticket.id


def update_incident(
    session: Session, caller: Caller, resources: Resources, ticket_id: int, body: IncidentBody
) -> int:
    values = _values(session, body, creating=False)
    custom_values = parse_values(session, body.custom_fields or {})
    command = ChangeTicket(
        fields=[_command(TicketUpdate, values)],
        custom_values=custom_values,
        upload_refs=body.file_refs(),
        requester=_requester(body) if body.given("requester_email") else None,
    )
    return change_ticket(session, caller.actor, resources, ticket_id, command).ticket.id


def read_incident(session: Session, caller: Caller, ticket_id: int) -> dict[str, Any]:
    """The GET body (no ``id``; explicit nulls; ``[]`` and ``{}`` for empty lists and maps),
    from the shared read model (``tickets.digest``): what the caller may see of the ticket."""
    ticket = require_ticket(session, caller.actor, ticket_id)
    digest = TicketDigest(session, caller.actor, [ticket])
    requester = digest.user(ticket.requester_id)
    location = digest.locations.get(ticket.location_id) if ticket.location_id else None
    coded = {kind: render(session, kind, getattr(ticket, column)) for _f, kind, column in CODED}
    return {
        "requesterEmail": (requester.email if requester else None) or ticket.contact_email or None,
        # The name the request gave (kept on the ticket), else the requester account's.
        "requesterName": ticket.contact_name or (requester.full_name if requester else None),
        "ccEmailSet": [cc.email for cc in ticket.cc],
        "subject": ticket.title,
        "description": ticket.description,
        "categoryName": coded["category"],
        "status": coded["status"],
        "impact": coded["impact"],
        "priority": coded["priority"],
        "urgency": coded["urgency"],
        "locationName": location.name if location else None,
        "tags": [tag.tag for tag in ticket.tags],
        "spam": ticket.is_spam,
        "fileAttachments": _files(digest.attachments.get(ticket.id, [])),
        "customFieldValueDetails": render_values(session, digest.custom_values.get(ticket.id, {})),
    }


def _values(session: Session, body: IncidentBody, *, creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if body.given("subject"):
        values["title"] = body.subject
    if body.given("description") or (body.cleared("description") and not creating):
        text = body.description or ""
        values["description"] = text
        values["description_mime_type"] = "text/html" if _HTML.search(text) else "text/plain"
    for field, kind, column in CODED:
        wire = _WIRE_NAMES.get(field, field)
        if body.given(field):
            values[column] = resolve(session, kind, getattr(body, field), wire)
        elif creating and field in CREATE_DEFAULTS:
            values[column] = resolve(session, kind, CREATE_DEFAULTS[field], wire)
        elif kind in ("impact", "urgency") and body.cleared(field) and not creating:
            values[column] = None
    values.update(_location(session, body))
    if body.given("tags") or body.cleared("tags"):
        values["tags"] = body.tags or []
    if body.given("cc_email_set") or body.cleared("cc_email_set"):
        values["cc"] = [email.strip() for email in body.cc_email_set or []]
    if body.given("spam"):
        values["is_spam"] = body.spam
    values.update(_contact(body))
    return values


def _contact(body: IncidentBody) -> dict[str, Any]:
    """``requesterName``: the ticket's own copy of the contact's name."""
    if not body.given("requester_name"):
        return {}
    return {"contact_name": str(body.requester_name).strip()}


def _location(session: Session, body: IncidentBody) -> dict[str, Any]:
    if body.cleared("location_name"):
        return {"location_id": None}
    if not body.given("location_name"):
        return {}
    location = get_location_by_name(session, str(body.location_name))
    if location is None:
        raise invalid_input(f"Location not found: {body.location_name}")
    return {"location_id": location.id}


def _command(model: type[TicketCreate] | type[TicketUpdate], values: dict[str, Any]) -> Any:
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise invalid_input(f"Invalid value for {_wire_field(where)}: {first['msg']}") from exc


def _wire_field(core: str) -> str:
    head, _, rest = core.partition(".")
    wire = {"title": "subject", "cc": "ccEmailSet", "tags": "tags"}.get(head, head)
    return f"{wire}.{rest}" if rest else wire


def _requester(body: IncidentBody) -> RequesterAddress:
    """The requester by e-mail (or login): the core finds the account, or creates a customer
    when the ``motadata.create_unknown_requesters`` setting allows it and an agent asks."""
    return RequesterAddress(
        str(body.requester_email), body.requester_name or "", MOTADATA_CREATE_UNKNOWN_REQUESTERS
    )


def _files(attachments: list[Attachment]) -> list[dict[str, Any]] | None:
    files = [
        {"refFileName": item.upload_ref, "realName": item.filename, "link": None}
        for item in attachments[:MAX_FILES]
    ]
    return files or None
