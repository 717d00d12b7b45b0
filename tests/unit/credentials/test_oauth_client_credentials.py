"""The client-credentials grant (credentials/oauth.py): opaque tokens for the client's user,
carrying only the scopes asked for, and the ``oauth-client create --user`` CLI option."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.core.errors import Unauthenticated
from polydesk.credentials import oauth
from polydesk.credentials.service import create_oauth_client, delete_oauth_client, digest
from polydesk.db.engine import make_session_factory
from polydesk.models.credentials import OAuthClient, OAuthToken
from polydesk.models.users import User
from tests.conftest import CliResult
from tests.factories import make_user

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
SCOPES = ["api.v1.incident:post", "api.v1.incident:get"]


def _client(session: Session, user: User | None, grants: list[str] | None = None) -> OAuthClient:
    create_oauth_client(
        session, SYSTEM, name="Robot", grants=grants or ["client_credentials"], scopes=SCOPES,
        client_id="robot", user_id=user.id if user else None,
    )  # fmt: skip
    return session.scalars(select(OAuthClient)).one()


def test_a_token_carries_the_requested_scopes_and_acts_as_the_clients_user(
    session: Session,
) -> None:
    user = make_user(session, login="robot-user")
    client = _client(session, user)

    with frozen(NOW):
        issued = oauth.client_credentials_grant(
            session, client, requested_scopes=["api.v1.incident:post"]
        )
        principal = oauth.authenticate_client_token(session, issued.access_token)

    assert issued.scopes == ["api.v1.incident:post"] and issued.expires_in == 7200
    assert principal.user.id == user.id and principal.client.id == client.id
    assert principal.scopes == frozenset({"api.v1.incident:post"})
    row = session.scalars(select(OAuthToken)).one()
    assert row.jti == digest(issued.access_token) and row.kind == oauth.CLIENT_ACCESS
    assert "." not in issued.access_token  # not a JWT: the shared path tells them apart


def test_no_scope_requested_means_no_scope(session: Session) -> None:
    client = _client(session, make_user(session))

    issued = oauth.client_credentials_grant(session, client, requested_scopes=[])

    assert issued.scopes == []
    assert oauth.authenticate_client_token(session, issued.access_token).scopes == frozenset()


def test_a_scope_the_client_lacks_is_refused(session: Session) -> None:
    client = _client(session, make_user(session))

    with pytest.raises(Unauthenticated) as failure:
        oauth.client_credentials_grant(
            session, client, requested_scopes=["api.v1.incident:post", "api.v1.user:delete"]
        )

    assert failure.value.code == "oauth.invalid_scope"
    assert session.scalars(select(OAuthToken)).all() == []


def test_the_grant_needs_the_grant_type_and_an_enabled_user(session: Session) -> None:
    user = make_user(session)
    password_only = _client(session, user, ["password"])
    with pytest.raises(Unauthenticated) as failure:
        oauth.client_credentials_grant(session, password_only, requested_scopes=[])
    assert failure.value.code == "oauth.unauthorized_grant"

    password_only.grant_types = ["client_credentials"]
    user.is_enabled = False
    with pytest.raises(Unauthenticated) as failure:
        oauth.client_credentials_grant(session, password_only, requested_scopes=[])
    assert failure.value.code == "oauth.client_without_user"


def test_a_client_without_a_user_cannot_get_a_token(session: Session) -> None:
    client = _client(session, None)

    with pytest.raises(Unauthenticated) as failure:
        oauth.client_credentials_grant(session, client, requested_scopes=[])

    assert failure.value.code == "oauth.client_without_user"


def test_expired_revoked_and_foreign_tokens_are_refused(session: Session) -> None:
    user = make_user(session)
    client = _client(session, user)
    with frozen(NOW):
        issued = oauth.client_credentials_grant(session, client, requested_scopes=SCOPES)

    with frozen(NOW + timedelta(seconds=7200)), pytest.raises(Unauthenticated) as expired:
        oauth.authenticate_client_token(session, issued.access_token)
    assert expired.value.code == "oauth.token_expired"

    with pytest.raises(Unauthenticated) as unknown:
        oauth.authenticate_client_token(session, "not-a-token")
    assert unknown.value.code == "oauth.invalid_token"

    with frozen(NOW):
        client.is_enabled = False
        with pytest.raises(Unauthenticated):
            oauth.authenticate_client_token(session, issued.access_token)
        client.is_enabled = True
        user.is_enabled = False
        with pytest.raises(Unauthenticated):
            oauth.authenticate_client_token(session, issued.access_token)


def test_password_tokens_are_not_client_tokens(session: Session) -> None:
    user = make_user(session, login="jdoe", password="pw")
    client = _client(session, user, ["password", "client_credentials"])
    tokens = oauth.password_grant(session, client, username="jdoe", password="pw", secret="k" * 40)

    with pytest.raises(Unauthenticated):
        oauth.authenticate_client_token(session, tokens.access_token)
    issued = oauth.client_credentials_grant(session, client, requested_scopes=[])
    with pytest.raises(Unauthenticated):
        oauth.authenticate_access_token(session, issued.access_token, "k" * 40)


def test_deleting_the_client_revokes_its_tokens(session: Session) -> None:
    client = _client(session, make_user(session))
    issued = oauth.client_credentials_grant(session, client, requested_scopes=[])

    delete_oauth_client(session, SYSTEM, "robot")

    with pytest.raises(Unauthenticated):
        oauth.authenticate_client_token(session, issued.access_token)


def test_cli_binds_a_user_to_a_client_credentials_client(
    clean_engine: Engine, cli_run: Callable[..., CliResult]
) -> None:
    base = ("oauth-client", "create", "Bot", "--grant", "client_credentials")
    code, _, stderr = cli_run(*base)
    assert code == 1 and "--user" in stderr
    code, _, stderr = cli_run(*base, "--user", "nobody")
    assert code == 1
    code, printed, _ = cli_run(*base, "--user", "admin", "--scope", "api.v1.incident:post")
    assert code == 0 and printed[-1]["client_id"] == "Bot-client"
    with make_session_factory(clean_engine)() as session:
        row = session.scalars(select(OAuthClient)).one()
        admin = session.scalars(select(User).where(User.login == "admin")).one()
        assert row.user_id == admin.id and row.scopes == ["api.v1.incident:post"]
        assert row.grant_types == ["client_credentials"]
