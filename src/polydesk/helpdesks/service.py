"""Help desk use cases: create, change, get, list.

Changing a help desk (``update_helpdesk``, admins only): names stay unique case-insensitively
(``helpdesk.name_taken``); a parent must exist and not be the help desk or one below it
(``helpdesk.parent_cycle``); ``levels`` is the whole list of level names in order (level 1
first): levels are renamed in place and added at the end, and a level past the new end is
dropped only when no ticket and no member is at it (``helpdesk.level_in_use``). Reference data:
no ticket history is written. Members: ``helpdesks.members``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor, Role
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.hierarchy import is_below
from polydesk.db.listing import paged
from polydesk.db.names import name_in_use, names_by_id
from polydesk.models.catalogs import Source
from polydesk.models.helpdesks import (
    AssignmentEngine,
    Helpdesk,
    HelpdeskLevel,
    HelpdeskMember,
    Sla,
)
from polydesk.models.tickets import Ticket
from polydesk.models.users import User


class HelpdeskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=191)
    description: str = Field(default="", max_length=1000)
    email: str = Field(default="", max_length=254)
    parent_id: int | None = None
    sla_id: int | None = None
    assignment_engine: AssignmentEngine = AssignmentEngine.MANUAL
    default_owner_id: int | None = None  # Integria group default user: owns new tickets
    levels: list[str] = Field(default_factory=lambda: ["Level 1"], max_length=20)
    source_ids: list[int] = Field(default_factory=list, max_length=100)  # empty: every source


def create_helpdesk(session: Session, actor: Actor, cmd: HelpdeskCreate) -> Helpdesk:
    require_admin(actor)
    if name_in_use(session, Helpdesk.id, Helpdesk.name, cmd.name):
        raise Conflict("helpdesk.name_taken", f"help desk {cmd.name!r} already exists")
    if cmd.parent_id is not None:
        require_helpdesk(session, cmd.parent_id)
    _check_sla(session, cmd.sla_id)
    _check_default_owner(session, cmd.default_owner_id)
    _check_sources(session, cmd.source_ids)
    _check_level_names(cmd.levels)  # as a change does: the column holds 150 characters
    helpdesk = Helpdesk(**cmd.model_dump(exclude={"levels", "source_ids"}))
    helpdesk.source_ids = list(dict.fromkeys(cmd.source_ids))
    session.add(helpdesk)
    session.flush()
    for number, name in enumerate(cmd.levels, start=1):
        session.add(HelpdeskLevel(helpdesk_id=helpdesk.id, level=number, name=name))
    session.flush()
    return helpdesk


class HelpdeskUpdate(BaseModel):
    """Only the fields given change; ``None`` leaves a field as is, except ``parent_id``, where a
    given ``None`` makes the help desk a top-level one, ``sla_id``, where it removes the SLA, and
    ``default_owner_id``, where it removes the default owner."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=191)
    description: str | None = Field(default=None, max_length=1000)
    email: str | None = Field(default=None, max_length=254)
    parent_id: int | None = None
    sla_id: int | None = None  # a given None: no SLA
    assignment_engine: AssignmentEngine | None = None
    default_owner_id: int | None = None  # a given None: no default owner
    is_enabled: bool | None = None
    levels: list[str] | None = Field(default=None, min_length=1, max_length=20)
    source_ids: list[int] | None = Field(default=None, max_length=100)  # replaces; [] = every


def update_helpdesk(
    session: Session, actor: Actor, helpdesk_id: int, cmd: HelpdeskUpdate
) -> Helpdesk:
    """Change the given fields of a help desk (see the module docstring for the rules)."""
    require_admin(actor)
    helpdesk = require_helpdesk(session, helpdesk_id)
    nullable = {"levels", "parent_id", "sla_id", "default_owner_id"}
    changes = cmd.model_dump(exclude_unset=True, exclude=nullable)
    changes = {key: value for key, value in changes.items() if value is not None}
    name = changes.get("name")
    if name is not None and name != helpdesk.name:
        _check_name_free(session, name, helpdesk.id)
    if "parent_id" in cmd.model_fields_set:
        _check_parent(session, helpdesk, cmd.parent_id)
        changes["parent_id"] = cmd.parent_id
    if "sla_id" in cmd.model_fields_set:
        _check_sla(session, cmd.sla_id)
        changes["sla_id"] = cmd.sla_id
    if "default_owner_id" in cmd.model_fields_set:
        _check_default_owner(session, cmd.default_owner_id)
        changes["default_owner_id"] = cmd.default_owner_id
    if cmd.levels is not None:
        _set_levels(session, helpdesk, cmd.levels)
    if "source_ids" in changes:
        _check_sources(session, changes["source_ids"])
        changes["source_ids"] = list(dict.fromkeys(changes["source_ids"]))
    for key, value in changes.items():
        setattr(helpdesk, key, value)
    session.flush()
    return helpdesk


def _check_sources(session: Session, source_ids: list[int]) -> None:
    """The sources a help desk works (ReadyDesk tech group ``sources``) must exist."""
    wanted = set(source_ids)
    found = (
        set(session.scalars(select(Source.id).where(Source.id.in_(wanted)))) if wanted else set()
    )
    for missing in sorted(wanted - found):
        raise not_found("source", missing)


def _check_sla(session: Session, sla_id: int | None) -> None:
    if sla_id is not None and session.get(Sla, sla_id) is None:
        raise not_found("sla", sla_id)


def _check_default_owner(session: Session, user_id: int | None) -> None:
    """A default owner is an enabled agent or admin (membership is not required: Integria's
    default user is often the admin)."""
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    if user.role is Role.CUSTOMER or not user.is_enabled:
        raise ValidationFailed(
            "helpdesk.default_owner_not_agent", f"user {user_id} is not an active agent"
        )


def _check_name_free(session: Session, name: str, own_id: int) -> None:
    if name_in_use(session, Helpdesk.id, Helpdesk.name, name, own_id=own_id):
        raise Conflict("helpdesk.name_taken", f"help desk {name!r} already exists")


def _check_parent(session: Session, helpdesk: Helpdesk, parent_id: int | None) -> None:
    if parent_id is None:
        return
    require_helpdesk(session, parent_id)
    if is_below(session, Helpdesk.id, Helpdesk.parent_id, helpdesk.id, parent_id):
        raise ValidationFailed(
            "helpdesk.parent_cycle",
            f"help desk {helpdesk.name!r} cannot be below itself",
            id=helpdesk.id,
            parent_id=parent_id,
        )


def _check_level_names(names: list[str]) -> None:
    for name in names:
        if not name.strip() or len(name) > 150:
            raise ValidationFailed(
                "helpdesk.invalid_level", "a level name has 1 to 150 characters", name=name
            )


def _set_levels(session: Session, helpdesk: Helpdesk, names: list[str]) -> None:
    """Level n is named ``names[n - 1]``; levels past the end go if nothing is at them."""
    _check_level_names(names)
    top = len(names)
    _check_levels_unused(session, helpdesk, top)
    existing = {row.level: row for row in list_levels(session, helpdesk.id)}
    session.execute(
        delete(HelpdeskLevel).where(
            HelpdeskLevel.helpdesk_id == helpdesk.id, HelpdeskLevel.level > top
        ),
        execution_options={"synchronize_session": "fetch"},
    )
    for number, name in enumerate(names, start=1):
        row = existing.get(number)
        if row is None:
            session.add(HelpdeskLevel(helpdesk_id=helpdesk.id, level=number, name=name))
        else:
            row.name = name


def _check_levels_unused(session: Session, helpdesk: Helpdesk, top: int) -> None:
    tickets = select(Ticket.level).where(Ticket.helpdesk_id == helpdesk.id, Ticket.level > top)
    members = select(HelpdeskMember.level).where(
        HelpdeskMember.helpdesk_id == helpdesk.id, HelpdeskMember.level > top
    )
    for what, query in (("tickets", tickets), ("members", members)):
        level = session.scalars(query.limit(1)).first()
        if level is not None:
            raise Conflict(
                "helpdesk.level_in_use",
                f"level {level} of help desk {helpdesk.name!r} has {what}: it cannot be dropped",
                id=helpdesk.id,
                level=level,
            )


def require_helpdesk(session: Session, helpdesk_id: int) -> Helpdesk:
    helpdesk = session.get(Helpdesk, helpdesk_id)
    if helpdesk is None:
        raise not_found("helpdesk", helpdesk_id)
    return helpdesk


def require_visible_helpdesk(session: Session, actor: Actor, helpdesk_id: int) -> Helpdesk:
    """A help desk as ``list_helpdesks`` shows it: a disabled one only to admins."""
    helpdesk = session.get(Helpdesk, helpdesk_id)
    if helpdesk is None or not (helpdesk.is_enabled or actor.is_admin):
        raise not_found("helpdesk", helpdesk_id)
    return helpdesk


def get_helpdesk_by_name(session: Session, name: str) -> Helpdesk | None:
    return session.scalars(
        select(Helpdesk).where(func.lower(Helpdesk.name) == name.lower())
    ).first()


def list_helpdesks(session: Session, actor: Actor, page: PageRequest) -> Page[Helpdesk]:
    """Every enabled help desk: customers need the names to pick where to file a ticket."""
    query = select(Helpdesk)
    if not actor.is_admin:
        query = query.where(Helpdesk.is_enabled)
    return paged(session, query, page, Helpdesk.name, Helpdesk.id)


def list_levels(session: Session, helpdesk_id: int) -> list[HelpdeskLevel]:
    query = select(HelpdeskLevel).where(HelpdeskLevel.helpdesk_id == helpdesk_id)
    return list(session.scalars(query.order_by(HelpdeskLevel.level)).all())


def helpdesk_names(session: Session, helpdesk_ids: Iterable[int]) -> dict[int, str]:
    return names_by_id(session, Helpdesk, helpdesk_ids)


def get_helpdesk(session: Session, helpdesk_id: int) -> Helpdesk | None:
    return session.get(Helpdesk, helpdesk_id)


def get_sla(session: Session, sla_id: int) -> Sla | None:
    return session.get(Sla, sla_id)


def get_sla_by_name(session: Session, name: str) -> Sla | None:
    return session.scalars(select(Sla).where(func.lower(Sla.name) == name.lower())).first()


def sla_names(session: Session, sla_ids: Iterable[int]) -> dict[int, str]:
    return names_by_id(session, Sla, sla_ids)
