"""GenericInterface web services (Znuny/OTRS): named configurations mapping routes to operations.

Stored as data so an admin can import a Znuny export or edit a route without a release; the
``config`` document is validated by ``polydesk.webservices.config``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class WebService(Timestamps, Base):
    __tablename__ = "web_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    is_valid: Mapped[bool] = mapped_column(default=True)  # Znuny ValidID: 1 valid, else off
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
