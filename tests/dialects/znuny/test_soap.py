"""The SOAP transport (spec §6): the envelope python-otrs sends, no SOAPAction, the operation
named by the body's first element; answers as ``<Op>Response`` in the configured namespace."""

from __future__ import annotations

from typing import Any

from defusedxml.ElementTree import fromstring

from tests.dialects.znuny.conftest import BASE, Znuny

URL = f"{BASE}/GenericTicketConnectorSOAP"
NS = "http://www.otrs.org/TicketConnector/"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
CREDENTIALS = "<UserLogin>root@localhost</UserLogin><Password>root</Password>"


def _envelope(body: str) -> bytes:
    return (
        f'<soapenv:Envelope xmlns:soapenv="{ENV}" xmlns="http://www.otrs.org/TicketConnector">'
        f"<soapenv:Header/><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
    ).encode()


def _post(znuny: Znuny, body: str, **headers: str) -> Any:
    return znuny.client.post(
        URL, content=_envelope(body), headers={"Content-Type": "text/xml;charset=utf-8", **headers}
    )


def _response(znuny: Znuny, body: str, operation: str, **headers: str) -> Any:
    answer = _post(znuny, body, **headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/xml; charset=UTF-8"
    found = fromstring(answer.content).find(f"{{{ENV}}}Body/{{{NS}}}{operation}Response")
    assert found is not None, answer.text
    return found


def _create(znuny: Znuny, title: str = "Printer on fire") -> Any:
    body = (
        f"<TicketCreate>{CREDENTIALS}<Ticket><Title>{title}</Title><Queue>Raw</Queue>"
        "<State>new</State><Priority>3 normal</Priority><CustomerUser>customer1</CustomerUser>"
        "</Ticket><Article><Subject>Help</Subject><Body>It burns</Body>"
        "<ContentType>text/plain; charset=utf8</ContentType></Article></TicketCreate>"
    )
    return _response(znuny, body, "TicketCreate")


def test_create_answers_ids_in_the_namespace(znuny: Znuny) -> None:
    created = _create(znuny)
    assert created.findtext(f"{{{NS}}}TicketID") == "1"
    assert created.findtext(f"{{{NS}}}ArticleID") == "1"
    assert created.findtext(f"{{{NS}}}TicketNumber") == "2024112410000013"


def test_get_returns_nested_ticket_and_articles(znuny: Znuny) -> None:
    _create(znuny)
    body = f"<TicketGet>{CREDENTIALS}<TicketID>1</TicketID><AllArticles>1</AllArticles></TicketGet>"
    ticket = _response(znuny, body, "TicketGet").find(f"{{{NS}}}Ticket")
    assert ticket.findtext(f"{{{NS}}}Title") == "Printer on fire"
    assert ticket.findtext(f"{{{NS}}}Queue") == "Raw"
    assert ticket.findtext(f"{{{NS}}}Article/{{{NS}}}Body") == "It burns"
    # JSON numbers (TicketID, UnlockTimeout, article ids) are plain element text in SOAP.
    assert ticket.findtext(f"{{{NS}}}TicketID") == "1"
    assert ticket.findtext(f"{{{NS}}}StateID") == "1"
    assert ticket.findtext(f"{{{NS}}}UnlockTimeout", "").isdigit()
    assert ticket.findtext(f"{{{NS}}}Article/{{{NS}}}ArticleID") == "1"
    assert ticket.findtext(f"{{{NS}}}Article/{{{NS}}}CommunicationChannelID") == "3"
    assert ticket.find(f"{{{NS}}}Article/{{{NS}}}CommunicationChannel") is None


def test_search_repeats_elements_and_collapses_one_element_lists(znuny: Znuny) -> None:
    _create(znuny, "First")
    _create(znuny, "Second")
    both = f"<TicketSearch>{CREDENTIALS}<States>new</States><States>open</States></TicketSearch>"
    found = _response(znuny, both, "TicketSearch")
    assert [e.text for e in found.findall(f"{{{NS}}}TicketID")] == ["2", "1"]
    one = f"<TicketSearch>{CREDENTIALS}<Title>First</Title></TicketSearch>"
    assert [e.text for e in _response(znuny, one, "TicketSearch")] == ["1"]


def test_soap_action_header_names_the_operation(znuny: Znuny) -> None:
    _create(znuny)
    body = f"<Anything>{CREDENTIALS}<Title>*</Title></Anything>"
    found = _response(znuny, body, "TicketSearch", SOAPAction=f'"{NS}#TicketSearch"')
    assert [e.text for e in found] == ["1"]
    wrong = _post(znuny, body, SOAPAction='"http://example.com/#TicketSearch"')
    assert wrong.status_code == 500
    assert b"<faultcode>Client</faultcode>" in wrong.content


def test_business_errors_are_error_elements_at_200(znuny: Znuny) -> None:
    error = _response(znuny, "<TicketGet><TicketID>1</TicketID></TicketGet>", "TicketGet").find(
        f"{{{NS}}}Error"
    )
    assert error.findtext(f"{{{NS}}}ErrorCode") == "TicketGet.AuthFail"
    assert error.findtext(f"{{{NS}}}ErrorMessage") == "TicketGet: Authorization failing!"


def test_bad_xml_and_entities_are_faults_and_change_nothing(znuny: Znuny) -> None:
    broken = znuny.client.post(
        URL, content=b"<soapenv:Envelope", headers={"Content-Type": "text/xml"}
    )
    assert broken.status_code == 500
    assert b"<faultcode>Client</faultcode>" in broken.content
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        + _envelope("<TicketSearch><Title>&b;</Title></TicketSearch>")
    )
    refused = znuny.client.post(URL, content=bomb, headers={"Content-Type": "text/xml"})
    assert refused.status_code == 500
    search = f"<TicketSearch>{CREDENTIALS}<Title>*</Title></TicketSearch>"
    assert list(_response(znuny, search, "TicketSearch")) == []
