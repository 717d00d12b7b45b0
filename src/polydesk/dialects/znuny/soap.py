"""The HTTP::SOAP transport (spec §6): one URL per web service, the operation named by the
first element of the body (or the ``SOAPAction`` header), data as nested elements. Parsed with
defusedxml; answered as ``<Operation>Response`` in the configured namespace, one-element lists
collapsing to a single element as SOAP::Lite prints them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from polydesk.dialects._kit.hostile import MAX_DEPTH, xml_depth
from polydesk.dialects.znuny.errors import OperationFault
from polydesk.dialects.znuny.rest import HttpRequest
from polydesk.dialects.znuny.wire import WireResponse
from polydesk.webservices.config import WebServiceConfig

ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MEDIA_TYPE = "text/xml; charset=UTF-8"

Runner = Callable[[str, Any], Any]


class SoapError(Exception):
    pass


def handle(config: WebServiceConfig, request: HttpRequest, run: Runner) -> WireResponse:
    try:
        operation, data = parse_request(config, request)
    except SoapError as error:
        return fault("Client", str(error))
    try:
        result = run(operation, data)
    except OperationFault as error:
        return fault("Server", error.message)
    return WireResponse(200, envelope(_response(config, operation, result)), MEDIA_TYPE)


def parse_request(config: WebServiceConfig, request: HttpRequest) -> tuple[str, dict[str, Any]]:
    if request.method != "POST" or not request.body:
        raise SoapError("Request is not a SOAP POST with a body")
    try:
        root = fromstring(request.body)
    except (ParseError, DefusedXmlException) as error:
        raise SoapError(f"Error while parsing SOAP request: {error}") from error
    if xml_depth(root) > MAX_DEPTH:  # element_data recurses once per level
        raise SoapError(f"Error while parsing SOAP request: nested deeper than {MAX_DEPTH}")
    body = next((child for child in root if _local(child.tag) == "Body"), None)
    element = next(iter(body), None) if body is not None else None
    if _local(root.tag) != "Envelope" or element is None:
        raise SoapError("No SOAP Envelope with a Body element")
    operation = _action_operation(config, request.headers.get("soapaction", "")) or _local(
        element.tag
    )
    if operation not in config.operations:
        raise SoapError(f"Operation {operation} is not configured")
    data = element_data(element)
    return operation, data if isinstance(data, dict) else {}


def _action_operation(config: WebServiceConfig, action: str) -> str:
    """``<namespace>#<Operation>`` or ``<namespace>/<Operation>``; the namespace must match."""
    action = action.strip().strip('"')
    if not action:
        return ""
    for separator in ("#", "/"):
        namespace, _, operation = action.rpartition(separator)
        if namespace + ("" if separator == "#" else separator) in (
            config.namespace,
            config.namespace + "/",
        ):
            return operation
    raise SoapError(f"SOAPAction '{action}' does not match the namespace {config.namespace}")


def element_data(element: Element) -> Any:
    """Text for a leaf; a dict for children, repeated names becoming lists."""
    children = list(element)
    if not children:
        return element.text or ""
    data: dict[str, Any] = {}
    for child in children:
        key, value = _local(child.tag), element_data(child)
        if key in data:
            previous = data[key]
            data[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[key] = value
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _response(config: WebServiceConfig, operation: str, result: Any) -> Element:
    root = Element(f"{operation}Response", {"xmlns": config.namespace})
    _fill(root, result)
    return root


def _fill(parent: Element, value: Any) -> None:
    if isinstance(value, dict):
        for key in sorted(value):
            for item in value[key] if isinstance(value[key], list) else [value[key]]:
                child = SubElement(parent, key)
                if item is None:
                    child.set("xsi:nil", "true")
                else:
                    _fill(child, item)
    elif value is not None:
        parent.text = str(value)


def envelope(content: Element) -> bytes:
    root = Element(
        "soap:Envelope",
        {
            "xmlns:soap": ENVELOPE,
            "xmlns:xsi": XSI,
            "soap:encodingStyle": "http://schemas.xmlsoap.org/soap/encoding/",
        },
    )
    SubElement(root, "soap:Body").append(content)
    return b'<?xml version="1.0" encoding="UTF-8"?>' + tostring(root, encoding="unicode").encode()


def fault(code: str, message: str) -> WireResponse:
    content = Element("soap:Fault")
    SubElement(content, "faultcode").text = code
    SubElement(content, "faultstring").text = message
    return WireResponse(500, envelope(content), MEDIA_TYPE)
