"""Mailboxes for incoming mail (admins only): list, read, create, change, delete."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import ConfigDict, Field, field_validator

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import Guarded
from polydesk.api.v1.schemas import Out
from polydesk.mailin import service as mailboxes
from polydesk.mailin.schemas import MailboxCreate, MailboxUpdate, normalize_addresses
from polydesk.models.mailin import Mailbox

router = APIRouter(tags=["mailboxes"])


class MailboxOut(Out):
    id: int
    name: str
    addresses: list[str]
    helpdesk_id: int
    create_unknown_senders: bool
    enabled: bool
    created_at: datetime


class MailboxIn(Guarded):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    addresses: list[str] = Field(min_length=1, max_length=50)
    helpdesk_id: int
    create_unknown_senders: bool = False
    enabled: bool = True

    _check = field_validator("addresses")(normalize_addresses)


class MailboxPatch(Guarded):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    addresses: list[str] | None = Field(default=None, min_length=1, max_length=50)
    helpdesk_id: int | None = None
    create_unknown_senders: bool | None = None
    enabled: bool | None = None

    @field_validator("addresses")
    @classmethod
    def _check(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else normalize_addresses(values)


def _out(mailbox: Mailbox) -> MailboxOut:
    return MailboxOut(
        id=mailbox.id, name=mailbox.name, addresses=mailboxes.address_list(mailbox),
        helpdesk_id=mailbox.helpdesk_id, create_unknown_senders=mailbox.create_unknown_senders,
        enabled=mailbox.enabled, created_at=mailbox.created_at,
    )  # fmt: skip


@router.get("/mailboxes", response_model=list[MailboxOut])
def list_mailboxes(session: DbSession, actor: CurrentActor) -> list[MailboxOut]:
    return [_out(mailbox) for mailbox in mailboxes.list_mailboxes(session, actor)]


@router.get("/mailboxes/{mailbox_id}", response_model=MailboxOut)
def get_mailbox(session: DbSession, actor: CurrentActor, mailbox_id: int) -> MailboxOut:
    return _out(mailboxes.require_mailbox(session, actor, mailbox_id))


@router.post("/mailboxes", response_model=MailboxOut, status_code=201)
def create_mailbox(session: DbSession, actor: CurrentActor, body: MailboxIn) -> MailboxOut:
    command = MailboxCreate(**body.model_dump())
    return _out(mailboxes.create_mailbox(session, actor, command))


@router.patch("/mailboxes/{mailbox_id}", response_model=MailboxOut)
def update_mailbox(
    session: DbSession, actor: CurrentActor, mailbox_id: int, body: MailboxPatch
) -> MailboxOut:
    command = MailboxUpdate(**body.model_dump(exclude_unset=True))
    return _out(mailboxes.update_mailbox(session, actor, mailbox_id, command))


@router.delete("/mailboxes/{mailbox_id}", status_code=204)
def delete_mailbox(session: DbSession, actor: CurrentActor, mailbox_id: int) -> Response:
    mailboxes.delete_mailbox(session, actor, mailbox_id)
    return Response(status_code=204)
