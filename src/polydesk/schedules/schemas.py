"""Commands and filters for schedules (core schema family)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from polydesk.core.validation import AwareDatetime
from polydesk.models.schedules import RepeatKind, RepeatUnit, ScheduleStatus

Login = Annotated[str, Field(min_length=1, max_length=191)]
GroupName = Annotated[str, Field(min_length=1, max_length=191)]
Weekday = Annotated[int, Field(ge=1, le=7)]  # ISO: 1 = Monday .. 7 = Sunday
ScheduleSort = Literal["id", "starts_at", "ends_at", "title", "status", "created_at"]


class RepeatRule(BaseModel):
    """Every ``every`` ``unit`` (kind ``interval``), or on ``weekdays`` (kind ``weekdays``)."""

    model_config = ConfigDict(extra="forbid")

    kind: RepeatKind
    every: int | None = Field(default=None, ge=1, le=10_000)
    unit: RepeatUnit | None = None
    weekdays: list[Weekday] = Field(default_factory=list, max_length=7)

    @model_validator(mode="after")
    def _complete_for_kind(self) -> Self:
        if self.kind is RepeatKind.INTERVAL:
            if self.every is None or self.unit is None or self.weekdays:
                raise ValueError("an interval repeats every <every> <unit>, without weekdays")
        elif not self.weekdays or self.every is not None or self.unit is not None:
            raise ValueError("a weekday rule names one or more weekdays and nothing else")
        if len(set(self.weekdays)) != len(self.weekdays):
            raise ValueError("weekdays are listed once each")
        return self


class ScheduleFields(BaseModel):
    """Fields settable on create and update. People and groups are named by login and name
    (ignoring case); a list given replaces that list, ``None`` leaves it as it is."""

    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(default=None, max_length=100_000)
    category: str | None = Field(default=None, max_length=100)
    status: ScheduleStatus | None = None
    ticket_id: int | None = None
    ends_at: AwareDatetime | None = None
    completed_at: AwareDatetime | None = None
    all_day: bool | None = None
    repeat: RepeatRule | None = None  # None: does not repeat
    customer_logins: list[Login] | None = Field(default=None, max_length=200)
    tech_logins: list[Login] | None = Field(default=None, max_length=200)
    group_names: list[GroupName] | None = Field(default=None, max_length=200)


class ScheduleCreate(ScheduleFields):
    title: str = Field(min_length=1, max_length=255)
    starts_at: AwareDatetime


#: Columns that cannot be empty: an update may leave them out but not clear them.
_NOT_CLEARABLE = ("title", "starts_at", "description", "category", "status", "all_day")


class ScheduleUpdate(ScheduleFields):
    """Only the fields given change; ``None`` clears the ticket, end, completion or rule."""

    title: str | None = Field(default=None, min_length=1, max_length=255)
    starts_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _no_clearing_required(self) -> Self:
        cleared = [
            f for f in _NOT_CLEARABLE if f in self.model_fields_set and getattr(self, f) is None
        ]
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be cleared")
        return self


class ScheduleFilter(BaseModel):
    """Every filter given narrows the list; logins and group names ignore case and take
    ``*`` wildcards."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] | None = Field(default=None, max_length=1000)
    ticket_ids: list[int] | None = Field(default=None, max_length=1000)
    customer_logins: list[Login] | None = Field(default=None, max_length=100)
    tech_logins: list[Login] | None = Field(default=None, max_length=100)
    group_names: list[GroupName] | None = Field(default=None, max_length=100)
    starts_after: AwareDatetime | None = None
    starts_before: AwareDatetime | None = None
    sort: ScheduleSort = "id"
    descending: bool = False
