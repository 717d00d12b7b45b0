"""Index documents and find the tickets, or the KB articles, that match a query.

User input never reaches the query syntax: it is split into word tokens, and each token
becomes a quoted prefix term (FTS5 ``"tok"*``, PostgreSQL ``tok:*``), all of them required.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    TextClause,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from polydesk.authz.parts import reads_everything, visible_comments
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.models.comments import Comment
from polydesk.models.content import KbArticle
from polydesk.models.search import SearchDocument

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16


def index_document(
    session: Session, *, ticket_id: int, source: str, source_id: int, content: str
) -> None:
    existing = session.scalars(
        select(SearchDocument).where(
            SearchDocument.source == source, SearchDocument.source_id == source_id
        )
    ).first()
    if existing is None:
        session.add(
            SearchDocument(ticket_id=ticket_id, source=source, source_id=source_id, content=content)
        )
    elif existing.content != content:
        existing.content = content


def matching_ticket_ids(session: Session, actor: Actor, query: str) -> Select[int]:
    """A sub-select of the ids of tickets whose title, description or comments match; only
    the comments the actor reads count (``authz.parts``: a customer's words never match an
    internal comment). Which tickets the actor reads is the caller's clause."""
    tokens = _TOKEN.findall(query)[:MAX_TERMS]
    if not tokens:
        raise ValidationFailed("search.empty_query", "the search query has no words in it")
    if session.get_bind().dialect.name == "sqlite":
        expression = " AND ".join('"' + token + '"*' for token in tokens)
        matches: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text("search_fts"))
            .where(text("search_fts MATCH :q").bindparams(q=expression))
        )
        found: ColumnElement[bool] | TextClause = SearchDocument.id.in_(matches)
    else:
        expression = " & ".join(token.lower() + ":*" for token in tokens)
        found = text("search_documents.tsv @@ to_tsquery('simple', :q)").bindparams(q=expression)
    return select(SearchDocument.ticket_id).where(found, *_readable_documents(actor))


def kb_article_relevance(session: Session, query: str) -> Subquery:
    """A sub-select ``(id, relevance)`` of the KB articles matching ANY word of ``query`` (as
    prefixes), from the articles' full-text index (migration 0021); higher is more relevant
    (FTS5 bm25 with title x10 and keywords x5 over the body; PostgreSQL ts_rank). Which
    articles the actor reads is the caller's clause."""
    tokens = _TOKEN.findall(query)[:MAX_TERMS]
    if not tokens:
        raise ValidationFailed("search.empty_query", "the search query has no words in it")
    if session.get_bind().dialect.name == "sqlite":
        expression = " OR ".join('"' + token + '"*' for token in tokens)
        rank: ColumnElement[float] = literal_column("bm25(search_fts_kb, 10.0, 1.0, 5.0)")
        return (
            select(literal_column("rowid").label("id"), (-rank).label("relevance"))
            .select_from(text("search_fts_kb"))
            .where(text("search_fts_kb MATCH :kbq").bindparams(kbq=expression))
            .subquery("kb_matches")
        )
    terms = func.to_tsquery("simple", " | ".join(token.lower() + ":*" for token in tokens))
    vector: ColumnElement[Any] = literal_column("kb_articles.tsv")
    relevance = func.ts_rank(vector, terms).label("relevance")
    matched = select(KbArticle.id.label("id"), relevance).where(vector.op("@@")(terms))
    return matched.subquery("kb_matches")


def kb_word_coverage(session: Session, article_ids: list[int], query: str) -> dict[int, float]:
    """For each of these articles, the share of ``query``'s distinct words (as prefixes) it
    contains, 0 to 1: one indexed query per word, over these articles only."""
    tokens = list(dict.fromkeys(token.lower() for token in _TOKEN.findall(query)[:MAX_TERMS]))
    counts = dict.fromkeys(article_ids, 0)
    if not tokens or not article_ids:
        return {ident: 0.0 for ident in counts}
    sqlite = session.get_bind().dialect.name == "sqlite"
    for token in tokens:
        if sqlite:
            rowid: ColumnElement[int] = literal_column("rowid")
            match = text("search_fts_kb MATCH :kbw").bindparams(kbw='"' + token + '"*')
            found = select(rowid).select_from(text("search_fts_kb")).where(match)
            found = found.where(rowid.in_(article_ids))
        else:
            vector: ColumnElement[Any] = literal_column("kb_articles.tsv")
            term = func.to_tsquery("simple", token + ":*")
            found = select(KbArticle.id).where(vector.op("@@")(term), KbArticle.id.in_(article_ids))
        for ident in session.scalars(found):
            counts[ident] += 1
    return {ident: count / len(tokens) for ident, count in counts.items()}


def _readable_documents(actor: Actor) -> list[ColumnElement[bool]]:
    if reads_everything(actor):
        return []
    readable = exists().where(Comment.id == SearchDocument.source_id, visible_comments(actor))
    return [or_(SearchDocument.source != "comment", readable)]
