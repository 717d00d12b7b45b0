"""Common admin verbs: members of groups and help desks, enabling users, setting passwords, and
any configuration entry shown or set by name (``polydesk config show|set``). JSON out."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

import typer
import yaml

from polydesk.cli import app, fail, in_transaction, user_app
from polydesk.cli_config import config_app
from polydesk.configuration import service as configuration
from polydesk.configuration.memberships import Team, join, leave, members
from polydesk.core.actor import SYSTEM, TicketScope
from polydesk.core.errors import NotFound, ValidationFailed
from polydesk.db import Session
from polydesk.users.schemas import UserUpdate
from polydesk.users.service import get_user_by_login, update_user

group_app = typer.Typer(help="Groups and their members.", no_args_is_help=True)
helpdesk_app = typer.Typer(help="Help desks and their members.", no_args_is_help=True)
app.add_typer(group_app, name="group")
app.add_typer(helpdesk_app, name="helpdesk")


# --- any entry of the configuration ----------------------------------------------------------


@config_app.command("show")
def config_show(
    section: str, name: Annotated[str | None, typer.Argument(help="one entry")] = None
) -> None:
    """Print a section's entries, or one entry (as a site file holds them)."""

    def work(session: Session) -> dict[str, Any]:
        if name is None:
            return {section: configuration.list_entries(session, SYSTEM, section)}
        return configuration.get_entry(session, SYSTEM, section, name)

    in_transaction(work)


@config_app.command("set")
def config_set(
    section: str,
    name: str,
    fields: Annotated[list[str] | None, typer.Argument(help="FIELD=VALUE (a YAML value)")] = None,
) -> None:
    """Create or change one entry: ``polydesk config set helpdesks Network levels='[L1, L2]'``."""
    values = _fields(fields or [])

    def work(session: Session) -> dict[str, Any]:
        applied = configuration.put_entry(session, SYSTEM, section, name, values)
        return {
            "steps": [step.as_dict() for step in applied.steps],
            "created_users": applied.secrets,
        }

    in_transaction(work)


@config_app.command("remove")
def config_remove(section: str, name: str) -> None:
    """Take an entry out of use (deleted, or disabled where records refer to it)."""
    in_transaction(
        lambda s: {"name": name, "result": configuration.remove_entry(s, SYSTEM, section, name)}
    )


def _fields(pairs: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for pair in pairs:
        field, equals, text = pair.partition("=")
        if not equals or not field:
            fail(f"{pair!r} is not FIELD=VALUE")
        try:
            values[field] = yaml.safe_load(text) if text else ""
        except yaml.YAMLError as error:
            fail(f"{field}: not a YAML value ({str(error).splitlines()[0]})")
    return values


# --- members ---------------------------------------------------------------------------------


def _member_commands(sub: typer.Typer, team: Team) -> None:
    @sub.command("members")
    def show_members(name: str) -> None:
        """List the members (login -> may write)."""
        in_transaction(lambda s: {"name": name, "members": members(s, SYSTEM, team, name)})

    @sub.command("add-member")
    def add_member(
        name: str,
        login: str,
        read_only: Annotated[bool, typer.Option(help="help desks: read access only")] = False,
    ) -> None:
        """Add a user as a member."""
        if read_only and team is Team.GROUP:
            fail("--read-only applies to help desks only")
        in_transaction(lambda s: _joined(s, team, name, login, not read_only))

    @sub.command("remove-member")
    def remove_member(name: str, login: str) -> None:
        """Remove a user; says whether it was a member."""
        in_transaction(lambda s: {"removed": leave(s, SYSTEM, team, name, login)})


def _joined(session: Session, team: Team, name: str, login: str, writable: bool) -> dict[str, Any]:
    join(session, SYSTEM, team, name, login, writable=writable)
    return {"name": name, "login": login, "writable": writable}


_member_commands(group_app, Team.GROUP)
_member_commands(helpdesk_app, Team.HELPDESK)


# --- users -----------------------------------------------------------------------------------


@user_app.command("disable")
def user_disable(login: str) -> None:
    """Disable a user: it can no longer sign in; its tickets stay."""
    in_transaction(lambda s: _set_user(s, login, UserUpdate(is_enabled=False)))


@user_app.command("enable")
def user_enable(login: str) -> None:
    in_transaction(lambda s: _set_user(s, login, UserUpdate(is_enabled=True)))


@user_app.command("set-password")
def user_set_password(
    login: str,
    password: Annotated[str | None, typer.Option(help="default: a generated one, printed")] = None,
) -> None:
    """Set a user's password (a generated one is printed once)."""
    chosen = password or secrets.token_urlsafe(12)
    if not chosen.strip():
        fail("the password cannot be blank")

    def work(session: Session) -> dict[str, Any]:
        shown = _set_user(session, login, UserUpdate(password=chosen))
        return shown | ({} if password else {"generated_password": chosen})

    in_transaction(work)


@user_app.command("set-scope")
def user_set_scope(login: str, scope: TicketScope) -> None:
    """Which tickets of its help desks an agent reads: all of them (helpdesks) or only the
    unowned and its own (own; ReadyDesk's viewable_tickets OWN)."""

    def work(session: Session) -> dict[str, Any]:
        shown = _set_user(session, login, UserUpdate(ticket_scope=scope))
        return shown | {"ticket_scope": scope.value}

    in_transaction(work)


def _set_user(session: Session, login: str, cmd: UserUpdate) -> dict[str, Any]:
    user = get_user_by_login(session, login)
    if user is None:
        raise NotFound("user.not_found", f"no user with login {login!r}", id=login)
    if not cmd.model_fields_set:
        raise ValidationFailed("user.nothing_to_change", "nothing to change")
    changed = update_user(session, SYSTEM, user.id, cmd)
    return {"login": changed.login, "enabled": changed.is_enabled}
