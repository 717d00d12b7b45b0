"""``POST /api/v1/incident`` is shared with InvGate: a JSON body or one of our bearer tokens is
Motadata's; form or query requests are InvGate's and are never handled as Motadata."""

from __future__ import annotations

import json

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from polydesk.dialects._kit.routing import Owner, owner_of_incident_post
from polydesk.dialects.motadata.app import create_motadata_router
from tests.dialects.motadata.conftest import Motadata, row_counts


def test_the_rule() -> None:
    def ours(token: str) -> bool:
        return token == "ours"

    cases = [
        ({"content-type": "application/json"}, Owner.MOTADATA),
        ({"content-type": "Application/JSON; charset=utf-8"}, Owner.MOTADATA),
        ({"content-type": "application/vnd.api+json"}, Owner.MOTADATA),
        ({"content-type": "application/x-www-form-urlencoded", "authorization": "Bearer ours"},
         Owner.MOTADATA),
        ({"content-type": "application/x-www-form-urlencoded", "authorization": "bearer ours"},
         Owner.MOTADATA),
        ({"content-type": "application/x-www-form-urlencoded", "authorization": "Bearer theirs"},
         Owner.INVGATE),
        ({"content-type": "multipart/form-data; boundary=x", "authorization": "Basic dTpw"},
         Owner.INVGATE),
        ({}, Owner.INVGATE),
    ]  # fmt: skip
    for headers, owner in cases:
        assert owner_of_incident_post(headers, ours) is owner, headers


def test_form_and_query_requests_are_not_motadata_and_change_nothing(motadata: Motadata) -> None:
    """They go to InvGate, which refuses these unknown Basic credentials in its own shape."""
    before = row_counts(motadata)
    basic = {"Authorization": "Basic dXNlcjpwYXNz"}

    form = motadata.post(
        "/api/v1/incident", data={"title": "Printer", "source_id": "1"}, headers=basic
    )
    query = motadata.post("/api/v1/incident", params={"title": "Printer"}, headers=basic)

    for response in (form, query):
        assert (response.status_code, response.json()) == (
            401,
            {"error": "Invalid credentials", "status": 401},
        )
    assert row_counts(motadata) == before


def test_our_bearer_token_makes_a_form_typed_request_motadata(motadata: Motadata) -> None:
    body = json.dumps({"subject": "s", "requesterEmail": "tim@acme.com"})
    headers = {**motadata.auth(), "Content-Type": "application/x-www-form-urlencoded"}

    response = motadata.post("/api/v1/incident", content=body, headers=headers)

    assert response.status_code == 200 and response.json()["id"] == 1


def test_a_json_request_without_a_token_is_motadatas_401(motadata: Motadata) -> None:
    response = motadata.post("/api/v1/incident", json={"subject": "s"})

    assert response.status_code == 401 and response.json()["error"] == "unauthorized"


def test_invgate_plugs_in_its_handler_and_both_work_on_one_server(motadata: Motadata) -> None:
    seen: list[bytes] = []

    async def invgate(request: Request) -> Response:
        seen.append(await request.body())  # the body is still unread when InvGate gets it
        return JSONResponse({"status": "OK", "info": "from InvGate"})

    app = FastAPI()
    app.include_router(create_motadata_router(motadata.runtime, invgate_incident=invgate))
    with TestClient(app) as client:
        theirs = client.post("/api/v1/incident", data={"title": "Printer"})
        ours = client.post(
            "/api/v1/incident",
            json={"subject": "s", "requesterEmail": "tim@acme.com"},
            headers=motadata.auth(),
        )

    assert theirs.json() == {"status": "OK", "info": "from InvGate"}
    assert seen == [b"title=Printer"]
    assert ours.json()["returnCode"] == "SUCCESS"
