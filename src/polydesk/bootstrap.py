"""First start: migrate, seed the catalogs and settings, create the admin on an empty database."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from polydesk.catalogs.seed import seed_catalogs
from polydesk.config import Settings
from polydesk.core.actor import SYSTEM, Role
from polydesk.db.engine import make_session_factory
from polydesk.db.migrate import upgrade
from polydesk.db.uow import unit_of_work
from polydesk.models.users import User
from polydesk.settings.service import seed_settings
from polydesk.tickets.numbering import seed_counter
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user
from polydesk.webservices.service import seed_webservices

_LOCK_KEY = 7_461_001  # arbitrary, fixed: "polydesk startup"


@dataclass(frozen=True)
class AdminCreated:
    login: str
    password: str | None  # set only when it was generated (printed once, never stored plain)


def prepare_database(engine: Engine, settings: Settings) -> AdminCreated | None:
    """Idempotent: safe on every start and from every process."""
    with _startup_lock(engine):
        upgrade(engine)
        with unit_of_work(make_session_factory(engine)) as session:
            seed_defaults(session)
            return ensure_admin(session, settings)


@contextmanager
def _startup_lock(engine: Engine) -> Iterator[None]:
    """Serialise first starts of several processes on one PostgreSQL (SQLite's write lock
    already does this)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
            connection.commit()


def seed_defaults(session: Session) -> None:
    seed_catalogs(session)
    seed_settings(session)
    seed_counter(session)
    seed_webservices(session)


def ensure_admin(session: Session, settings: Settings) -> AdminCreated | None:
    if session.scalars(select(User.id).limit(1)).first() is not None:
        return None
    generated = settings.admin_password is None
    password = settings.admin_password or secrets.token_urlsafe(12)
    create_user(
        session,
        SYSTEM,
        UserCreate(
            login=settings.admin_login,
            password=password,
            role=Role.ADMIN,
            first_name="Administrator",
        ),
    )
    return AdminCreated(settings.admin_login, password if generated else None)
