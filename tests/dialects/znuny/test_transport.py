"""The REST transport (spec §1): URL layout, route matching, how data is merged, and the
transport's own errors, which are plain text and change nothing."""

from __future__ import annotations

import json

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.webservices.service import get_webservice, save_webservice
from tests.dialects.znuny.conftest import BASE, CLASSIC, ROOT, Znuny

SEARCH = {**ROOT, "Title": "*"}


def _count(znuny: Znuny) -> int:
    found = znuny.call("GET", "/Ticket", params=SEARCH)
    return len(found.get("TicketID", []))


def test_answers_are_compact_sorted_json_with_connection_close(znuny: Znuny) -> None:
    response = znuny.request("POST", "/Ticket", body={"Password": "x"})
    assert response.status_code == 200
    assert response.content == (
        b'{"Error":{"ErrorCode":"TicketCreate.MissingParameter",'
        b'"ErrorMessage":"TicketCreate: UserLogin, CustomerUserLogin or SessionID is required!"}}'
    )
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.headers["connection"] == "close"


def test_unknown_route_is_a_plain_text_500(znuny: Znuny) -> None:
    response = znuny.request("GET", "/Nothing/here", params=ROOT)
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=UTF-8"
    assert response.text == (
        "HTTP::REST Error while determine Operation for request URI '/Nothing/here'."
    )


def test_no_route_names_the_raw_route_without_the_query(znuny: Znuny) -> None:
    """Znuny reports REQUEST_URI after ``Webservice/<Name>``, still percent-encoded."""
    response = znuny.client.get(f"{BASE}/{CLASSIC}/Nothing/h%C3%A9re?UserLogin=x&Password=y")
    assert response.status_code == 500
    assert response.text == (
        "HTTP::REST Error while determine Operation for request URI '/Nothing/h%C3%A9re'."
    )


def test_no_route_after_the_bare_service_names_the_whole_path(znuny: Znuny) -> None:
    """With nothing after the service name Znuny's rewrite does not match: the message names
    the request path from ``/otrs/`` on (as a real Znuny 6.5 answers)."""
    for suffix in ("", "?UserLogin=root@localhost&Password=root"):
        response = znuny.client.get(f"{BASE}/{CLASSIC}{suffix}")
        assert response.status_code == 500
        assert response.headers["content-type"] == "text/plain; charset=UTF-8"
        assert response.text == (
            "HTTP::REST Error while determine Operation for request URI "
            f"'/otrs/nph-genericinterface.pl/Webservice/{CLASSIC}'."
        )


def test_wrong_method_does_not_match_a_route(znuny: Znuny) -> None:
    response = znuny.request("DELETE", "/Ticket/1", params=ROOT)
    assert response.status_code == 500
    assert "Error while determine Operation" in response.text


def test_unknown_or_invalid_web_service_gets_an_empty_500(znuny: Znuny) -> None:
    assert znuny.request("GET", "/Ticket", service="NoSuchService").status_code == 500
    with unit_of_work(znuny.runtime.factory) as session:
        stock = get_webservice(session, name=CLASSIC)
        assert stock is not None
        save_webservice(session, SYSTEM, name=CLASSIC, config=stock.config, is_valid=False)
    response = znuny.request("GET", "/Ticket", params=SEARCH)
    assert response.status_code == 500
    assert response.content == b""


def test_web_service_by_id(znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        stock = get_webservice(session, name=CLASSIC)
        assert stock is not None
        ident = stock.id
    znuny.create()
    response = znuny.client.get(
        f"/otrs/nph-genericinterface.pl/WebserviceID/{ident}/Ticket", params=SEARCH
    )
    assert response.json() == {"TicketID": ["1"]}


def test_malformed_json_is_a_500_and_changes_nothing(znuny: Znuny) -> None:
    response = znuny.client.post(
        f"{BASE}/{CLASSIC}/Ticket",
        content=b'{"UserLogin": "root@localhost", "Ticket": {',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 500
    assert response.text == "Error while decoding request content."
    assert _count(znuny) == 0


def test_empty_object_and_scalars_are_unsupported(znuny: Znuny) -> None:
    for body in (b"{}", b"[]", b'"text"', b"42"):
        response = znuny.client.post(
            f"{BASE}/{CLASSIC}/Ticket", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 500
        assert response.text == "Unsupported request content structure."


def test_form_encoded_body_cannot_be_read(znuny: Znuny) -> None:
    response = znuny.client.post(
        f"{BASE}/{CLASSIC}/Ticket", content=b"UserLogin=root%40localhost&Password=root"
    )
    assert response.status_code == 500
    assert response.text == "Could not read input data"


def test_oversized_body_is_413_and_changes_nothing(znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        stock = get_webservice(session, name=CLASSIC)
        assert stock is not None
        save_webservice(session, SYSTEM, name=CLASSIC, config={**stock.config, "max_length": 200})
    body = {**ROOT, "Ticket": {"Title": "x" * 300}, "Article": {"Body": "b"}}
    response = znuny.request("POST", "/Ticket", body=body)
    assert response.status_code == 413
    assert response.text == "Request Entity Too Large"
    assert _count(znuny) == 0


def test_query_keys_repeat_into_lists_and_zero_reads_empty(znuny: Znuny) -> None:
    znuny.create("First", ticket={"State": "new"})
    znuny.create("Second", ticket={"State": "open"})
    query = "UserLogin=root%40localhost&Password=root&States=new&States=open"
    assert znuny.call("GET", f"/Ticket?{query}") == {"TicketID": ["2", "1"]}
    # "0" arrives as "" (Perl's $Value || ''): Limit=0 means the default, not zero rows.
    assert znuny.call("GET", f"/Ticket?{query};Limit=0") == {"TicketID": ["2", "1"]}


def test_uri_data_wins_over_the_body_and_get_bodies_are_ignored(znuny: Znuny) -> None:
    znuny.create()
    body = json.dumps({"UserLogin": "nobody", "Password": "wrong"}).encode()
    response = znuny.client.request(
        "GET",
        f"{BASE}/{CLASSIC}/Ticket",
        params=SEARCH,
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert response.json() == {"TicketID": ["1"]}
    answer = znuny.call(
        "POST", "/Ticket", body={"UserLogin": "nobody", "Password": "wrong"}, params=ROOT
    )
    assert answer["Error"]["ErrorCode"] == "TicketCreate.MissingParameter"


def test_header_credentials_override_everything(znuny: Znuny) -> None:
    znuny.create()
    headers = {"X-OTRS-Header-UserLogin": "root@localhost", "X-OTRS-Header-Password": "root"}
    found = znuny.call(
        "GET", "/Ticket", params={"UserLogin": "agent2", "Password": "bad"}, headers=headers
    )
    assert found == {"TicketID": ["1"]}
    bad = {"X-OTRS-Header-UserLogin": "root@localhost", "X-OTRS-Header-Password": "wrong"}
    assert znuny.call("GET", "/Ticket", params=SEARCH, headers=bad) == {
        "Error": {
            "ErrorCode": "TicketSearch.AuthFail",
            "ErrorMessage": "TicketSearch: Authorization failing!",
        }
    }


def test_missing_credentials_fail_authentication(znuny: Znuny) -> None:
    assert znuny.call("GET", "/Ticket/1")["Error"]["ErrorCode"] == "TicketGet.AuthFail"
    assert znuny.call("GET", "/Ticket")["Error"]["ErrorCode"] == "TicketSearch.AuthFail"
