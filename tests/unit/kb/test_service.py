"""Knowledge base: categories, articles, filters and what customers may read."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.core.pagination import PageRequest
from polydesk.kb.service import (
    KbArticleCreate,
    KbArticleFilter,
    KbCategoryCreate,
    create_article,
    create_category,
    list_articles,
    require_article,
)
from polydesk.models.content import KbArticle, KbCategory
from tests.factories import actor, make_user

PAGE = PageRequest(limit=50)


def _category(session: Session, name: str, **fields: Any) -> KbCategory:
    return create_category(session, SYSTEM, KbCategoryCreate(name=name, **fields))


def _article(session: Session, title: str, **fields: Any) -> KbArticle:
    return create_article(session, SYSTEM, KbArticleCreate(title=title, **fields))


def _ids(session: Session, who: Actor = SYSTEM, **filters: Any) -> list[int]:
    return [
        v.article.id for v in list_articles(session, who, KbArticleFilter(**filters), PAGE).items
    ]


@pytest.fixture
def articles(session: Session) -> list[KbArticle]:
    printers = _category(session, "Printers")
    internal = _category(session, "Internal", is_public=False)
    return [
        _article(session, "Paper jam", content="Open tray 2", category_id=printers.id),
        _article(session, "Toner", keywords="cartridge printer", category_id=printers.id),
        _article(session, "Draft", is_published=False),
        _article(session, "Staff only", is_public=False),
        _article(session, "VPN setup", content="printer-free", category_id=internal.id),
    ]


def test_agent_writes_an_article_as_its_author(session: Session) -> None:
    agent = make_user(session, login="writer")
    article = create_article(
        session, actor(session, agent), KbArticleCreate(title="Reset a password", content="Steps")
    )
    assert (article.author_id, article.is_public, article.is_published) == (agent.id, True, True)
    view = list_articles(session, SYSTEM, KbArticleFilter(), PAGE).items[0]
    assert (view.author_login, view.category_name) == ("writer", None)


def test_filters(session: Session, articles: list[KbArticle]) -> None:
    jam, toner, draft, staff, vpn = (a.id for a in articles)
    assert _ids(session) == [jam, toner, draft, staff, vpn]  # agents read everything
    assert _ids(session, ids=[vpn, jam]) == [jam, vpn]
    assert _ids(session, keyword="PRINTER") == [toner, vpn]  # keywords and body
    assert _ids(session, keyword="tray open") == [jam]
    assert _ids(session, category_names=["printers"]) == [jam, toner]
    assert _ids(session, category_names=["print*", "internal"]) == [jam, toner, vpn]
    assert _ids(session, category_ids=[articles[4].category_id or 0]) == [vpn]
    assert _ids(session, sort="title", descending=True) == [vpn, toner, staff, jam, draft]


def test_customers_read_public_published_articles_in_public_categories(
    session: Session, articles: list[KbArticle]
) -> None:
    jam, toner, draft, staff, vpn = (a.id for a in articles)
    customer = actor(session, make_user(session, Role.CUSTOMER))
    assert _ids(session, customer) == [jam, toner]
    assert require_article(session, customer, jam).id == jam
    for hidden in (draft, staff, vpn):
        with pytest.raises(NotFound) as caught:
            require_article(session, customer, hidden)
        assert caught.value.code == "kb_article.not_found"


def test_permissions_references_and_strict_commands(session: Session) -> None:
    customer = actor(session, make_user(session, Role.CUSTOMER))
    agent = actor(session, make_user(session))
    with pytest.raises(PermissionDenied):
        create_article(session, customer, KbArticleCreate(title="Mine"))
    with pytest.raises(PermissionDenied):
        create_category(session, agent, KbCategoryCreate(name="Agents"))
    with pytest.raises(NotFound) as caught:
        _article(session, "Lost", category_id=987654)
    assert caught.value.code == "kb_category.not_found"
    with pytest.raises(NotFound):
        _category(session, "Orphan", parent_id=987654)
    for bad in ({"title": ""}, {"title": "x" * 501}, {"title": "x", "rating": 5}):
        with pytest.raises(ValidationError):
            KbArticleCreate.model_validate(bad)


def test_paging_with_total(session: Session, articles: list[KbArticle]) -> None:
    page = list_articles(
        session, SYSTEM, KbArticleFilter(), PageRequest(limit=2, offset=2, with_total=True)
    )
    assert page.total == 5
    assert [v.article.id for v in page.items] == [articles[2].id, articles[3].id]
