"""Breaking news: ``breakingnews`` (POST, GET, PUT), ``breakingnews.all``, the two catalogs
``breakingnews.attributes.status|type`` and the updates ``breakingnews.status`` (POST, GET),
over ``kb.news`` and ``kb.news_board``.

Decisions where the seed is silent:
- Importance types map onto the core's importance: 1 High = high (critical is shown as 1
  too), 2 Medium = normal, 3 Low = low. Status 1 Open = active, 2 Closed = resolved (an
  inactive news item is shown as 2 too).
- Writing is an administrator's act (the core's rule for news); ``creator_id`` acts (by the
  core's acting rule; without it the caller acts, the product's "system").
- One of ``affected_helpdesk_ids[]`` / ``affected_group_ids[]`` is required on POST (428, as
  the seed says). On PUT a list sent replaces that list, one not sent is kept.
- Dates follow ``date_format`` (epoch integers by default); ``resolution_time`` is ``null``
  when none was given. Lists are in id order; customers read open news only.
- Mutations answer ``{status: "OK", info}`` (and ``id`` on POST).
"""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter, refused
from polydesk.dialects.invgate.params import DateFormat, Params
from polydesk.dialects.invgate.render import date_value, ok
from polydesk.kb import news_board
from polydesk.kb.news import BreakingNewsCreate, BreakingNewsUpdate, Importance, NewsStatus
from polydesk.kb.news_board import Targets
from polydesk.models.content import BreakingNews
from polydesk.models.content import BreakingNewsUpdate as NewsPost

TYPES: dict[int, str] = {1: "High", 2: "Medium", 3: "Low"}
STATUSES: dict[int, str] = {1: "Open", 2: "Closed"}
_IMPORTANCE: dict[int, Importance] = {1: "high", 2: "normal", 3: "low"}
_TYPE_OF = {"critical": 1, "high": 1, "normal": 2, "low": 3}
_STATUS: dict[int, NewsStatus] = {1: "active", 2: "resolved"}


def create(ctx: Context, params: Params) -> dict[str, Any]:
    creator = ctx.acting_as(params.integer("creator_id"))
    desks = params.integers("affected_helpdesk_ids") or []
    groups = params.integers("affected_group_ids") or []
    if not desks and not groups:
        raise bad_parameter("The parameter affected_helpdesk_ids or affected_group_ids is required")
    cmd = BreakingNewsCreate(
        title=params.required_text("title"),
        body=params.required_text("body"),
        importance=_importance(params.required_integer("type_id")),
        resolution_time=params.epoch("resolution_time"),
    )
    news = news_board.announce(ctx.session, creator, cmd, Targets(desks, groups))
    return ok("Breaking News created", id=news.id)


def get(ctx: Context, params: Params) -> dict[str, Any]:
    news = news_board.require_news(ctx.session, ctx.actor, params.required_integer("id"))
    return _rows(ctx, params, [news])[0]


def update(ctx: Context, params: Params) -> dict[str, Any]:
    creator = ctx.acting_as(params.integer("creator_id"))
    changes: dict[str, Any] = {}
    for name in ("title", "body"):
        if (value := params.text(name)) is not None:
            changes[name] = value
    if (type_id := params.integer("type_id")) is not None:
        changes["importance"] = _importance(type_id)
    if (status_id := params.integer("status_id")) is not None:
        if status_id not in _STATUS:
            raise bad_parameter("status_id must be 1 (Open) or 2 (Closed)")
        changes["status"] = _STATUS[status_id]
    if (resolution := params.epoch("resolution_time")) is not None:
        changes["resolution_time"] = resolution
    news_board.revise(
        ctx.session,
        creator,
        params.required_integer("id"),
        BreakingNewsUpdate(**changes),
        helpdesk_ids=params.integers("affected_helpdesk_ids"),
        group_ids=params.integers("affected_group_ids"),
    )
    return ok("Breaking News modified")


def list_all(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return _rows(ctx, params, news_board.readable_news(ctx.session, ctx.actor))


def statuses(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return _catalog(STATUSES, params, "breaking_news_status")


def types(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return _catalog(TYPES, params, "breaking_news_type")


def post(ctx: Context, params: Params) -> dict[str, Any]:
    creator = ctx.acting_as(params.integer("creator_id"))
    solution = params.flag("is_solution") or False
    news_board.post_update(
        ctx.session,
        creator,
        params.required_integer("id"),
        params.required_text("body"),
        is_solution=solution,
    )
    return ok("Breaking News closed" if solution else "Breaking News update created")


def updates(ctx: Context, params: Params) -> list[dict[str, Any]]:
    fmt = params.date_format()
    posts = news_board.list_updates(ctx.session, ctx.actor, params.required_integer("id"))
    return [_post(ctx, post, fmt) for post in posts]


def _importance(type_id: int) -> Importance:
    if type_id not in _IMPORTANCE:
        raise bad_parameter("type_id must be 1 (High), 2 (Medium) or 3 (Low)")
    return _IMPORTANCE[type_id]


def _catalog(names: dict[int, str], params: Params, kind: str) -> list[dict[str, Any]]:
    wanted = params.integer("id")
    rows = [{"id": code, "name": name} for code, name in names.items()]
    if wanted is None:
        return rows
    if wanted not in names:
        raise refused(f"{kind}.not_found", f"Invalid {kind.replace('_', ' ')} id: {wanted}")
    return [row for row in rows if row["id"] == wanted]


def _rows(ctx: Context, params: Params, found: list[BreakingNews]) -> list[dict[str, Any]]:
    fmt = params.date_format()
    zone = ctx.zone_for(fmt)
    targets = news_board.targets_of(ctx.session, found)
    return [
        {
            "id": news.id,
            "title": news.title,
            "body": news.body,
            "type_id": _TYPE_OF.get(news.importance, 2),
            "status_id": 1 if news.status == "active" else 2,
            "created_by_id": news.author_id,
            "created_at": date_value(news.created_at, fmt, zone),
            "resolution_time": date_value(news.resolution_time, fmt, zone),
            "affected_helpdesk_ids": targets[news.id].helpdesk_ids,
            "affected_group_ids": targets[news.id].group_ids,
        }
        for news in found
    ]


def _post(ctx: Context, post: NewsPost, fmt: DateFormat) -> dict[str, Any]:
    return {
        "created_at": date_value(post.created_at, fmt, ctx.zone_for(fmt)),
        "creator_id": post.author_id,
        "body": post.body,
    }
