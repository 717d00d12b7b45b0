"""Breaking news as a board: who a news item affects (help desks, user groups), its timeline
of updates, and who reads it.

Decisions:
- Writing stays an administrator's act (``kb.news``): announcing, changing, targeting and
  posting updates. An update with ``is_solution`` resolves the news (status ``resolved``).
- A news item affects the help desks of ``breaking_news_helpdesks`` plus its single
  ``helpdesk_id`` (the site file's ``helpdesk``), and the user groups of
  ``breaking_news_groups``. Setting the help desks replaces both: ``helpdesk_id`` becomes the
  one desk when there is exactly one, else none (a site file names one desk only).
- Agents and admins read every news item; customers only active ones (what the product shows
  end users: open announcements), the rest are "not found" to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.kb.news import (
    BreakingNewsCreate,
    BreakingNewsUpdate,
    create_news,
    update_news,
)
from polydesk.models.content import (
    BreakingNews,
    BreakingNewsGroup,
    BreakingNewsHelpdesk,
)
from polydesk.models.content import (
    BreakingNewsUpdate as NewsPost,
)
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Helpdesk

MAX_NEWS = 1000
MAX_BODY = 100_000


@dataclass
class Targets:
    helpdesk_ids: list[int] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)


def announce(
    session: Session, actor: Actor, cmd: BreakingNewsCreate, targets: Targets
) -> BreakingNews:
    news = create_news(session, actor, cmd)
    _set_targets(session, news, targets)
    return news


def revise(
    session: Session,
    actor: Actor,
    news_id: int,
    cmd: BreakingNewsUpdate,
    *,
    helpdesk_ids: list[int] | None = None,
    group_ids: list[int] | None = None,
) -> BreakingNews:
    """Change the fields given, and the help desks and/or groups when given (a list not
    given keeps its targets)."""
    news = update_news(session, actor, news_id, cmd)
    if helpdesk_ids is not None or group_ids is not None:
        current = targets_of(session, [news])[news.id]
        wanted = Targets(
            current.helpdesk_ids if helpdesk_ids is None else helpdesk_ids,
            current.group_ids if group_ids is None else group_ids,
        )
        _set_targets(session, news, wanted)
    return news


def require_news(session: Session, actor: Actor, news_id: int) -> BreakingNews:
    news = session.get(BreakingNews, news_id)
    if news is None or (actor.is_customer and news.status != "active"):
        raise not_found("breaking_news", news_id)
    return news


def readable_news(session: Session, actor: Actor) -> list[BreakingNews]:
    """The news ``actor`` reads, by id (at most 1000)."""
    query = select(BreakingNews).order_by(BreakingNews.id).limit(MAX_NEWS)
    if actor.is_customer:
        query = query.where(BreakingNews.status == "active")
    return list(session.scalars(query))


def targets_of(session: Session, news: Iterable[BreakingNews]) -> dict[int, Targets]:
    """Each news item's help desks and groups, ascending, in two queries."""
    found = {item.id: Targets() for item in news}
    for item in news:
        if item.helpdesk_id is not None:
            found[item.id].helpdesk_ids.append(item.helpdesk_id)
    if not found:
        return found
    desks = select(BreakingNewsHelpdesk).where(BreakingNewsHelpdesk.news_id.in_(found))
    for desk in session.scalars(desks):
        if desk.helpdesk_id not in found[desk.news_id].helpdesk_ids:
            found[desk.news_id].helpdesk_ids.append(desk.helpdesk_id)
    groups = select(BreakingNewsGroup).where(BreakingNewsGroup.news_id.in_(found))
    for group in session.scalars(groups):
        found[group.news_id].group_ids.append(group.group_id)
    for targets in found.values():
        targets.helpdesk_ids.sort()
        targets.group_ids.sort()
    return found


def post_update(
    session: Session, actor: Actor, news_id: int, body: str, *, is_solution: bool = False
) -> NewsPost:
    require_admin(actor)
    news = require_news(session, actor, news_id)
    if not body.strip() or len(body) > MAX_BODY:
        raise ValidationFailed("breaking_news.invalid_body", "an update needs a body")
    post = NewsPost(
        news_id=news.id,
        author_id=actor.user_id,
        body=body,
        is_solution=is_solution,
        created_at=utcnow(),
    )
    session.add(post)
    if is_solution:
        news.status = "resolved"
    news.updated_at = post.created_at
    session.flush()
    return post


def list_updates(session: Session, actor: Actor, news_id: int) -> list[NewsPost]:
    news = require_news(session, actor, news_id)
    query = select(NewsPost).where(NewsPost.news_id == news.id).order_by(NewsPost.id)
    return list(session.scalars(query))


def _set_targets(session: Session, news: BreakingNews, targets: Targets) -> None:
    for desk_id in targets.helpdesk_ids:
        if session.get(Helpdesk, desk_id) is None:
            raise not_found("helpdesk", desk_id)
    for group_id in targets.group_ids:
        if session.get(Group, group_id) is None:
            raise not_found("group", group_id)
    session.execute(delete(BreakingNewsHelpdesk).where(BreakingNewsHelpdesk.news_id == news.id))
    session.execute(delete(BreakingNewsGroup).where(BreakingNewsGroup.news_id == news.id))
    session.add_all(
        BreakingNewsHelpdesk(news_id=news.id, helpdesk_id=d) for d in targets.helpdesk_ids
    )
    session.add_all(BreakingNewsGroup(news_id=news.id, group_id=g) for g in targets.group_ids)
    # The single desk of a site file's entry: the one affected desk, none for several.
    news.helpdesk_id = targets.helpdesk_ids[0] if len(targets.helpdesk_ids) == 1 else None
    session.flush()
