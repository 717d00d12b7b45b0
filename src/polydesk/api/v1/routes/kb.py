"""The knowledge base, read: one article with its files, and a file's bytes (the address
InvGate's ``kb.articles`` answers give as ``url``). Everyone reads what ``kb.service`` lets
them: customers the public, published articles of public categories."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from polydesk.api.v1.deps import CurrentActor, DbSession, runtime
from polydesk.api.v1.inputs import PathId
from polydesk.api.v1.schemas import Out
from polydesk.attachments.service import read_content
from polydesk.kb import articles
from polydesk.kb.service import require_article
from polydesk.runtime import Runtime

router = APIRouter(tags=["knowledge base"])
RuntimeDep = Annotated[Runtime, Depends(runtime)]


class KbFileOut(Out):
    id: int
    filename: str
    content_type: str
    size: int


class KbArticleOut(Out):
    id: int
    title: str
    content: str
    description: str
    category_id: int | None
    author_id: int | None
    responsible_id: int | None
    keywords: str
    is_public: bool
    is_published: bool
    views: int
    created_at: datetime
    updated_at: datetime
    files: list[KbFileOut]


@router.get("/kb/articles/{article_id}", response_model=KbArticleOut)
def get_article(session: DbSession, actor: CurrentActor, article_id: PathId) -> KbArticleOut:
    article = require_article(session, actor, article_id)
    files = [
        KbFileOut.model_validate(f) for f in articles.article_files(session, actor, article.id)
    ]
    return KbArticleOut.model_validate({**_columns(article), "files": files})


@router.get(
    "/kb/articles/{article_id}/attachments/{attachment_id}/content", response_class=Response
)
def download_file(
    session: DbSession,
    actor: CurrentActor,
    rt: RuntimeDep,
    article_id: PathId,
    attachment_id: PathId,
) -> Response:
    found = articles.require_article_file(session, actor, article_id, attachment_id)
    return Response(
        read_content(rt.store, found),
        media_type=found.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}"},
    )


def _columns(article: object) -> dict[str, object]:
    names = set(KbArticleOut.model_fields) - {"files"}
    return {name: getattr(article, name) for name in names}
