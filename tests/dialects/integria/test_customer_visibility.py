"""A customer reads only the public part of its incident through ``api.php``: the work totals
of get_incidents, workunits (and their durations), files, tracking, get_stats and the text
search. An agent of the incident's group reads all of it."""

from __future__ import annotations

import base64
import json

import pytest

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import require_helpdesk
from tests.dialects.integria.conftest import Integria
from tests.factories import make_user
from tests.visibility import (
    INTERNAL_BYTES,
    INTERNAL_FILE,
    INTERNAL_WORD,
    PUBLIC_FILE,
    PUBLIC_WORD,
    Mixed,
    mixed_ticket,
)

CUSTOMER = {"user": "carla", "password": "carla-pw"}
AGENT = {"user": "engineer", "password": "engineer-pw"}


@pytest.fixture
def mixed(integria: Integria) -> Mixed:
    with unit_of_work(integria.runtime.factory) as session:
        desk = require_helpdesk(session, integria.groups["Engineering"])
        customer = make_user(session, Role.CUSTOMER, login="carla", password="carla-pw")
        make_user(session, login="engineer", password="engineer-pw", helpdesks=[desk])
        return mixed_ticket(
            session, integria.runtime.store, requester_id=customer.id, helpdesk_id=desk.id
        )


def _ids(csv: str) -> list[str]:
    return [line.split(",")[0] for line in csv.splitlines()]


def test_incident_lists_count_only_public_work(integria: Integria, mixed: Mixed) -> None:
    def totals(who: dict[str, str]) -> tuple[str, str]:
        rows = json.loads(integria.call("get_incidents", ",0,1", return_type="json", **who))
        assert [row["id_incidencia"] for row in rows] == [str(mixed.ticket_id)]
        return rows[0]["workunits_hours"], rows[0]["workunits_count"]

    assert totals(CUSTOMER) == ("0.25", "1")
    assert totals(AGENT) == ("1.2000000104308", "2")


def test_workunits_and_their_durations(integria: Integria, mixed: Mixed) -> None:
    ticket = str(mixed.ticket_id)
    mine = integria.call("get_incident_workunits", ticket, **CUSTOMER)
    assert _ids(mine) == [str(mixed.public_comment)]
    assert mine.split(",")[2] == "0.08"  # 5 public minutes; 7 internal ones are not counted
    assert INTERNAL_WORD not in mine
    every = integria.call("get_incident_workunits", ticket, **AGENT)
    assert _ids(every) == [str(mixed.internal_comment), str(mixed.public_comment)]
    assert [line.split(",")[2] for line in every.splitlines()] == ["0.50", "0.20"]


def test_files_and_downloads(integria: Integria, mixed: Mixed) -> None:
    ticket = str(mixed.ticket_id)
    files = integria.call("get_incident_files", ticket, **CUSTOMER)
    assert _ids(files) == [str(mixed.public_file)] and PUBLIC_FILE in files
    assert INTERNAL_FILE in integria.call("get_incident_files", ticket, **AGENT)
    content = base64.b64encode(INTERNAL_BYTES).decode()
    assert content not in integria.call("download_file", str(mixed.internal_file), **CUSTOMER)
    assert integria.call("download_file", str(mixed.internal_file), **AGENT) == content


def test_tracking_leaves_out_the_internal_lines(integria: Integria, mixed: Mixed) -> None:
    ticket = str(mixed.ticket_id)
    mine = {int(i) for i in _ids(integria.call("get_incident_tracking", ticket, **CUSTOMER))}
    every = {int(i) for i in _ids(integria.call("get_incident_tracking", ticket, **AGENT))}
    assert mine and not mine & mixed.internal_events
    assert mixed.internal_events & every  # time on a workunit is its "Workunit added" line


def test_stats_average_public_work_only(integria: Integria, mixed: Mixed) -> None:
    assert integria.call("get_stats", "avg_worktime", **CUSTOMER) == "900"
    assert integria.call("get_stats", "avg_worktime", **AGENT) == "4320"


def test_text_search_ignores_internal_workunits(integria: Integria, mixed: Mixed) -> None:
    def found(words: str, who: dict[str, str]) -> list[str]:
        return _ids(integria.call("get_incidents", f"{words},0,1", **who))

    assert found(INTERNAL_WORD, CUSTOMER) == []
    assert found(INTERNAL_WORD, AGENT) == [str(mixed.ticket_id)]
    assert found(PUBLIC_WORD, CUSTOMER) == [str(mixed.ticket_id)]
