"""``polydesk mail deliver`` (sysexits codes, as an MTA reads them) and ``polydesk mail
listen``'s listener over a real socket with smtplib; the mail-made ticket read back through the
native API."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from polydesk.attachments.store import LocalFileStore
from polydesk.core.actor import SYSTEM, Role
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.flows.commands import Resources
from polydesk.mailin.listener import start_listener
from polydesk.mailin.schemas import MailboxCreate
from polydesk.mailin.service import create_mailbox
from polydesk.models.mailin import MailImport
from polydesk.models.tickets import Ticket
from tests.factories import make_helpdesk, make_user
from tests.unit.mailin.mails import raw

Deliver = Callable[..., tuple[int, str]]


def _mailbox(engine: Engine, *, create_unknown: bool = True) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        desk = make_helpdesk(session, "Mail desk")
        make_user(session, Role.CUSTOMER, login="known")
        command = MailboxCreate(
            name="support",
            addresses=["support@example.com"],
            helpdesk_id=desk.id,
            create_unknown_senders=create_unknown,
        )
        create_mailbox(session, SYSTEM, command)


@pytest.fixture
def deliver(clean_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Deliver:
    from polydesk import cli_mail  # noqa: F401  (registers ``polydesk mail``)
    from polydesk.cli import app

    _mailbox(clean_engine, create_unknown=False)
    monkeypatch.setenv(
        "POLYDESK_DATABASE_URL", clean_engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("POLYDESK_DATA_DIR", str(tmp_path))

    def run(data: bytes, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["mail", "deliver", *args], input=data)
        return result.exit_code, result.stdout + result.stderr

    return run


def test_the_pipe_delivers_then_knows_the_duplicate(deliver: Deliver, clean_engine: Engine) -> None:
    code, out = deliver(raw(sender="known@example.com"))
    assert code == 0 and '"outcome": "ticket"' in out
    code, out = deliver(raw(sender="known@example.com"), "--mailbox", "support")
    assert code == 0 and '"outcome": "duplicate"' in out
    with make_session_factory(clean_engine)() as session:
        assert len(session.scalars(select(MailImport)).all()) == 1


def test_the_pipe_answers_in_sysexits_codes(deliver: Deliver, clean_engine: Engine) -> None:
    assert deliver(b"garbage without headers")[0] == 65
    code, out = deliver(raw(sender="stranger@example.org"))
    assert code == 67 and "mail.unknown_sender" in out
    with make_session_factory(clean_engine)() as session:  # refused: nothing kept, not even
        assert session.scalars(select(MailImport)).first() is None  # the Message-ID
    assert deliver(raw(sender="known@example.com"), "--mailbox", "nope")[0] == 67
    assert deliver(raw(sender="known@example.com", to="sales@example.com"))[0] == 67


def test_the_pipe_asks_for_a_retry_when_the_database_is_unreachable(
    deliver: Deliver, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("POLYDESK_DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    assert deliver(raw(sender="known@example.com"))[0] == 75


@pytest.fixture
def listener(clean_engine: Engine, tmp_path: Path) -> Iterator[int]:
    _mailbox(clean_engine)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    resources = Resources(LocalFileStore(tmp_path), 1024 * 1024, "desk@example.com")
    factory = make_session_factory(clean_engine)
    controller = start_listener(factory, resources, 64 * 1024, hostname="127.0.0.1", port=port)
    yield port
    controller.stop()


def test_the_listener_takes_mail_over_smtp(listener: int, clean_engine: Engine) -> None:
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp:
        refused = smtp.sendmail(
            "a@example.org",
            ["support@example.com", "nobody@example.com"],
            raw(sender="newbie@example.org"),
        )
        assert refused == {
            "nobody@example.com": (550, b"5.1.1 no mailbox receives for this address")
        }
        with pytest.raises(smtplib.SMTPDataError) as bad:
            smtp.sendmail(
                "a@example.org", ["support@example.com"], b"Subject: x\r\n\r\nno sender\r\n"
            )
        assert bad.value.smtp_code == 554
    with make_session_factory(clean_engine)() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.title == "Printer on fire")).one()
        assert session.get(Ticket, ticket.id) is not None


def test_the_listener_refuses_every_unknown_recipient(listener: int) -> None:
    with (
        smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp,
        pytest.raises(smtplib.SMTPRecipientsRefused),
    ):
        smtp.sendmail("a@example.org", ["nobody@example.com"], raw())


def test_the_listener_refuses_a_message_above_the_size_limit(listener: int) -> None:
    big = raw(body=("y" * 70 + "\n") * 1200)  # about 85 KB, above the 64 KB limit
    refusals = (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
    with (
        smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp,
        pytest.raises(refusals) as refused,
    ):
        smtp.sendmail("a@example.org", ["support@example.com"], big)
    assert refused.value.smtp_code == 552
