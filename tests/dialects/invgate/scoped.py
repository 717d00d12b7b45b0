"""A Bearer token for the API user holding exactly the scopes a test names (issue 16 tests)."""

from __future__ import annotations

from polydesk.core.actor import SYSTEM
from polydesk.credentials.service import create_oauth_client
from polydesk.db.uow import unit_of_work
from tests.dialects.invgate.conftest import InvGate


def bearer(invgate: InvGate, scope: str, *, registered: list[str]) -> dict[str, str]:
    """A token asked for ``scope`` from a client registered with ``registered`` scopes."""
    with unit_of_work(invgate.runtime.factory) as session:
        client = create_oauth_client(
            session, SYSTEM, name=f"robot-{scope}", grants=["client_credentials"],
            scopes=registered, user_id=invgate.users["api"],
        )  # fmt: skip
    body = invgate.client.post(
        "/oauth/v2.0/access_token",
        data={"grant_type": "client_credentials", "client_id": client.client_id,
              "client_secret": client.client_secret, "scope": scope},
    ).json()  # fmt: skip
    return {"Authorization": f"Bearer {body['access_token']}"}


def scope_denied(scope: str) -> dict[str, object]:
    return {"error": f"The access token does not have the scope {scope}", "status": 403}
