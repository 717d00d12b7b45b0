"""What every admin page shares: the admin-only sessions, paging of the admin lists, and forms
that show the core's refusal next to the field it is about.

A form's POST builds the core's own command from the fields (pydantic checks it as every API's
body is checked), makes its one core call inside a savepoint, and on a refusal re-renders the
form with the user's input, the messages by field and status 422; the savepoint is rolled back,
so a refused form changes nothing, even when the core got half way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request
from pydantic import BaseModel, ValidationError

from polydesk.core.errors import DomainError, PermissionDenied
from polydesk.core.pagination import PageRequest
from polydesk.db import Session
from polydesk.web.deps import AgentSession, CheckedSession
from polydesk.websessions.service import LiveSession

T = TypeVar("T")
Command = TypeVar("Command", bound=BaseModel)

#: Rows per page of an admin list; pages are numbered from 1 and stop at ``MAX_PAGE``.
PAGE_SIZE = 25
MAX_PAGE = 10_000


def _admin_only(live: LiveSession) -> LiveSession:
    # Agents get a 403 page (they know the admin area exists; the nav hides it from them);
    # customers never get this far: AgentSession sends them to the portal.
    if not live.actor.is_admin:
        raise PermissionDenied("permission_denied", "Administrator rights required.")
    return live


def _admin(live: AgentSession) -> LiveSession:
    return _admin_only(live)


def _checked_admin(live: CheckedSession) -> LiveSession:
    return _admin_only(live)


AdminSession = Annotated[LiveSession, Depends(_admin)]
#: An admin's state-changing request with its CSRF token checked.
CheckedAdmin = Annotated[LiveSession, Depends(_checked_admin)]
PageNumber = Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)]


def page_request(number: int) -> PageRequest:
    return PageRequest(limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, with_total=True)


def pager(
    base: str, number: int, total: int | None, params: Mapping[str, str] = {}
) -> dict[str, str]:
    """The previous / next page links of a list (``base`` with the list's own filters)."""

    def link(to: int) -> str:
        return base + "?" + urlencode({**{k: v for k, v in params.items() if v}, "page": to})

    links: dict[str, str] = {}
    if number > 1:
        links["prev_url"] = link(number - 1)
    if total is not None and number * PAGE_SIZE < total:
        links["next_url"] = link(number + 1)
    return links


def notice(request: Request, what: str) -> str:
    """The line a page shows after a redirect from its own form (``?saved=1`` ...)."""
    params = request.query_params
    if params.get("saved") == "1":
        return "Saved."
    if params.get("member") == "1":
        return "Member added."
    if params.get("kept") == "1":
        return f"Records refer to this {what}, so it was disabled instead of deleted."
    if params.get("disabled") == "1":
        return f"The {what} was disabled."
    if params.get("deleted") == "1":
        return f"The {what} was deleted."
    return ""


@dataclass
class FormErrors:
    """Messages by field name, and those about the form as a whole (``""``)."""

    fields: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.fields)

    @property
    def general(self) -> str:
        return self.fields.get("", "")


class Refused(Exception):
    """A form the core (or its command) refused: the messages to show."""

    def __init__(self, errors: FormErrors) -> None:
        super().__init__("form refused")
        self.errors = errors


#: Domain error codes -> the form field they are about (the rest are about the whole form).
CODE_FIELDS = {
    "user.login_taken": "login",
    "user.email_taken": "email",
    "user.not_found": "login",
    "helpdesk.level_in_use": "levels",
    "helpdesk.invalid_level": "levels",
    "helpdesk.level_not_found": "level",
    "sla.not_found": "sla_id",
    "company.name_taken": "name",
    "company.code_taken": "code",
    "company.not_found": "company_id",
    "location.not_found": "location_id",
    "user.not_an_agent": "helpdesks",
    "helpdesk.not_found": "helpdesks",
    "group.not_found": "group_ids",
}
#: Friendlier words than pydantic's for fields whose rule is a pattern.
FIELD_MESSAGES = {
    "login": "Use 1 to 191 letters, digits and . _ @ + - only.",
    "email": "Enter an e-mail address such as ann@example.com.",
}


def command(model: type[Command], values: Mapping[str, Any]) -> Command:
    """The core's command from a form's values; its refusal as messages by field."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        raise Refused(_pydantic_errors(exc)) from None


def attempt(session: Session, call: Callable[[], T]) -> T:
    """Run the route's one core call in a savepoint: a refusal undoes whatever it wrote and
    becomes ``Refused`` with the message next to its field."""
    try:
        with session.begin_nested():
            return call()
    except DomainError as exc:
        name = CODE_FIELDS.get(exc.code) or _field_of(exc.code)
        raise Refused(FormErrors({name: _sentence(exc.message)})) from None
    except ValidationError as exc:
        raise Refused(_pydantic_errors(exc)) from None


def _field_of(code: str) -> str:
    suffix = code.rsplit(".", 1)[-1]
    if suffix == "name_taken":
        return "name"
    if suffix == "parent_cycle" or code.endswith("parent_not_found"):
        return "parent_id"
    return ""


def _pydantic_errors(exc: ValidationError) -> FormErrors:
    errors = FormErrors()
    for problem in exc.errors():
        name = str(problem["loc"][0]) if problem["loc"] else ""
        message = FIELD_MESSAGES.get(name) or _sentence(str(problem["msg"]))
        errors.fields.setdefault(name, message)
    return errors


def _sentence(text: str) -> str:
    text = text.removeprefix("Value error, ")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def blank_none(value: str) -> str | None:
    """An optional choice or text: empty means none."""
    value = value.strip()
    return value or None


def ids(values: list[str]) -> list[str]:
    """Checked boxes' values, without blanks (the core command checks they are numbers)."""
    return [value for value in values if value.strip()]
