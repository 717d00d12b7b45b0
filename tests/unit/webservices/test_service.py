"""Web services as data: the seeded stock services, saving and deleting, Znuny YAML import."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import PermissionDenied, ValidationFailed
from polydesk.models.webservices import WebService
from polydesk.webservices.config import WebServiceConfig
from polydesk.webservices.service import (
    delete_webservice,
    get_webservice,
    list_webservices,
    parsed_config,
    save_webservice,
    seed_webservices,
)
from polydesk.webservices.yaml_import import config_from_znuny_yaml
from tests.factories import actor, make_user

STOCK = {
    "GenericTicketConnectorREST",
    "GenericTicketConnectorREST-Znuny7",
    "GenericTicketConnectorSOAP",
    "OutOfOffice",
    "TimeAccounting",
    "TimeAccountingREST",
    "TimeAccountingSOAP",
}

# Admin -> Web Services -> Export of OTRS 6's GenericTicketConnectorREST, as Znuny writes it.
CLASSIC_EXPORT = """\
---
Debugger:
  DebugThreshold: debug
  TestMode: '0'
Description: Ticket Connector REST Sample
FrameworkVersion: 6.0.x
Provider:
  ErrorHandling: {}
  ErrorHandlingPriority: []
  Operation:
    SessionCreate:
      Description: Creates a Session
      IncludeTicketData: '0'
      MappingInbound: {}
      MappingOutbound: {}
      Type: Session::SessionCreate
    TicketCreate:
      Description: Creates a Ticket
      IncludeTicketData: '0'
      MappingInbound: {}
      MappingOutbound: {}
      Type: Ticket::TicketCreate
    TicketGet:
      Description: Retrieve Ticket data
      IncludeTicketData: '0'
      MappingInbound: {}
      MappingOutbound: {}
      Type: Ticket::TicketGet
    TicketSearch:
      Description: Search for Tickets
      IncludeTicketData: '0'
      MappingInbound: {}
      MappingOutbound: {}
      Type: Ticket::TicketSearch
    TicketUpdate:
      Description: Update a Ticket
      IncludeTicketData: '1'
      MappingInbound:
        Type: Simple
        Config: {}
      MappingOutbound: {}
      Type: Ticket::TicketUpdate
  Transport:
    Config:
      AdditionalHeaders: ~
      KeepAlive: ''
      MaxLength: '52428800'
      RouteOperationMapping:
        SessionCreate:
          RequestMethod:
          - POST
          Route: /Session
        TicketCreate:
          RequestMethod:
          - POST
          Route: /Ticket
        TicketGet:
          RequestMethod:
          - GET
          Route: /Ticket/:TicketID
        TicketSearch:
          RequestMethod:
          - GET
          Route: /Ticket
        TicketUpdate:
          RequestMethod:
          - PATCH
          Route: /Ticket/:TicketID
    Type: HTTP::REST
RemoteSystem: ''
Requester:
  Transport:
    Type: ''
"""

SOAP_EXPORT = """\
---
Provider:
  Operation:
    TicketGet:
      Type: Ticket::TicketGet
  Transport:
    Config:
      KeepAlive: '1'
      MaxLength: '1000'
      NameSpace: http://example.com/Connector/
    Type: HTTP::SOAP
"""


def _rest(**operations: dict[str, Any]) -> dict[str, Any]:
    return {"transport": "REST", "operations": operations}


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(WebService)) or 0


# -- seeded defaults -----------------------------------------------------------------------------


def test_stock_services_are_seeded_and_valid(session: Session) -> None:
    services = {ws.name: ws for ws in list_webservices(session)}
    assert set(services) == STOCK
    assert [ws.name for ws in list_webservices(session)] == sorted(STOCK)
    assert all(ws.is_valid for ws in services.values())
    classic = parsed_config(services["GenericTicketConnectorREST"])
    routes = {name: (op.type, op.methods, op.route) for name, op in classic.operations.items()}
    assert routes == {
        "SessionCreate": ("Session::SessionCreate", ["POST"], "/Session"),
        "SessionGet": ("Session::SessionGet", ["GET"], "/Session/:SessionID"),
        "TicketCreate": ("Ticket::TicketCreate", ["POST"], "/Ticket"),
        "TicketGet": ("Ticket::TicketGet", ["GET"], "/Ticket/:TicketID"),
        "TicketGetList": ("Ticket::TicketGet", ["GET"], "/TicketList"),
        "TicketHistoryGet": ("Ticket::TicketHistoryGet", ["GET"], "/TicketHistory/:TicketID"),
        "TicketSearch": ("Ticket::TicketSearch", ["GET"], "/Ticket"),
        "TicketUpdate": ("Ticket::TicketUpdate", ["PATCH"], "/Ticket/:TicketID"),
    }
    assert (classic.transport, classic.max_length, classic.keep_alive) == ("REST", 10**8, False)


def test_znuny7_soap_time_accounting_and_out_of_office_layouts(session: Session) -> None:
    def config(name: str) -> WebServiceConfig:
        found = get_webservice(session, name=name)
        assert found is not None
        return parsed_config(found)

    znuny7 = config("GenericTicketConnectorREST-Znuny7")
    assert znuny7.keep_alive is True
    assert znuny7.operations["SessionDelete"].type == "Session::SessionRemove"
    assert znuny7.operations["SessionDelete"].methods == ["DELETE"]
    assert znuny7.operations["TicketSearch"].route == "/Ticket/Search"
    assert znuny7.operations["TicketHistoryGet"].route == "/Ticket/History/:TicketID"
    soap = config("GenericTicketConnectorSOAP")
    assert soap.transport == "SOAP" and soap.namespace == "http://www.otrs.org/TicketConnector/"
    assert soap.operations["SessionRemove"].type == "Session::SessionRemove"
    assert set(soap.operations) >= {"SessionCreate", "TicketGet", "TicketSearch", "TicketUpdate"}
    assert all(op.route == "" and op.methods == [] for op in soap.operations.values())
    for name in ("TimeAccounting", "TimeAccountingREST"):
        operation = config(name).operations["TimeAccountingGet"]
        assert (operation.type, operation.route) == (
            "Ticket::TimeAccountingGet",
            "/TimeAccountingGet",
        )
    assert config("TimeAccountingSOAP").transport == "SOAP"
    out_of_office = config("OutOfOffice")
    assert out_of_office.max_length == 1_000_000
    operation = out_of_office.operations["OutOfOffice"]
    assert (operation.type, operation.mapping_inbound) == ("User::OutOfOffice", "OutOfOffice")


def test_seeding_again_restores_missing_services_and_keeps_edits(session: Session) -> None:
    edited = _rest(TicketGet={"type": "Ticket::TicketGet", "route": "/T/:TicketID"})
    save_webservice(session, SYSTEM, name="GenericTicketConnectorREST", config=edited)
    assert delete_webservice(session, SYSTEM, "TimeAccounting")
    seed_webservices(session)
    seed_webservices(session)
    classic = get_webservice(session, name="GenericTicketConnectorREST")
    assert classic is not None and list(classic.config["operations"]) == ["TicketGet"]
    assert get_webservice(session, name="TimeAccounting") is not None
    assert _count(session) == len(STOCK)


# -- save, replace, delete -----------------------------------------------------------------------


def test_save_creates_then_replaces_the_whole_config(session: Session) -> None:
    first = _rest(
        Get={"type": "Ticket::TicketGet", "route": "/Ticket/:TicketID", "methods": ["get"]}
    )
    created = save_webservice(session, SYSTEM, name="Custom", config=first)
    stored = created.config["operations"]["Get"]
    assert stored["methods"] == ["GET"]  # normalised, defaults spelled out
    assert stored["include_ticket_data"] is False and created.config["max_length"] == 10**8
    second = {"transport": "SOAP", "operations": {"Create": {"type": "Ticket::TicketCreate"}}}
    replaced = save_webservice(session, SYSTEM, name="Custom", config=second, is_valid=False)
    assert replaced.id == created.id and replaced.is_valid is False
    assert list(replaced.config["operations"]) == ["Create"]
    assert get_webservice(session, webservice_id=created.id) is replaced
    assert get_webservice(session, webservice_id=created.id, name="Other") is None
    assert get_webservice(session) is None
    assert _count(session) == len(STOCK) + 1


def test_delete_reports_whether_the_service_existed(session: Session) -> None:
    assert delete_webservice(session, SYSTEM, "OutOfOffice") is True
    assert get_webservice(session, name="OutOfOffice") is None
    assert delete_webservice(session, SYSTEM, "OutOfOffice") is False


def test_names_are_matched_exactly(session: Session) -> None:
    assert get_webservice(session, name="genericticketconnectorrest") is None
    assert get_webservice(session, name="GenericTicketConnectorREST") is not None


@pytest.mark.parametrize("role", [Role.AGENT, Role.CUSTOMER])
def test_only_admins_change_services(session: Session, role: Role) -> None:
    who = actor(session, make_user(session, role))
    config = _rest(Get={"type": "Ticket::TicketGet", "route": "/x"})
    with pytest.raises(PermissionDenied):
        save_webservice(session, who, name="Mine", config=config)
    with pytest.raises(PermissionDenied):
        delete_webservice(session, who, "OutOfOffice")
    assert get_webservice(session, name="Mine") is None
    assert get_webservice(session, name="OutOfOffice") is not None


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({"transport": "XML", "operations": {}}, "transport"),
        (_rest(X={"type": "Link::LinkAdd", "route": "/Link"}), "operations.X.type"),
        (_rest(X={"type": "Ticket::TicketGet", "route": "Ticket"}), "starts with '/'"),
        (_rest(X={"type": "Ticket::TicketGet", "route": "/T", "methods": ["FETCH"]}), "FETCH"),
        ({**_rest(), "max_length": 0}, "max_length"),
        ({**_rest(), "colour": "red"}, "colour"),
        (_rest(X={"type": "Ticket::TicketGet", "rout": "/T"}), "rout"),
        (_rest(**{" ": {"type": "Ticket::TicketGet", "route": "/T"}}), "operation names"),
    ],
)
def test_bad_configs_are_refused_and_nothing_is_stored(
    session: Session, config: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        save_webservice(session, SYSTEM, name="Broken", config=config)
    assert error.value.code == "webservice.invalid_config"
    assert fragment in error.value.message
    assert get_webservice(session, name="Broken") is None


@pytest.mark.parametrize("name", ["", "a/b", "with space", "x" * 192])
def test_names_must_fit_in_a_url_segment(session: Session, name: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        save_webservice(session, SYSTEM, name=name, config=_rest())
    assert error.value.code == "webservice.invalid_name"


# -- Znuny YAML import ---------------------------------------------------------------------------


def test_classic_rest_export_imports_and_saves(session: Session) -> None:
    config = config_from_znuny_yaml(CLASSIC_EXPORT)
    assert config["transport"] == "REST"
    assert (config["max_length"], config["keep_alive"]) == (52_428_800, False)
    assert sorted(config["operations"]) == [
        "SessionCreate",
        "TicketCreate",
        "TicketGet",
        "TicketSearch",
        "TicketUpdate",
    ]
    assert config["operations"]["TicketGet"] == {
        "type": "Ticket::TicketGet",
        "route": "/Ticket/:TicketID",
        "methods": ["GET"],
        "include_ticket_data": False,
        "mapping_inbound": "",
        "mapping_inbound_config": None,
        "mapping_outbound": "",
        "mapping_outbound_config": None,
    }
    update = config["operations"]["TicketUpdate"]
    assert (update["include_ticket_data"], update["mapping_inbound"]) == (True, "Simple")
    assert update["mapping_inbound_config"] == {}  # Simple with an empty Config maps nothing
    saved = save_webservice(session, SYSTEM, name="Imported", config=config)
    assert parsed_config(saved).operations["TicketSearch"].methods == ["GET"]


def test_soap_export_reads_namespace_and_flags() -> None:
    config = config_from_znuny_yaml(SOAP_EXPORT)
    assert config["transport"] == "SOAP"
    assert config["namespace"] == "http://example.com/Connector/"
    assert (config["keep_alive"], config["max_length"]) == (True, 1000)
    assert config["operations"]["TicketGet"]["route"] == ""


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Provider: [unclosed", "not valid YAML"),
        ("- just\n- a list\n", "document should be a mapping"),
        ("Provider:\n  Transport:\n    Type: HTTP::Carrier\n", "unsupported transport"),
        (
            "Provider:\n  Transport:\n    Type: HTTP::REST\n    Config:\n      MaxLength: lots\n",
            "MaxLength",
        ),
        (
            CLASSIC_EXPORT.replace("Type: Ticket::TicketGet", "Type: ConfigItem::ConfigItemGet"),
            "type",
        ),
    ],
)
def test_bad_yaml_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        config_from_znuny_yaml(text)
    assert error.value.code == "webservice.invalid_config"
    assert fragment in error.value.message
