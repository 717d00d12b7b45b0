"""Native API request bodies for changing the directory (``routes/admin_directory``): the core
commands, guarded like those in ``bodies``. In an update, a field left out stays as it is;
``null`` clears only an optional reference (a parent, a manager, an SLA) and is refused for
everything else."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from polydesk.api.v1.bodies import LevelName
from polydesk.api.v1.inputs import Guarded, Id, refuse_null
from polydesk.companies.changes import CompanyUpdate
from polydesk.groups.service import GroupUpdate
from polydesk.helpdesks.service import HelpdeskUpdate


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class GroupUpdateBody(Guarded, GroupUpdate):
    """Changes to a group (``GroupUpdate``); ``"parent_id": null`` makes it a top-level one."""

    model_config = _examples(
        {"name": "Second line", "description": "Escalations", "parent_id": 1},
        {"is_enabled": False},
    )

    parent_id: Id | None = None

    _not_null = refuse_null("name", "description", "email", "is_enabled")


class HelpdeskUpdateBody(Guarded, HelpdeskUpdate):
    """Changes to a help desk (``HelpdeskUpdate``): ``levels`` is the whole list of level names,
    level 1 first; ``"sla_id": null`` removes its SLA, ``"parent_id": null`` its parent,
    ``"default_owner_id": null`` its default owner."""

    model_config = _examples(
        {"name": "Payroll", "levels": ["Front desk", "Specialists"], "sla_id": 1},
        {"assignment_engine": "round_robin", "sla_id": None},
    )

    parent_id: Id | None = None
    sla_id: Id | None = None
    default_owner_id: Id | None = None
    levels: list[LevelName] | None = Field(default=None, min_length=1, max_length=20)

    _not_null = refuse_null(
        "name", "description", "email", "assignment_engine", "is_enabled", "levels"
    )


class CompanyUpdateBody(Guarded, CompanyUpdate):
    """Changes to a company (``CompanyUpdate``); ``null`` clears ``parent_id`` and
    ``manager_id``."""

    model_config = _examples(
        {"name": "Initech", "city": "Austin", "manager_id": 2},
        {"parent_id": None, "is_enabled": False},
    )

    parent_id: Id | None = None
    manager_id: Id | None = None

    _not_null = refuse_null(
        *(name for name in CompanyUpdate.model_fields if name not in ("parent_id", "manager_id"))
    )


class OutOfOfficeBody(Guarded):
    """A user's out-of-office window (``users.service.set_out_of_office``). Off clears it; on
    with a start sets start and end (no end: open-ended); on without a start keeps a window
    already set, or opens one today."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"enabled": True, "start": "2025-08-04", "end": "2025-08-15"},
                {"enabled": False},
            ]
        },
    )

    enabled: bool
    start: date | None = None
    end: date | None = None


class HelpdeskMemberBody(Guarded):
    """A help desk member's access: read-write (the default) or read-only; ``level``: the
    support level they work at (left out: kept, 1 for a new member)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"writable": True}, {"writable": False, "level": 2}]},
    )

    writable: bool = True
    level: int | None = Field(default=None, ge=1, le=20)
