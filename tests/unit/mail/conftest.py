"""A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, recording every envelope."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from polydesk.mail.sender import SmtpConfig
from tests.unit.mail.smtp_server import Recorder, running_smtp_server


@pytest.fixture
def smtp_server() -> Iterator[tuple[Recorder, SmtpConfig]]:
    with running_smtp_server() as server:
        yield server
