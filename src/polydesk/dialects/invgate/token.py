"""``POST /oauth/v2.0/access_token``: the OAuth2 client-credentials grant (RFC 6749 §4.4).

The client authenticates with ``client_id`` / ``client_secret`` form fields or HTTP Basic;
``scope`` is a space-separated list of ``api.v1.<endpoint>:<method>`` scopes, each registered
on the client (``polydesk oauth-client create NAME --grant client_credentials --user LOGIN
--scope ...``). Errors are RFC 6749's ``{"error", "error_description"}`` plus InvGate's
``status``."""

from __future__ import annotations

from typing import Any

from polydesk.core.errors import Unauthenticated
from polydesk.credentials.oauth import authenticate_client, client_credentials_grant
from polydesk.db.uow import unit_of_work
from polydesk.dialects._kit.hostile import all_storable
from polydesk.dialects._kit.routing import basic_credentials
from polydesk.dialects.invgate.params import Params
from polydesk.runtime import Runtime

GRANT = "client_credentials"


class TokenError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.body = {"error": error, "error_description": description, "status": status}


def issue_token(
    runtime: Runtime, params: Params, headers: dict[str, str], address: str = ""
) -> dict[str, Any]:
    grant = params.text("grant_type")
    if grant != GRANT:
        raise TokenError(400, "unsupported_grant_type", f"Unsupported grant type: {grant}")
    client_id, secret = _client_credentials(params, headers)
    scopes = (params.text("scope") or "").split()
    try:
        with unit_of_work(runtime.factory) as session:
            client = authenticate_client(session, client_id, secret, address=address)
            token = client_credentials_grant(session, client, requested_scopes=scopes)
    except Unauthenticated as error:
        raise _token_error(error) from error
    return {
        "access_token": token.access_token,
        "token_type": "Bearer",
        "expires_in": token.expires_in,
        "scope": " ".join(token.scopes),
    }


def _client_credentials(params: Params, headers: dict[str, str]) -> tuple[str, str]:
    from_header = basic_credentials(headers)
    if from_header is not None:
        return from_header
    client_id, secret = params.text("client_id"), params.text("client_secret")
    # No client holds NUL in its id or secret (and PostgreSQL would refuse the lookup).
    if not client_id or secret is None or not all_storable((client_id, secret)):
        raise TokenError(401, "invalid_client", "Client authentication failed")
    return client_id, secret


def _token_error(error: Unauthenticated) -> TokenError:
    if error.code == "oauth.invalid_scope":
        return TokenError(400, "invalid_scope", error.message)
    if error.code == "oauth.unauthorized_grant":
        return TokenError(400, "unauthorized_client", error.message)
    return TokenError(401, "invalid_client", error.message)
