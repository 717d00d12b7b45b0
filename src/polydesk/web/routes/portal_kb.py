"""The knowledge base in the customer portal: search (``/portal/kb?q=``) and read an article
with its files, through ``kb.service`` with the customer's visibility (public, published
articles of public categories; any other is "not found", as in every API)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response

from polydesk.attachments.service import read_content
from polydesk.core.pagination import PageRequest
from polydesk.flows.portal import kb_article_view
from polydesk.kb.articles import require_article_file
from polydesk.kb.service import KbArticleFilter, list_articles
from polydesk.web.deps import CustomerSession, DbSession, runtime
from polydesk.web.errors import WebRoute
from polydesk.web.paths import PORTAL
from polydesk.web.render import page

router = APIRouter(route_class=WebRoute, include_in_schema=False)

KB = f"{PORTAL}/kb"
#: Articles one search page shows; the total says when there are more (refine the words).
SHOWN = 25
ArticleId = Annotated[int, Path(ge=1, lt=2**31)]


@router.get(KB)
def kb_search(
    request: Request,
    session: DbSession,
    live: CustomerSession,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    words = " ".join(q.split())
    # Without words: the most recently updated articles, a start for browsing.
    filters = KbArticleFilter(keyword=words or None, sort="updated_at", descending=True)
    found = list_articles(session, live.actor, filters, PageRequest(limit=SHOWN, with_total=True))
    context = {"found": found, "q": words, "section": "kb"}
    return page(request, "portal/kb.html", context, live=live)


@router.get(KB + "/{article_id}")
def kb_article(
    request: Request, session: DbSession, live: CustomerSession, article_id: ArticleId
) -> Response:
    view = kb_article_view(session, live.actor, article_id)
    return page(request, "portal/kb_article.html", {"view": view, "section": "kb"}, live=live)


@router.get(KB + "/{article_id}/files/{attachment_id}")
def kb_file(
    request: Request,
    session: DbSession,
    live: CustomerSession,
    article_id: ArticleId,
    attachment_id: ArticleId,
) -> Response:
    found = require_article_file(session, live.actor, article_id, attachment_id)
    return Response(
        read_content(runtime(request).store, found),
        media_type=found.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}"},
    )
