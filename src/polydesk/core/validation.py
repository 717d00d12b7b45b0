"""Annotated types shared by the core's commands."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, WithJsonSchema
from pydantic.networks import MAX_EMAIL_LENGTH, pretty_email_regex
from pydantic_core import PydanticCustomError


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("datetime must carry a time zone")
    try:  # stored as UTC: 9999-12-31T23:59-05:00 has no UTC form
        value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("datetime is out of range once converted to UTC") from exc
    return value


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored (NUL, or a lone surrogate that has no UTF-8 form)."""
    if "\x00" in value:
        return "text must not contain NUL characters"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text must be valid Unicode (no lone surrogates)"
    return None


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


# E-mail addresses ------------------------------------------------------------------------------

#: Special-use top-level names (email-validator's ``SPECIAL_USE_DOMAIN_NAMES``) that name a
#: machine or a local network, where help desks do keep mailboxes: Znuny's stock admin is
#: ``root@localhost``, and Active Directory domains are often ``corp.local``. ``test`` is let
#: through by email-validator's own ``test_environment`` option; ``arpa``, ``invalid`` and
#: ``onion`` stay refused.
LOCAL_USE_NAMES = frozenset({"localhost", "local"})
# The address's last domain label. Only locates the label; email-validator checks the address.
_LAST_LABEL = re.compile(r"(?<=[@.])[A-Za-z]+\Z")


def mail_address(value: str) -> str:
    """A user's or contact's e-mail address, read and normalised as Pydantic's ``EmailStr`` is.

    Accepts everything ``EmailStr`` accepts, with the same result (``"Name <a@b>"`` gives
    ``a@b``; the domain is lower-cased, the local part kept as given), and also what the
    products accept for local mail: a host name without a dot (``admin@intranet``,
    ``admin@server1``), the local-use names in ``LOCAL_USE_NAMES`` and ``.test``
    (``root@localhost``, ``jo@corp.local``). The syntax is email-validator's, with
    ``globally_deliverable=False`` and ``test_environment=True``; no DNS lookup. Still refused:
    spaces, no "@", an empty part, NUL, line breaks, over-long addresses, an all-numeric last
    label (``a@1.2.3.4``: an IP address goes in brackets, which ``EmailStr`` refuses too), with
    ``EmailStr``'s error ("value is not a valid email address: <reason>").

    email-validator has no option for ``localhost`` / ``local``, and its list of special-use
    names is process-wide, so rather than edit that list the last label is checked as a stand-in
    of the same length (same syntax and length rules) and put back afterwards.
    """
    # As pydantic.networks.validate_email (EmailStr): input cap, no line breaks, display name.
    if len(value) > MAX_EMAIL_LENGTH:
        raise _invalid(f"Length must not exceed {MAX_EMAIL_LENGTH} characters")
    if "\r" in value or "\n" in value:
        raise _invalid("Carriage return and line feed characters are not allowed")
    pretty = pretty_email_regex.fullmatch(value)
    text = (pretty.group(3) if pretty else value).strip()
    label = _LAST_LABEL.search(text)
    stand_in = label.group(0).lower() if label else ""
    if stand_in not in LOCAL_USE_NAMES:
        stand_in = ""
    else:
        text = text[: -len(stand_in)] + "x" * len(stand_in)
    try:
        checked = validate_email(
            text, check_deliverability=False, globally_deliverable=False, test_environment=True
        )
    except EmailNotValidError as exc:
        raise _invalid(str(exc.args[0])) from exc
    if checked.domain.rpartition(".")[2].isdigit():  # RFC 3696 section 2: no all-numeric TLD
        raise _invalid("The part after the @-sign is not within a valid top-level domain.")
    if not stand_in:
        return checked.normalized
    return checked.normalized[: -len(stand_in)] + stand_in


def _invalid(reason: str) -> PydanticCustomError:
    return PydanticCustomError(
        "value_error", "value is not a valid email address: {reason}", {"reason": reason}
    )


MailAddress = Annotated[
    str,
    AfterValidator(mail_address),
    WithJsonSchema({"type": "string", "format": "email"}),
]
"""An e-mail address as the products accept it (see ``mail_address``); replaces ``EmailStr``."""


def changes_given(cmd: BaseModel, clearable: Collection[str] = ()) -> dict[str, Any]:
    """The fields an update command was given: ``None`` means "leave it" except for the
    ``clearable`` fields, where it clears the value."""
    return {
        name: value
        for name, value in cmd.model_dump(exclude_unset=True).items()
        if value is not None or name in clearable
    }
