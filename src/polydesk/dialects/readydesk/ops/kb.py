"""``get_kb_articles`` (spec B.4/B.6 item 9: the name is known, its page was not retrieved).
Filters: ``id`` (one, a list or ``*``), ``keyword`` (every word in the title, body or
keywords), ``category`` (one name, a comma list, or ``*``; ``*`` inside a name is a
wildcard), plus the shared ``count``/``count_only``/``page``/``order``. A key acting as a
customer sees only public, published articles. Output variables: SPEC.md ("Back office")."""

from __future__ import annotations

from functools import partial

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.listing import core_page, list_request, page_reply
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Field, Item, Reply
from polydesk.kb.service import KbArticleFilter, KbArticleView, KbSort, list_articles

ORDER: dict[str, KbSort] = {
    "ID": "id", "TITLE": "title", "DATE_ADDED": "created_at", "LAST_UPDATED": "updated_at",
    "VIEWS": "views",
}  # fmt: skip


def get_kb_articles(ctx: Context) -> Reply:
    params = ctx.params
    request = list_request(params, id_vars=("id",), columns=ORDER)
    filters = KbArticleFilter(
        ids=params.id_list("id"),
        keyword=params.text("keyword") or None,
        category_names=params.text_list("category"),
        sort=request.order or "id",
        descending=request.descending,
    )
    found = list_articles(ctx.session, ctx.actor, filters, core_page(request))
    return page_reply(request, found, ("kb_articles", "article"), partial(_record, ctx))


def _record(ctx: Context, view: KbArticleView) -> list[Item]:
    article = view.article
    return [
        Field("id", str(article.id)),
        Field("title", article.title, encoded=True),
        Field("category_id", str(article.category_id or 0)),
        Field("category", view.category_name or "", encoded=True),
        Field("keywords", article.keywords, encoded=True),
        Field("article", article.content, encoded=True),
        Field("public", "Y" if article.is_public else "N"),
        Field("published", "Y" if article.is_published else "N"),
        Field("added_by", view.author_login or ""),
        Field("views", str(article.views)),
        Field("date_added", ctx.date(article.created_at)),
        Field("last_updated", ctx.date(article.updated_at)),
    ]


ACTIONS: dict[str, Action] = {"get_kb_articles": get_kb_articles}
