"""Fresh-install catalogs of the core and the product codes of each dialect. Pure data.

The core catalogs are the union of what the five products ship, so that every distinct status
(priority, type, ...) of every product has its own core row and survives a round trip through
the core. Where two products mean the same thing they share one row (InvGate "Solved", Motadata
"Resolved" and Integria "Pending to be closed" are all core "Resolved").

``DIALECT_CODES`` holds, per dialect, one ``CodeDefault`` per (product code, core row) pair:

* ``accepts`` rows translate a code the product sends into a core row; every product code has
  exactly one. Every seeded accepts row also renders, so each product code round-trips
  (code -> core row -> same code).
* ``renders`` rows pick the code shown for a core row; every core row of a kind the product has
  gets exactly one. A core row the product lacks renders as the product's nearest code through
  a renders-only row (``accepts=False``).

Codes are what the product puts on the wire: numeric ids for Integria, InvGate and Znuny (the
label is the product's name for it; Znuny's GI accepts either ``StateID`` or ``State``, so a
dialect may also look a code up by label), names for Motadata and ReadyDesk.

Kinds a product does not have on a fresh install get no rows for that product:
Integria has no impact, urgency, source or category catalog, and no ticket types on a fresh
install (``id_incident_type`` 0 = none); InvGate has no impact or urgency, and its categories
(like Znuny services) are instance data with no fresh-install codes, so those dialects show
core category ids and names directly; Motadata's v1 API carries no type or source; ReadyDesk
has no type, impact or urgency; Znuny has no impact, urgency, source (the channel is per
article) or category (services are empty on a fresh install).

Category rows refer to their core row by path, parent and child joined by
``CATEGORY_PATH_SEPARATOR`` ("Incident/Hardware").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from polydesk.models.catalogs import StatusCategory

KINDS: Final = (
    "status",
    "priority",
    "impact",
    "urgency",
    "type",
    "source",
    "close_reason",
    "category",
)
DIALECTS: Final = ("integria", "invgate", "motadata", "readydesk", "znuny")
CATEGORY_PATH_SEPARATOR: Final = "/"


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemDefault:
    """One row of a flat catalog (every catalog but categories)."""

    name: str
    position: int
    description: str = ""
    is_default: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusDefault(ItemDefault):
    category: StatusCategory


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorityDefault(ItemDefault):
    color: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryDefault:
    """One node of the category tree; ``parent`` is the parent's name (roots only)."""

    name: str
    position: int
    parent: str | None = None
    description: str = ""

    @property
    def path(self) -> str:
        if self.parent is None:
            return self.name
        return f"{self.parent}{CATEGORY_PATH_SEPARATOR}{self.name}"


@dataclass(frozen=True, slots=True)
class CodeDefault:
    """A product code and the core row it stands for (by name; categories by path)."""

    kind: str
    code: str
    label: str
    core: str
    accepts: bool = True
    renders: bool = True


_NEW, _OPEN, _WAITING = StatusCategory.NEW, StatusCategory.OPEN, StatusCategory.WAITING
_RESOLVED, _CLOSED = StatusCategory.RESOLVED, StatusCategory.CLOSED
_CANCELLED = StatusCategory.CANCELLED

STATUSES: Final[tuple[StatusDefault, ...]] = (
    StatusDefault(name="New", category=_NEW, position=10, is_default=True,
                  description="Just created; nobody has looked at it yet."),
    StatusDefault(name="Unconfirmed", category=_NEW, position=20,
                  description="Received, not yet confirmed as a real issue."),
    StatusDefault(name="Assigned", category=_OPEN, position=30,
                  description="An agent owns it and will work on it."),
    StatusDefault(name="Open", category=_OPEN, position=40, description="Being worked on."),
    StatusDefault(name="In progress", category=_OPEN, position=50,
                  description="An agent is actively working on it."),
    StatusDefault(name="Reopened", category=_OPEN, position=60,
                  description="Came back after being resolved or closed."),
    StatusDefault(name="Pending", category=_WAITING, position=70,
                  description="Paused; the reason is not recorded."),
    StatusDefault(name="On hold", category=_WAITING, position=80,
                  description="Waiting for what the ticket names: customer, agent, a date, an "
                              "external entity or another ticket."),
    StatusDefault(name="Waiting for customer", category=_WAITING, position=90,
                  description="The requester has to answer."),
    StatusDefault(name="Waiting for agent", category=_WAITING, position=100,
                  description="The assigned agent has to act."),
    StatusDefault(name="Waiting for approval", category=_WAITING, position=110,
                  description="An approval is pending."),
    StatusDefault(name="Waiting for third party", category=_WAITING, position=120,
                  description="Someone outside the help desk has to act."),
    StatusDefault(name="Pending reminder", category=_WAITING, position=130,
                  description="Paused until the pending time, then the owner is reminded."),
    StatusDefault(name="Pending auto close+", category=_WAITING, position=140,
                  description="Becomes Closed when the pending time passes."),
    StatusDefault(name="Pending auto close-", category=_WAITING, position=150,
                  description="Becomes Closed unsuccessful when the pending time passes."),
    StatusDefault(name="Resolved", category=_RESOLVED, position=160,
                  description="A solution was given; the requester may still reject it."),
    StatusDefault(name="Closed", category=_CLOSED, position=170,
                  description="Finished with a solution."),
    StatusDefault(name="Closed unsuccessful", category=_CANCELLED, position=180,
                  description="Finished without a solution."),
    StatusDefault(name="Rejected", category=_CANCELLED, position=190,
                  description="The help desk declined the request."),
    StatusDefault(name="Cancelled", category=_CANCELLED, position=200,
                  description="Withdrawn before it was solved."),
    StatusDefault(name="Merged", category=_CANCELLED, position=210,
                  description="Merged into another ticket."),
    StatusDefault(name="Removed", category=_CANCELLED, position=220,
                  description="Removed (spam, junk); kept for the record."),
)  # fmt: skip

PRIORITIES: Final[tuple[PriorityDefault, ...]] = (
    PriorityDefault(name="Maintenance", position=10, color="#9e9e9e",
                    description="Planned work, no user waits for it."),
    PriorityDefault(name="Very low", position=20, color="#90caf9",
                    description="Informative; no action expected soon."),
    PriorityDefault(name="Low", position=30, color="#66bb6a"),
    PriorityDefault(name="Normal", position=40, color="#fdd835", is_default=True),
    PriorityDefault(name="High", position=50, color="#fb8c00"),
    PriorityDefault(name="Urgent", position=60, color="#e53935"),
    PriorityDefault(name="Critical", position=70, color="#8e24aa",
                    description="Business-stopping; drop everything."),
)  # fmt: skip

IMPACTS: Final[tuple[ItemDefault, ...]] = (
    ItemDefault(name="Low", position=10, is_default=True),
    ItemDefault(name="On user", position=20, description="Affects one user."),
    ItemDefault(name="On department", position=30, description="Affects a department."),
    ItemDefault(name="On business", position=40, description="Affects the whole business."),
)

URGENCIES: Final[tuple[ItemDefault, ...]] = (
    ItemDefault(name="Low", position=10, is_default=True),
    ItemDefault(name="Medium", position=20),
    ItemDefault(name="High", position=30),
    ItemDefault(name="Urgent", position=40),
)

TICKET_TYPES: Final[tuple[ItemDefault, ...]] = (
    ItemDefault(name="Unclassified", position=10, is_default=True),
    ItemDefault(name="Incident", position=20, description="Something is broken."),
    ItemDefault(name="Service request", position=30, description="Something is wanted."),
    ItemDefault(name="Question", position=40),
    ItemDefault(name="Problem", position=50, description="The cause of one or more incidents."),
    ItemDefault(name="Change", position=60),
    ItemDefault(name="Major incident", position=70),
)

SOURCES: Final[tuple[ItemDefault, ...]] = (
    ItemDefault(name="Web", position=10, is_default=True, description="Web portal or UI."),
    ItemDefault(name="E-mail", position=20),
    ItemDefault(name="Phone", position=30),
    ItemDefault(name="In person", position=40),
    ItemDefault(name="Instant message", position=50),
    ItemDefault(name="Chat", position=60, description="Chat embedded in the portal."),
    ItemDefault(name="Microsoft Teams", position=70),
    ItemDefault(name="WhatsApp", position=80),
    ItemDefault(name="Mobile app", position=90),
    ItemDefault(name="API", position=100),
    ItemDefault(name="MCP", position=110, description="An AI agent via MCP."),
    ItemDefault(name="Agent", position=120, description="Entered by an agent for the requester."),
    ItemDefault(name="Scheduled", position=130, description="Created by a schedule."),
    ItemDefault(name="Workflow", position=140, description="Created by a workflow."),
    ItemDefault(name="Imported", position=150),
)

# No default: a ticket has no close reason until it is closed.
CLOSE_REASONS: Final[tuple[ItemDefault, ...]] = (
    ItemDefault(name="Fixed", position=10),
    ItemDefault(name="Works for me", position=20),
    ItemDefault(name="Solution accepted", position=30),
    ItemDefault(name="Solution expired", position=40,
                description="The requester did not answer the solution in time."),
    ItemDefault(name="Customer timeout", position=50,
                description="The requester did not answer while the ticket waited for them."),
    ItemDefault(name="Workflow finished", position=60),
    ItemDefault(name="Duplicate", position=70),
    ItemDefault(name="Moved", position=80),
    ItemDefault(name="In process", position=90),
    ItemDefault(name="Incomplete", position=100),
    ItemDefault(name="Expired", position=110),
    ItemDefault(name="Invalid", position=120),
    ItemDefault(name="Won't fix", position=130),
)  # fmt: skip

CATEGORIES: Final[tuple[CategoryDefault, ...]] = (
    CategoryDefault(name="Service Request", position=10),
    CategoryDefault(name="Access request", position=10, parent="Service Request"),
    CategoryDefault(name="New equipment", position=20, parent="Service Request"),
    CategoryDefault(name="Incident", position=20),
    CategoryDefault(name="Hardware", position=10, parent="Incident"),
    CategoryDefault(name="Software", position=20, parent="Incident"),
    CategoryDefault(name="Other", position=30),
)

ITEM_DEFAULTS: Final[Mapping[str, tuple[ItemDefault, ...]]] = MappingProxyType(
    {
        "status": STATUSES,
        "priority": PRIORITIES,
        "impact": IMPACTS,
        "urgency": URGENCIES,
        "type": TICKET_TYPES,
        "source": SOURCES,
        "close_reason": CLOSE_REASONS,
    }
)


def _pairs(kind: str, *rows: tuple[str, str, str]) -> tuple[CodeDefault, ...]:
    """Codes that accept and render: (code, product label, core name)."""
    return tuple(CodeDefault(kind, code, label, core) for code, label, core in rows)


def _named(kind: str, *rows: tuple[str, str]) -> tuple[CodeDefault, ...]:
    """Codes that are names (label = code): (product name, core name)."""
    return tuple(CodeDefault(kind, name, name, core) for name, core in rows)


def _nearest(kind: str, code: str, label: str, *cores: str) -> tuple[CodeDefault, ...]:
    """Renders-only rows: core rows the product lacks, shown as its nearest code."""
    return tuple(CodeDefault(kind, code, label, core, accepts=False) for core in cores)


_CLOSED_BUT_UNSOLVED = ("Closed unsuccessful", "Rejected", "Cancelled", "Merged", "Removed")
_SR, _INC = "Service Request", "Incident"
_SR_CHILDREN = (f"{_SR}/Access request", f"{_SR}/New equipment")
_INC_CHILDREN = (f"{_INC}/Hardware", f"{_INC}/Software")

# Integria IMS: specs/integria-api.md §5.2 statuses (tincident_status), §5.4 priorities (fixed in
# code, listed lowest to highest), §5.3 resolutions (tincident_resolution). 0 = none everywhere.
_INTEGRIA: Final = (
    *_pairs(
        "status",
        ("1", "New", "New"),
        ("2", "Unconfirmed", "Unconfirmed"),
        ("3", "Assigned", "Assigned"),
        ("4", "Re-opened", "Reopened"),
        ("5", "Pending to be closed", "Resolved"),  # constant VERIFIED
        ("6", "Pending on a third person", "Waiting for third party"),
        ("7", "Closed", "Closed"),
    ),
    *_nearest("status", "3", "Assigned", "Open", "In progress"),
    *_nearest(
        "status", "6", "Pending on a third person",
        "Pending", "On hold", "Waiting for customer", "Waiting for agent",
        "Waiting for approval", "Pending reminder", "Pending auto close+", "Pending auto close-",
    ),
    *_nearest("status", "7", "Closed", *_CLOSED_BUT_UNSOLVED),
    *_pairs(
        "priority",
        ("10", "Maintenance", "Maintenance"),
        ("0", "Informative", "Very low"),
        ("1", "Low", "Low"),
        ("2", "Medium", "Normal"),
        ("3", "Serious", "High"),
        ("4", "Very serious", "Urgent"),
    ),
    *_nearest("priority", "4", "Very serious", "Critical"),
    *_pairs(
        "close_reason",
        ("1", "Fixed", "Fixed"),
        ("2", "Invalid", "Invalid"),
        ("3", "Wont fix", "Won't fix"),
        ("4", "Duplicate", "Duplicate"),
        ("5", "Works for me", "Works for me"),
        ("6", "Incomplete", "Incomplete"),
        ("7", "Expired", "Expired"),
        ("8", "Moved", "Moved"),
        ("9", "In process", "In process"),
    ),
    *_nearest("close_reason", "1", "Fixed", "Solution accepted", "Solution expired",
              "Workflow finished"),
    *_nearest("close_reason", "6", "Incomplete", "Customer timeout"),
)  # fmt: skip

# InvGate Service Management: specs/invgate-api.md §3.2 and §5.2 [62] priority, [63] source
# (live-instance ids, unverified), [64] status (live-instance ids), [65] type; closed_reason from
# §5.1 [50] get_request. Categories are instance data: the dialect shows core category ids.
_INVGATE: Final = (
    *_pairs(
        "status",
        ("1", "New", "New"),
        ("2", "Open", "Open"),
        ("3", "Pending", "Pending"),
        ("4", "On hold", "On hold"),
        ("5", "Solved", "Resolved"),
        ("6", "Closed", "Closed"),
        ("7", "Rejected", "Rejected"),
        ("8", "Cancelled", "Cancelled"),
    ),
    *_nearest("status", "1", "New", "Unconfirmed"),
    *_nearest("status", "2", "Open", "Assigned", "In progress", "Reopened"),
    *_nearest("status", "3", "Pending", "Waiting for approval"),
    *_nearest(
        "status", "4", "On hold",
        "Waiting for customer", "Waiting for agent", "Waiting for third party",
        "Pending reminder", "Pending auto close+", "Pending auto close-",
    ),
    *_nearest("status", "6", "Closed", "Closed unsuccessful", "Merged"),
    *_nearest("status", "8", "Cancelled", "Removed"),
    *_pairs(
        "priority",
        ("1", "Low", "Low"),
        ("2", "Medium", "Normal"),
        ("3", "High", "High"),
        ("4", "Urgent", "Urgent"),
        ("5", "Critical", "Critical"),
    ),
    *_nearest("priority", "1", "Low", "Maintenance", "Very low"),
    *_pairs(
        "type",
        ("1", "Incident", "Incident"),
        ("2", "Service Request", "Service request"),
        ("3", "Question", "Question"),
        ("4", "Problem", "Problem"),
        ("5", "Change", "Change"),
        ("6", "Major Incident", "Major incident"),
    ),
    *_nearest("type", "1", "Incident", "Unclassified"),
    *_pairs(
        "source",
        ("1", "Email", "E-mail"),
        ("2", "Web", "Web"),
        ("3", "Phone", "Phone"),
        ("4", "In person", "In person"),
        ("5", "IM", "Instant message"),
        ("6", "Scheduled", "Scheduled"),
        ("7", "Imported", "Imported"),
        ("8", "API", "API"),
        ("9", "MS Teams", "Microsoft Teams"),
        ("10", "WhatsApp", "WhatsApp"),
        ("11", "Workflow", "Workflow"),
        ("12", "Embedded chat", "Chat"),
        ("13", "Mobile app", "Mobile app"),
        ("14", "MCP", "MCP"),
    ),
    *_nearest("source", "2", "Web", "Agent"),
    *_pairs(
        "close_reason",
        ("1", "Solution accepted", "Solution accepted"),
        ("2", "Solution expired", "Solution expired"),
        ("3", "Customer timeout", "Customer timeout"),
        ("4", "Finalized workflow", "Workflow finished"),
    ),
    # InvGate gives a reason only for status Closed; the dialect renders null for other statuses.
    *_nearest(
        "close_reason", "1", "Solution accepted",
        "Fixed", "Works for me", "Duplicate", "Moved", "In process", "Invalid", "Won't fix",
    ),
    *_nearest("close_reason", "2", "Solution expired", "Expired"),
    *_nearest("close_reason", "3", "Customer timeout", "Incomplete"),
)  # fmt: skip

# Motadata ServiceOps (Flotomate v1): specs/seeds-002-003.md §A.3 (2)-(4) enums (impact,
# priority, urgency) and categories; statuses from the 2019 admin guide plus the later
# "Pending" (research note A2). The wire carries names, so the code is the name.
_MOTADATA: Final = (
    *_named(
        "status",
        ("Open", "Open"),
        ("In Progress", "In progress"),
        ("Pending", "Pending"),
        ("Pending On Requestor", "Waiting for customer"),
        ("Pending in Approval", "Waiting for approval"),
        ("Pending On Technician", "Waiting for agent"),
        ("Resolved", "Resolved"),
        ("Closed", "Closed"),
    ),
    *_nearest("status", "Open", "Open", "New", "Unconfirmed", "Assigned", "Reopened"),
    *_nearest(
        "status", "Pending", "Pending",
        "On hold", "Waiting for third party", "Pending reminder",
        "Pending auto close+", "Pending auto close-",
    ),
    *_nearest("status", "Closed", "Closed", *_CLOSED_BUT_UNSOLVED),
    *_pairs(
        "priority",
        ("LOW", "Low", "Low"),
        ("MEDIUM", "Medium", "Normal"),
        ("HIGH", "High", "High"),
        ("URGENT", "Urgent", "Urgent"),
    ),
    *_nearest("priority", "LOW", "Low", "Maintenance", "Very low"),
    *_nearest("priority", "URGENT", "Urgent", "Critical"),
    *_pairs(
        "urgency",
        ("LOW", "Low", "Low"),
        ("MEDIUM", "Medium", "Medium"),
        ("HIGH", "High", "High"),
        ("URGENT", "Urgent", "Urgent"),
    ),
    *_pairs(
        "impact",
        ("LOW", "Low", "Low"),
        ("ONUSER", "On User", "On user"),
        ("ONDEPARTMENT", "On Department", "On department"),
        ("ONBUSINESS", "On Business", "On business"),
    ),
    *_named("category", (_SR, _SR), (_INC, _INC)),
    *_nearest("category", _SR, _SR, "Other", *_SR_CHILDREN),
    *_nearest("category", _INC, _INC, *_INC_CHILDREN),
)  # fmt: skip

# ReadyDesk 9: specs/seeds-002-003.md §B.5 (example values: status "Open", source "Web Ticketing
# System", category "Other", empty priority). Its lists are admin-defined and the factory lists
# are unknown; the other names are our choice (research note B2). Codes are names.
_READYDESK: Final = (
    *_named(
        "status",
        ("Open", "Open"),
        ("In Progress", "In progress"),
        ("Pending", "Pending"),
        ("Closed", "Closed"),
    ),
    *_nearest("status", "Open", "Open", "New", "Unconfirmed", "Assigned", "Reopened"),
    *_nearest(
        "status", "Pending", "Pending",
        "On hold", "Waiting for customer", "Waiting for agent", "Waiting for approval",
        "Waiting for third party", "Pending reminder", "Pending auto close+",
        "Pending auto close-",
    ),
    *_nearest("status", "Closed", "Closed", "Resolved", *_CLOSED_BUT_UNSOLVED),
    *_named(
        "priority",
        ("Low", "Low"),
        ("Medium", "Normal"),
        ("High", "High"),
        ("Urgent", "Urgent"),
    ),
    *_nearest("priority", "Low", "Low", "Maintenance", "Very low"),
    *_nearest("priority", "Urgent", "Urgent", "Critical"),
    *_named(
        "source",
        ("Web Ticketing System", "Web"),
        ("Email", "E-mail"),
        ("Phone", "Phone"),
        ("Live Chat", "Chat"),
        ("Technician", "Agent"),
    ),
    *_nearest("source", "Web Ticketing System", "Web Ticketing System",
              "API", "MCP", "Mobile app"),
    *_nearest("source", "Live Chat", "Live Chat", "Instant message", "Microsoft Teams",
              "WhatsApp"),
    *_nearest("source", "Technician", "Technician", "In person", "Scheduled", "Workflow",
              "Imported"),
    *_named("category", ("Other", "Other"), (_SR, _SR), (_INC, _INC)),
    *_nearest("category", _SR, _SR, *_SR_CHILDREN),
    *_nearest("category", _INC, _INC, *_INC_CHILDREN),
)  # fmt: skip

# Znuny / OTRS: specs/znuny-gi.md §7 (scripts/database/initial_insert.xml): ticket_state,
# ticket_priority, ticket_type. Codes are the fresh-install ids; labels are the names
# (the GI accepts State/Priority/Type names as well as ids).
_ZNUNY: Final = (
    *_pairs(
        "status",
        ("1", "new", "New"),
        ("2", "closed successful", "Closed"),
        ("3", "closed unsuccessful", "Closed unsuccessful"),
        ("4", "open", "Open"),
        ("5", "removed", "Removed"),
        ("6", "pending reminder", "Pending reminder"),
        ("7", "pending auto close+", "Pending auto close+"),
        ("8", "pending auto close-", "Pending auto close-"),
        ("9", "merged", "Merged"),
    ),
    *_nearest("status", "1", "new", "Unconfirmed"),
    *_nearest("status", "4", "open", "Assigned", "In progress", "Reopened"),
    *_nearest(
        "status", "6", "pending reminder",
        "Pending", "On hold", "Waiting for customer", "Waiting for agent",
        "Waiting for approval", "Waiting for third party",
    ),
    # A solved ticket is Znuny's classic "pending auto close+": it closes unless the customer
    # answers, and it stays in the default (viewable) searches.
    *_nearest("status", "7", "pending auto close+", "Resolved"),
    *_nearest("status", "3", "closed unsuccessful", "Rejected", "Cancelled"),
    *_pairs(
        "priority",
        ("1", "1 very low", "Very low"),
        ("2", "2 low", "Low"),
        ("3", "3 normal", "Normal"),
        ("4", "4 high", "High"),
        ("5", "5 very high", "Urgent"),
    ),
    *_nearest("priority", "1", "1 very low", "Maintenance"),
    *_nearest("priority", "5", "5 very high", "Critical"),
    *_pairs("type", ("1", "Unclassified", "Unclassified")),
    *_nearest(
        "type", "1", "Unclassified",
        "Incident", "Service request", "Question", "Problem", "Change", "Major incident",
    ),
)  # fmt: skip

DIALECT_CODES: Final[Mapping[str, tuple[CodeDefault, ...]]] = MappingProxyType(
    {
        "integria": _INTEGRIA,
        "invgate": _INVGATE,
        "motadata": _MOTADATA,
        "readydesk": _READYDESK,
        "znuny": _ZNUNY,
    }
)
