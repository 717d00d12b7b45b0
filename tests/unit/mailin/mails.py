"""Messages for the mail-in tests, built with the email package as a mail client would."""

from __future__ import annotations

from email.message import EmailMessage

PDF = bytes(range(256)) * 40 + b"\x00\xff end"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(reversed(range(256))) * 3


def message(
    *,
    sender: str = "Carla Customer <carla@example.com>",
    to: str = "support@example.com",
    subject: str = "Printer on fire",
    body: str = "It smokes.\n",
    message_id: str = "<m1@client.example>",
    **headers: str,
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    if message_id:
        mail["Message-ID"] = message_id
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(body)
    return mail


def raw(**fields: str) -> bytes:
    return message(**fields).as_bytes()
