from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from polydesk.attachments.store import LocalFileStore
from polydesk.core.actor import SYSTEM
from polydesk.flows.commands import Resources
from polydesk.mailin.schemas import MailboxCreate
from polydesk.mailin.service import create_mailbox
from polydesk.models.mailin import Mailbox
from tests.factories import make_helpdesk


@pytest.fixture
def resources(tmp_path: Path) -> Resources:
    return Resources(LocalFileStore(tmp_path), 1024 * 1024, "desk@example.com")


@pytest.fixture
def mailbox(session: Session) -> Mailbox:
    desk = make_helpdesk(session, "Mail desk")
    command = MailboxCreate(
        name="support", addresses=["Support@Example.com"], helpdesk_id=desk.id,
        create_unknown_senders=True,
    )  # fmt: skip
    return create_mailbox(session, SYSTEM, command)
