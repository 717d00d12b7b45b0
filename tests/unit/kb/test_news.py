"""kb.news: breaking news created and changed by admins, a help desk and a window checked,
fields given as None cleared only where they may be, lookups by title."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.kb.news import (
    BreakingNewsCreate,
    BreakingNewsUpdate,
    create_news,
    list_news,
    news_titled,
    update_news,
)
from tests.factories import make_helpdesk

START = datetime(2024, 5, 1, 10, tzinfo=UTC)
END = datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_create_and_change(session: Session) -> None:
    desk = make_helpdesk(session, "Service desk")
    news = create_news(
        session,
        SYSTEM,
        BreakingNewsCreate(title="Mail down", helpdesk_id=desk.id, starts_at=START, ends_at=END),
    )
    assert (news.importance, news.status, news.author_id) == ("normal", "active", None)

    update_news(session, SYSTEM, news.id, BreakingNewsUpdate(status="resolved", helpdesk_id=None))
    assert (news.status, news.helpdesk_id, news.starts_at) == ("resolved", None, START)
    update_news(session, SYSTEM, news.id, BreakingNewsUpdate(title=None, ends_at=None))
    assert (news.title, news.ends_at) == ("Mail down", None)
    assert news_titled(session, "MAIL DOWN") is news and list_news(session) == [news]


def test_refusals(session: Session) -> None:
    news = create_news(session, SYSTEM, BreakingNewsCreate(title="Mail down", starts_at=START))
    with pytest.raises(ValidationFailed):
        update_news(session, SYSTEM, news.id, BreakingNewsUpdate(ends_at=START.replace(hour=9)))
    with pytest.raises(NotFound):
        create_news(session, SYSTEM, BreakingNewsCreate(title="x", helpdesk_id=999_999))
    with pytest.raises(NotFound):
        update_news(session, SYSTEM, 999_999, BreakingNewsUpdate(body="x"))
    with pytest.raises(ValidationError):
        BreakingNewsCreate(title="x", importance="urgent")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        BreakingNewsCreate(title="x", starts_at=datetime(2024, 5, 1))  # naive
    with pytest.raises(PermissionDenied):
        update_news(
            session,
            Actor(user_id=None, role=Role.AGENT, login="a"),
            news.id,
            BreakingNewsUpdate(body="x"),
        )
    assert news.ends_at is None and news.body == ""


def test_two_news_of_one_title_are_ambiguous(session: Session) -> None:
    for _ in range(2):
        create_news(session, SYSTEM, BreakingNewsCreate(title="Maintenance"))
    with pytest.raises(Conflict):
        news_titled(session, "maintenance")
