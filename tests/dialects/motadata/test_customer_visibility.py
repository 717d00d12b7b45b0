"""A customer reads only the public part of its incident through ``GET /api/v1/incident/{id}``:
``fileAttachments`` leaves out the files of internal comments (Motadata shows no comments or
time). An agent reads every file."""

from __future__ import annotations

import json

from polydesk.db.uow import unit_of_work
from tests.dialects.motadata.conftest import Motadata
from tests.visibility import INTERNAL_FILE, INTERNAL_WORD, PUBLIC_FILE, mixed_ticket


def test_incident_files_are_the_public_ones_for_the_customer(motadata: Motadata) -> None:
    with unit_of_work(motadata.runtime.factory) as session:
        mixed = mixed_ticket(
            session, motadata.runtime.store, requester_id=motadata.users["cust@acme.com"]
        )
    mine = motadata.get(mixed.ticket_id, motadata.auth("cust@acme.com", "cust"))
    assert [f["realName"] for f in mine["fileAttachments"]] == [PUBLIC_FILE]
    assert INTERNAL_WORD not in json.dumps(mine) and INTERNAL_FILE not in json.dumps(mine)
    every = motadata.get(mixed.ticket_id, motadata.auth())
    assert [f["realName"] for f in every["fileAttachments"]] == [PUBLIC_FILE, INTERNAL_FILE]
