"""Who is acting. Built once per request/job from a user row; services take it as ``actor``."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    AGENT = "agent"
    CUSTOMER = "customer"


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
