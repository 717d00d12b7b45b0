"""A customer reads only the public part of its request through ``/api/v1``: the comments of
``incident`` / ``incidents`` / ``incidents.by.customer`` and ``incident.comment``, the files
listed on them, and ``incident.attachment``. (Time tracking is not built: 501.) An agent of
the request's help desk reads all of it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from polydesk.db.uow import unit_of_work
from tests.dialects.invgate.conftest import InvGate, basic
from tests.visibility import INTERNAL_FILE, INTERNAL_WORD, Mixed, mixed_ticket

CUSTOMER = basic("carla", "pw")
AGENT = basic("alice", "pw")


@pytest.fixture
def mixed(invgate: InvGate) -> Mixed:
    with unit_of_work(invgate.runtime.factory) as session:
        return mixed_ticket(
            session,
            invgate.runtime.store,
            requester_id=invgate.users["carla"],
            helpdesk_id=invgate.helpdesk_id,
        )


def _comments(row: dict[str, Any]) -> list[tuple[int, list[int]]]:
    return [(comment["id"], comment["attachments"]) for comment in row["comments"]]


def _reads(invgate: InvGate, mixed: Mixed, headers: dict[str, str]) -> list[dict[str, Any]]:
    """The request as ``incident``, ``incidents`` and ``incidents.by.customer`` show it."""
    ident = mixed.ticket_id
    one = invgate.ok("GET", "incident", {"id": ident, "comments": 1}, headers=headers)
    some = invgate.ok("GET", "incidents", [("ids[]", ident), ("comments", 1)], headers=headers)
    by_customer = invgate.ok(
        "GET",
        "incidents.by.customer",
        {"id": invgate.users["carla"], "comments": 1},
        headers=headers,
    )
    return [one, some[str(ident)], by_customer["requests"][str(ident)]]


def test_request_reads_show_the_customer_public_comments_only(
    invgate: InvGate, mixed: Mixed
) -> None:
    for row in _reads(invgate, mixed, CUSTOMER):
        assert _comments(row) == [(mixed.public_comment, [mixed.public_file])]
        assert INTERNAL_WORD not in json.dumps(row)
    for row in _reads(invgate, mixed, AGENT):
        assert _comments(row) == [
            (mixed.public_comment, [mixed.public_file]),
            (mixed.internal_comment, [mixed.internal_file]),
        ]


def test_comment_list(invgate: InvGate, mixed: Mixed) -> None:
    query = {"request_id": mixed.ticket_id}
    mine = invgate.ok("GET", "incident.comment", query, headers=CUSTOMER)
    assert [(row["id"], row["msg_num"], row["attachments"]) for row in mine] == [
        (mixed.public_comment, 1, [mixed.public_file])
    ]
    every = invgate.ok("GET", "incident.comment", query, headers=AGENT)
    assert [row["id"] for row in every] == [mixed.public_comment, mixed.internal_comment]


def test_an_internal_attachment_is_not_found_for_the_customer(
    invgate: InvGate, mixed: Mixed
) -> None:
    query = {"id": mixed.internal_file}
    refused = invgate.call("GET", "incident.attachment", query, headers=CUSTOMER).json()
    assert refused == {  # as for a file that does not exist
        "status": "ERROR",
        "error": "attachment.not_found",
        "info": f"attachment {mixed.internal_file} not found",
    }
    assert invgate.ok("GET", "incident.attachment", query, headers=AGENT)["name"] == INTERNAL_FILE
    public = {"id": mixed.public_file}
    assert invgate.ok("GET", "incident.attachment", public, headers=CUSTOMER)["id"] == (
        mixed.public_file
    )
