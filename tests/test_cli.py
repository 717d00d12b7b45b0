"""Operator CLI: JSON on success, a message and exit code 1 on error."""

from __future__ import annotations

from sqlalchemy import select

from polydesk.db.engine import make_session_factory
from polydesk.models.credentials import ApiKey, OAuthClient
from polydesk.models.users import User
from polydesk.models.webservices import WebService


def test_first_command_creates_the_admin_then_users_and_credentials(cli_run, clean_engine) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli_run("db", "upgrade")
    assert code == 0 and out[0] == {"admin_created": "admin", "generated_password": None}
    code, out, _ = cli_run(
        "user",
        "create",
        "jane",
        "--password",
        "pw",
        "--email",
        "jane@x.example",
        "--name",
        "Jane Doe",
        "--role",
        "agent",
    )
    assert code == 0 and out[-1]["login"] == "jane" and out[-1]["role"] == "agent"
    code, out, _ = cli_run("token", "create", "jane")
    assert code == 0 and str(out[-1]["token"]).startswith("pd_")
    code, out, _ = cli_run(
        "apikey", "create", "--dialect", "readydesk", "--allowed-ips", "10.0.0.0/8"
    )
    assert code == 0 and len(str(out[-1]["key"])) == 40
    code, out, _ = cli_run("oauth-client", "create", "flotomate", "--grant", "password")
    assert code == 0 and out[-1]["client_id"] and out[-1]["client_secret"]
    code, out, _ = cli_run("settings", "set", "integria.api_password", "s3cret")
    assert code == 0 and out[-1] == {"key": "integria.api_password", "value": "s3cret"}
    code, out, _ = cli_run("settings", "get", "integria.api_password")
    assert out[-1]["value"] == "s3cret"
    with make_session_factory(clean_engine)() as session:
        jane = session.scalars(select(User).where(User.login == "jane")).one()
        assert (jane.first_name, jane.last_name) == ("Jane", "Doe")
        assert session.scalars(select(ApiKey)).one().allowed_ips == ["10.0.0.0/8"]
        assert session.scalars(select(OAuthClient)).one().grant_types == [
            "password",
            "refresh_token",
        ]


def test_errors_exit_non_zero_with_a_message(cli_run) -> None:  # type: ignore[no-untyped-def]
    cli_run("user", "create", "jane", "--password", "pw")
    for args, message in [
        (("user", "create", "JANE", "--password", "pw"), "already in use"),
        (("token", "create", "ghost"), "no user with login"),
        (("apikey", "create", "--dialect", "nope"), "unknown dialect"),
        (("apikey", "create", "--dialect", "znuny", "--allowed-ips", "not-an-ip"), "not an IP"),
        (("settings", "set", "tickets.number_generator", "dice"), "invalid value"),
        (("user", "create", "bob", "--password", "pw", "--helpdesk", "Nowhere"), "no help desk"),
    ]:
        code, _, stderr = cli_run(*args)
        assert code == 1 and message in stderr, (args, stderr)


ZNUNY_EXPORT = """\
---
Description: Ticket Connector REST Sample
Provider:
  Operation:
    TicketGet:
      IncludeTicketData: '0'
      MappingInbound: {}
      Type: Ticket::TicketGet
  Transport:
    Config:
      KeepAlive: '1'
      MaxLength: '2000000'
      RouteOperationMapping:
        TicketGet:
          RequestMethod:
          - GET
          Route: /Ticket/:TicketID
    Type: HTTP::REST
"""


def test_webservices_are_imported_from_znuny_yaml_listed_shown_and_deleted(  # type: ignore[no-untyped-def]
    cli_run, clean_engine, tmp_path
) -> None:
    export = tmp_path / "Connector.yml"
    export.write_text(ZNUNY_EXPORT, encoding="utf-8")
    code, out, _ = cli_run("webservice", "import", "Connector", str(export))
    assert code == 0 and out[-1]["name"] == "Connector"
    assert (out[-1]["transport"], out[-1]["operations"]) == ("REST", ["TicketGet"])
    code, out, _ = cli_run("webservice", "list")
    listed = {ws["name"]: ws for ws in out[-1]["webservices"]}
    assert code == 0 and {"Connector", "GenericTicketConnectorREST", "OutOfOffice"} <= set(listed)
    assert listed["GenericTicketConnectorSOAP"]["transport"] == "SOAP"
    code, out, _ = cli_run("webservice", "show", "Connector")
    config = out[-1]["config"]
    assert code == 0 and config["max_length"] == 2_000_000 and config["keep_alive"] is True
    assert config["operations"]["TicketGet"]["route"] == "/Ticket/:TicketID"
    code, out, _ = cli_run("webservice", "delete", "Connector")
    assert code == 0 and out[-1] == {"deleted": "Connector"}
    with make_session_factory(clean_engine)() as session:
        names = set(session.scalars(select(WebService.name)))
        assert "Connector" not in names and "GenericTicketConnectorREST" in names


def test_webservice_errors_exit_non_zero(cli_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yml"
    broken.write_text("Provider: [", encoding="utf-8")
    unsupported = tmp_path / "unsupported.yml"
    unsupported.write_text(ZNUNY_EXPORT.replace("HTTP::REST", "HTTP::Carrier"), encoding="utf-8")
    for args, message in [
        (("webservice", "import", "X", str(broken)), "not valid YAML"),
        (("webservice", "import", "X", str(unsupported)), "unsupported transport"),
        (("webservice", "import", "X", str(tmp_path / "missing.yml")), "cannot read"),
        (("webservice", "show", "Nope"), "no web service named"),
        (("webservice", "delete", "Nope"), "no web service named"),
    ]:
        code, _, stderr = cli_run(*args)
        assert code == 1 and message in stderr, (args, stderr)
