"""kb.admin: categories by path (siblings unique ignoring case, parents must exist), category
and article changes (admin only, only the fields given), lookups by title."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.kb.admin import (
    KbArticleUpdate,
    KbCategoryUpdate,
    add_category,
    article_titled,
    category_at_path,
    category_path,
    update_article,
    update_category,
)
from polydesk.kb.service import KbArticleCreate, create_article

AGENT = Actor(user_id=None, role=Role.AGENT, login="agent")


def test_categories_by_path(session: Session) -> None:
    printers = add_category(session, SYSTEM, "Printers")
    laser = add_category(session, SYSTEM, "Printers / Laser", description="Lasers", is_public=False)
    howto = add_category(session, SYSTEM, "How-to")
    nested_howto = add_category(session, SYSTEM, "Printers/How-to")

    assert laser.parent_id == printers.id and not laser.is_public
    assert category_at_path(session, "PRINTERS/laser") is laser
    assert category_at_path(session, "How-to") is howto
    assert category_at_path(session, "Printers/How-to") is nested_howto
    assert category_at_path(session, "Laser") is None
    assert category_path(session, laser) == "Printers/Laser"


@pytest.mark.parametrize(
    ("path", "error", "code"),
    [
        ("printers", Conflict, "kb.category_name_taken"),
        ("Nowhere/Child", NotFound, "kb_category.not_found"),
        ("Printers/ /X", ValidationFailed, "kb.invalid_category_name"),
    ],
)
def test_bad_category_paths(session: Session, path: str, error: type[Exception], code: str) -> None:
    add_category(session, SYSTEM, "Printers")
    with pytest.raises(error) as raised:
        add_category(session, SYSTEM, path)
    assert raised.value.code == code  # type: ignore[attr-defined]


def test_category_changes_only_what_is_given(session: Session) -> None:
    category = add_category(session, SYSTEM, "Printers", description="All")
    update_category(session, SYSTEM, category.id, KbCategoryUpdate(is_public=False))
    assert (category.description, category.is_public) == ("All", False)


def test_article_changes(session: Session) -> None:
    printers = add_category(session, SYSTEM, "Printers")
    article = create_article(
        session, SYSTEM, KbArticleCreate(title="Toner", content="Shake", category_id=printers.id)
    )
    update_article(session, SYSTEM, article.id, KbArticleUpdate(title="Toner!", is_public=False))
    assert (article.title, article.content, article.category_id) == ("Toner!", "Shake", printers.id)
    assert not article.is_public

    update_article(session, SYSTEM, article.id, KbArticleUpdate(category_id=None))
    assert article.category_id is None
    with pytest.raises(NotFound):
        update_article(session, SYSTEM, article.id, KbArticleUpdate(category_id=999_999))
    with pytest.raises(NotFound):
        update_article(session, SYSTEM, 999_999, KbArticleUpdate(title="x"))


def test_articles_by_title(session: Session) -> None:
    first = create_article(session, SYSTEM, KbArticleCreate(title="Toner"))
    assert article_titled(session, "TONER") is first
    assert article_titled(session, "Paper") is None
    create_article(session, SYSTEM, KbArticleCreate(title="toner"))
    with pytest.raises(Conflict) as raised:
        article_titled(session, "Toner")
    assert raised.value.code == "kb.title_ambiguous"


def test_agents_may_not_administer(session: Session) -> None:
    category = add_category(session, SYSTEM, "Printers")
    article = create_article(session, SYSTEM, KbArticleCreate(title="Toner"))
    with pytest.raises(PermissionDenied):
        add_category(session, AGENT, "Network")
    with pytest.raises(PermissionDenied):
        update_category(session, AGENT, category.id, KbCategoryUpdate(description="x"))
    with pytest.raises(PermissionDenied):
        update_article(session, AGENT, article.id, KbArticleUpdate(title="x"))
    assert category_at_path(session, "Network") is None and article.title == "Toner"
