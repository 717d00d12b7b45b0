"""Newsletters as configuration: admins rename and describe them; names unique ignoring case."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied
from polydesk.crm.newsletters import (
    NewsletterUpdate,
    get_newsletter_by_name,
    list_newsletters,
    update_newsletter,
)
from polydesk.crm.service import create_newsletter
from tests.factories import actor, make_user


def test_update_changes_only_what_is_given(session: Session) -> None:
    news = create_newsletter(session, SYSTEM, "News", "monthly")
    update_newsletter(session, SYSTEM, news.id, NewsletterUpdate(description="weekly"))
    assert (news.name, news.description) == ("News", "weekly")
    update_newsletter(session, SYSTEM, news.id, NewsletterUpdate(name="Updates"))
    assert (news.name, news.description) == ("Updates", "weekly")
    assert get_newsletter_by_name(session, " updates ") is news
    assert get_newsletter_by_name(session, "News") is None


def test_names_stay_unique_ignoring_case(session: Session) -> None:
    news = create_newsletter(session, SYSTEM, "News")
    offers = create_newsletter(session, SYSTEM, "Offers")
    with pytest.raises(Conflict) as caught:
        update_newsletter(session, SYSTEM, offers.id, NewsletterUpdate(name="NEWS"))
    assert caught.value.code == "newsletter.name_taken"
    update_newsletter(session, SYSTEM, news.id, NewsletterUpdate(name="NEWS"))
    assert [n.name for n in list_newsletters(session)] == ["NEWS", "Offers"]


def test_admins_only_and_unknown_ones_not_found(session: Session) -> None:
    news = create_newsletter(session, SYSTEM, "News")
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        update_newsletter(session, agent, news.id, NewsletterUpdate(name="Mine"))
    with pytest.raises(NotFound):
        update_newsletter(session, SYSTEM, 999, NewsletterUpdate(name="Mine"))
    assert news.name == "News"
