"""User queries."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from polydesk.models.users import User
from polydesk.users.schemas import UserFilter


def by_login(session: Session, login: str) -> User | None:
    """Logins are matched case-insensitively, as Integria and Znuny do. Compared as
    ``lower(login)`` so the functional index ``ix_users_login_lower`` serves the lookup."""
    return session.scalars(select(User).where(func.lower(User.login) == login.lower())).first()


def by_email(session: Session, email: str) -> User | None:
    return session.scalars(
        select(User).where(func.lower(User.email) == email.lower()).order_by(User.id)
    ).first()


def filtered(filters: UserFilter) -> Select[User]:
    query = select(User)
    if filters.role is not None:
        query = query.where(User.role == filters.role)
    if filters.company_id is not None:
        query = query.where(User.company_id == filters.company_id)
    if filters.query:
        pattern = f"%{filters.query.lower()}%"
        query = query.where(
            or_(
                func.lower(User.login).like(pattern),
                func.lower(User.email).like(pattern),
                func.lower(User.first_name + " " + User.last_name).like(pattern),
            )
        )
    return query
