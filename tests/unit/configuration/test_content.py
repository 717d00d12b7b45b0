"""Site-file sections kb_categories, kb_articles and breaking_news: created, kept, changed by
path or title, exported so that the export applies as it is, and bad entries refused with
their line and nothing written."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_configuration,
    get_entry,
    put_entry,
    remove_entry,
)
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import Conflict, PermissionDenied
from polydesk.kb.admin import article_titled, category_at_path
from polydesk.kb.news import news_titled
from polydesk.kb.service import KbArticleCreate, create_article
from polydesk.models.content import BreakingNews, KbArticle, KbCategory
from tests.factories import make_user

SITE = """\
helpdesks:
  - name: Service desk
kb_articles:
  - title: Clearing a paper jam
    category: Printers / Laser
    content: Open tray 2
    keywords: jam tray
  - title: Internal notes
    category: Internal
    published: false
kb_categories:
  - path: Printers/Laser
    description: Laser printers
  - path: Printers
  - path: Internal
    public: false
breaking_news:
  - title: Mail is down
    body: We are on it
    importance: high
    helpdesk: Service desk
    starts_at: 2024-05-01T12:00:00+02:00
"""


def _actions(applied: Any) -> list[tuple[str, str, str]]:
    return [(s.section, s.key, s.action.value) for s in applied.steps]


def _count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_apply_creates_parents_first_then_keeps(session: Session) -> None:
    first = apply_configuration(session, SYSTEM, SITE)

    assert _actions(first)[1:] == [
        ("kb_categories", "Printers", "create"),
        ("kb_categories", "Internal", "create"),
        ("kb_categories", "Printers/Laser", "create"),
        ("kb_articles", "Clearing a paper jam", "create"),
        ("kb_articles", "Internal notes", "create"),
        ("breaking_news", "Mail is down", "create"),
    ]
    laser = category_at_path(session, "printers/LASER")
    assert laser is not None and laser.description == "Laser printers"
    article = article_titled(session, "clearing a paper jam")
    assert article is not None and article.category_id == laser.id
    assert article.keywords == "jam tray" and article.is_published
    news = news_titled(session, "Mail is down")
    assert news is not None and news.importance == "high" and news.helpdesk_id is not None
    assert news.starts_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)

    again = apply_configuration(session, SYSTEM, SITE)
    assert {action for _, _, action in _actions(again)} == {"keep"}


def test_changes_follow_the_file(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    changed = apply_configuration(
        session,
        SYSTEM,
        """\
kb_categories:
  - path: printers/laser
    public: false
kb_articles:
  - title: Clearing a paper jam
    category: internal
    published: false
  - title: Internal notes
    category: INTERNAL
breaking_news:
  - title: Mail is down
    status: resolved
    helpdesk: null
""",
    )

    assert [(s.key, s.action.value, s.fields) for s in changed.steps] == [
        ("printers/laser", "update", ("public",)),
        ("Clearing a paper jam", "update", ("category", "published")),
        ("Internal notes", "keep", ()),
        ("Mail is down", "update", ("helpdesk", "status")),
    ]
    article = article_titled(session, "Clearing a paper jam")
    internal = category_at_path(session, "Internal")
    assert article is not None and internal is not None
    assert article.category_id == internal.id and not article.is_published
    assert article.content == "Open tray 2"  # left out: kept
    news = news_titled(session, "Mail is down")
    assert news is not None and news.status == "resolved" and news.helpdesk_id is None


def test_export_applies_onto_the_same_install_as_keep(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    exported = export_configuration(session, SYSTEM)
    data = yaml.safe_load(exported)

    assert [entry["path"] for entry in data["kb_categories"]] == [
        "Internal",
        "Printers",
        "Printers/Laser",
    ]
    assert data["kb_articles"][0] == {
        "title": "Clearing a paper jam",
        "category": "Printers/Laser",
        "content": "Open tray 2",
        "keywords": "jam tray",
        "language": "en",
        "public": True,
        "published": True,
    }
    assert data["breaking_news"][0]["starts_at"] == "2024-05-01T10:00:00Z"
    again = apply_configuration(session, SYSTEM, exported)
    assert {step.action.value for step in again.steps} == {"keep"}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("kb_categories:\n  - path: A//B\n", "line 2: path: String should match pattern"),
        ("kb_categories:\n  - path: Nowhere/Child\n", "kb_category Nowhere not found"),
        ("kb_articles:\n  - title: T\n    category: Nowhere\n", "kb_category Nowhere not found"),
        ("kb_articles:\n  - title: T\n    author: jane\n", "author: Extra inputs"),
        ("breaking_news:\n  - title: N\n    importance: urgent\n", "line 3: importance"),
        ("breaking_news:\n  - title: N\n    helpdesk: Nowhere\n", "helpdesk Nowhere not found"),
        ("breaking_news:\n  - title: N\n    starts_at: 2024-05-01T10:00:00\n", "timezone"),
        (
            "breaking_news:\n  - title: N\n    starts_at: 2024-05-02T00:00:00Z\n"
            "    ends_at: 2024-05-01T00:00:00Z\n",
            "ends_at is before starts_at",
        ),
        ("kb_articles:\n  - title: T\n  - title: t\n", "'t' is already on line 2"),
    ],
)
def test_bad_entries_are_refused_with_their_line(
    session: Session, document: str, message: str
) -> None:
    with pytest.raises(InvalidConfiguration) as raised:
        apply_configuration(session, SYSTEM, document)

    assert message in str(raised.value)
    assert _count(session, KbCategory) == _count(session, KbArticle) == 0
    assert _count(session, BreakingNews) == 0


def test_two_articles_of_one_title_are_named_not_guessed(session: Session) -> None:
    for _ in range(2):
        create_article(session, SYSTEM, KbArticleCreate(title="Twice"))

    with pytest.raises(InvalidConfiguration) as raised:
        apply_configuration(session, SYSTEM, "kb_articles:\n  - title: Twice\n    content: x\n")

    assert "2 articles are titled 'Twice'" in str(raised.value)


def test_put_and_get_one_entry(session: Session) -> None:
    put_entry(session, SYSTEM, "kb_categories", "Printers", {"description": "All of them"})
    put_entry(session, SYSTEM, "kb_articles", "Toner", {"category": "Printers"})

    assert get_entry(session, SYSTEM, "kb_articles", "toner")["category"] == "Printers"
    assert get_entry(session, SYSTEM, "kb_categories", "Printers")["description"] == "All of them"


def test_agents_cannot_apply_content(session: Session) -> None:
    agent = make_user(session, Role.AGENT)
    actor = Actor(user_id=agent.id, role=Role.AGENT, login=agent.login)

    with pytest.raises(PermissionDenied):
        apply_configuration(session, actor, "kb_categories:\n  - path: Printers\n")
    assert _count(session, KbCategory) == 0


def test_removing_unpublishes_articles_and_hides_news(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)

    assert remove_entry(session, SYSTEM, "kb_articles", "Clearing a paper jam") == "disabled"
    assert remove_entry(session, SYSTEM, "breaking_news", "Mail is down") == "disabled"
    with pytest.raises(Conflict):
        remove_entry(session, SYSTEM, "kb_categories", "Printers")

    article = article_titled(session, "Clearing a paper jam")
    news = news_titled(session, "Mail is down")
    assert article is not None and not article.is_published
    assert news is not None and news.status == "inactive"
