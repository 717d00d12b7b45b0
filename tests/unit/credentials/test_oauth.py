"""OAuth2 grants and JWT checks in the core (credentials/oauth.py), the client id and delete
rules (credentials/service.py), and the ``oauth-client`` CLI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, Unauthenticated, ValidationFailed
from polydesk.credentials import oauth
from polydesk.credentials.service import create_oauth_client, delete_oauth_client
from polydesk.db.engine import make_session_factory
from polydesk.models.credentials import OAuthClient, OAuthToken
from polydesk.models.settings import Setting
from polydesk.settings.service import OAUTH_JWT_SECRET
from tests.conftest import CliResult
from tests.factories import make_user

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
KEY = "k" * 40


def _client(session: Session, grants: list[str] | None = None) -> OAuthClient:
    create_oauth_client(
        session, SYSTEM, name="App", grants=grants or ["password", "refresh_token"],
        scopes=[], client_id="App-client",
    )  # fmt: skip
    return session.scalars(select(OAuthClient)).one()


def test_the_signing_secret_is_generated_once_and_shared(session: Session) -> None:
    first = oauth.signing_secret(session, None)
    second = oauth.signing_secret(session, None)

    assert first == second and len(first) >= 32
    assert session.get_one(Setting, OAUTH_JWT_SECRET).value == first
    assert oauth.signing_secret(session, KEY) == KEY
    assert oauth.known_secret(session, None) == first


def test_no_secret_is_created_just_to_check_a_token(session: Session) -> None:
    assert oauth.known_secret(session, None) is None
    assert session.get(Setting, OAUTH_JWT_SECRET) is None


def test_password_grant_by_login_or_email_and_access_check(session: Session) -> None:
    user = make_user(session, login="jdoe", password="pw")  # e-mail jdoe@example.com
    client = _client(session)

    with frozen(NOW):
        by_login = oauth.password_grant(session, client, username="jdoe", password="pw", secret=KEY)
        by_email = oauth.password_grant(
            session, client, username="jdoe@example.com", password="pw", secret=KEY
        )
        principal = oauth.authenticate_access_token(session, by_email.access_token, KEY)

    assert principal.user.id == user.id and principal.client.id == client.id
    claims = jwt.decode(
        by_login.access_token, KEY, algorithms=["HS256"], options={"verify_exp": False}
    )
    assert claims["scope"] == ["other-api-scope"] and claims["user_name"] == "jdoe@example.com"
    assert claims["exp"] == int((NOW + timedelta(seconds=7200)).timestamp())
    kinds = sorted(row.kind for row in session.scalars(select(OAuthToken)))
    assert kinds == ["access", "access", "refresh", "refresh"]
    assert oauth.is_issued_token(by_login.access_token, KEY)
    assert not oauth.is_issued_token(by_login.access_token, "x" * 40)


@pytest.mark.parametrize(
    ("username", "password", "code"),
    [("jdoe", "bad", "oauth.bad_credentials"), ("ghost", "pw", "oauth.bad_credentials")],
)
def test_password_grant_failures(session: Session, username: str, password: str, code: str) -> None:
    make_user(session, login="jdoe", password="pw")
    client = _client(session)

    with pytest.raises(Unauthenticated) as failure:
        oauth.password_grant(session, client, username=username, password=password, secret=KEY)

    assert failure.value.code == code
    assert session.scalars(select(OAuthToken)).all() == []


def test_a_grant_the_client_lacks_is_refused(session: Session) -> None:
    make_user(session, login="jdoe", password="pw")
    client = _client(session, ["client_credentials"])

    with pytest.raises(Unauthenticated) as failure:
        oauth.password_grant(session, client, username="jdoe", password="pw", secret=KEY)

    assert failure.value.code == "oauth.unauthorized_grant"


def test_deleting_a_client_removes_its_tokens(session: Session) -> None:
    make_user(session, login="jdoe", password="pw")
    client = _client(session)
    tokens = oauth.password_grant(session, client, username="jdoe", password="pw", secret=KEY)

    delete_oauth_client(session, SYSTEM, "App-client")

    assert session.scalars(select(OAuthToken)).all() == []
    with pytest.raises(Unauthenticated) as failure:
        oauth.authenticate_access_token(session, tokens.access_token, KEY)
    assert failure.value.code == "oauth.token_revoked"


def test_client_ids_are_checked(session: Session) -> None:
    _client(session)
    with pytest.raises(Conflict):
        _client(session)
    with pytest.raises(ValidationFailed):
        create_oauth_client(
            session, SYSTEM, name="x", grants=["password"], scopes=[], client_id="a:b"
        )


def test_the_cli_derives_name_client_and_deletes(
    clean_engine: Engine, cli_run: Callable[..., CliResult]
) -> None:
    code, printed, _ = cli_run("oauth-client", "create", "TripApp", "--grant", "password")
    created = printed[-1]
    assert code == 0 and created["client_id"] == "TripApp-client" and created["client_secret"]
    assert cli_run("oauth-client", "create", "TripApp", "--grant", "password")[0] == 1
    code, printed, _ = cli_run("oauth-client", "delete", "TripApp-client")
    assert (code, printed[-1]) == (0, {"deleted": "TripApp-client"})
    code, _, stderr = cli_run("oauth-client", "delete", "TripApp-client")
    assert code == 1 and "not found" in stderr
    with make_session_factory(clean_engine)() as session:
        assert session.scalars(select(OAuthClient)).all() == []
