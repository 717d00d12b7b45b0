"""Out of office (Znuny User::OutOfOffice): finding the user, switching the window, days left."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.models.users import User
from polydesk.users.repository import by_login
from polydesk.users.service import find_users, out_of_office_days_left, set_out_of_office
from tests.factories import actor, make_user

NOW = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def _window(user: User) -> tuple[datetime | None, datetime | None]:
    return user.out_of_office_start, user.out_of_office_end


def _people(session: Session) -> tuple[User, User, User]:
    jane = make_user(session, login="Jane.Doe")
    jane.first_name, jane.last_name, jane.email = "Jane", "Doe", "Jane@Example.com"
    john = make_user(session, login="jdoe")
    john.first_name, john.last_name, john.email = "John", "Doe", "john@example.org"
    percent = make_user(session, login="rate.100")
    percent.first_name, percent.last_name, percent.email = "Per_", "Cent%", None
    session.flush()
    return jane, john, percent


# -- find_users ----------------------------------------------------------------------------------


def test_login_and_email_match_exactly_ignoring_case(session: Session) -> None:
    jane, john, _ = _people(session)
    assert find_users(session, login="jane.doe") == [jane]
    assert find_users(session, login="jane") == []
    assert find_users(session, email="JOHN@EXAMPLE.ORG") == [john]
    assert find_users(session, email="john@example") == []
    assert find_users(session, login="jdoe", email="jane@example.com") == []  # all must hold


def test_search_words_joined_by_plus_must_all_match(session: Session) -> None:
    jane, john, percent = _people(session)
    assert find_users(session, search="doe", limit=10) == [jane, john]
    assert find_users(session, search="doe+JANE") == [jane]
    assert find_users(session, search="jo*+example.org") == [john]
    assert find_users(session, search="doe+nobody") == []
    assert find_users(session, search="%", limit=10) == [percent]  # LIKE wildcards are literal
    assert find_users(session, search="r_", limit=10) == [percent]
    assert find_users(session, search="+ +") == []


def test_results_are_bounded_so_callers_can_check_for_exactly_one(session: Session) -> None:
    jane, john, _ = _people(session)
    assert find_users(session, search="doe", limit=1) == [jane]
    assert find_users(session, search="example") == [jane, john]  # default limit 2
    assert find_users(session) == []


def test_login_lookup_uses_the_lower_case_index(session: Session) -> None:
    jane, _, _ = _people(session)
    assert by_login(session, "JANE.DOE") is jane
    explain = {"sqlite": "EXPLAIN QUERY PLAN", "postgresql": "EXPLAIN"}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))  # tiny table: force the choice
    plan = session.execute(
        text(f"{explain[dialect]} SELECT id FROM users WHERE lower(login) = :login"),
        {"login": "jane.doe"},
    ).all()
    assert any("ix_users_login_lower" in str(row) for row in plan), plan


# -- set_out_of_office ---------------------------------------------------------------------------


def test_a_window_by_dates_starts_and_ends_at_utc_midnight(session: Session) -> None:
    user = make_user(session)
    set_out_of_office(session, SYSTEM, user.id, enabled=True, start=date(2026, 7, 10), end=None)
    assert user.out_of_office_start == datetime(2026, 7, 10, tzinfo=UTC)
    assert user.out_of_office_end is None
    set_out_of_office(
        session, SYSTEM, user.id, enabled=True, start=date(2026, 8, 1), end=date(2026, 8, 14)
    )
    assert user.out_of_office_start == datetime(2026, 8, 1, tzinfo=UTC)
    assert user.out_of_office_end == datetime(2026, 8, 14, tzinfo=UTC)
    session.expire(user)
    assert user.out_of_office_end == datetime(2026, 8, 14, tzinfo=UTC)  # stored as aware UTC


def test_enabling_without_dates_keeps_a_window_or_starts_one_now(session: Session) -> None:
    user = make_user(session)
    with frozen(NOW):
        set_out_of_office(session, SYSTEM, user.id, enabled=True, start=None, end=None)
    assert _window(user) == (NOW, None)
    set_out_of_office(
        session, SYSTEM, user.id, enabled=True, start=date(2026, 9, 1), end=date(2026, 9, 2)
    )
    set_out_of_office(session, SYSTEM, user.id, enabled=True, start=None, end=None)
    assert user.out_of_office_start == datetime(2026, 9, 1, tzinfo=UTC)
    assert user.out_of_office_end == datetime(2026, 9, 2, tzinfo=UTC)


def test_disabling_clears_the_window_and_an_end_before_the_start_is_allowed(
    session: Session,
) -> None:
    user = make_user(session)
    set_out_of_office(
        session, SYSTEM, user.id, enabled=True, start=date(2026, 9, 5), end=date(2026, 9, 1)
    )
    assert user.out_of_office_end == datetime(2026, 9, 1, tzinfo=UTC)  # Znuny does not check
    set_out_of_office(
        session, SYSTEM, user.id, enabled=False, start=date(2026, 1, 1), end=date(2026, 1, 2)
    )
    assert _window(user) == (None, None)


def test_only_admins_switch_out_of_office_and_the_user_must_exist(session: Session) -> None:
    agent = make_user(session, Role.AGENT)
    with pytest.raises(PermissionDenied):
        set_out_of_office(
            session, actor(session, agent), agent.id, enabled=True, start=None, end=None
        )
    assert agent.out_of_office_start is None
    with pytest.raises(NotFound):
        set_out_of_office(session, SYSTEM, 999_999, enabled=False, start=None, end=None)


# -- out_of_office_days_left ---------------------------------------------------------------------


def test_days_left_count_to_the_inclusive_end_day(session: Session) -> None:
    user = make_user(session)
    assert out_of_office_days_left(user, date(2026, 8, 1)) is None  # no window
    set_out_of_office(
        session, SYSTEM, user.id, enabled=True, start=date(2026, 8, 1), end=date(2026, 8, 14)
    )
    assert out_of_office_days_left(user, date(2026, 7, 31)) is None  # not yet
    assert out_of_office_days_left(user, date(2026, 8, 1)) == 13
    assert out_of_office_days_left(user, date(2026, 8, 14)) == 0  # last day out
    assert out_of_office_days_left(user, date(2026, 8, 15)) is None  # back


def test_an_open_ended_window_has_zero_days_left(session: Session) -> None:
    user = make_user(session)
    set_out_of_office(session, SYSTEM, user.id, enabled=True, start=date(2026, 8, 1), end=None)
    assert out_of_office_days_left(user, date(2026, 12, 31)) == 0
    assert out_of_office_days_left(user, date(2026, 7, 1)) is None
