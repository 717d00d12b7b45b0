"""Web service mappings over HTTP (``Provider.pm``): the inbound Simple mapping runs on the
request data before the operation, the outbound one on its answer; a mapping Polydesk cannot
apply is refused at import, and a stored one refuses the request instead of serving unmapped.
Ids are compared as text: whether TicketGet sends them as numbers is another part of issue 17."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import ValidationFailed
from polydesk.db.uow import unit_of_work
from polydesk.models.webservices import WebService
from polydesk.runtime import Runtime
from polydesk.webservices.defaults import default_webservices
from polydesk.webservices.service import save_webservice
from polydesk.webservices.yaml_import import config_from_znuny_yaml
from tests.dialects.znuny.conftest import AGENT, ROOT, Znuny, error, row_counts
from tests.factories import make_user, token_for

PINNED = "Pinned"
KEEP = {"MapType": "Keep"}
#: Any UserLogin becomes agent1: Znuny then checks the caller's password against agent1.
PIN_LOGIN = {
    "KeyMapDefault": KEEP,
    "ValueMapDefault": KEEP,
    "ValueMap": {"UserLogin": {"ValueMapRegEx": {".*": "agent1"}}},
}
#: A service account: only the listed keys pass, login and password are agent1's.
SERVICE_ACCOUNT = {
    "KeyMapDefault": {"MapType": "Ignore"},
    "KeyMapExact": {"TicketID": "TicketID", "Ticket": "Ticket", "Article": "Article"},
    "KeyMapRegEx": {"User(Login)?": "UserLogin", "Pass.*": "Password"},
    "ValueMapDefault": KEEP,
    "ValueMap": {
        "UserLogin": {"ValueMapRegEx": {".*": "agent1"}},
        "Password": {"ValueMapRegEx": {".*": "agent1"}},
    },
}


def _install(
    znuny: Znuny,
    inbound: dict[str, Any] | None = None,
    outbound: dict[str, Any] | None = None,
    *,
    name: str = PINNED,
) -> None:
    """The classic REST connector under ``name``, every operation mapped as given."""
    config = copy.deepcopy(default_webservices()["GenericTicketConnectorREST"])
    for operation in config["operations"].values():
        if inbound is not None:
            operation.update(mapping_inbound="Simple", mapping_inbound_config=inbound)
        if outbound is not None:
            operation.update(mapping_outbound="Simple", mapping_outbound_config=outbound)
    with unit_of_work(znuny.runtime.factory) as session:
        save_webservice(session, SYSTEM, name=name, config=config)


def _get(znuny: Znuny, ticket_id: int, auth: dict[str, str], **headers: str) -> Any:
    return znuny.call(
        "GET", f"/Ticket/{ticket_id}", params=auth, headers=headers or None, service=PINNED
    )


def _ticket(znuny: Znuny, queue: str) -> int:
    created = znuny.create(ticket={"Queue": queue})
    return int(created["TicketID"])


def _create_body(auth: dict[str, str]) -> dict[str, Any]:
    ticket = {"Title": "Mapped", "Queue": "Raw", "State": "new", "Priority": "3 normal"}
    article = {"Subject": "s", "Body": "b", "ContentType": "text/plain; charset=utf8"}
    return {**auth, "Ticket": {**ticket, "CustomerUser": "customer1"}, "Article": article}


# --- the pinned-user case -------------------------------------------------------------------


def test_a_mapping_that_pins_the_login_refuses_other_agents(znuny: Znuny) -> None:
    """Znuny maps ``UserLogin`` before authenticating: agent2's password is then checked
    against agent1, fails, and the call is refused as a failed login; nothing is written."""
    _install(znuny, PIN_LOGIN)
    raw = _ticket(znuny, "Raw")
    before = row_counts(znuny)
    body = {"UserLogin": "agent2", "Password": "agent2", "Ticket": {"Title": "x", "Queue": "Raw"}}
    refused = znuny.call("POST", "/Ticket", body=body, service=PINNED)
    assert refused == error(
        "TicketCreate.AuthFail", "TicketCreate: User could not be authenticated!"
    )
    assert row_counts(znuny) == before
    denied = error("TicketGet.AuthFail", "TicketGet: Authorization failing!")
    assert _get(znuny, raw, {"UserLogin": "agent2", "Password": "agent2"}) == denied
    # the credential headers are request data too, mapped the same way
    headers = {"X-OTRS-Header-UserLogin": "agent2", "X-OTRS-Header-Password": "agent2"}
    assert _get(znuny, raw, {}, **headers) == denied
    # root's own password does not open it either: the login is agent1's now
    assert _get(znuny, raw, ROOT) == denied
    # agent1 itself still works; the same agent2 call works on the unmapped stock service
    assert str(_get(znuny, raw, AGENT)["Ticket"][0]["TicketID"]) == str(raw)
    stock = znuny.call(
        "GET", f"/Ticket/{raw}", params={"UserLogin": "agent2", "Password": "agent2"}
    )
    assert stock == error(
        "TicketGet.AccessDenied", "TicketGet: User does not have access to the ticket!"
    )


def test_a_service_account_mapping_gives_every_caller_that_accounts_permissions_only(
    znuny: Znuny,
) -> None:
    """Login and password both pinned, everything else unlisted dropped: root's call runs as
    agent1 (Raw and Misc only), and a SessionID, being dropped, authenticates nobody."""
    _install(znuny, SERVICE_ACCOUNT)
    raw, postmaster = _ticket(znuny, "Raw"), _ticket(znuny, "Postmaster")
    assert str(_get(znuny, raw, ROOT)["Ticket"][0]["TicketID"]) == str(raw)
    assert _get(znuny, postmaster, ROOT) == error(
        "TicketGet.AccessDenied", "TicketGet: User does not have access to the ticket!"
    )
    session_id = znuny.call("POST", "/Session", body=ROOT)["SessionID"]
    assert _get(znuny, raw, {"SessionID": session_id}) == error(
        "TicketGet.AuthFail", "TicketGet: Authorization failing!"
    )
    # what the ticket records: created by agent1, whoever called
    created = znuny.call("POST", "/Ticket", body=_create_body(ROOT), service=PINNED)
    ticket = _get(znuny, int(created["TicketID"]), ROOT)["Ticket"][0]
    assert str(ticket["CreateBy"]) == str(znuny.users["agent1"])


# --- inbound value rules reach the operation ------------------------------------------------


def test_inbound_value_map_translates_what_the_operation_receives(znuny: Znuny) -> None:
    """Keys and values the client sends are renamed before TicketGet reads them."""
    inbound = {
        "KeyMapDefault": KEEP,
        "KeyMapExact": {"Id": "TicketID", "Articles": "AllArticles"},
        "ValueMapDefault": KEEP,
        "ValueMap": {"AllArticles": {"ValueMapExact": {"yes": "1"}}},
    }
    _install(znuny, inbound)
    raw = _ticket(znuny, "Raw")
    # the route's :TicketID is data too; "Id" is a second name for it, renamed first
    answer = znuny.call("GET", "/TicketList", params={**ROOT, "Id": raw, "Articles": "yes"},
                        service=PINNED)  # fmt: skip
    assert str(answer["Ticket"][0]["TicketID"]) == str(raw)
    assert len(answer["Ticket"][0]["Article"]) == 1


def test_a_json_array_body_is_a_mapping_fault(znuny: Znuny) -> None:
    _install(znuny, PIN_LOGIN)
    before = row_counts(znuny)
    response = znuny.request("POST", "/Ticket", body=[{**AGENT, "Ticket": {}}], service=PINNED)
    assert response.status_code == 500
    assert response.content == (
        b'{"faultcode":"Server","faultstring":'
        b'"Got Data but it is not a hash ref in Mapping handler!"}'
    )
    assert row_counts(znuny) == before


# --- outbound -------------------------------------------------------------------------------


def test_outbound_mapping_is_applied_to_the_answer(znuny: Znuny) -> None:
    outbound = {
        "KeyMapDefault": KEEP,
        "KeyMapExact": {"TicketNumber": "Number"},
        "ValueMapDefault": KEEP,
        "ValueMap": {"TicketID": {"ValueMapRegEx": {r"\d+": "hidden"}}},
    }
    _install(znuny, outbound=outbound)
    created = znuny.call("POST", "/Ticket", body=_create_body(ROOT), service=PINNED)
    assert set(created) == {"ArticleID", "Number", "TicketID"}
    assert created["TicketID"] == "hidden"
    assert isinstance(created["Number"], str) and created["Number"]
    # nested answers pass through untouched: TicketGet's list keeps its numbers
    ticket_id = int(znuny.create()["TicketID"])
    got = _get(znuny, ticket_id, ROOT)
    assert str(got["Ticket"][0]["TicketID"]) == str(ticket_id)


def test_outbound_mapping_applies_to_business_errors_too(znuny: Znuny) -> None:
    outbound = {"KeyMapDefault": KEEP, "KeyMapExact": {"Error": "Problem"}, "ValueMapDefault": KEEP}
    _install(znuny, outbound=outbound)
    answer = _get(znuny, 999, ROOT)
    assert answer == {
        "Problem": {
            "ErrorCode": "TicketGet.AccessDenied",
            "ErrorMessage": "TicketGet: User does not have access to the ticket!",
        }
    }


def test_soap_requests_are_mapped_as_well(znuny: Znuny) -> None:
    config = copy.deepcopy(default_webservices()["GenericTicketConnectorSOAP"])
    config["operations"]["TicketGet"].update(
        mapping_inbound="Simple", mapping_inbound_config=PIN_LOGIN
    )
    with unit_of_work(znuny.runtime.factory) as session:
        save_webservice(session, SYSTEM, name="PinnedSOAP", config=config)
    raw = _ticket(znuny, "Raw")
    envelope = (
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body><TicketGet><UserLogin>root@localhost</UserLogin><Password>root"
        f"</Password><TicketID>{raw}</TicketID></TicketGet></soapenv:Body></soapenv:Envelope>"
    )
    response = znuny.client.post(
        "/otrs/nph-genericinterface.pl/Webservice/PinnedSOAP",
        content=envelope.encode(),
        headers={"Content-Type": "text/xml"},
    )
    assert response.status_code == 200
    assert b"<ErrorCode>TicketGet.AuthFail</ErrorCode>" in response.content


# --- what cannot be applied -----------------------------------------------------------------

XSLT_EXPORT = """\
---
Provider:
  Operation:
    TicketGet:
      Type: Ticket::TicketGet
      MappingInbound:
        Type: XSLT
        Config:
          Template: <xsl:stylesheet/>
      MappingOutbound: {}
  Transport:
    Type: HTTP::REST
    Config:
      RouteOperationMapping:
        TicketGet:
          Route: /Ticket/:TicketID
          RequestMethod: [GET]
"""


def test_xslt_is_refused_at_import_with_its_location() -> None:
    with pytest.raises(ValidationFailed) as refused:
        config_from_znuny_yaml(XSLT_EXPORT)
    assert refused.value.code == "webservice.invalid_config"
    assert refused.value.message == (
        "Provider.Operation.TicketGet.MappingInbound: mapping type 'XSLT' cannot be applied by "
        "Polydesk (only Simple, and OutOfOffice on User::OutOfOffice); the web service was not "
        "imported"
    )
    outbound = XSLT_EXPORT.replace("Type: XSLT", "Type: Simple").replace(
        "MappingOutbound: {}", "MappingOutbound:\n        Type: Znuny"
    )
    with pytest.raises(ValidationFailed, match="MappingOutbound: mapping type 'Znuny'"):
        config_from_znuny_yaml(outbound)


def test_simple_mapping_config_is_imported_and_checked() -> None:
    text = XSLT_EXPORT.replace("Type: XSLT", "Type: Simple").replace(
        "Template: <xsl:stylesheet/>",
        "KeyMapDefault: {MapType: Keep}\n          ValueMapDefault: {MapType: Keep}\n"
        "          ValueMap: {UserLogin: {ValueMapExact: {1: agent1}}}",
    )
    config = config_from_znuny_yaml(text)["operations"]["TicketGet"]
    assert config["mapping_inbound"] == "Simple"
    assert config["mapping_inbound_config"]["ValueMap"] == {
        "UserLogin": {"ValueMapExact": {"1": "agent1"}}
    }
    broken = text.replace("ValueMapDefault: {MapType: Keep}", "ValueMapDefault: {MapType: Drop}")
    with pytest.raises(ValidationFailed, match="Got no valid MapType in ValueMapDefault!"):
        config_from_znuny_yaml(broken)


def test_xslt_is_refused_by_the_cli_import(cli_run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "xslt.yml"
    export.write_text(XSLT_EXPORT, encoding="utf-8")
    code, _, stderr = cli_run("webservice", "import", "Mapped", str(export))
    assert code == 1
    assert "mapping type 'XSLT' cannot be applied by Polydesk" in stderr
    code, out, _ = cli_run("webservice", "list")
    assert "Mapped" not in {ws["name"] for ws in out[-1]["webservices"]}


def test_xslt_is_refused_by_the_native_api(runtime: Runtime, client: TestClient) -> None:
    with runtime.factory() as session, session.begin():
        admin = token_for(session, make_user(session, Role.ADMIN))
    operation = {"type": "Ticket::TicketGet", "route": "/T/:TicketID", "mapping_inbound": "XSLT"}
    config = {"transport": "REST", "operations": {"TicketGet": operation}}
    answer = client.put("/polydesk/v1/webservices/Mapped", headers=admin, json={"config": config})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "webservice.invalid_config"
    assert "mapping type 'XSLT' cannot be applied by Polydesk" in answer.json()["error"]["message"]
    assert client.get("/polydesk/v1/webservices/Mapped", headers=admin).status_code == 404
    # a Simple mapping must bring its rules ({} for none)
    operation.update(mapping_inbound="Simple")
    answer = client.put("/polydesk/v1/webservices/Mapped", headers=admin, json={"config": config})
    assert answer.status_code == 422
    assert "the Simple mapping's rules were not stored" in answer.json()["error"]["message"]


@pytest.mark.parametrize(
    ("direction", "mapping", "problem"),
    [
        (
            "inbound",
            "XSLT",
            "MappingInbound: mapping type 'XSLT' cannot be applied by Polydesk (Simple, and "
            "OutOfOffice inbound on User::OutOfOffice, only)",
        ),
        (
            "inbound",
            "Simple",
            "MappingInbound: the Simple mapping's rules were not stored (import it again)",
        ),
        (
            "outbound",
            "XSLT",
            "MappingOutbound: mapping type 'XSLT' cannot be applied by Polydesk (Simple, and "
            "OutOfOffice inbound on User::OutOfOffice, only)",
        ),
    ],
)
def test_a_stored_mapping_that_cannot_be_applied_refuses_requests(
    znuny: Znuny, direction: str, mapping: str, problem: str
) -> None:
    """Rows saved before mappings were applied kept only the type (an XSLT one, or a Simple
    one without its rules): they answer a fault and run nothing, never unmapped."""
    operations = copy.deepcopy(default_webservices()["GenericTicketConnectorREST"]["operations"])
    operations["TicketCreate"][f"mapping_{direction}"] = mapping
    stored = {"transport": "REST", "operations": operations}
    with unit_of_work(znuny.runtime.factory) as session:
        session.add(WebService(name="Legacy", is_valid=True, config=stored))
    before = row_counts(znuny)
    stage = {"inbound": "MappingIn", "outbound": "MappingOut"}
    body = _create_body(ROOT)  # valid: only the mapping stops it
    response = znuny.request("POST", "/Ticket", body=body, service="Legacy")
    assert response.status_code == 500
    assert response.json() == {
        "faultcode": "Server",
        "faultstring": f"{stage[direction]} could not be initialized: {problem}",
    }
    assert row_counts(znuny) == before
    # the other operations of that service still answer
    assert "SessionID" in znuny.call("POST", "/Session", body=ROOT, service="Legacy")


@pytest.mark.parametrize(
    ("operation", "problem"),
    [
        (
            {"type": "Ticket::TicketGet", "mapping_inbound": "OutOfOffice"},
            "mapping type 'OutOfOffice' cannot be applied",
        ),
        (
            {"type": "User::OutOfOffice", "mapping_outbound": "OutOfOffice"},
            "MappingOutbound: mapping type 'OutOfOffice' cannot be applied",
        ),
        (
            {"type": "Ticket::TicketGet", "mapping_outbound_config": {}},
            "MappingOutbound: a config without a mapping type",
        ),
        (
            {"type": "Ticket::TicketGet", "mapping_inbound": "Simple",
             "mapping_inbound_config": {"KeyMapDefault": KEEP}},
            "Got no ValueMapDefault, but it is required!",
        ),
    ],
)  # fmt: skip
def test_saving_a_mapping_that_cannot_run_is_refused(
    znuny: Znuny, operation: dict[str, Any], problem: str
) -> None:
    config = {"transport": "REST", "operations": {"Op": {**operation, "route": "/Op"}}}
    with unit_of_work(znuny.runtime.factory) as session, pytest.raises(ValidationFailed) as refused:
        save_webservice(session, SYSTEM, name="Refused", config=config)
    assert refused.value.code == "webservice.invalid_config"
    assert problem in refused.value.message
