"""Bad input gets Motadata's error envelope (or Spring's error) and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dialects.motadata.conftest import Motadata, envelope_error, row_counts


def _invalid(message: str) -> dict[str, Any]:
    return envelope_error(400, "INVALID_INPUT", message)


@pytest.mark.parametrize(
    ("body", "answer"),
    [
        (b'{"subject": "s", "requesterEmail": ', _invalid("Malformed JSON request body")),
        (b"\xff\xfe", _invalid("Malformed JSON request body")),
        (b'["subject"]', _invalid("The request body must be a JSON object")),
        (b'{"requesterEmail": "tim@acme.com"}', _invalid("subject is required")),
        (b'{"subject": "s"}', _invalid("requesterEmail is required")),
        (b'{"subject": "", "requesterEmail": "tim@acme.com"}',
         _invalid("Invalid value for subject: String should have at least 1 character")),
        (b'{"subject": 5, "requesterEmail": "tim@acme.com"}',
         _invalid("Invalid value for subject: Input should be a valid string")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "tags": "mouse"}',
         _invalid("Invalid value for tags: Input should be a valid list")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "spam": "yes"}',
         _invalid("Invalid value for spam: Input should be a valid boolean")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "impact": "HUGE"}',
         _invalid("Invalid value for impact: 'HUGE'; expected one of LOW, ONUSER, ONDEPARTMENT, "
                  "ONBUSINESS")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "priority": "P1"}',
         _invalid("Invalid value for priority: 'P1'; expected one of LOW, MEDIUM, HIGH, URGENT")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "status": "Sleeping"}',
         _invalid("Status not found: Sleeping")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "categoryName": "Toys"}',
         _invalid("Category not found: Toys")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "locationName": "Mumbai"}',
         _invalid("Location not found: Mumbai")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "ccEmailSet": ["not-an-address"]}',
         _invalid("Invalid value for ccEmailSet.0: String should match pattern "
                  "'^[^@\\s]+@[^@\\s]+$'")),
        (b'{"subject": "s", "requesterEmail": "tim@acme.com", "attachmentsRefNames": ["nope"]}',
         _invalid("upload nope not found")),
    ],
)  # fmt: skip
def test_bad_create_bodies(motadata: Motadata, body: bytes, answer: dict[str, Any]) -> None:
    headers = {**motadata.auth(), "Content-Type": "application/json"}
    before = row_counts(motadata)

    response = motadata.post("/api/v1/incident", content=body, headers=headers)

    assert (response.status_code, response.json()) == (400, answer)
    assert row_counts(motadata) == before


def test_a_bad_update_changes_nothing(motadata: Motadata) -> None:
    motadata.create({"subject": "s", "requesterEmail": "tim@acme.com", "tags": ["a"]})
    headers = motadata.auth()
    before = row_counts(motadata)

    # Valid fields first, a bad one last: the whole request is refused.
    response = motadata.post(
        "/api/v1/incident/1",
        json={"subject": "changed", "tags": ["b"], "status": "Resolved", "urgency": "SOON"},
        headers=headers,
    )

    assert response.status_code == 400
    assert row_counts(motadata) == before
    incident = motadata.get(1)
    assert (incident["subject"], incident["tags"], incident["status"]) == ("s", ["a"], "Open")


@pytest.mark.parametrize("ident", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_invalid_ids(motadata: Motadata, ident: str) -> None:
    headers = motadata.auth()

    read = motadata.client.get(f"/api/v1/incident/{ident}", headers=headers)
    update = motadata.post(f"/api/v1/incident/{ident}", json={"spam": True}, headers=headers)

    for response in (read, update):
        assert (response.status_code, response.json()) == (
            400,
            _invalid(f"Invalid incident id: {ident}"),
        )


def test_unknown_incident(motadata: Motadata) -> None:
    headers = motadata.auth()

    read = motadata.client.get("/api/v1/incident/42", headers=headers)
    update = motadata.post("/api/incident/42", json={"spam": True}, headers=headers)

    for response in (read, update):
        assert (response.status_code, response.json()) == (
            404,
            envelope_error(404, "NOT_FOUND", "Incident not found: 42"),
        )


def test_delete_is_not_allowed(motadata: Motadata) -> None:
    motadata.create({"subject": "s", "requesterEmail": "tim@acme.com"})

    response = motadata.client.delete("/api/v1/incident/1", headers=motadata.auth())

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert motadata.get(1)["subject"] == "s"


def test_a_body_over_the_limit_is_refused_before_it_is_read(motadata: Motadata) -> None:
    headers = {**motadata.auth(), "Content-Type": "application/json"}
    huge = (
        b'{"subject": "s", "requesterEmail": "tim@acme.com", "description": "'
        + (b"x" * (2 * 1024 * 1024))
        + b'"}'
    )
    before = row_counts(motadata)

    response = motadata.post("/api/v1/incident", content=huge, headers=headers)

    assert (response.status_code, response.json()) == (
        413,
        envelope_error(413, "FILE_TOO_LARGE", "Request body too large"),
    )
    assert row_counts(motadata) == before


def test_no_token_changes_nothing(motadata: Motadata) -> None:
    before = row_counts(motadata)

    created = motadata.post(
        "/api/v1/incident", json={"subject": "s", "requesterEmail": "tim@acme.com"}
    )
    bogus = motadata.post(
        "/api/v1/incident",
        json={"subject": "s", "requesterEmail": "tim@acme.com"},
        headers={"Authorization": "Bearer abc.def.ghi"},
    )

    assert created.status_code == 401 and created.json()["error"] == "unauthorized"
    assert bogus.status_code == 401 and bogus.json()["error"] == "invalid_token"
    assert row_counts(motadata) == before
