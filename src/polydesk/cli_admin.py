"""Admin CLI commands: users, settings, API keys, OAuth clients, native API tokens."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from polydesk.cli import apikey_app, in_transaction, oauth_app, settings_app, token_app, user_app
from polydesk.companies.service import get_company_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound, ValidationFailed
from polydesk.credentials import service as credentials
from polydesk.db import Session
from polydesk.helpdesks.service import get_helpdesk_by_name
from polydesk.settings.service import get_setting, set_setting
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user, get_user_by_login


@user_app.command("create")
def user_create(
    login: str,
    password: Annotated[str, typer.Option(help="the user's password")],
    email: Annotated[str | None, typer.Option()] = None,
    name: Annotated[str | None, typer.Option(help="full name")] = None,
    role: Annotated[Role, typer.Option()] = Role.AGENT,
    helpdesk: Annotated[list[str] | None, typer.Option(help="help desk name (repeatable)")] = None,
    company: Annotated[str | None, typer.Option(help="company name")] = None,
) -> None:
    """Create a user."""

    def work(session: Session) -> dict[str, Any]:
        first, _, last = (name or "").partition(" ")
        helpdesk_ids = [_helpdesk_id(session, hd) for hd in helpdesk or []]
        cmd = UserCreate(
            login=login,
            password=password,
            email=email,
            first_name=first,
            last_name=last,
            role=role,
            helpdesk_ids=helpdesk_ids,
            company_id=_company_id(session, company) if company else None,
        )
        user = create_user(session, SYSTEM, cmd)
        return {"id": user.id, "login": user.login, "role": user.role.value}

    in_transaction(work)


@settings_app.command("set")
def settings_set(key: str, value: str) -> None:
    """Set a setting (for example integria.api_password)."""
    in_transaction(lambda s: {"key": key, "value": set_setting(s, SYSTEM, key, value).value})


@settings_app.command("get")
def settings_get(key: str) -> None:
    """Print a setting's value (null when unset)."""
    in_transaction(lambda s: {"key": key, "value": get_setting(s, key)})


@apikey_app.command("create")
def apikey_create(
    dialect: Annotated[str, typer.Option(help="integria, invgate, motadata, readydesk, znuny")],
    allowed_ips: Annotated[str, typer.Option(help="comma-separated addresses/networks")] = "",
    user: Annotated[str | None, typer.Option(help="login the key acts as")] = None,
) -> None:
    """Create an API key for a dialect; the key is printed once."""

    def work(session: Session) -> dict[str, Any]:
        ips = [ip.strip() for ip in allowed_ips.split(",") if ip.strip()]
        user_id = _user_id(session, user) if user else None
        key = credentials.create_api_key(
            session, SYSTEM, dialect=dialect, allowed_ips=ips, user_id=user_id
        )
        return {"key": key, "dialect": dialect, "allowed_ips": ips}

    in_transaction(work)


@oauth_app.command("create")
def oauth_client_create(
    name: str,
    grant: Annotated[str, typer.Option(help="password or client_credentials")],
    scope: Annotated[list[str] | None, typer.Option(help="scope (repeatable)")] = None,
    client_id: Annotated[
        str | None, typer.Option(help="client id; default NAME-client (Motadata's form)")
    ] = None,
    user: Annotated[
        str | None, typer.Option(help="login the client_credentials grant acts as")
    ] = None,
) -> None:
    """Create an OAuth client; the secret is printed once."""

    def work(session: Session) -> dict[str, Any]:
        grants = [grant] + (["refresh_token"] if grant == "password" else [])
        if grant == "client_credentials" and not user:
            raise ValidationFailed(
                "oauth.client_needs_user", "--grant client_credentials needs --user LOGIN"
            )
        client = credentials.create_oauth_client(
            session,
            SYSTEM,
            name=name,
            grants=grants,
            scopes=scope or [],
            client_id=client_id or f"{name}-client",
            user_id=_user_id(session, user) if user else None,
        )
        return {"client_id": client.client_id, "client_secret": client.client_secret}

    in_transaction(work)


@oauth_app.command("delete")
def oauth_client_delete(client_id: str) -> None:
    """Delete an OAuth client by its client id; its tokens stop working at once."""

    def work(session: Session) -> dict[str, Any]:
        credentials.delete_oauth_client(session, SYSTEM, client_id)
        return {"deleted": client_id}

    in_transaction(work)


@token_app.command("create")
def token_create(
    login: str, name: Annotated[str, typer.Option(help="what the token is for")] = ""
) -> None:
    """Create a native API token for a user; the token is printed once."""

    def work(session: Session) -> dict[str, Any]:
        token = credentials.create_api_token(
            session, SYSTEM, user_id=_user_id(session, login), name=name
        )
        return {"token": token}

    in_transaction(work)


def _user_id(session: Session, login: str) -> int:
    user = get_user_by_login(session, login)
    if user is None:
        raise NotFound("user.not_found", f"no user with login {login!r}")
    return user.id


def _helpdesk_id(session: Session, name: str) -> int:
    helpdesk = get_helpdesk_by_name(session, name)
    if helpdesk is None:
        raise NotFound("helpdesk.not_found", f"no help desk named {name!r}")
    return helpdesk.id


def _company_id(session: Session, name: str) -> int:
    company = get_company_by_name(session, name)
    if company is None:
        raise NotFound("company.not_found", f"no company named {name!r}")
    return company.id
