"""Dialect credentials and run-time settings (admins only): the same operations as
``polydesk apikey``, ``oauth-client``, ``token`` and ``settings``. A created secret is in the
answer once and never again; secret settings are written, never read back."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response
from pydantic import ConfigDict, Field

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import Guarded, NameInPath
from polydesk.api.v1.schemas import Out
from polydesk.authz.tickets import require_admin
from polydesk.core.errors import NotFound
from polydesk.credentials import service as credentials
from polydesk.db import Session
from polydesk.settings import service as settings
from polydesk.users.service import get_user_by_login

router = APIRouter(tags=["credentials"])

Dialect = Literal["integria", "invgate", "motadata", "readydesk", "znuny"]
Grant = Literal["password", "client_credentials", "refresh_token"]
#: Settings whose value is a secret: PUT sets them, GET says only whether they are set.
SECRET_SETTINGS = frozenset({settings.INTEGRIA_API_PASSWORD, settings.OAUTH_JWT_SECRET})


class ApiKeyCreate(Guarded):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"dialect": "readydesk", "allowed_ips": ["10.0.0.0/8"]}]},
    )

    dialect: Dialect
    allowed_ips: list[Annotated[str, Field(max_length=64)]] = Field(default=[], max_length=100)
    user: str | None = Field(default=None, max_length=191, description="the login it acts as")


class ApiKeyOut(Out):
    key: str
    dialect: str
    allowed_ips: list[str]


class OAuthClientCreate(Guarded):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "flotomate", "grants": ["password"]}]},
    )

    name: str = Field(min_length=1, max_length=191)
    grants: list[Grant] = Field(min_length=1, max_length=3)
    scopes: list[Annotated[str, Field(max_length=191)]] = Field(default=[], max_length=200)
    client_id: str | None = Field(default=None, max_length=191)
    user: str | None = Field(default=None, max_length=191, description="the login it acts as")


class OAuthClientOut(Out):
    client_id: str
    client_secret: str


class TokenCreate(Guarded):
    model_config = ConfigDict(extra="forbid")

    login: str = Field(min_length=1, max_length=191)
    name: str = Field(default="", max_length=191)


class SettingPut(Guarded):
    model_config = ConfigDict(extra="forbid")

    value: str = Field(max_length=10_000)


class SettingOut(Out):
    key: str
    value: str | None
    secret: bool = False


@router.post("/api-keys", status_code=201, response_model=ApiKeyOut)
def create_api_key(session: DbSession, actor: CurrentActor, body: ApiKeyCreate) -> ApiKeyOut:
    """A dialect API key (ReadyDesk `key`, InvGate's API user); shown once."""
    require_admin(actor)  # before any lookup: others learn nothing of which logins exist
    user_id = _user_id(session, body.user)
    key = credentials.create_api_key(
        session, actor, dialect=body.dialect, allowed_ips=body.allowed_ips, user_id=user_id
    )
    return ApiKeyOut(key=key, dialect=body.dialect, allowed_ips=body.allowed_ips)


@router.post("/oauth-clients", status_code=201, response_model=OAuthClientOut)
def create_oauth_client(
    session: DbSession, actor: CurrentActor, body: OAuthClientCreate
) -> OAuthClientOut:
    """An OAuth client (Motadata's password grant, InvGate's client credentials); its secret
    is shown once."""
    require_admin(actor)
    created = credentials.create_oauth_client(
        session,
        actor,
        name=body.name,
        grants=list(body.grants),
        scopes=body.scopes,
        client_id=body.client_id,
        user_id=_user_id(session, body.user),
    )
    return OAuthClientOut(client_id=created.client_id, client_secret=created.client_secret)


@router.delete("/oauth-clients/{client_id}", status_code=204)
def delete_oauth_client(session: DbSession, actor: CurrentActor, client_id: NameInPath) -> Response:
    """Remove a client; every token it was issued stops working at once."""
    credentials.delete_oauth_client(session, actor, client_id)
    return Response(status_code=204)


@router.post("/tokens", status_code=201)
def create_token(session: DbSession, actor: CurrentActor, body: TokenCreate) -> dict[str, str]:
    """A native API token for a user (admins: anyone; others: themselves); shown once."""
    if body.login != actor.login:
        require_admin(actor)
    user_id = _existing_user_id(session, body.login)
    return {"token": credentials.create_api_token(session, actor, user_id=user_id, name=body.name)}


@router.get("/settings/{key}", response_model=SettingOut)
def get_setting(
    session: DbSession,
    actor: CurrentActor,
    key: Annotated[str, Path(min_length=3, max_length=191, pattern=settings.KEY_PATTERN.pattern)],
) -> SettingOut:
    require_admin(actor)
    if key in SECRET_SETTINGS:
        return SettingOut(key=key, value=None, secret=True)
    return SettingOut(key=key, value=settings.get_setting(session, key))


@router.put("/settings/{key}", response_model=SettingOut)
def put_setting(
    session: DbSession,
    actor: CurrentActor,
    key: Annotated[str, Path(min_length=3, max_length=191)],
    body: SettingPut,
) -> SettingOut:
    """Set a run-time setting (e.g. integria.api_password, integria.allowed_ips)."""
    row = settings.set_setting(session, actor, key, body.value)
    secret = key in SECRET_SETTINGS
    return SettingOut(key=row.key, value=None if secret else row.value, secret=secret)


def _user_id(session: Session, login: str | None) -> int | None:
    return None if login is None else _existing_user_id(session, login)


def _existing_user_id(session: Session, login: str) -> int:
    user = get_user_by_login(session, login)
    if user is None:
        raise NotFound("user.not_found", f"no user with login {login!r}", id=login)
    return user.id
