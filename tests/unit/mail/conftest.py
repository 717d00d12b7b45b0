"""A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, recording every envelope."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from polydesk.mail.sender import SmtpConfig
from tests.unit.mail.smtp_server import Recorder, free_port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Recorder, SmtpConfig]]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield recorder, SmtpConfig(host="127.0.0.1", port=controller.port, timeout=5, helo="test")
    finally:
        controller.stop()
