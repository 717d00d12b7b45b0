"""One provider request, start to end (``Kernel/GenericInterface/Provider.pm``): find the web
service, let its transport name the operation and build the data, run the operation in its own
transaction, and answer as the transport does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pydantic import ValidationError

from polydesk.core.errors import DomainError, ValidationFailed
from polydesk.db.uow import unit_of_work
from polydesk.dialects._kit.hostile import bounded_int
from polydesk.dialects.znuny import rest
from polydesk.dialects.znuny import soap as soap_transport
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError, OperationFault
from polydesk.dialects.znuny.ops.registry import OPERATIONS, Handler
from polydesk.dialects.znuny.wire import (
    WireResponse,
    fault_answer,
    json_answer,
    transport_error,
)
from polydesk.runtime import Runtime
from polydesk.webservices.config import SIMPLE, OperationConfig, WebServiceConfig
from polydesk.webservices.mapping import MappingError, simple_mapped
from polydesk.webservices.service import get_webservice, parsed_config

_TARGET = re.compile(r"^(?:WebserviceID/(\d+)|Webservice/([^/?]+))(/.*)?$")
#: Codes of the database port's guard (db/guards.py): input no database may receive.
_UNSTORABLE = "input."
_FALLBACK_FAULT = "OperationObject returned an error, cancelling Request"
#: Core fields -> Znuny's parameter, for a disabled catalog item (``catalog.disabled``).
_DISABLED_PARAMS = {
    "status_id": "State",
    "priority_id": "Priority",
    "type_id": "Type",
    "category_id": "Service",
}


@dataclass(frozen=True)
class Client:
    """Who called: the address and the User-Agent header a new session remembers (SessionGet's
    ``UserRemoteAddr`` / ``UserRemoteUserAgent``)."""

    address: str
    user_agent: str


@dataclass(frozen=True)
class Target:
    webservice_id: int | None
    name: str | None
    route: str


def parse_target(path: str) -> Target | None:
    """``WebserviceID/<id>/<route>`` or ``Webservice/<name>/<route>`` (the name unescaped)."""
    found = _TARGET.match(path)
    if found is None:
        return None
    ident, name, route = found.groups()
    number = bounded_int(ident) if ident else None
    if ident and number is None:  # beyond any id (or not ASCII digits): no such web service
        return None
    return Target(number, unquote(name) if name else None, route or "")


def load_config(runtime: Runtime, target: Target) -> WebServiceConfig | None:
    """The web service's configuration, or None when it does not exist or is not valid."""
    with unit_of_work(runtime.factory) as session:
        found = get_webservice(session, name=target.name, webservice_id=target.webservice_id)
        if found is None or not found.is_valid:
            return None
        return parsed_config(found)


def handle(
    runtime: Runtime, config: WebServiceConfig, request: rest.HttpRequest, remote_addr: str
) -> WireResponse:
    client = Client(remote_addr, request.headers.get("user-agent", ""))
    if config.transport == "SOAP":
        return soap_transport.handle(
            config, request, lambda op, data: _run(runtime, config, op, data, client)
        )
    try:
        operation, params = rest.find_operation(config, request.method, request.route, request.uri)
        data = rest.request_data(request, params)
    except rest.TransportError as error:
        return transport_error(error.status, error.message)
    try:
        return json_answer(_run(runtime, config, operation, data, client))
    except OperationFault as fault:
        return fault_answer(fault.message)


def _run(
    runtime: Runtime, config: WebServiceConfig, operation: str, data: Any, client: Client
) -> Any:
    """The operation's data (business errors included); raises OperationFault for a 500."""
    op_config = config.operations[operation]
    handler = OPERATIONS.get(op_config.type)
    if handler is None:
        raise OperationFault(f"Operation type {op_config.type} is not supported")
    refuse_unusable_mappings(op_config)
    data = map_data(op_config, "inbound", data)
    answer = _operate(runtime, handler, operation, op_config, data, client)
    return map_data(op_config, "outbound", answer)


def refuse_unusable_mappings(op_config: OperationConfig) -> None:
    """A stored mapping Polydesk cannot apply (XSLT, or a Simple one whose rules were not kept)
    refuses the request before anything runs, as Znuny answers a mapping it cannot load: a
    fault. Serving the operation unmapped could hand callers more than the mapping allows."""
    for direction in ("inbound", "outbound"):
        problem = op_config.unusable_mapping(direction)
        if problem:
            stage = "MappingIn" if direction == "inbound" else "MappingOut"
            raise OperationFault(f"{stage} could not be initialized: {problem}")


def map_data(op_config: OperationConfig, direction: str, data: Any) -> Any:
    """The Simple mapping of that direction applied (Znuny: inbound before the operation runs,
    outbound on its answer, business errors included); other data passes unchanged."""
    if getattr(op_config, f"mapping_{direction}") != SIMPLE:
        return data
    try:
        return simple_mapped(getattr(op_config, f"mapping_{direction}_config"), data)
    except MappingError as error:
        raise OperationFault(error.message) from error


def _operate(
    runtime: Runtime,
    handler: Handler,
    operation: str,
    op_config: OperationConfig,
    data: Any,
    client: Client,
) -> Any:
    try:
        with unit_of_work(runtime.factory) as session:
            context = Context(
                session, runtime, operation, op_config, client.address, client.user_agent
            )
            return handler(context, data)
    except OperationError as error:  # rolled back: bad input changes nothing
        return error.data()
    except ValidationFailed as error:
        if error.code == "catalog.disabled":
            return disabled(op_config.type, error.details.get("field")).data()
        if not error.code.startswith(_UNSTORABLE):
            raise OperationFault(_fault_text(error)) from error
        return unstorable(op_config.type, error.message).data()
    except (DomainError, ValidationError) as error:
        raise OperationFault(_fault_text(error)) from error


def unstorable(operation_type: str, message: str) -> OperationError:
    """Text with NUL or a number beyond 64 bits, refused at the database port: a bad
    parameter, answered as Znuny answers one (HTTP 200, ``<Operation>.InvalidParameter``)."""
    name = operation_type.rsplit("::", 1)[-1]  # Ticket::TicketCreate -> TicketCreate
    return OperationError(f"{name}.InvalidParameter", f"{name}: {message}")


def disabled(operation_type: str, field: object) -> OperationError:
    """A state, priority, type or service that is no longer valid, as Znuny answers a name or
    id its TicketCreate/TicketUpdate does not take."""
    name = operation_type.rsplit("::", 1)[-1]
    param = _DISABLED_PARAMS.get(str(field), "Ticket")
    return OperationError(
        f"{name}.InvalidParameter",
        f"{name}: Ticket->{param}ID or Ticket->{param} parameter is invalid!",
    )


def _fault_text(error: DomainError | ValidationError) -> str:
    if isinstance(error, DomainError):
        return error.message
    return str(error.errors()[0]["msg"]) if error.errors() else _FALLBACK_FAULT
