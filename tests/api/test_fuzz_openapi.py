"""Fuzz the native API from its own OpenAPI document: whatever a client sends, the answer is
never a server error (issue 12, "zero 500s on hostile input").

Schemathesis generates requests for every operation, valid ones and deliberately invalid
ones (wrong types, nulls, out-of-range numbers, NUL and lone surrogates in text), as an
authenticated admin so the requests reach the services. Bounded for CI: derandomized (the
same examples every run), a few examples per operation and phase, no shrinking, no example
database; every operation runs in one test against the suite's database (SQLite by default,
PostgreSQL when POLYDESK_TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from polydesk.api.v1.app import create_native_api
from polydesk.app import create_app
from polydesk.config import Settings
from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_company, make_helpdesk, make_ticket, make_user, token_for

V1 = "/polydesk/v1"
EXAMPLES_PER_OPERATION = 10


@pytest.fixture
def admin_headers(runtime: Runtime) -> dict[str, str]:
    """An admin's token, plus rows with small ids for generated paths to find."""
    with runtime.factory() as session, session.begin():
        admin = make_user(session, Role.ADMIN)
        desk = make_helpdesk(session)
        make_company(session)
        make_ticket(session, admin, title="fuzz target", helpdesk_id=desk.id)
        return token_for(session, admin)


def _native_schema() -> Any:
    """The native API's OpenAPI document, read at collection time (one test per operation);
    the runtime behind it is never used, requests go to the test's own app."""
    settings = Settings(database_url="sqlite://", data_dir=Path(tempfile.mkdtemp()))
    document = create_native_api(Runtime.from_settings(settings)).openapi()
    loaded = schemathesis.openapi.from_dict(document)
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        codec=None,  # any code point, lone surrogates included
        allow_x00=True,
        no_shrink=True,
        deterministic=True,
        database="none",
    )
    # 405s for methods a path lacks test the router, not our code: not worth CI time.
    loaded.config.phases.coverage.unexpected_methods = set()
    return loaded


schema = _native_schema()


@pytest.fixture
def native_app(runtime: Runtime) -> Any:
    return create_app(runtime=runtime)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: Any, native_app: Any, admin_headers: dict[str, str]) -> None:
    case.call_and_validate(
        app=native_app,
        base_url=f"http://testserver{V1}",
        headers=admin_headers,
        checks=[not_a_server_error],
    )
