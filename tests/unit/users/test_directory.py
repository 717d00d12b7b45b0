"""The user directory's core use cases, as every edge calls them: unique addresses, search,
account states (disable, delete) ending credentials, and one-time password links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen, utcnow
from polydesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from polydesk.credentials.service import create_api_token, create_session, user_for_api_token
from polydesk.jobs.tasks import purge_expired_credentials
from polydesk.models.credentials import AuthSession
from polydesk.models.jobs import OutgoingMail
from polydesk.models.password_resets import PasswordResetToken
from polydesk.users.directory import (
    DirectorySearch,
    create_directory_user,
    search_directory_users,
    update_directory_user,
)
from polydesk.users.lifecycle import mark_user_deleted, set_user_enabled
from polydesk.users.password_reset import (
    ResetPurpose,
    check_password_reset,
    consume_password_reset,
    issue_password_reset,
)
from polydesk.users.schemas import UserCreate, UserUpdate
from polydesk.users.service import authenticate
from tests.factories import actor, make_user

BASE = "https://desk.example.com/"


def _sessions(session: Session, user_id: int) -> int:
    query = select(func.count()).select_from(AuthSession).where(AuthSession.user_id == user_id)
    return int(session.scalar(query) or 0)


def test_addresses_and_logins_are_unique_ignoring_case(session: Session) -> None:
    make_user(session, Role.CUSTOMER, login="ana")  # ana@example.com
    bob = make_user(session, Role.CUSTOMER, login="bob")

    with pytest.raises(Conflict) as taken:
        create_directory_user(session, SYSTEM, UserCreate(login="x", email="ANA@example.com"))
    with pytest.raises(Conflict) as renamed:
        update_directory_user(session, SYSTEM, bob.id, UserUpdate(), login="ANA")
    update_directory_user(session, SYSTEM, bob.id, UserUpdate(email="BOB@example.com"))

    assert (taken.value.code, renamed.value.code) == ("user.email_taken", "user.login_taken")


def test_search_by_parts_or_whole_values_and_any_phone(session: Session) -> None:
    ana = make_user(session, Role.CUSTOMER, login="ana")
    ana.office_phone = "+1 555 0100"
    bob = make_user(session, Role.CUSTOMER, login="anabel")
    bob.mobile = "+1 555 0199"
    session.flush()

    def ids(exact: bool = False, **criteria: str) -> list[int]:
        search = DirectorySearch(criteria=criteria, exact=exact)
        return [
            u.id for u in search_directory_users(session, SYSTEM, search, after_id=None, limit=10)
        ]

    assert ids(login="ANA") == [ana.id, bob.id]
    assert ids(login="ana", exact=True) == [ana.id]
    assert ids(any_phone="555 01") == [ana.id, bob.id]
    assert ids(any_phone="0199", login="ana") == [bob.id]
    assert ids() == []
    customer = actor(session, ana)
    search = DirectorySearch(criteria={"login": "ana"})
    mine = search_directory_users(session, customer, search, after_id=None, limit=10)
    assert [u.id for u in mine] == [ana.id]


def test_disabling_ends_sessions_and_deleting_revokes_tokens(session: Session) -> None:
    admin = actor(session, make_user(session, Role.ADMIN, login="root"))
    carla = make_user(session, Role.CUSTOMER, login="carla", password="pw")
    create_session(session, carla, kind="web", max_seconds=600)
    token = create_api_token(session, SYSTEM, user_id=carla.id)

    set_user_enabled(session, admin, carla.id, enabled=False)
    assert _sessions(session, carla.id) == 0
    assert authenticate(session, "carla", "pw") is None
    set_user_enabled(session, admin, carla.id, enabled=True)
    assert user_for_api_token(session, token) is not None

    mark_user_deleted(session, admin, carla.id)
    assert carla.deleted_at is not None and not carla.is_enabled
    assert user_for_api_token(session, token) is None
    with pytest.raises(ValidationFailed):
        set_user_enabled(session, admin, carla.id, enabled=True)
    with pytest.raises(PermissionDenied):
        mark_user_deleted(session, admin, admin.user_id or 0)


def test_a_reset_link_is_checked_without_use_then_used_once(session: Session) -> None:
    carla = make_user(session, Role.CUSTOMER, login="carla", password="pw")
    issued = issue_password_reset(
        session, SYSTEM, carla.id, purpose=ResetPurpose.RESET_PASSWORD, base_url=BASE
    )
    mail = session.get_one(OutgoingMail, issued.mail_id)
    token = mail.body.split("?token=")[1].split()[0]

    assert mail.to_addresses == "carla@example.com"
    assert f"{BASE}polydesk/v1/password-reset?token=" in mail.body
    assert check_password_reset(session, token).user_id == carla.id
    assert consume_password_reset(session, token, "Fresh-1").id == carla.id
    assert authenticate(session, "carla", "Fresh-1") is not None
    with pytest.raises(ValidationFailed):
        consume_password_reset(session, token, "Again-1")


def test_new_user_links_live_three_days(session: Session) -> None:
    carla = make_user(session, Role.CUSTOMER, login="carla")
    start = utcnow()
    with frozen(start):
        issued = issue_password_reset(
            session, SYSTEM, carla.id, purpose=ResetPurpose.NEW_USER, base_url=BASE
        )
    assert issued.expires_at == start + timedelta(days=3)


def test_expired_links_are_purged_by_the_hourly_task(session: Session) -> None:
    carla = make_user(session, Role.CUSTOMER, login="carla")
    issue_password_reset(
        session, SYSTEM, carla.id, purpose=ResetPurpose.RESET_PASSWORD, base_url=BASE
    )
    count = select(func.count()).select_from(PasswordResetToken)

    purge_expired_credentials(session)
    kept = session.scalar(count)
    with frozen(utcnow() + timedelta(hours=2, seconds=1)):
        purge_expired_credentials(session)

    assert (kept, session.scalar(count)) == (1, 0)
