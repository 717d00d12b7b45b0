"""The common admin verbs: members of groups and help desks, users enabled or not, passwords,
and any configuration entry shown or set by name. All JSON; errors exit 1 and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Run = Callable[..., tuple[int, list[dict[str, Any]], str]]


def _ok(cli_run: Run, *args: str) -> dict[str, Any]:
    code, out, err = cli_run(*args)
    assert code == 0, err
    return out[-1]


def test_members_of_groups_and_help_desks(cli_run: Run) -> None:
    _ok(cli_run, "config", "set", "helpdesks", "Network", "levels=[L1, L2]")
    _ok(cli_run, "config", "set", "groups", "ops", "description=Operations")
    _ok(cli_run, "user", "create", "jane", "--password", "pw", "--role", "agent")

    _ok(cli_run, "group", "add-member", "ops", "jane")
    assert (
        _ok(cli_run, "helpdesk", "add-member", "Network", "jane", "--read-only")["writable"]
        is False
    )
    assert _ok(cli_run, "helpdesk", "members", "Network")["members"] == {"jane": False}
    assert _ok(cli_run, "group", "members", "ops")["members"] == {"jane": True}
    assert _ok(cli_run, "config", "show", "users", "jane")["groups"] == ["ops"]

    assert _ok(cli_run, "group", "remove-member", "ops", "jane") == {"removed": True}
    assert _ok(cli_run, "group", "remove-member", "ops", "jane") == {"removed": False}
    assert _ok(cli_run, "group", "members", "ops")["members"] == {}
    assert _ok(cli_run, "config", "show", "helpdesks", "Network")["levels"] == ["L1", "L2"]


def test_users_are_disabled_enabled_and_given_passwords(cli_run: Run) -> None:
    _ok(cli_run, "user", "create", "carl", "--password", "pw", "--role", "customer")
    assert _ok(cli_run, "user", "disable", "carl") == {"login": "carl", "enabled": False}
    assert _ok(cli_run, "config", "show", "users", "carl")["enabled"] is False
    assert _ok(cli_run, "user", "enable", "carl") == {"login": "carl", "enabled": True}
    generated = _ok(cli_run, "user", "set-password", "carl")["generated_password"]
    assert len(generated) >= 16
    assert "generated_password" not in _ok(
        cli_run, "user", "set-password", "carl", "--password", "s"
    )


def test_bad_names_and_values_exit_1_and_change_nothing(cli_run: Run) -> None:
    _ok(cli_run, "user", "create", "jane", "--password", "pw", "--role", "agent")
    before = _ok(cli_run, "config", "show", "groups")
    for args, message in [
        (("group", "add-member", "nope", "jane"), "no group named 'nope'"),
        (("helpdesk", "add-member", "nope", "jane"), "no help desk named 'nope'"),
        (("user", "disable", "ghost"), "no user with login 'ghost'"),
        (("config", "set", "groups", "g", "levels"), "'levels' is not FIELD=VALUE"),
        (("config", "set", "groups", "g", "parent=[unclosed"), "parent: not a YAML value"),
        (("config", "set", "groups", "g", "colour=blue"), "colour: Extra inputs"),
        (("group", "add-member", "g", "jane", "--read-only"), "help desks only"),
        (("config", "show", "queues"), "no section 'queues'"),
    ]:
        code, _, err = cli_run(*args)
        assert code == 1 and message in err, (args, err)
    assert _ok(cli_run, "config", "show", "groups") == before == {"groups": []}


def test_an_agents_ticket_scope_is_set_shown_and_refused_when_unknown(cli_run: Run) -> None:
    _ok(cli_run, "user", "create", "olga", "--password", "pw", "--role", "agent")
    assert _ok(cli_run, "config", "show", "users", "olga")["ticket_scope"] == "helpdesks"
    assert _ok(cli_run, "user", "set-scope", "olga", "own") == {
        "login": "olga",
        "enabled": True,
        "ticket_scope": "own",
    }
    assert _ok(cli_run, "config", "show", "users", "olga")["ticket_scope"] == "own"
    _ok(cli_run, "config", "set", "users", "olga", "ticket_scope=helpdesks")
    assert _ok(cli_run, "config", "show", "users", "olga")["ticket_scope"] == "helpdesks"
    code, _, _ = cli_run("user", "set-scope", "olga", "mine")
    assert code != 0
    assert _ok(cli_run, "config", "show", "users", "olga")["ticket_scope"] == "helpdesks"
