"""The ORM session every unit of work uses.

It turns SQLAlchemy's optimistic-locking failure (a row's version changed since it was read:
another transaction committed a change to it first) into the domain error ``Conflict``, which
every edge renders in its own format, instead of a 500. Paths that lock the rows they change
never meet it; it is the net under those that do not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from polydesk.core.errors import Conflict


class CoreSession(Session):
    def flush(self, objects: Sequence[Any] | None = None) -> None:
        try:
            super().flush(objects)
        except StaleDataError as error:
            raise Conflict(
                "record.changed_concurrently",
                "the record was changed by someone else at the same time; read it again and "
                "retry",
            ) from error
