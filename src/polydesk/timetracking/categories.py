"""Time tracking categories: what time is spent on, in a tree, each with a cost per hour
(InvGate ``timetracking.attributes.category``). Admins define them; agents read them and
name one when they log time (``TimeEntry.category`` keeps its id as text)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.models.timetracking import TimeCategory

MAX_LISTED = 1000


class TimeCategoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=150)
    parent_id: int | None = Field(default=None, ge=1)
    cost_per_hour: float | None = Field(default=None, ge=0, lt=1e12)


def create_time_category(session: Session, actor: Actor, cmd: TimeCategoryCreate) -> TimeCategory:
    require_admin(actor)
    if cmd.parent_id is not None and session.get(TimeCategory, cmd.parent_id) is None:
        raise not_found("time_category", cmd.parent_id)
    category = TimeCategory(**cmd.model_dump())
    session.add(category)
    session.flush()
    return category


def list_time_categories(
    session: Session, actor: Actor, *, category_id: int | None = None
) -> list[TimeCategory]:
    """Every category by id (at most ``MAX_LISTED``), or the one asked for (not found: an
    error, as for any id that names nothing)."""
    require_agent(actor)
    if category_id is not None:
        return [require_time_category(session, category_id)]
    query = select(TimeCategory).order_by(TimeCategory.id).limit(MAX_LISTED)
    return list(session.scalars(query))


def require_time_category(session: Session, category_id: int) -> TimeCategory:
    category = session.get(TimeCategory, category_id)
    if category is None:
        raise not_found("time_category", category_id)
    return category
