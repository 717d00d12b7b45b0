"""Ticket search criteria (core schema family): the one ticket query language. Every edge's
ticket list or search is a ``TicketCriteria``, answered by one WHERE builder
(``criteria_query``): Znuny's TicketSearch, ReadyDesk, InvGate, saved views, and the native
list, whose ``TicketFilter`` is a thin typed front translated by ``TicketFilter.criteria()``.

Every given criterion narrows the result (AND); the values inside one list are alternatives.
``None`` means "no filter". An empty id list matches nothing, while an empty pattern list
filters nothing.

Text criteria (``numbers``, ``titles``, ``company_codes``, ``requester_logins``,
``attachment_names``) take ``Pattern`` values already parsed by the edge that read them: the
core has no pattern grammar of its own (Znuny's ``*`` / ``!`` syntax is parsed in
``dialects.znuny.patterns``). Positive patterns are ORed, negated ones ANDed ("none of
these"), and both groups must hold, so ``[a%, not ab%]`` reads "starts with a but not with ab".

Paging is not part of the criteria: the services take a ``core.pagination.PageRequest`` (its
hard cap included) beside them. The service entry points are ``tickets.service.list_tickets``
(keyset pages of tickets), ``search_ticket_ids`` and ``count_ticket_matches``.
"""

from __future__ import annotations

import re
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from polydesk.core.validation import AwareDatetime
from polydesk.models.catalogs import StatusCategory
from polydesk.models.tickets import Sentiment

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

#: Ids are 64-bit in the database; a larger number would fail in the driver, not here.
MAX_DB_ID = 2**63 - 1
#: The escape character of ``Pattern.text`` (and of the LIKE clauses built from it).
ESCAPE = "\\"
_LIKE_TOKEN = re.compile(r"\\[\\%_]|[%_]|[^\\%_]+|\\", re.DOTALL)


def like_literal(value: str) -> str:
    """``value`` in LIKE syntax, matching itself only: ``\\``, ``%`` and ``_`` escaped."""
    return value.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


class Pattern(BaseModel):
    """One text condition, parsed by the edge that read it.

    ``text`` is in SQL LIKE syntax: ``%`` stands for any run of characters, ``_`` for one,
    and ``\\`` makes the next ``%``, ``_`` or ``\\`` literal (``like_literal`` escapes a plain
    value; ``Pattern.equal`` builds an equality). Text without a wildcard is an equality.
    Case is ignored unless ``exact``: a case-sensitive equality, which takes no wildcards (LIKE
    ignores case on SQLite and not on PostgreSQL). A missing value reads as ``''``.
    ``negated``: the value must not match."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    negated: bool = False
    exact: bool = False

    @model_validator(mode="after")
    def _well_formed(self) -> Self:
        if ESCAPE in self._tokens():
            raise ValueError("a \\ in a pattern escapes the next %, _ or \\ only")
        if self.exact and self.wildcard:
            raise ValueError("an exact pattern has no wildcards")
        return self

    @classmethod
    def equal(cls, value: str, *, exact: bool = False, negated: bool = False) -> Pattern:
        return cls(text=like_literal(value), exact=exact, negated=negated)

    @property
    def wildcard(self) -> bool:
        """Has an unescaped ``%`` or ``_``: a LIKE, not an equality."""
        return any(token in ("%", "_") for token in self._tokens())

    @property
    def value(self) -> str:
        """The text with its escapes removed (what an equality compares)."""
        return "".join(token[1:] if token[0] == ESCAPE else token for token in self._tokens())

    def _tokens(self) -> list[str]:
        return _LIKE_TOKEN.findall(self.text)


Patterns = list[Pattern] | None


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
    in title or description, due day, and (help desk, level) pairs."""

    model_config = ConfigDict(extra="forbid")

    first_id: int | None = Field(default=None, ge=0, le=MAX_DB_ID)
    last_id: int | None = Field(default=None, ge=0, le=MAX_DB_ID)
    requester_logins: list[str] | None = Field(default=None, max_length=1000)
    requester_login_range: TextRange | None = None
    keyword: str | None = Field(default=None, min_length=1, max_length=500)
    due: Window | None = None
    helpdesk_levels: list[tuple[int, int]] | None = Field(default=None, max_length=1000)


def _default_sort() -> list[SortKey]:
    return [SortKey(key="created", descending=True)]


class TicketCriteria(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: Ids = None
    # Text patterns (see ``Pattern``).
    numbers: Patterns = None
    titles: Patterns = None
    company_codes: Patterns = None  # Company.code or extra["znuny.customer_id"]
    requester_logins: Patterns = None  # the requester's login or e-mail
    # Current values.
    status_ids: Ids = None
    status_categories: list[StatusCategory] | None = None
    priority_ids: Ids = None
    type_ids: Ids = None
    category_ids: Ids = None
    source_ids: Ids = None
    sla_ids: Ids = None
    helpdesk_ids: Ids = None
    include_sub_helpdesks: bool = False
    owner_ids: Ids = None
    owned: bool | None = None  # False: no owner yet (the unassigned queue); True: has one
    responsible_ids: Ids = None
    creator_ids: Ids = None
    requester_ids: Ids = None
    company_ids: Ids = None
    parent_ids: Ids = None
    participant_user_ids: Ids = None
    locked: list[bool] | None = None
    spam: bool | None = None
    # The customer's current sentiment (InvGate incidents.by.sentiment lists requests by how
    # the customer feels now, not how they felt when they wrote in).
    sentiments: list[Sentiment] | None = Field(default=None, max_length=3)
    # Values the ticket had when it was created.
    created_status_ids: Ids = None
    created_priority_ids: Ids = None
    created_type_ids: Ids = None
    created_helpdesk_ids: Ids = None
    # Related rows.
    tags: list[str] | None = None  # has any of these tags
    inventory_ids: Ids = None  # linked to any of these inventory items
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
    fulltext: str | None = Field(default=None, max_length=500)  # the search index (``search``)
    comment_text: dict[CommentPart, str] | None = None
    comment_text_mode: Literal["AND", "OR"] = "AND"
    comment_public_only: bool = False
    attachment_names: Patterns = None
    custom_fields: list[FieldCondition] | None = Field(default=None, max_length=100)
    # Ranges and plain filters (ReadyDesk get_tickets; SQL in ``criteria_ranges``).
    ranges: RangeCriteria | None = None
    # Then the ticket id, in the last key's direction; an empty list means the default. (The
    # native list keeps its own keyset order: ``repository.order_and_seek``.)
    sort: list[SortKey] = Field(default_factory=_default_sort, max_length=20)
