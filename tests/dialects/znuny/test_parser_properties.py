"""Properties of the GenericInterface transports (issue 12): arbitrary query strings, headers
and bodies raise nothing but ``TransportError`` (REST) or ``SoapError`` (SOAP), and nesting
never reaches Python's recursion limit."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from polydesk.dialects.znuny.rest import HttpRequest, TransportError, query_data, request_data
from polydesk.dialects.znuny.soap import SoapError, parse_request
from polydesk.webservices.config import WebServiceConfig, parse_config
from polydesk.webservices.defaults import default_webservices

BOUNDED = settings(derandomize=True, deadline=None, max_examples=200)
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/json; charset=latin-1", "text/xml", "", "x; charset=bogus"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
ENVELOPE = b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>'


def _soap_config() -> WebServiceConfig:
    return parse_config(default_webservices()["GenericTicketConnectorSOAP"])


def _request(body: bytes, content_type: str, method: str = "POST") -> HttpRequest:
    headers = {"content-type": content_type, "soapaction": ""}
    return HttpRequest(method=method, route="/Ticket", query="", headers=headers, body=body)


@BOUNDED
@given(st.binary())
def test_query_data_parses_any_query_string(raw: bytes) -> None:
    data = query_data(raw.decode("latin-1"))
    assert all(isinstance(value, str | list) for value in data.values())


@BOUNDED
@given(st.binary() | JSON_VALUES.map(lambda v: json.dumps(v).encode()), CONTENT_TYPES)
def test_request_data_raises_only_transport_errors(body: bytes, content_type: str) -> None:
    try:
        data = request_data(_request(body, content_type), {"TicketID": "1"})
    except TransportError as error:
        assert error.status == 500 and error.message
        return
    assert isinstance(data, dict | list)


@BOUNDED
@given(st.integers(min_value=1, max_value=3000))
def test_deep_json_is_a_decoding_error_past_the_limit(depth: int) -> None:
    body = ("[" * depth + "]" * depth).encode()
    try:
        request_data(_request(body, "application/json"), {})
    except TransportError as error:
        assert error.message in (
            "Error while decoding request content.",
            "Unsupported request content structure.",
        )
        assert depth > 100 or depth == 1  # the empty list is no content either
        return
    assert depth <= 100


@BOUNDED
@given(st.binary() | st.text().map(lambda t: ENVELOPE + t.encode() + b"</e:Body></e:Envelope>"))
def test_soap_parser_raises_only_soap_errors(body: bytes) -> None:
    try:
        operation, data = parse_request(_soap_config(), _request(body, "text/xml"))
    except SoapError as error:
        assert str(error)
        return
    assert isinstance(data, dict) and operation


@BOUNDED
@given(st.integers(min_value=1, max_value=3000))
def test_deep_soap_bodies_are_refused_past_the_limit(depth: int) -> None:
    inner = b"<TicketGet>" + b"<a>" * depth + b"x" + b"</a>" * depth + b"</TicketGet>"
    body = ENVELOPE + inner + b"</e:Body></e:Envelope>"
    try:
        parse_request(_soap_config(), _request(body, "text/xml"))
    except SoapError as error:
        assert "nested deeper" in str(error)
        assert depth > 96  # Envelope, Body and TicketGet take three levels
        return
    assert depth <= 97
