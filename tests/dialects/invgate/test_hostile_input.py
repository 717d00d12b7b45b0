"""Hostile input on InvGate's ``/api/v1`` (issue 12): malformed values are the 428
``{"error", "status"}`` answer, values the core refuses the HTTP 200 ``status: ERROR`` one,
never a crash, and nothing is written. One sweep sends bad values to every built operation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from polydesk.dialects.invgate.operations import TABLE, Operation
from tests.dialects.hostile import NUL, unchanged
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic

#: Bad ids as the sweep sends them (the full list is slow across ~200 operations).
SWEEP_IDS = ("9223372036854775808", "9" * 5000, "²", NUL)
ERROR_STATUSES = {401, 403, 404, 405, 413, 415, 428, 501}


def _is_id(name: str) -> bool:
    return name in ("id", "ids", "uid") or name.endswith("_id")


def _checked(response: httpx.Response) -> Any:
    """InvGate's answer shapes: an error status with ``{"error", "status"}``, or 200."""
    body = response.json()
    if response.status_code != 200:
        assert response.status_code in ERROR_STATUSES, response.text
        assert body == {"error": body["error"], "status": response.status_code}, body
    return body


def _refused(response: httpx.Response) -> None:
    body = _checked(response)
    assert response.status_code != 200 or body.get("status") == "ERROR", body


def _sweep_calls(operation: Operation) -> list[dict[str, str]]:
    """One parameter set per (required parameter, bad value); the others name nothing."""
    calls = []
    for name in operation.required:
        # A lone free-text parameter (a name, search words) takes "%FF" as any other text.
        text_values = (NUL,) if operation.required == (name,) else (NUL, "%FF")
        values = SWEEP_IDS if _is_id(name) else text_values
        for bad in values:
            calls.append({other: "999" for other in operation.required} | {name: bad})
    return calls


def test_every_operation_answers_bad_required_values_in_invgate_shape(invgate: InvGate) -> None:
    built = [op for op in TABLE if op.handler is not None and op.required]
    with unchanged(invgate.runtime.engine):
        for operation in built:
            for params in _sweep_calls(operation):
                _refused(_send(invgate, operation, params))


def _send(invgate: InvGate, operation: Operation, params: dict[str, str]) -> httpx.Response:
    """``%FF`` goes out as the raw escape (invalid UTF-8), not as the text ``%FF``, which is a
    fine name for a group or a location."""
    encoded = urlencode(params).replace("%25FF", "%FF")
    path = f"/api/v1/{operation.endpoint}"
    if operation.method == "GET":
        return invgate.client.get(f"{path}?{encoded}", headers=API_AUTH)
    form = {**API_AUTH, "Content-Type": "application/x-www-form-urlencoded"}
    return invgate.client.request(operation.method, path, content=encoded, headers=form)


def test_bad_ids_on_reads_are_428(invgate: InvGate) -> None:
    invgate.create()
    with unchanged(invgate.runtime.engine):
        for bad in ("9223372036854775808", "2147483648", "9" * 5000, "0", "-5", "²", "1e3"):
            response = invgate.call("GET", "incident", {"id": bad})
            assert response.status_code == 428, (bad, response.text)
            assert response.json()["error"] == "id must be a positive integer"
            response = invgate.call("GET", "incidents", [("ids[]", bad)])
            assert response.status_code == 428, (bad, response.text)


def test_huge_limits_are_capped_and_bad_ones_refused(invgate: InvGate) -> None:
    invgate.create()
    for limit in ("9223372036854775808", "9" * 40):
        body = invgate.ok("GET", "incidents.by.status", {"status_ids[]": "1", "limit": limit})
        assert isinstance(body, list | dict)
    for bad in ("9" * 5000 + "x", "-1", "²", NUL):
        response = invgate.call("GET", "incidents.by.status", {"status_ids[]": "1", "limit": bad})
        assert response.status_code == 428, response.text


def test_nul_in_text_is_refused_in_the_error_shape(invgate: InvGate) -> None:
    ticket_id = invgate.create()
    with unchanged(invgate.runtime.engine):
        _refused(invgate.call("POST", "incident", data=_create_form(invgate, title=f"a{NUL}b")))
        _refused(
            invgate.call("POST", "incident", data=_create_form(invgate, description=f"x{NUL}"))
        )
        comment = {"request_id": ticket_id, "comment": f"hi{NUL}", "author_id": 1}
        _refused(invgate.call("POST", "incident.comment", data=comment))
        _refused(invgate.call("PUT", "incident", data={"id": ticket_id, "title": f"t{NUL}"}))
        user = {"name": f"n{NUL}", "email": "n@example.com", "lastname": "x", "username": "n"}
        _refused(invgate.call("POST", "user", data=user))
    assert invgate.ok("GET", "incident", {"id": ticket_id})["title"] == "Printer is on fire"


def test_nul_and_invalid_utf8_in_credentials_are_401(invgate: InvGate) -> None:
    with unchanged(invgate.runtime.engine):
        for headers in (
            basic("api\x00", "secret"),
            basic("api", "sec\x00ret"),
            {"Authorization": "Basic /w=="},  # one 0xFF byte: not UTF-8
            {"Authorization": "Basic " + "A" * 5000},
        ):
            response = invgate.call("GET", "incident", {"id": "1"}, headers=headers)
            assert response.status_code == 401, response.text
        for form in (
            b"grant_type=client_credentials&client_id=a%00&client_secret=b",
            b"grant_type=client_credentials&client_id=%FF&client_secret=%00",
        ):
            response = invgate.client.post(
                "/oauth/v2.0/access_token",
                content=form,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            assert response.status_code == 401, response.text
            assert response.json()["error"] == "invalid_client"


def test_invalid_utf8_and_odd_shapes_in_query_and_form(invgate: InvGate) -> None:
    invgate.create()
    with unchanged(invgate.runtime.engine):
        for query in ("id=%FF%FE", "id=1%00", "id[]=1", "id[a][b]=1", "id[=1", "ids=1,2"):
            response = invgate.client.get(f"/api/v1/incident?{query}", headers=API_AUTH)
            assert response.status_code == 428, (query, response.text)
        for body in (b"id=%FF", b"id=\xff\xfe", b"title[]=a&title=b", b"\x00=\x00"):
            response = invgate.client.put(
                "/api/v1/incident",
                content=body,
                headers={**API_AUTH, "Content-Type": "application/x-www-form-urlencoded"},
            )
            _refused(response)
        response = invgate.client.put(
            "/api/v1/incident",
            content=b'{"id": 1}',
            headers={**API_AUTH, "Content-Type": "application/json"},
        )
        assert response.status_code == 415


def _create_form(invgate: InvGate, **fields: Any) -> dict[str, Any]:
    return {
        "title": "Printer",
        "description": "Smoke",
        "priority_id": 3,
        "type_id": 1,
        "category_id": invgate.category_id,
        "creator_id": invgate.users["api"],
        "customer_id": invgate.users["carla"],
        **fields,
    }
