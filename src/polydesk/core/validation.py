"""Annotated types shared by the core's commands."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


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
