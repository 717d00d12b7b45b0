"""Knowledge base articles: ``kb.articles`` (POST, GET, PUT, DELETE), their files
(``kb.articles.attachments``) and the lists ``kb.articles.by.category|ids|keywords``, over
``kb.service``, ``kb.admin`` and ``kb.articles``. Categories: ``ops/kb_categories.py``.

Decisions where the seed is silent:
- ``is_private`` 1 is an article customers cannot read (core ``is_public`` off); every other
  article created here is published. ``responsible_id`` is the author when none is given.
- Agents (and admins) create articles and attach files, as ``author_id`` (who acts, by the
  core's acting rule); changing and deleting an article is an administrator's edit (core
  ``kb.admin``), so ``author_id`` must name an admin there.
- Article dates are always epoch integers (``creation_date``, ``last_update_date``; the seed
  types them STRING, the spec says KB dates take no ``date_format``); ``is_private`` is a JSON
  boolean; ``rating`` is the core's average or ``null``.
- ``attachments`` of an article are ``[{id, name, url}]``; ``url`` is the native API's download
  address (same credentials). ``kb.articles.attachments`` rows also carry ``status: "OK"``, as
  the seed's table lists it.
- ``kb.articles`` pages: ``limit`` (default and cap the server's page sizes) and ``offset``;
  ``order_by=last_update_date`` sorts by the last change (anything else: by id); ``sort_by``
  asc (default) or desc. The answer is a bare array, as the seed documents.
- ``kb.articles.by.category`` ``visibility``: 1 private articles, 2 and 3 (registered users,
  public) the articles customers read - the core has no anonymous readers.
- ``kb.articles.by.keywords`` is the core's full-text search (any keyword, as a prefix, in
  the title, body or keywords), most relevant first: ``search_scoring`` is the share of the
  keywords the article contains (0 to 1), ``min_search_scoring`` drops those below it,
  ``limit`` defaults to 25 (capped by the server's page size).
"""

from __future__ import annotations

from typing import Any

from polydesk.core.pagination import PageRequest
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import Params, missing
from polydesk.dialects.invgate.render import ok
from polydesk.kb import admin as kb_admin
from polydesk.kb import articles
from polydesk.kb import service as kb
from polydesk.kb.admin import KbArticleUpdate
from polydesk.kb.service import KbArticleCreate, KbArticleFilter
from polydesk.models.attachments import Attachment
from polydesk.models.content import KbArticle

DOWNLOAD_PATH = "polydesk/v1/kb/articles/{article}/attachments/{id}/content"
SEARCH_LIMIT = 25
MAX_IDS = 1000


def create(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    cmd = KbArticleCreate(
        title=params.required_text("title"),
        content=params.required_text("content"),
        category_id=params.required_integer("category_id"),
        description=params.text("description") or "",
        responsible_id=params.integer("responsible_id"),
        is_public=not (params.flag("is_private") or False),
    )
    article = articles.write_article(
        ctx.session,
        author,
        ctx.resources.store,
        cmd,
        _files(params),
        max_bytes=ctx.resources.max_upload_bytes,
    )
    return ok("Article created", article_id=article.id)


def update(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    changes: dict[str, Any] = {}
    for name in ("title", "content", "description"):
        if (value := params.text(name)) is not None:
            changes[name] = value
    for name in ("category_id", "responsible_id"):
        if (ident := params.integer(name)) is not None:
            changes[name] = ident
    if (private := params.flag("is_private")) is not None:
        changes["is_public"] = not private
    article_id = params.required_integer("id")
    kb_admin.update_article(ctx.session, author, article_id, KbArticleUpdate(**changes))
    return ok("Article modified")


def delete(ctx: Context, params: Params) -> dict[str, Any]:
    articles.delete_article(ctx.session, ctx.actor, params.required_integer("id"))
    return ok("Article deleted")


def add_files(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    files = _files(params)  # none is no error: the seed marks attachments optional
    added = articles.add_article_files(
        ctx.session,
        author,
        ctx.resources.store,
        params.required_integer("article_id"),
        files,
        max_bytes=ctx.resources.max_upload_bytes,
    )
    return ok(f"{len(added)} attachments added")


def files(ctx: Context, params: Params) -> list[dict[str, Any]]:
    found = articles.article_files(ctx.session, ctx.actor, params.required_integer("article_id"))
    return [{**_file(ctx, file), "status": "OK"} for file in found]


def delete_file(ctx: Context, params: Params) -> dict[str, Any]:
    articles.delete_article_file(
        ctx.session,
        ctx.actor,
        params.required_integer("article_id"),
        params.required_integer("attachment_id"),
    )
    return ok("Attachment deleted")


def list_all(ctx: Context, params: Params) -> list[dict[str, Any]]:
    order = (params.text("order_by") or "").strip().lower()
    direction = (params.text("sort_by") or "asc").strip().lower()
    if direction not in ("asc", "desc"):
        raise bad_parameter("sort_by must be 'asc' or 'desc'")
    filters = KbArticleFilter(
        sort="updated_at" if order == "last_update_date" else "id",
        descending=direction == "desc",
    )
    found = kb.list_articles(ctx.session, ctx.actor, filters, _page(ctx, params))
    return _rows(ctx, [view.article for view in found.items])


def by_cat(ctx: Context, params: Params) -> list[dict[str, Any]]:
    visibility = params.integer("visibility")
    if visibility is not None and visibility not in (1, 2, 3):
        raise bad_parameter("visibility must be 1, 2 or 3")
    found = articles.articles_in_category(
        ctx.session,
        ctx.actor,
        params.required_integer("category_id"),
        _page(ctx, params),
        is_public=None if visibility is None else visibility != 1,
    )
    return _rows(ctx, [view.article for view in found.items])


def by_ids(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ids = params.integers("ids")
    if not ids:
        raise missing("ids")
    if len(ids) > MAX_IDS:
        raise bad_parameter(f"ids takes at most {MAX_IDS} ids")
    page = PageRequest(limit=MAX_IDS)
    found = kb.list_articles(ctx.session, ctx.actor, KbArticleFilter(ids=ids), page)
    return _rows(ctx, [view.article for view in found.items])


def search(ctx: Context, params: Params) -> list[dict[str, Any]]:
    keywords = params.required_text("keywords")
    limit = params.page_size(default=SEARCH_LIMIT, cap=ctx.max_page_size)
    found = articles.search_articles(
        ctx.session, ctx.actor, keywords, limit=limit, min_score=_min_score(params)
    )
    rows = _rows(ctx, [entry.article for entry in found])
    return [{**row, "search_scoring": entry.score} for row, entry in zip(rows, found, strict=True)]


def _min_score(params: Params) -> float:
    value = params.text("min_search_scoring")
    if value is None or value.strip() == "":
        return 0.0
    try:
        score = float(value)
    except ValueError:
        raise bad_parameter("min_search_scoring must be a number from 0 to 1") from None
    if not 0.0 <= score <= 1.0:
        raise bad_parameter("min_search_scoring must be a number from 0 to 1")
    return score


def _page(ctx: Context, params: Params) -> PageRequest:
    limit = params.page_size(default=ctx.default_page_size, cap=ctx.max_page_size)
    offset = params.count("offset", default=0, cap=2**31 - 1)
    return PageRequest(limit=limit, offset=offset)


def _files(params: Params) -> list[articles.NewFile]:
    if params.php.has("attachments"):
        raise bad_parameter("attachments must be sent as files (multipart attachments[])")
    return [
        articles.NewFile(upload.filename, upload.content_type, upload.data)
        for upload in params.uploads("attachments")
    ]


def _rows(ctx: Context, found: list[KbArticle]) -> list[dict[str, Any]]:
    files = articles.files_of(ctx.session, [article.id for article in found])
    return [_row(ctx, article, files.get(article.id, [])) for article in found]


def _row(ctx: Context, article: KbArticle, files: list[Attachment]) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "content": article.content,
        "category_id": article.category_id,
        "author_id": article.author_id,
        "responsible_id": article.responsible_id or article.author_id,
        "is_private": not article.is_public,
        "views": article.views,
        "rating": article.rating,
        "solved_requests": article.solved_requests,
        "creation_date": int(article.created_at.timestamp()),
        "last_update_date": int(article.updated_at.timestamp()),
        "attachments": [_file(ctx, file) for file in files],
    }


def _file(ctx: Context, file: Attachment) -> dict[str, Any]:
    url = DOWNLOAD_PATH.format(article=file.kb_article_id, id=file.id)
    return {"id": file.id, "name": file.filename, "url": ctx.base_url + url}
