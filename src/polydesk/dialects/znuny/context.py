"""What every operation gets: the unit of work, the run-time resources, its own name and
configuration, and the caller's address (sessions remember it)."""

from __future__ import annotations

from dataclasses import dataclass

from polydesk.db import Session
from polydesk.runtime import Runtime
from polydesk.webservices.config import OperationConfig


@dataclass(frozen=True)
class Context:
    session: Session
    runtime: Runtime
    operation: str  # the configured name, e.g. TicketGetList (error codes use the type's name)
    config: OperationConfig
    remote_addr: str
    user_agent: str = ""  # the request's User-Agent header (a new session keeps it)
