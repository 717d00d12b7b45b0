"""A customer's key reads only the public part of its ticket: ``get_history`` (notes, counts,
keyword search), ``get_attachments`` and ``get_time`` (entries and their count). The admin key
reads all of it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from polydesk.db.uow import unit_of_work
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.visibility import (
    INTERNAL_FILE,
    INTERNAL_WORD,
    PUBLIC_FILE,
    PUBLIC_WORD,
    Mixed,
    mixed_ticket,
)


@pytest.fixture
def mixed(rd: ReadyDesk) -> Mixed:
    with unit_of_work(rd.runtime.factory) as session:
        return mixed_ticket(session, rd.runtime.store, requester_id=rd.ids["demo"])


def _as(rd: ReadyDesk, key: str, action: str, plural: str, **variables: Any) -> list[Any]:
    rd.key = key
    answer = json.loads(rd.call(action, fmt="json", **variables))
    rows: list[Any] = answer.get(plural, [])
    return rows


def _count(rd: ReadyDesk, key: str, action: str, **variables: Any) -> str:
    rd.key = key
    return rd.call(action, count_only="Y", **variables).rsplit("<count>", 1)[1]


def test_history_is_the_public_notes(rd: ReadyDesk, mixed: Mixed) -> None:
    admin, customer = rd.key, rd.new_key(login="demo")
    tid = str(mixed.ticket_id)
    mine = _as(rd, customer, "get_history", "history", tid=tid)
    assert [entry["id"] for entry in mine] == [str(mixed.public_comment)]
    assert INTERNAL_WORD not in json.dumps(mine)
    assert _count(rd, customer, "get_history", tid=tid) == "1</count>"
    assert _as(rd, customer, "get_history", "history", keyword=INTERNAL_WORD) == []
    assert len(_as(rd, customer, "get_history", "history", keyword=PUBLIC_WORD)) == 1
    assert _count(rd, admin, "get_history", tid=tid) == "2</count>"
    assert len(_as(rd, admin, "get_history", "history", keyword=INTERNAL_WORD)) == 1


def test_attachments_are_the_public_files(rd: ReadyDesk, mixed: Mixed) -> None:
    admin, customer = rd.key, rd.new_key(login="demo")
    tid = str(mixed.ticket_id)
    mine = _as(rd, customer, "get_attachments", "attachments", cid="*", tid=tid)
    assert [row["file_name"] for row in mine] == [PUBLIC_FILE]
    assert _count(rd, customer, "get_attachments", cid="*", tid=tid) == "1</count>"
    every = _as(rd, admin, "get_attachments", "attachments", cid="*", tid=tid)
    assert INTERNAL_FILE in json.dumps(every) and len(every) == 2


def test_time_is_the_public_entries(rd: ReadyDesk, mixed: Mixed) -> None:
    admin, customer = rd.key, rd.new_key(login="demo")
    mine = _as(rd, customer, "get_time", "time", cid="*")
    assert sorted(int(row["id"]) for row in mine) == sorted(mixed.public_entries)
    assert sum(float(row["duration"]) for row in mine) == 15
    assert _count(rd, customer, "get_time", cid="*") == "2</count>"
    every = _as(rd, admin, "get_time", "time", cid="*")
    assert sum(float(row["duration"]) for row in every) == 72
