"""Who is acting. Built once per request/job from a user row; services take it as ``actor``."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    AGENT = "agent"
    CUSTOMER = "customer"


class TicketScope(StrEnum):
    """Which tickets of its help desks an agent reads (ReadyDesk's tech ``viewable_tickets``).

    ``helpdesks``: every ticket of its help desks (ReadyDesk ``ALL``). ``own``: of its help
    desks' tickets only those it owns or nobody owns (ReadyDesk ``OWN``: "assigned to
    themself, their group or no one"). Either way an agent reads the tickets it owns, is
    responsible for, created, requested or participates in; admins read everything."""

    HELPDESKS = "helpdesks"
    OWN = "own"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    role: Role
    login: str = ""
    company_id: int | None = None
    #: Help desks the agent may read, and the subset it may change tickets in.
    helpdesk_ids: frozenset[int] = field(default_factory=frozenset)
    writable_helpdesk_ids: frozenset[int] = field(default_factory=frozenset)
    #: Customers: whether tickets of their company are visible too, not only their own.
    sees_company_tickets: bool = False
    #: Agents: all tickets of their help desks, or only the unowned and their own.
    ticket_scope: TicketScope = TicketScope.HELPDESKS
    #: Agents: help desks of ``helpdesk_ids`` that grant only tickets of some sources (the
    #: desk's ``source_ids``), as sorted (helpdesk id, source ids) pairs; absent: every source.
    helpdesk_sources: tuple[tuple[int, tuple[int, ...]], ...] = ()

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_agent(self) -> bool:
        return self.role in (Role.ADMIN, Role.AGENT)

    @property
    def is_customer(self) -> bool:
        return self.role is Role.CUSTOMER


#: Used by jobs, migrations and the CLI: acts with admin rights, records no user.
SYSTEM = Actor(user_id=None, role=Role.ADMIN, login="system")
