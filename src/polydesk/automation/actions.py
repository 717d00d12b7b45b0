"""What a trigger does: a list of actions, each ``{"type": ..., ...}``, run in order.

Decisions:
- Every action goes through the core's own services (``update_ticket``, ``add_comment``,
  ``queue_mail``) as the SYSTEM actor, so history, domain events, locks and validation are
  those of any other change; the events they emit carry no user (``actor_id`` empty).
- Validated at save (``validate_actions``): unknown types, fields or missing references are
  refused with ``trigger.bad_action``; references are checked to exist then too.
- Mail and webhooks are outbox rows written in the run's transaction: nothing leaves before it
  commits. Texts (subject, body, comment) may use ``{{id}}``, ``{{number}}``, ``{{title}}``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.core.errors import ValidationFailed
from polydesk.db.base import Base
from polydesk.mail.service import queue_mail
from polydesk.models.automation import DeliveryStatus, Trigger, Webhook, WebhookDelivery
from polydesk.models.catalogs import (
    Category,
    Impact,
    Priority,
    Source,
    Status,
    TicketType,
    Urgency,
)
from polydesk.models.comments import SenderType
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.tickets import Ticket, TicketTag
from polydesk.models.users import User
from polydesk.settings.service import NOTIFICATION_FROM, get_setting
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket

#: ``set`` field -> (ticket column, the table its value refers to)
SETTABLE: dict[str, tuple[str, type[Base] | None]] = {
    "status": ("status_id", Status),
    "priority": ("priority_id", Priority),
    "impact": ("impact_id", Impact),
    "urgency": ("urgency_id", Urgency),
    "type": ("type_id", TicketType),
    "source": ("source_id", Source),
    "category": ("category_id", Category),
    "helpdesk": ("helpdesk_id", Helpdesk),
    "level": ("level", None),
}
_ASSIGNEES: dict[str, tuple[str, type[Base]]] = {
    "owner": ("owner_id", User),
    "group": ("assigned_group_id", Group),
}
_KEYS = {
    "set": {"field", "value"},
    "add_tags": {"tags"},
    "remove_tags": {"tags"},
    "assign": {"owner", "group"},
    "comment": {"body", "public"},
    "mail": {"to", "address", "subject", "body"},
    "webhook": {"webhook"},
}
MAIL_TO = ("requester", "owner", "address")
#: The ticket's fields a webhook's body carries (ids: the receiver reads more through the API).
PAYLOAD_FIELDS = (
    "id", "number", "title", "status_id", "priority_id", "helpdesk_id", "level", "category_id",
    "owner_id", "assigned_group_id", "requester_id", "company_id",
)  # fmt: skip
MAX_ACTIONS = 20
FALLBACK_SENDER = "polydesk@localhost"


def _bad(index: int, message: str) -> ValidationFailed:
    return ValidationFailed("trigger.bad_action", f"action {index + 1}: {message}")


def validate_actions(session: Session, actions: object) -> list[dict[str, Any]]:
    """The actions, checked (shape, and that what they name exists)."""
    if not isinstance(actions, list) or not actions or len(actions) > MAX_ACTIONS:
        raise ValidationFailed(
            "trigger.bad_action", f"actions must be a list of 1 to {MAX_ACTIONS} actions"
        )
    return [_validate_one(session, i, action) for i, action in enumerate(actions)]


def _validate_one(session: Session, index: int, action: object) -> dict[str, Any]:
    if not isinstance(action, dict) or action.get("type") not in _KEYS:
        raise _bad(index, f"type must be one of {', '.join(sorted(_KEYS))}")
    kind = action["type"]
    extra = set(action) - _KEYS[kind] - {"type"}
    if extra:
        raise _bad(index, f"{kind} takes no {', '.join(sorted(extra))}")
    _CHECKS[kind](session, index, action)
    return dict(action)


def _require_row(session: Session, index: int, model: type[Base], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or session.get(model, value) is None:
        raise _bad(index, f"{model.__name__} {value!r} not found")


def _check_set(session: Session, index: int, action: dict[str, Any]) -> None:
    name, value = action.get("field"), action.get("value")
    if name not in SETTABLE:
        raise _bad(index, f"set takes field {', '.join(sorted(SETTABLE))}")
    model = SETTABLE[name][1]
    if model is None:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 20:
            raise _bad(index, "level is 1 to 20")
    elif value is not None or name in ("status", "priority"):
        _require_row(session, index, model, value)


def _check_tags(_session: Session, index: int, action: dict[str, Any]) -> None:
    tags = action.get("tags")
    valid = isinstance(tags, list) and tags and len(tags) <= 100
    if not valid or not all(isinstance(t, str) and 0 < len(t) <= 100 for t in tags or ()):
        raise _bad(index, "tags is a list of 1 to 100 tags")


def _check_assign(session: Session, index: int, action: dict[str, Any]) -> None:
    if not set(action) & set(_ASSIGNEES):
        raise _bad(index, "assign takes owner and/or group (an id, or null to unassign)")
    for key, (_column, model) in _ASSIGNEES.items():
        if action.get(key) is not None:
            _require_row(session, index, model, action[key])


def _check_comment(_session: Session, index: int, action: dict[str, Any]) -> None:
    body = action.get("body")
    if not isinstance(body, str) or not body.strip() or len(body) > 100_000:
        raise _bad(index, "comment needs a body")
    if not isinstance(action.get("public", False), bool):
        raise _bad(index, "public is true or false")


def _check_mail(_session: Session, index: int, action: dict[str, Any]) -> None:
    if action.get("to") not in MAIL_TO:
        raise _bad(index, f"mail goes to {', '.join(MAIL_TO)}")
    address = action.get("address")
    if action["to"] == "address" and (not isinstance(address, str) or "@" not in address):
        raise _bad(index, "mail to an address needs address")
    for key in ("subject", "body"):
        if not isinstance(action.get(key), str) or not action[key].strip():
            raise _bad(index, f"mail needs a {key}")


def _check_webhook(session: Session, index: int, action: dict[str, Any]) -> None:
    _require_row(session, index, Webhook, action.get("webhook"))


_CHECKS = {
    "set": _check_set,
    "add_tags": _check_tags,
    "remove_tags": _check_tags,
    "assign": _check_assign,
    "comment": _check_comment,
    "mail": _check_mail,
    "webhook": _check_webhook,
}


# --- running ---------------------------------------------------------------------------------


def run_actions(
    session: Session,
    trigger: Trigger,
    ticket_id: int,
    *,
    event: str,
    execution_id: int,
) -> list[str]:
    """Run the trigger's actions on the ticket; returns what each did (for the log)."""
    done = []
    for action in trigger.actions:
        done.append(_RUN[action["type"]](session, ticket_id, action, trigger, event, execution_id))
    return done


def _update(session: Session, ticket_id: int, values: dict[str, Any]) -> None:
    update_ticket(session, SYSTEM, ticket_id, TicketUpdate(**values))


def _run_set(session: Session, ticket_id: int, action: Mapping[str, Any], *_: Any) -> str:
    _update(session, ticket_id, {SETTABLE[action["field"]][0]: action["value"]})
    return f"set {action['field']}"


def _tags(session: Session, ticket_id: int) -> list[str]:
    query = select(TicketTag.tag).where(TicketTag.ticket_id == ticket_id).order_by(TicketTag.tag)
    return list(session.scalars(query))


def _run_tags(session: Session, ticket_id: int, action: Mapping[str, Any], *_: Any) -> str:
    current = _tags(session, ticket_id)
    if action["type"] == "add_tags":
        wanted = list(dict.fromkeys([*current, *action["tags"]]))
    else:
        wanted = [tag for tag in current if tag not in action["tags"]]
    if wanted != current:
        _update(session, ticket_id, {"tags": wanted})
    return str(action["type"])


def _run_assign(session: Session, ticket_id: int, action: Mapping[str, Any], *_: Any) -> str:
    values = {column: action[key] for key, (column, _m) in _ASSIGNEES.items() if key in action}
    _update(session, ticket_id, values)
    return "assign"


def _ticket(session: Session, ticket_id: int) -> Ticket:
    return session.get_one(Ticket, ticket_id)


def render(text: str, ticket: Ticket) -> str:
    for name, value in (("id", ticket.id), ("number", ticket.number), ("title", ticket.title)):
        text = text.replace("{{" + name + "}}", str(value))
    return text


def _run_comment(session: Session, ticket_id: int, action: Mapping[str, Any], *_: Any) -> str:
    body = render(action["body"], _ticket(session, ticket_id))
    public = bool(action.get("public", False))
    command = CommentCreate(body=body, is_public=public, sender_type=SenderType.SYSTEM)
    add_comment(session, SYSTEM, ticket_id, command)
    return "comment public" if public else "comment internal"


def _recipient(session: Session, ticket: Ticket, action: Mapping[str, Any]) -> str | None:
    if action["to"] == "address":
        return str(action["address"])
    user_id = ticket.requester_id if action["to"] == "requester" else ticket.owner_id
    user = session.get(User, user_id) if user_id is not None else None
    return user.email if user is not None and user.email else None


def _run_mail(session: Session, ticket_id: int, action: Mapping[str, Any], *_: Any) -> str:
    ticket = _ticket(session, ticket_id)
    to = _recipient(session, ticket, action)
    if to is None:
        return f"mail skipped: no {action['to']} address"
    queue_mail(
        session,
        from_address=get_setting(session, NOTIFICATION_FROM) or FALLBACK_SENDER,
        to=[to],
        subject=render(action["subject"], ticket),
        body=render(action["body"], ticket),
        ticket_id=ticket.id,
    )
    return f"mail {action['to']}"


def _run_webhook(
    session: Session,
    ticket_id: int,
    action: Mapping[str, Any],
    trigger: Trigger,
    event: str,
    execution_id: int,
) -> str:
    webhook = session.get(Webhook, action["webhook"])
    if webhook is None or not webhook.is_enabled:
        return f"webhook {action['webhook']} skipped: disabled or gone"
    delivery_id = str(uuid.uuid4())
    body = json.dumps(
        _payload(_ticket(session, ticket_id), trigger, event, execution_id, delivery_id),
        separators=(",", ":"),
        sort_keys=True,
    )
    now = utcnow()
    session.add(
        WebhookDelivery(
            uuid=delivery_id, webhook_id=webhook.id, execution_id=execution_id, body=body,
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, last_error="",
            created_at=now,
        )
    )  # fmt: skip
    return f"webhook {webhook.name}"


def _payload(
    ticket: Ticket, trigger: Trigger, event: str, execution_id: int, delivery_id: str
) -> dict[str, Any]:
    return {
        "delivery_id": delivery_id,
        "event": event,
        "execution_id": execution_id,
        "trigger": {"id": trigger.id, "name": trigger.name},
        "ticket": {name: getattr(ticket, name) for name in PAYLOAD_FIELDS},
        "created_at": utcnow().isoformat(),
    }


_RUN: dict[str, Any] = {
    "set": _run_set,
    "add_tags": _run_tags,
    "remove_tags": _run_tags,
    "assign": _run_assign,
    "comment": _run_comment,
    "mail": _run_mail,
    "webhook": _run_webhook,
}


def referenced_webhooks(actions: Sequence[Mapping[str, Any]]) -> set[int]:
    return {int(a["webhook"]) for a in actions if a.get("type") == "webhook"}
