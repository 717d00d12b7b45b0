"""Hostile input on Motadata's API (issue 12): Spring's OAuth2 errors at the token endpoint,
the ``{"returnCode":"INVALID_INPUT",...}`` envelope at HTTP 400 everywhere else, never a
crash, and nothing is written."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx

from tests.dialects.hostile import (
    BAD_IDS,
    HUGE_INTS,
    NUL,
    deep_json,
    deep_json_object,
    unchanged,
)
from tests.dialects.motadata.conftest import SEED_BASIC, Motadata, basic

BODY = {"subject": "Printer", "requesterEmail": "cust@acme.com"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _invalid(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    body: dict[str, Any] = response.json()
    assert body["returnCode"] == "INVALID_INPUT" and body["status"] == 400, body
    return body


def _oauth(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == error


def test_token_endpoint_refuses_nul_and_unreadable_credentials(motadata: Motadata) -> None:
    with unchanged(motadata.runtime.engine):
        for form in (
            b"grant_type=password&username=tim%00@acme.com&password=123",
            b"grant_type=password&username=tim@acme.com&password=1%0023",
            b"grant_type=refresh_token&refresh_token=%00",
            b"grant_type=password&username=%FF%FE&password=%C3%28",
        ):
            response = motadata.post(
                "/api/oauth/token", content=form, headers={"Authorization": SEED_BASIC, **FORM}
            )
            _oauth(response, 400, "invalid_grant")
        for client in (("main-web-app-client\x00", "x"), ("a", "b\x00")):
            response = motadata.post(
                "/api/oauth/token",
                content=b"grant_type=password&username=tim@acme.com&password=123",
                headers={**basic(*client), **FORM},
            )
            _oauth(response, 401, "unauthorized")


def test_bad_incident_ids_in_the_path(motadata: Motadata) -> None:
    auth = motadata.auth()
    with unchanged(motadata.runtime.engine):
        for bad in (*BAD_IDS, "0", "99999999999"):
            path = f"/api/v1/incident/{quote(bad)}"
            body = _invalid(motadata.client.get(path, headers=auth))
            assert body["userMessage"].startswith("Invalid incident id")
            _invalid(motadata.client.put(path, json=BODY, headers=auth))


def test_deep_unreadable_and_wrongly_typed_bodies(motadata: Motadata) -> None:
    auth = {**motadata.auth(), "Content-Type": "application/json"}
    with unchanged(motadata.runtime.engine):
        for raw in (
            deep_json(),
            deep_json_object("subject"),
            '{"subject": "a", "customFieldValueDetails": ' + deep_json_object("x") + "}",
        ):
            body = _invalid(motadata.post("/api/v1/incident", content=raw, headers=auth))
            assert body["userMessage"] == "Malformed JSON request body"
        for content in (b'{"subject": "\xff\xfe"}', b"\x00", b'{"subject": ', b"9" * 5000):
            _invalid(motadata.post("/api/v1/incident", content=content, headers=auth))
        for wrong in (
            [],
            None,
            "text",
            {"subject": ["a"]},
            {"subject": {"a": 1}},
            {"tags": "x"},
            {"spam": "yes"},
            {"customFieldValueDetails": []},
            {"customFieldValueDetails": {"9" * 40: {"type": 1, "stringValue": "x"}}},
            {"customFieldValueDetails": {"1": {"type": 2**64}}},
            *({"subject": huge} for huge in HUGE_INTS),
        ):
            response = motadata.post("/api/v1/incident", content=json.dumps(wrong), headers=auth)
            _invalid(response)


def test_nul_in_text_is_invalid_input(motadata: Motadata) -> None:
    auth = motadata.auth()
    ticket_id = motadata.create(BODY, auth)
    with unchanged(motadata.runtime.engine):
        for body in (
            {**BODY, "subject": f"Printer{NUL}"},
            {**BODY, "description": f"a{NUL}b"},
            {**BODY, "requesterEmail": f"cust{NUL}@acme.com"},
            {**BODY, "tags": [f"t{NUL}"]},
        ):
            _invalid(motadata.client.post("/api/v1/incident", json=body, headers=auth))
            path = f"/api/v1/incident/{ticket_id}"
            _invalid(motadata.client.put(path, json=body, headers=auth))
        assert motadata.get(ticket_id, auth)["subject"] == "Printer"


def test_module_form_names_with_nul_or_invalid_utf8(motadata: Motadata) -> None:
    auth = motadata.auth()
    for module in ("%00", "%FF%FE", "request%00"):
        _invalid(motadata.client.get(f"/api/ususer/form/{module}", headers=auth))
