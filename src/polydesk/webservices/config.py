"""The ``config`` document of a web service, validated.

The shape follows Znuny's provider configuration, reduced to what Polydesk acts on: a transport
(REST routes or SOAP operations by name) and operations bound to the core's use cases. Unknown
keys are refused so a typo in an admin's edit fails loudly instead of silently doing nothing.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from polydesk.core.errors import ValidationFailed
from polydesk.webservices.mapping import check_simple_config

INVALID_CONFIG = "webservice.invalid_config"

OperationType = Literal[
    "Session::SessionCreate",
    "Session::SessionGet",
    "Session::SessionRemove",
    "Ticket::TicketCreate",
    "Ticket::TicketUpdate",
    "Ticket::TicketGet",
    "Ticket::TicketSearch",
    "Ticket::TicketHistoryGet",
    "Ticket::TimeAccountingGet",
    "User::OutOfOffice",
]
#: The operation types Polydesk implements (Znuny ``Provider.Operation.<Name>.Type``).
OPERATION_TYPES: tuple[str, ...] = get_args(OperationType)

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
DEFAULT_NAMESPACE = "http://www.otrs.org/TicketConnector/"
DEFAULT_MAX_LENGTH = 100_000_000
#: Mapping types Polydesk applies (Znuny ``MappingInbound.Type`` / ``MappingOutbound.Type``);
#: OutOfOffice only inbound on ``User::OutOfOffice``, where the operation applies it.
SIMPLE, OUT_OF_OFFICE = "Simple", "OutOfOffice"
#: Set as validation context when a stored row is read: a mapping saved before Polydesk could
#: apply mappings (or of a type it cannot apply) still loads, and its requests are refused.
STORED = "stored"


class OperationConfig(BaseModel):
    """One named operation. ``route`` and ``methods`` matter for REST only; as in Znuny, when
    several operations match a request the first by name wins, and one without a route is
    reached only by an empty path."""

    model_config = ConfigDict(extra="forbid")

    type: OperationType
    route: str = Field(default="", max_length=500)  # e.g. "/Ticket/:TicketID"
    methods: list[str] = Field(default_factory=list)  # empty: any method
    include_ticket_data: bool = False
    # Mapping type ("", "Simple", "OutOfOffice") and, for Simple, Znuny's own Config document
    # (KeyMapExact, KeyMapRegEx, KeyMapDefault, ValueMap, ValueMapDefault; {} maps nothing).
    # A Simple mapping without a config (None) is one whose rules were not kept (rows imported
    # before mappings were applied): it is never served unmapped (see ``unusable_mapping``).
    mapping_inbound: str = Field(default="", max_length=100)
    mapping_inbound_config: dict[str, Any] | None = None
    mapping_outbound: str = Field(default="", max_length=100)
    mapping_outbound_config: dict[str, Any] | None = None

    @field_validator("route")
    @classmethod
    def _route_is_a_path(cls, value: str) -> str:
        if value and not value.startswith("/"):
            raise ValueError("a route starts with '/'")
        return value

    @field_validator("methods")
    @classmethod
    def _known_methods(cls, value: list[str]) -> list[str]:
        methods = list(dict.fromkeys(method.upper() for method in value))
        unknown = sorted(set(methods) - HTTP_METHODS)
        if unknown:
            raise ValueError(f"unknown HTTP methods: {', '.join(unknown)}")
        return methods

    @model_validator(mode="after")
    def _appliable_mappings(self, info: ValidationInfo) -> OperationConfig:
        """A new or edited service must carry only mappings Polydesk applies."""
        if info.context and info.context.get(STORED):
            return self
        for direction in ("inbound", "outbound"):
            problem = self.unusable_mapping(direction)
            if problem:
                raise ValueError(problem)
            check_simple_config(getattr(self, f"mapping_{direction}_config"))
        return self

    def unusable_mapping(self, direction: str) -> str:
        """Why the inbound or outbound mapping cannot be applied; "" when it can."""
        kind = getattr(self, f"mapping_{direction}")
        config = getattr(self, f"mapping_{direction}_config")
        where = f"Mapping{direction.capitalize()}"
        if kind == "":
            return "" if config is None else f"{where}: a config without a mapping type"
        if kind == OUT_OF_OFFICE and direction == "inbound" and self.type == "User::OutOfOffice":
            return "" if config is None else f"{where}: the OutOfOffice mapping takes no config"
        if kind == SIMPLE:
            if config is None:
                return f"{where}: the Simple mapping's rules were not stored (import it again)"
            return ""
        return (
            f"{where}: mapping type {kind!r} cannot be applied by Polydesk (Simple, and "
            "OutOfOffice inbound on User::OutOfOffice, only)"
        )


class WebServiceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    transport: Literal["REST", "SOAP"]
    max_length: int = Field(default=DEFAULT_MAX_LENGTH, gt=0)  # request body bytes
    keep_alive: bool = False
    namespace: str = Field(default=DEFAULT_NAMESPACE, max_length=500)  # SOAP only
    operations: dict[str, OperationConfig] = Field(default_factory=dict)

    @field_validator("operations")
    @classmethod
    def _named(cls, value: dict[str, OperationConfig]) -> dict[str, OperationConfig]:
        if any(not name.strip() or len(name) > 100 for name in value):
            raise ValueError("operation names are 1 to 100 characters")
        return value


def parse_config(document: Any, *, stored: bool = False) -> WebServiceConfig:
    """The validated configuration, or ``ValidationFailed("webservice.invalid_config")``.
    ``stored``: a saved row being read, whose mappings are checked when it is called."""
    try:
        return WebServiceConfig.model_validate(document, context={STORED: stored})
    except ValidationError as exc:
        raise ValidationFailed(INVALID_CONFIG, describe(exc)) from exc


def describe(exc: ValidationError) -> str:
    """Pydantic's errors as one line an admin can act on: ``where: what; ...``."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "invalid web service config: " + "; ".join(parts)
