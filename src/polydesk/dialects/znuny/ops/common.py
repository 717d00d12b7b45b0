"""Steps the ticket operations share: credential checks, the caller, reading the articles."""

from __future__ import annotations

from typing import Any

from polydesk.attachments.service import list_attachments
from polydesk.comments.service import list_comments
from polydesk.core.actor import Actor
from polydesk.core.pagination import PageRequest
from polydesk.db import Session
from polydesk.dialects.znuny.auth import Caller, authenticate_caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.values import text
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment

#: Articles and attachments read per ticket (Znuny has no limit; a bound keeps reads finite).
MAX_ARTICLES = 1000


def require_credentials(data: Any, operation: str) -> None:
    """TicketCreate/TicketUpdate name the missing credential before trying it (spec §3.2)."""
    if not any(text(data, key) for key in ("UserLogin", "CustomerUserLogin", "SessionID")):
        raise OperationError(
            f"{operation}.MissingParameter",
            f"{operation}: UserLogin, CustomerUserLogin or SessionID is required!",
        )
    if not text(data, "SessionID") and not text(data, "Password"):
        raise OperationError(
            f"{operation}.MissingParameter", f"{operation}: Password or SessionID is required!"
        )


def caller_or_fail(ctx: Context, data: Any, code: str, message: str) -> Caller:
    caller = authenticate_caller(ctx, data)
    if caller is None:
        raise OperationError(code, message)
    return caller


def ticket_comments(session: Session, actor: Actor, ticket_id: int) -> list[Comment]:
    """Oldest first; customers get the public ones only (the core's rule)."""
    return list(list_comments(session, actor, ticket_id, PageRequest(limit=MAX_ARTICLES)).items)


def ticket_attachments(session: Session, actor: Actor, ticket_id: int) -> list[Attachment]:
    return list(list_attachments(session, actor, ticket_id, PageRequest(limit=MAX_ARTICLES)).items)


def ticket_ids(value: Any) -> list[str] | None:
    """``"1,2"``, ``"1, 2"``, ``[1, 2]`` -> texts; None when the structure is wrong."""
    if isinstance(value, list):
        items = value
    elif isinstance(value, str | int):
        items = str(value).split(",")
    else:
        return None
    if not all(isinstance(item, str | int) for item in items):
        return None
    return [str(item).strip() for item in items if str(item).strip()]
