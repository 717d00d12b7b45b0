"""kb.news_board: the help desks and groups a news item affects, its updates (a solution
resolves it), and what customers read (active news only)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.groups.service import GroupCreate, create_group
from polydesk.kb.news import BreakingNewsCreate, BreakingNewsUpdate
from polydesk.kb.news_board import (
    Targets,
    announce,
    list_updates,
    post_update,
    readable_news,
    require_news,
    revise,
    targets_of,
)
from tests.factories import make_helpdesk

CUSTOMER = Actor(user_id=None, role=Role.CUSTOMER, login="c")


def test_targets_are_set_kept_and_replaced(session: Session) -> None:
    first, second = make_helpdesk(session), make_helpdesk(session)
    group = create_group(session, SYSTEM, GroupCreate(name="Sales")).id
    news = announce(session, SYSTEM, BreakingNewsCreate(title="Down"), Targets([first.id], [group]))

    assert news.helpdesk_id == first.id  # the site file's one desk
    revise(session, SYSTEM, news.id, BreakingNewsUpdate(), helpdesk_ids=[first.id, second.id])
    targets = targets_of(session, [news])[news.id]
    assert (targets.helpdesk_ids, targets.group_ids) == (sorted([first.id, second.id]), [group])
    assert news.helpdesk_id is None
    with pytest.raises(NotFound):
        revise(session, SYSTEM, news.id, BreakingNewsUpdate(), group_ids=[999_999])


def test_a_solution_update_resolves_and_customers_see_active_news_only(session: Session) -> None:
    news = announce(session, SYSTEM, BreakingNewsCreate(title="Down"), Targets())
    post_update(session, SYSTEM, news.id, "Looking")
    assert [item.id for item in readable_news(session, CUSTOMER)] == [news.id]

    post_update(session, SYSTEM, news.id, "Fixed", is_solution=True)

    assert news.status == "resolved"
    assert [post.body for post in list_updates(session, SYSTEM, news.id)] == ["Looking", "Fixed"]
    assert readable_news(session, CUSTOMER) == []
    with pytest.raises(NotFound):
        require_news(session, CUSTOMER, news.id)
    with pytest.raises(PermissionDenied):
        post_update(session, Actor(user_id=None, role=Role.AGENT, login="a"), news.id, "x")
