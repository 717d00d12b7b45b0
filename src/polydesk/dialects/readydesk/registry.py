"""The action table. Each module named in MODULES (under ``ops/``) defines
``ACTIONS: dict[str, Action]``; they are merged once, on first use. To add actions, create a
module and add its name here (one line)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.wire import Reply

Action = Callable[[Context], Reply]

MODULES: tuple[str, ...] = (
    "tickets",
    "ticket_writes",
    "ticket_parts",
    "customers",
    "techs",
    "companies",
    "groups",
    "billing",
    "time",
    "kb",
    "schedules",
    "assets",
)


@cache
def actions() -> dict[str, Action]:
    table: dict[str, Action] = {}
    for name in MODULES:
        module = importlib.import_module(f"polydesk.dialects.readydesk.ops.{name}")
        found: dict[str, Action] = module.ACTIONS
        table.update(found)
    return table
