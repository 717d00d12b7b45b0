"""Motadata's ``categoryName`` and ``status`` on catalog rows written only by a site file
(``POST /polydesk/v1/config/apply`` as the integration's admin tim@acme.com, issue 14, on an
install set up only through the public surface: ``public.py``): a category or status the file
adds has no Motadata code, so create and update take it by its core name and the incident shows
that name; before the file, the same request is refused."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.motadata.public import PublicMotadata

SITE = """\
statuses:
  - name: Awaiting parts
    category: waiting
    position: 45
categories:
  - path: Facilities
  - path: Facilities/Doors
"""
BODY = {"subject": "Door stuck", "requesterEmail": "tim@acme.com"}


def _apply(motadata: PublicMotadata, document: str) -> list[tuple[str, str]]:
    response = motadata.client.post(
        f"{V1}/config/apply", headers=motadata.admin(), json={"document": document}
    )
    assert response.status_code == 200, response.text
    return [(step["name"], step["action"]) for step in response.json()["steps"]]


def _post(motadata: PublicMotadata, path: str, body: dict[str, Any]) -> Any:
    return motadata.post(path, json=body, headers=motadata.auth())


def test_configured_category_and_status_are_taken_by_name(public_motadata: PublicMotadata) -> None:
    motadata = public_motadata
    refused = _post(motadata, "/api/v1/incident", {**BODY, "categoryName": "Facilities"})
    assert (refused.status_code, refused.json()["userMessage"]) == (
        400,
        "Category not found: Facilities",
    )

    assert _apply(motadata, SITE) == [
        ("Awaiting parts", "create"),
        ("Facilities", "create"),
        ("Facilities/Doors", "create"),
    ]
    ident = motadata.create({**BODY, "categoryName": "Facilities", "status": "Awaiting parts"})
    shown = motadata.get(ident)
    assert (shown["categoryName"], shown["status"]) == ("Facilities", "Awaiting parts")

    update = {"categoryName": "Doors", "status": "AWAITING parts"}  # names ignore case
    changed = _post(motadata, f"/api/v1/incident/{ident}", update)
    assert changed.status_code == 200, changed.text
    shown = motadata.get(ident)
    assert (shown["categoryName"], shown["status"]) == ("Doors", "Awaiting parts")
