"""Mailboxes: admin CRUD, and which mailbox receives for an address."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, not_found
from polydesk.helpdesks.service import require_helpdesk
from polydesk.mailin.schemas import MailboxCreate, MailboxUpdate
from polydesk.models.mailin import Mailbox


def address_list(mailbox: Mailbox) -> list[str]:
    return [part.strip() for part in mailbox.addresses.split(",") if part.strip()]


def list_mailboxes(session: Session, actor: Actor) -> list[Mailbox]:
    require_admin(actor)
    return list(session.scalars(select(Mailbox).order_by(Mailbox.id)))


def require_mailbox(session: Session, actor: Actor, mailbox_id: int) -> Mailbox:
    require_admin(actor)
    mailbox = session.get(Mailbox, mailbox_id)
    if mailbox is None:
        raise not_found("mailbox", mailbox_id)
    return mailbox


def get_mailbox_by_name(session: Session, name: str) -> Mailbox | None:
    return session.scalars(select(Mailbox).where(Mailbox.name == name)).first()


def mailbox_for_address(session: Session, address: str) -> Mailbox | None:
    """The enabled mailbox that receives for ``address`` (case-insensitive), if any. Few
    mailboxes exist, so they are read whole rather than matched in SQL on a list column."""
    wanted = address.strip().lower()
    for mailbox in session.scalars(select(Mailbox).where(Mailbox.enabled.is_(True))):
        if wanted in address_list(mailbox):
            return mailbox
    return None


def create_mailbox(session: Session, actor: Actor, command: MailboxCreate) -> Mailbox:
    require_admin(actor)
    require_helpdesk(session, command.helpdesk_id)
    _require_free(session, None, command.name, command.addresses)
    mailbox = Mailbox(
        name=command.name, addresses=", ".join(command.addresses),
        helpdesk_id=command.helpdesk_id, create_unknown_senders=command.create_unknown_senders,
        enabled=command.enabled, created_at=utcnow(),
    )  # fmt: skip
    session.add(mailbox)
    session.flush()
    return mailbox


def update_mailbox(
    session: Session, actor: Actor, mailbox_id: int, command: MailboxUpdate
) -> Mailbox:
    mailbox = require_mailbox(session, actor, mailbox_id)
    if command.helpdesk_id is not None:
        require_helpdesk(session, command.helpdesk_id)
    _require_free(session, mailbox.id, command.name, command.addresses or [])
    for name, value in command.model_dump(exclude_none=True).items():
        setattr(mailbox, name, ", ".join(value) if name == "addresses" else value)
    session.flush()
    return mailbox


def delete_mailbox(session: Session, actor: Actor, mailbox_id: int) -> None:
    session.delete(require_mailbox(session, actor, mailbox_id))
    session.flush()


def _require_free(
    session: Session, own_id: int | None, name: str | None, addresses: list[str]
) -> None:
    """One mailbox per name and per address, so a recipient names exactly one help desk."""
    for other in session.scalars(select(Mailbox).where(Mailbox.id != (own_id or 0))):
        if name is not None and other.name == name:
            raise Conflict("mailbox.duplicate_name", f"mailbox {name!r} exists", name=name)
        taken = set(addresses) & set(address_list(other))
        if taken:
            address = sorted(taken)[0]
            raise Conflict(
                "mailbox.duplicate_address",
                f"{address} is already received by mailbox {other.name!r}",
                address=address,
            )
