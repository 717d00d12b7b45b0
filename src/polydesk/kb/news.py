"""Breaking news: announcements of an outage or a maintenance shown to a help desk's users.

Decisions:
- Admin only (``require_admin`` first); flushed, never committed; the author is the acting
  user. InvGate's ``breakingnews`` operations write through these rules too (with the
  targets and updates of ``kb.news_board``).
- ``importance`` is one of low, normal, high, critical; ``status`` one of active (shown),
  resolved (over, still listed) and inactive (hidden). A news item may target one help desk
  (None: everyone) and a window (``starts_at`` .. ``ends_at``, aware datetimes, end not before
  start).
- News are found by title ignoring case; several news with one title are a
  ``breaking_news.title_ambiguous`` conflict for whoever names one by title.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.validation import changes_given
from polydesk.models.content import BreakingNews
from polydesk.models.helpdesks import Helpdesk

Importance = Literal["low", "normal", "high", "critical"]
NewsStatus = Literal["active", "resolved", "inactive"]


class BreakingNewsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=500)
    body: str = Field(default="", max_length=100_000)
    importance: Importance = "normal"
    status: NewsStatus = "active"
    helpdesk_id: int | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    resolution_time: AwareDatetime | None = None


class BreakingNewsUpdate(BaseModel):
    """Only the fields given change; ``helpdesk_id``, ``starts_at`` and ``ends_at`` given as
    None clear them."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=500)
    body: str | None = Field(default=None, max_length=100_000)
    importance: Importance | None = None
    status: NewsStatus | None = None
    helpdesk_id: int | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    resolution_time: AwareDatetime | None = None


_CLEARABLE = ("helpdesk_id", "starts_at", "ends_at", "resolution_time")


def create_news(session: Session, actor: Actor, cmd: BreakingNewsCreate) -> BreakingNews:
    require_admin(actor)
    _check(session, cmd.helpdesk_id, cmd.starts_at, cmd.ends_at)
    now = utcnow()
    news = BreakingNews(**cmd.model_dump(), author_id=actor.user_id, created_at=now, updated_at=now)
    session.add(news)
    session.flush()
    return news


def update_news(
    session: Session, actor: Actor, news_id: int, cmd: BreakingNewsUpdate
) -> BreakingNews:
    require_admin(actor)
    news = session.get(BreakingNews, news_id)
    if news is None:
        raise not_found("breaking_news", news_id)
    changes = changes_given(cmd, _CLEARABLE)
    merged = {key: changes.get(key, getattr(news, key)) for key in _CLEARABLE[:3]}
    _check(session, merged["helpdesk_id"], merged["starts_at"], merged["ends_at"])
    for key, value in changes.items():
        setattr(news, key, value)
    news.updated_at = utcnow()
    session.flush()
    return news


def list_news(session: Session) -> list[BreakingNews]:
    """Every news item, by title then id (an admin's list: not paged)."""
    return list(session.scalars(select(BreakingNews).order_by(BreakingNews.title, BreakingNews.id)))


def news_titled(session: Session, title: str) -> BreakingNews | None:
    query = select(BreakingNews).where(func.lower(BreakingNews.title) == title.lower())
    found = list(session.scalars(query.order_by(BreakingNews.id).limit(2)))
    if len(found) > 1:
        raise Conflict(
            "breaking_news.title_ambiguous",
            f"several news are titled {title!r}: rename all but one",
        )
    return found[0] if found else None


def _check(
    session: Session, helpdesk_id: int | None, starts: datetime | None, ends: datetime | None
) -> None:
    if helpdesk_id is not None and session.get(Helpdesk, helpdesk_id) is None:
        raise not_found("helpdesk", helpdesk_id)
    if starts is not None and ends is not None and ends < starts:
        raise ValidationFailed("breaking_news.ends_before_start", "ends_at is before starts_at")
