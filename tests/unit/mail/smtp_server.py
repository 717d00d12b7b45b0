"""A real SMTP server (aiosmtpd) on 127.0.0.1 recording every envelope, and a port nobody
listens on."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from polydesk.mail.sender import SmtpConfig


class Recorder:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(envelope.content, _class=EmailMessage, policy=policy.default)
            for envelope in self.envelopes
        ]


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_smtp_server() -> Iterator[tuple[Recorder, SmtpConfig]]:
    """A server on a free port for the block, and the config that sends to it."""
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield recorder, SmtpConfig(host="127.0.0.1", port=controller.port, timeout=5, helo="test")
    finally:
        controller.stop()
