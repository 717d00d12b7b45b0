"""Read a web service exported from Znuny/OTRS (Admin -> Web Services -> Export) as YAML.

Only the provider side is read: its operations (``Type``, ``IncludeTicketData``,
``MappingInbound.Type``) and its transport (type, REST routes and methods, ``MaxLength``,
``KeepAlive``, SOAP ``NameSpace``). Debugger, requester and mapping details are ignored.
"""

from __future__ import annotations

from typing import Any

import yaml

from polydesk.core.errors import ValidationFailed
from polydesk.webservices.config import (
    DEFAULT_MAX_LENGTH,
    DEFAULT_NAMESPACE,
    INVALID_CONFIG,
    parse_config,
)

TRANSPORTS = {"HTTP::REST": "REST", "HTTP::SOAP": "SOAP"}


def config_from_znuny_yaml(text: str) -> dict[str, Any]:
    """The validated config document for a Znuny export, or ``ValidationFailed``."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationFailed(INVALID_CONFIG, f"not valid YAML: {exc}") from exc
    provider = _mapping(_mapping(document, "document").get("Provider"), "Provider")
    transport = _mapping(provider.get("Transport"), "Provider.Transport")
    kind = TRANSPORTS.get(str(transport.get("Type") or ""))
    if kind is None:
        raise ValidationFailed(
            INVALID_CONFIG,
            f"unsupported transport {transport.get('Type')!r} (HTTP::REST or HTTP::SOAP)",
        )
    settings = _mapping(transport.get("Config"), "Provider.Transport.Config")
    routes = _mapping(settings.get("RouteOperationMapping"), "RouteOperationMapping")
    operations = _mapping(provider.get("Operation"), "Provider.Operation")
    config = {
        "transport": kind,
        "max_length": _integer(settings.get("MaxLength"), DEFAULT_MAX_LENGTH),
        "keep_alive": _flag(settings.get("KeepAlive")),
        "namespace": str(settings.get("NameSpace") or DEFAULT_NAMESPACE),
        "operations": {
            str(name): _operation(str(name), fields, routes.get(name) if kind == "REST" else None)
            for name, fields in operations.items()
        },
    }
    return parse_config(config).model_dump(mode="json")


def _operation(name: str, operation: Any, route: Any) -> dict[str, Any]:
    where = f"Provider.Operation.{name}"
    fields = _mapping(operation, where)
    inbound = _mapping(fields.get("MappingInbound"), f"{where}.MappingInbound")
    routing = _mapping(route, f"RouteOperationMapping.{name}")
    methods = routing.get("RequestMethod") or []
    if not isinstance(methods, list):  # a single method written as a scalar
        methods = [methods]
    return {
        "type": str(fields.get("Type") or ""),
        "route": str(routing.get("Route") or ""),
        "methods": [str(method) for method in methods],
        "include_ticket_data": _flag(fields.get("IncludeTicketData")),
        "mapping_inbound": str(inbound.get("Type") or ""),
    }


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    """A YAML mapping; an absent or empty value (``~``, ``''``) reads as an empty one."""
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise ValidationFailed(INVALID_CONFIG, f"{where} should be a mapping")
    return value


def _flag(value: Any) -> bool:
    """Znuny writes booleans as '1' / '0' / '' strings."""
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _integer(value: Any, default: int) -> int:
    if value is None or str(value).strip() == "":
        return default
    try:
        return int(str(value).strip())
    except ValueError as exc:
        raise ValidationFailed(INVALID_CONFIG, f"MaxLength is not a number: {value!r}") from exc
