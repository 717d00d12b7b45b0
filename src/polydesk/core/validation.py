"""Annotated types shared by the core's commands."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("datetime must carry a time zone")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
