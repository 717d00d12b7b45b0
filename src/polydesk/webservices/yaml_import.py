"""Read a web service exported from Znuny/OTRS (Admin -> Web Services -> Export) as YAML.

Only the provider side is read: its operations (``Type``, ``IncludeTicketData``, the inbound
and outbound mappings with their ``Config``) and its transport (type, REST routes and methods,
``MaxLength``, ``KeepAlive``, SOAP ``NameSpace``). Debugger and requester are ignored. A mapping
Polydesk cannot apply (``XSLT``, ``Znuny``, ...) refuses the whole import: serving such a
service unmapped would change what it lets callers do.
"""

from __future__ import annotations

from typing import Any

import yaml

from polydesk.core.errors import ValidationFailed
from polydesk.webservices.config import (
    DEFAULT_MAX_LENGTH,
    DEFAULT_NAMESPACE,
    INVALID_CONFIG,
    OUT_OF_OFFICE,
    SIMPLE,
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
    inbound_type, inbound_config = _data_mapping(fields, f"{where}.MappingInbound")
    outbound_type, outbound_config = _data_mapping(fields, f"{where}.MappingOutbound")
    routing = _mapping(route, f"RouteOperationMapping.{name}")
    methods = routing.get("RequestMethod") or []
    if not isinstance(methods, list):  # a single method written as a scalar
        methods = [methods]
    return {
        "type": str(fields.get("Type") or ""),
        "route": str(routing.get("Route") or ""),
        "methods": [str(method) for method in methods],
        "include_ticket_data": _flag(fields.get("IncludeTicketData")),
        "mapping_inbound": inbound_type,
        "mapping_inbound_config": inbound_config,
        "mapping_outbound": outbound_type,
        "mapping_outbound_config": outbound_config,
    }


def _data_mapping(fields: dict[Any, Any], where: str) -> tuple[str, dict[str, Any] | None]:
    """(type, config) of ``MappingInbound`` / ``MappingOutbound``; a Simple mapping without a
    ``Config`` maps nothing ({}), as in Znuny. Other types are refused with their location."""
    mapping = _mapping(fields.get(where.rsplit(".", 1)[-1]), where)
    kind = str(mapping.get("Type") or "")
    if kind not in ("", SIMPLE, OUT_OF_OFFICE):
        raise ValidationFailed(
            INVALID_CONFIG,
            f"{where}: mapping type {kind!r} cannot be applied by Polydesk (only Simple, and "
            "OutOfOffice on User::OutOfOffice); the web service was not imported",
        )
    if kind != SIMPLE:
        return kind, None
    return kind, _strings(_mapping(mapping.get("Config"), f"{where}.Config"))


def _strings(value: Any) -> Any:
    """YAML reads ``1`` or ``yes`` as numbers and booleans where Perl keeps the text."""
    if isinstance(value, dict):
        return {_scalar(key): _strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_strings(item) for item in value]
    return value if value is None else _scalar(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value) if isinstance(value, int | float | str) else value


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
