"""Hostile input on the GenericInterface (issue 12), REST and SOAP: bad values are business
errors (HTTP 200, ``{"Error": ...}``), unreadable bodies the transport's own plain-text answer
or SOAP Client fault, never a crash, and nothing is written."""

from __future__ import annotations

from typing import Any

import httpx

from tests.dialects.hostile import BAD_IDS, NUL, deep_json, deep_json_object, unchanged
from tests.dialects.znuny.conftest import BASE, CLASSIC, ROOT, ZNUNY7, Znuny

ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP_URL = f"{BASE}/GenericTicketConnectorSOAP"
DECODE_ERROR = "Error while decoding request content."


def _error_code(answer: Any) -> str:
    assert isinstance(answer, dict) and "Error" in answer, answer
    return str(answer["Error"]["ErrorCode"])


def _post_raw(znuny: Znuny, route: str, body: bytes, content_type: str) -> httpx.Response:
    return znuny.client.post(
        f"{BASE}/{CLASSIC}{route}", content=body, headers={"Content-Type": content_type}
    )


def test_bad_ticket_ids_are_access_denied(znuny: Znuny) -> None:
    znuny.create()
    with unchanged(znuny.runtime.engine):
        for bad in BAD_IDS:
            got = znuny.call("GET", f"/Ticket/{bad}", params=ROOT)
            assert _error_code(got) == "TicketGet.AccessDenied", bad
            got = znuny.call("GET", f"/TicketHistory/{bad}", params=ROOT)
            assert _error_code(got) == "TicketHistoryGet.AccessDenied", bad
            body = {**ROOT, "Ticket": {"Title": "x"}}
            got = znuny.call("PATCH", f"/Ticket/{bad}", body=body)
            assert _error_code(got).startswith("TicketUpdate."), bad


def test_bad_ids_inside_values_are_invalid_or_match_nothing(znuny: Znuny) -> None:
    with unchanged(znuny.runtime.engine):
        for bad in ("9223372036854775808", "99999999999", "9" * 5000, "²"):
            answer = znuny.create(ticket={"QueueID": bad, "Queue": None})
            assert _error_code(answer) == "TicketCreate.InvalidParameter"
            answer = znuny.create(ticket={"OwnerID": bad})
            assert _error_code(answer) == "TicketCreate.InvalidParameter"
            answer = znuny.create(article={"TimeUnit": bad})
            assert _error_code(answer) == "TicketCreate.InvalidParameter"
            answer = znuny.create(
                ticket={"PendingTime": {"Diff": bad}, "State": "pending reminder"}
            )
            assert _error_code(answer) == "TicketCreate.InvalidParameter"
            found = znuny.call("GET", "/Ticket", params={**ROOT, "TicketID": bad})
            assert found == {}, found
            found = znuny.call("GET", "/Ticket", params={**ROOT, "Limit": bad, "QueueIDs": bad})
            assert found == {}, found


def test_nul_in_text_is_invalid_parameter(znuny: Znuny) -> None:
    ticket_id = znuny.create()["TicketID"]
    with unchanged(znuny.runtime.engine):
        answer = znuny.create(f"Printer{NUL}fire")
        assert _error_code(answer) == "TicketCreate.InvalidParameter"
        answer = znuny.create(article={"Body": f"It{NUL}burns"})
        assert _error_code(answer) == "TicketCreate.InvalidParameter"
        update = {**ROOT, "Ticket": {"Title": f"New{NUL}"}}
        answer = znuny.call("PATCH", f"/Ticket/{ticket_id}", body=update)
        assert _error_code(answer) == "TicketUpdate.InvalidParameter"
        for login in (f"root{NUL}@localhost", NUL):
            answer = znuny.call("POST", "/Session", body={"UserLogin": login, "Password": "root"})
            assert _error_code(answer).startswith("SessionCreate."), answer
        found = znuny.call("GET", "/Ticket", params={**ROOT, "Title": f"x{NUL}"})
        assert "Error" in found or found == {}, found


def test_deep_wrong_and_unreadable_json_bodies(znuny: Znuny) -> None:
    with unchanged(znuny.runtime.engine):
        for body in (
            deep_json().encode(),
            deep_json_object("Ticket").encode(),
            b'{"UserLogin": "root@localhost", "Password": "root", "Ticket": "\xff\xfe"}',
            b'{"Ticket": ',
            b"null",
            b"[]",
            b'"text"',
        ):
            response = _post_raw(znuny, "/Ticket", body, "application/json")
            assert response.status_code == 500  # the transport's answer, as Znuny gives it
            assert response.headers["content-type"].startswith("text/plain")
            assert response.text in (DECODE_ERROR, "Unsupported request content structure.")
        for body in (b"[1, 2, 3]", b'[{"Ticket": []}]', b"[null, true]"):
            response = _post_raw(znuny, "/Ticket", body, "application/json")
            assert response.status_code == 200, body
            assert _error_code(response.json()).startswith("TicketCreate."), body


def test_wrong_json_types_are_business_errors(znuny: Znuny) -> None:
    with unchanged(znuny.runtime.engine):
        for ticket in ([], "x", None, 5, {"Title": ["a"]}, {"Title": {"a": 1}}, {"Queue": 1.5}):
            answer = znuny.call("POST", "/Ticket", body={**ROOT, "Ticket": ticket, "Article": []})
            assert _error_code(answer).startswith("TicketCreate."), ticket
        for ids in ([[1]], {"a": 1}, [None], True, "9" * 5000, [2**64]):
            body = {**ROOT, "TicketID": ids, "QueueIDs": ids, "Limit": ids}
            answer = znuny.call("POST", "/Ticket/Search", body=body, service=ZNUNY7)
            assert answer == {} or "Error" in answer, ids


def test_nul_and_invalid_utf8_in_query_strings(znuny: Znuny) -> None:
    with unchanged(znuny.runtime.engine):
        for query in (
            "UserLogin=root%00@localhost&Password=root",
            "UserLogin=%FF%FE&Password=%C3%28",
            "UserLogin=root@localhost&Password=root&Title=%00%FF",
            "UserLogin=root@localhost&Password=root&TicketID=%00",
        ):
            response = znuny.client.get(f"{BASE}/{CLASSIC}/Ticket?{query}")
            assert response.status_code == 200, query
            assert response.json() == {} or "Error" in response.json(), query


def test_web_service_ids_past_any_id_are_unknown_services(znuny: Znuny) -> None:
    for bad in ("9223372036854775808", "9" * 5000, "99999999999"):
        response = znuny.client.get(f"/otrs/nph-genericinterface.pl/WebserviceID/{bad}/Ticket")
        assert (response.status_code, response.content) == (500, b"")  # Znuny writes nothing


def _soap(znuny: Znuny, inner: bytes) -> httpx.Response:
    envelope = (
        f'<soapenv:Envelope xmlns:soapenv="{ENV}" xmlns="http://www.otrs.org/TicketConnector">'
        "<soapenv:Body>"
    ).encode()
    return znuny.client.post(
        SOAP_URL,
        content=envelope + inner + b"</soapenv:Body></soapenv:Envelope>",
        headers={"Content-Type": "text/xml; charset=utf-8"},
    )


def _fault(response: httpx.Response) -> str:
    assert response.status_code == 500  # SOAP 1.1 faults travel at HTTP 500
    assert response.headers["content-type"] == "text/xml; charset=UTF-8"
    assert b"<faultcode>Client</faultcode>" in response.content, response.text
    return response.text


def test_soap_deep_or_unreadable_xml_is_a_client_fault(znuny: Znuny) -> None:
    credentials = b"<UserLogin>root@localhost</UserLogin><Password>root</Password>"
    with unchanged(znuny.runtime.engine):
        deep = b"<TicketCreate>" + credentials + b"<a>" * 2000 + b"</a>" * 2000 + b"</TicketCreate>"
        assert "nested deeper" in _fault(_soap(znuny, deep))
        for inner in (b"<TicketGet>\xff\xfe</TicketGet>", b"<TicketGet>&#0;</TicketGet>", b"<a"):
            _fault(_soap(znuny, inner))
        _fault(znuny.client.post(SOAP_URL, content=b"\x00\x01", headers={"SOAPAction": "x"}))


def test_soap_bad_values_are_error_elements(znuny: Znuny) -> None:
    credentials = b"<UserLogin>root@localhost</UserLogin><Password>root</Password>"
    with unchanged(znuny.runtime.engine):
        for bad in ("9223372036854775808", "9" * 5000, "-1", "&#178;"):
            inner = b"<TicketGet>" + credentials + f"<TicketID>{bad}</TicketID>".encode()
            response = _soap(znuny, inner + b"</TicketGet>")
            assert response.status_code == 200, response.text
            assert b"TicketGet.AccessDenied" in response.content
        ticket = (
            b"<Ticket><Title>x</Title><QueueID>99999999999</QueueID><State>new</State>"
            b"<Priority>3 normal</Priority><CustomerUser>customer1</CustomerUser></Ticket>"
        )
        article = (
            b"<Article><Subject>s</Subject><Body>b</Body>"
            b"<ContentType>text/plain; charset=utf8</ContentType></Article>"
        )
        inner = b"<TicketCreate>" + credentials + ticket + article + b"</TicketCreate>"
        response = _soap(znuny, inner)
        assert response.status_code == 200, response.text
        assert b"TicketCreate.InvalidParameter" in response.content
