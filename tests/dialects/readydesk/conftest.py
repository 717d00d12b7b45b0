"""A ReadyDesk-shaped installation: dates in UTC, one API key acting as an admin (``api``), the
seed's tech ``guest``, customer ``demo`` of ``Demo Company`` and four text custom fields.

``rd.call(action, **variables)`` answers the body text; ``fmt=`` adds ``output=``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.credentials.service import create_api_key
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.models.customfields import FieldType
from polydesk.runtime import Runtime
from polydesk.settings.service import set_setting
from tests.dialects.readydesk.calls import API_PATH, readydesk_call  # noqa: F401  (API_PATH: tests import it here)
from tests.dialects.readydesk.public import public_rd  # noqa: F401  (a fixture)
from tests.factories import make_company, make_user

NOW = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)


@dataclass
class ReadyDesk:
    client: TestClient
    runtime: Runtime
    key: str
    ids: dict[str, int] = field(default_factory=dict)

    def call(
        self, action: str, *, fmt: str | None = None, method: str = "GET", **variables: Any
    ) -> str:
        return readydesk_call(self.client, self.key, action, fmt=fmt, method=method, **variables)

    def new_key(self, *, allowed_ips: list[str] | None = None, login: str | None = None) -> str:
        with unit_of_work(self.runtime.factory) as session:
            user_id = self.ids[login] if login else None
            return create_api_key(
                session, SYSTEM, dialect="readydesk", allowed_ips=allowed_ips or [], user_id=user_id
            )


@pytest.fixture
def rd(runtime: Runtime, client: TestClient) -> Iterator[ReadyDesk]:
    with unit_of_work(runtime.factory) as session:
        set_setting(session, SYSTEM, "readydesk.timezone", "UTC")
        company = make_company(session, "Demo Company")
        api = make_user(session, Role.ADMIN, login="api")
        guest = make_user(session, Role.AGENT, login="guest")
        demo = make_user(session, Role.CUSTOMER, login="demo", company=company)
        for slot in range(1, 5):
            create_field(
                session,
                SYSTEM,
                CustomFieldCreate(
                    name=f"Custom_field_{slot}", field_type=FieldType.TEXT, position=slot
                ),
            )
        key = create_api_key(session, SYSTEM, dialect="readydesk", allowed_ips=[], user_id=api.id)
        ids = {"api": api.id, "guest": guest.id, "demo": demo.id, "Demo Company": company.id}
    with frozen(NOW):
        yield ReadyDesk(client=client, runtime=runtime, key=key, ids=ids)
