"""Rich ticket search criteria (core schema family), built for Znuny's TicketSearch.

Every given criterion narrows the result (AND); the values inside one list are alternatives.
``None`` means "no filter". An empty id list matches nothing (as in ``TicketFilter``), while a
pattern list whose values are all skipped (``""``, ``*``, ``%%``) filters nothing.

Text patterns (``numbers``, ``titles``, ``company_codes``, ``requester_logins``,
``attachment_names``) follow Znuny: ``*`` is ``%``; a value of only 1-3 ``%`` is skipped; a value
with ``%`` is a case-insensitive LIKE (``_`` is literal), any other is a case-insensitive
equality; a leading ``!`` negates the value. Decision: positive values are ORed, negated values
are ANDed ("none of these"), and both groups must hold, so ``["a*", "!ab*"]`` reads "starts with
a but not with ab" (ORing negations would match almost everything).

SQL translation lives in ``criteria_query``; the service entry point is
``tickets.service.search_ticket_ids``.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from polydesk.core.validation import AwareDatetime
from polydesk.models.tickets import Sentiment

Patterns = list[str] | None
Ids = list[int] | None
CommentPart = Literal["from", "to", "cc", "subject", "body"]
FieldOp = Literal["empty", "not_empty", "equals", "like", "gt", "gte", "lt", "lte"]
SortName = Literal[
    "owner",
    "responsible",
    "company",
    "status",
    "lock",
    "number",
    "title",
    "helpdesk",
    "type",
    "priority",
    "created",
    "updated",
    "category",
    "sla",
    "pending",
    "escalation",
    "escalation_update",
    "escalation_response",
    "escalation_solution",
    "custom_field",
    "id",
    "due",
    "closed",
    "requester",
]

MAX_LIMIT = 10_000
#: Ids are 64-bit in the database; a larger number would fail in the driver, not here.
MAX_DB_ID = 2**63 - 1


class Window(BaseModel):
    """A time window; both ends are inclusive and either may be open."""

    model_config = ConfigDict(extra="forbid")

    after: AwareDatetime | None = None
    before: AwareDatetime | None = None


class FieldCondition(BaseModel):
    """One custom field condition; ``values`` are ORed (unused by empty / not_empty)."""

    model_config = ConfigDict(extra="forbid")

    field_id: int
    op: FieldOp
    values: list[str] = Field(default_factory=list, max_length=1000)

    @model_validator(mode="after")
    def _values_for_op(self) -> Self:
        if self.op not in ("empty", "not_empty") and not self.values:
            raise ValueError(f"operator {self.op!r} needs at least one value")
        return self


class SortKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: SortName
    field_id: int | None = None  # the custom field, for key "custom_field"
    descending: bool = False

    @model_validator(mode="after")
    def _field_for_custom_field(self) -> Self:
        if (self.key == "custom_field") != (self.field_id is not None):
            raise ValueError("field_id is given with, and only with, key 'custom_field'")
        return self


class TextRange(BaseModel):
    """Case-insensitive prefix bounds: ``start`` keeps values from that prefix on, ``end``
    keeps values up to and including those starting with it; either may be open."""

    model_config = ConfigDict(extra="forbid")

    start: str | None = Field(default=None, min_length=1, max_length=191)
    end: str | None = Field(default=None, min_length=1, max_length=191)


class RangeCriteria(BaseModel):
    """Filters by id range, requester login (exact list or prefix range), free-text keyword
    in title or description, source, due day, and (help desk, level) pairs."""

    model_config = ConfigDict(extra="forbid")

    first_id: int | None = Field(default=None, ge=0, le=MAX_DB_ID)
    last_id: int | None = Field(default=None, ge=0, le=MAX_DB_ID)
    requester_logins: list[str] | None = Field(default=None, max_length=1000)
    requester_login_range: TextRange | None = None
    keyword: str | None = Field(default=None, min_length=1, max_length=500)
    source_ids: Ids = None
    due: Window | None = None
    helpdesk_levels: list[tuple[int, int]] | None = Field(default=None, max_length=1000)


def _default_sort() -> list[SortKey]:
    return [SortKey(key="created", descending=True)]


class TicketCriteria(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: Ids = None
    # Text patterns (see the module docstring) and their exact, case-sensitive variants.
    numbers: Patterns = None
    titles: Patterns = None
    company_codes: Patterns = None  # Company.code or extra["znuny.customer_id"]
    company_codes_exact: Patterns = None
    requester_logins: Patterns = None  # the requester's login or e-mail
    requester_logins_exact: Patterns = None
    # Current values.
    status_ids: Ids = None
    priority_ids: Ids = None
    type_ids: Ids = None
    category_ids: Ids = None
    sla_ids: Ids = None
    helpdesk_ids: Ids = None
    include_sub_helpdesks: bool = False
    owner_ids: Ids = None
    responsible_ids: Ids = None
    creator_ids: Ids = None
    requester_ids: Ids = None
    participant_user_ids: Ids = None
    locked: list[bool] | None = None
    # The customer's current sentiment (InvGate incidents.by.sentiment lists requests by how
    # the customer feels now, not how they felt when they wrote in).
    sentiments: list[Sentiment] | None = Field(default=None, max_length=3)
    # Values the ticket had when it was created.
    created_status_ids: Ids = None
    created_priority_ids: Ids = None
    created_type_ids: Ids = None
    created_helpdesk_ids: Ids = None
    # Time windows.
    created: Window | None = None
    updated: Window | None = None
    closed: Window | None = None
    pending: Window | None = None
    escalation: Window | None = None  # the earliest of the three SLA targets
    escalation_response: Window | None = None
    escalation_update: Window | None = None
    escalation_solution: Window | None = None
    comment_created: Window | None = None
    changed: Window | None = None  # any history event
    # Comments and attachments.
    comment_text: dict[CommentPart, str] | None = None
    comment_text_mode: Literal["AND", "OR"] = "AND"
    comment_public_only: bool = False
    attachment_names: Patterns = None
    custom_fields: list[FieldCondition] | None = Field(default=None, max_length=100)
    # Ranges and plain filters (ReadyDesk get_tickets; SQL in ``criteria_ranges``).
    ranges: RangeCriteria | None = None
    # Then the ticket id, in the last key's direction; an empty list means the default.
    sort: list[SortKey] = Field(default_factory=_default_sort, max_length=20)
    limit: int = Field(default=500, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=10_000_000)
