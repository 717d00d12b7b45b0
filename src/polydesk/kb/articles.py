"""KB articles beyond create and list: deleting one, its files, and full-text search.

Decisions:
- Agents and admins attach files to articles and remove them (the KB's writers, as
  ``kb.service.create_article``); deleting an article is an administrator's act, as changing
  one is (``kb.admin``). Flushed, never committed.
- Files are core attachments (``Attachment.kb_article_id``) in the same file store as
  tickets'; the stored bytes of removed files are deleted by the worker after commit
  (``files.delete``), as ticket attachments are.
- Search is the core's full-text index (``search.service.kb_article_relevance``): an article
  matches when it has any of the words (as prefixes) in its title, body or keywords, ranked by
  the engine's relevance (title and keywords weigh more than the body); ``score`` is the share
  of the distinct words it contains (0 to 1). Only articles the actor reads are searched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.attachments.service import check_file, stored_file
from polydesk.attachments.store import FileStore
from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.jobs.service import enqueue_job
from polydesk.jobs.tasks import FILES_DELETE_JOB
from polydesk.kb.service import (
    KbArticleCreate,
    KbArticleFilter,
    KbArticleView,
    create_article,
    list_articles,
    readable_articles,
    require_article,
)
from polydesk.models.attachments import Attachment
from polydesk.models.content import KbArticle, KbCategory
from polydesk.search.service import kb_article_relevance, kb_word_coverage

MAX_SEARCH_RESULTS = 1000


@dataclass(frozen=True)
class NewFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ScoredArticle:
    article: KbArticle
    score: float  # 0..1: the share of the keywords the article contains


def write_article(
    session: Session,
    actor: Actor,
    store: FileStore,
    cmd: KbArticleCreate,
    files: Iterable[NewFile],
    *,
    max_bytes: int,
) -> KbArticle:
    """A new article with its files (the author is ``actor``)."""
    article = create_article(session, actor, cmd)
    add_article_files(session, actor, store, article.id, files, max_bytes=max_bytes)
    return article


def articles_in_category(
    session: Session,
    actor: Actor,
    category_id: int,
    page: PageRequest,
    *,
    is_public: bool | None = None,
) -> Page[KbArticleView]:
    """The readable articles of one category (unknown or unreadable: not found), by id."""
    category = session.get(KbCategory, category_id)
    if category is None or (actor.is_customer and not category.is_public):
        raise not_found("kb_category", category_id)
    filters = KbArticleFilter(category_ids=[category.id], is_public=is_public)
    return list_articles(session, actor, filters, page)


def delete_article(session: Session, actor: Actor, article_id: int) -> None:
    require_admin(actor)
    article = session.get(KbArticle, article_id)
    if article is None:
        raise not_found("kb_article", article_id)
    files = list(session.scalars(select(Attachment).where(Attachment.kb_article_id == article.id)))
    for attachment in files:
        session.delete(attachment)
    if files:
        enqueue_job(session, FILES_DELETE_JOB, {"keys": [a.storage_key for a in files]})
    session.delete(article)
    session.flush()


def add_article_files(
    session: Session,
    actor: Actor,
    store: FileStore,
    article_id: int,
    files: Iterable[NewFile],
    *,
    max_bytes: int,
) -> list[Attachment]:
    require_agent(actor)
    article = require_article(session, actor, article_id)
    wanted = list(files)
    for file in wanted:  # every file is checked before any is stored
        check_file(file.filename, file.data, max_bytes)
    added = [
        stored_file(store, actor, f.filename, f.data, f.content_type, kb_article_id=article.id)
        for f in wanted
    ]
    session.add_all(added)
    article.updated_at = utcnow()
    session.flush()
    return added


def article_files(session: Session, actor: Actor, article_id: int) -> list[Attachment]:
    article = require_article(session, actor, article_id)
    return files_of(session, [article.id]).get(article.id, [])


def files_of(session: Session, article_ids: Iterable[int]) -> dict[int, list[Attachment]]:
    """The files of these articles (the caller has checked they are readable), one query."""
    ids = list(article_ids)
    if not ids:
        return {}
    query = select(Attachment).where(Attachment.kb_article_id.in_(ids)).order_by(Attachment.id)
    found: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in session.scalars(query):
        if attachment.kb_article_id is not None:
            found[attachment.kb_article_id].append(attachment)
    return found


def require_article_file(
    session: Session, actor: Actor, article_id: int, attachment_id: int
) -> Attachment:
    article = require_article(session, actor, article_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.kb_article_id != article.id:
        raise not_found("attachment", attachment_id)
    return attachment


def delete_article_file(
    session: Session, actor: Actor, article_id: int, attachment_id: int
) -> None:
    require_agent(actor)
    attachment = require_article_file(session, actor, article_id, attachment_id)
    session.delete(attachment)
    session.get_one(KbArticle, article_id).updated_at = utcnow()
    enqueue_job(session, FILES_DELETE_JOB, {"keys": [attachment.storage_key]})
    session.flush()


def search_articles(
    session: Session, actor: Actor, keywords: str, *, limit: int, min_score: float = 0.0
) -> list[ScoredArticle]:
    """The readable articles matching ``keywords``, most relevant first, at most ``limit``;
    ``score`` is the share of the keywords each contains (those below ``min_score`` left
    out)."""
    matches = kb_article_relevance(session, keywords)
    wanted = limit if min_score <= 0 else MAX_SEARCH_RESULTS  # room for the ones dropped
    query = (
        readable_articles(actor)
        .join(matches, matches.c.id == KbArticle.id)
        .order_by(matches.c.relevance.desc(), KbArticle.id)
        .limit(min(wanted, MAX_SEARCH_RESULTS))
    )
    found = list(session.scalars(query))
    coverage = kb_word_coverage(session, [article.id for article in found], keywords)
    scored = [ScoredArticle(article, round(coverage[article.id], 4)) for article in found]
    return [entry for entry in scored if entry.score >= min_score][:limit]
