"""Users who observe a group, company, help desk, level or location (InvGate's entity
observers; a different thing from a ticket's observers, ``TicketParticipant``)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class ObservedKind(StrEnum):
    GROUP = "group"
    COMPANY = "company"
    HELPDESK = "helpdesk"
    LEVEL = "level"
    LOCATION = "location"


class EntityObserver(Base):
    """One user observing one entity: unique per (kind, entity id, user). The entity id has no
    foreign key (it points into five tables); the services that delete an entity drop its
    observers (``users.observers.forget_entities``)."""

    __tablename__ = "entity_observers"

    entity_kind: Mapped[ObservedKind] = mapped_column(
        Enum(ObservedKind, native_enum=False, length=16), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
