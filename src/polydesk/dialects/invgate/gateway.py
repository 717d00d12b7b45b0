"""One API call, start to end: find the operation, read its parameters, then in one
transaction authenticate, check the OAuth scope and the required parameters, and run it.
Any refusal rolls the transaction back, so bad input changes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from polydesk.core.errors import DomainError
from polydesk.db.uow import unit_of_work
from polydesk.dialects.invgate.auth import authenticate_caller
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import InvGateError, bad_parameter, from_domain
from polydesk.dialects.invgate.operations import ENDPOINTS, Operation, find, methods_of
from polydesk.dialects.invgate.params import Params, missing
from polydesk.runtime import Runtime


@dataclass(frozen=True)
class Call:
    operation: Operation
    params: Params
    headers: Mapping[str, str]
    base_url: str
    client_address: str = ""


def operation_for(method: str, endpoint: str) -> Operation:
    """The operation, or 404 for an endpoint InvGate does not have and 405 for a method it
    does not take there."""
    found = find(method, endpoint)
    if found is not None:
        return found
    if endpoint in ENDPOINTS:
        allowed = ", ".join(methods_of(endpoint))
        raise InvGateError(405, f"The method {method} is not allowed on {endpoint} ({allowed})")
    raise InvGateError(404, f"Unknown endpoint {endpoint}")


def run(runtime: Runtime, call: Call) -> Any:
    settings = runtime.settings
    try:
        with unit_of_work(runtime.factory) as session:
            caller = authenticate_caller(session, call.headers, call.client_address)
            caller.require_scope(call.operation.scope)
            check_required(call.operation, call.params)
            if call.operation.handler is None:
                raise not_built(call.operation)
            context = Context(
                session=session,
                caller=caller,
                resources=runtime.resources,
                default_page_size=settings.default_page_size,
                max_page_size=settings.max_page_size,
                base_url=call.base_url,
            )
            return call.operation.handler(context, call.params)
    except DomainError as error:
        raise from_domain(error) from error
    except ValidationError as error:
        raise bad_parameter(_validation_text(error)) from error


def check_required(operation: Operation, params: Params) -> None:
    for name in operation.required:
        if name not in params.files and not params.php.present(name):
            raise missing(name)


def not_built(operation: Operation) -> InvGateError:
    return InvGateError(
        501,
        f"{operation.method} {operation.endpoint} ({operation.name}) is not available on this "
        "server yet",
    )


def _validation_text(error: ValidationError) -> str:
    first = error.errors()[0] if error.errors() else None
    if first is None:
        return "Invalid parameters"
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])
