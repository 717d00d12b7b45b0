"""Uploads waiting for a ticket: stored with a reference, claimed once, by their uploader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.attachments.store import LocalFileStore
from polydesk.attachments.uploads import claim_uploads, store_upload
from polydesk.core.errors import Conflict, NotFound, TooLarge, ValidationFailed
from polydesk.models.history import EventKind, HistoryEvent
from tests.factories import actor, make_ticket, make_user


def test_store_and_claim(session: Session, tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path)
    user = make_user(session)
    who = actor(session, user)
    ticket = make_ticket(session, as_user=user)

    upload = store_upload(session, who, store, filename="a.txt", data=b"abc", max_bytes=10)
    assert upload.ticket_id is None and re.fullmatch(r"[A-Za-z0-9]{10}", upload.upload_ref or "")
    assert store.get(upload.storage_key) == b"abc"

    claimed = claim_uploads(
        session, who, ticket, [upload.upload_ref or "", upload.upload_ref or ""]
    )
    again = claim_uploads(session, who, ticket, [upload.upload_ref or ""])

    assert [row.id for row in claimed] == [upload.id] and again == []
    assert upload.ticket_id == ticket.id and upload.upload_ref is not None
    kinds = session.scalars(select(HistoryEvent.kind).where(HistoryEvent.ticket_id == ticket.id))
    assert list(kinds).count(EventKind.ATTACHMENT_ADDED) == 1


def test_claim_rules(session: Session, tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path)
    owner, other = make_user(session), make_user(session)
    mine = store_upload(session, actor(session, owner), store, filename="a", data=b"a", max_bytes=9)
    first = make_ticket(session, as_user=owner)
    second = make_ticket(session, as_user=owner)
    claim_uploads(session, actor(session, owner), first, [mine.upload_ref or ""])

    with pytest.raises(Conflict):
        claim_uploads(session, actor(session, owner), second, [mine.upload_ref or ""])
    with pytest.raises(NotFound):
        claim_uploads(session, actor(session, other), first, [mine.upload_ref or ""])
    with pytest.raises(NotFound):
        claim_uploads(session, actor(session, owner), first, ["missing"])


def test_upload_checks(session: Session, tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path)
    who = actor(session, make_user(session))

    with pytest.raises(TooLarge):
        store_upload(session, who, store, filename="a", data=b"abcd", max_bytes=3)
    with pytest.raises(ValidationFailed):
        store_upload(session, who, store, filename="../a", data=b"a", max_bytes=3)
    assert list(tmp_path.iterdir()) == []
