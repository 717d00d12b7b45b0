"""What the use cases take: one command per thing asked, built by an edge from its wire format.

Core schema family: no product codes here; an edge has already translated them to core ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from polydesk.attachments.store import FileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.companies.service import CompanyCreate
from polydesk.models.tickets import ParticipantRole
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.users.schemas import UserCreate, UserUpdate


@dataclass(frozen=True)
class Resources:
    """The run-time things a use case needs beyond the session: where files go, how big they
    may be, and the sender of mail when neither the article nor its help desk names one."""

    store: FileStore
    max_upload_bytes: int
    mail_from: str


@dataclass(frozen=True)
class FileUpload:
    """A file sent with the request itself (multipart part, base64 value)."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
    description: str = ""


@dataclass(frozen=True)
class MailOut:
    """Send the article as an e-mail through the outbox (Znuny ``ArticleSend``)."""

    to: Sequence[str] = ()
    cc: Sequence[str] = ()
    bcc: Sequence[str] = ()


@dataclass(frozen=True)
class ArticleDraft:
    """A comment / article with what travels with it."""

    comment: CommentCreate
    files: Sequence[FileUpload] = ()
    #: Time worked, logged on this article (agents only; the core refuses it for others).
    time_seconds: int = 0
    mail: MailOut | None = None


@dataclass(frozen=True)
class RequesterAddress:
    """The requester named by e-mail address (or login): an existing account, else a new
    customer account when the ``tickets.create_unknown_requesters`` policy (or the edge's own
    setting named by ``policy``) allows it and an agent is asking."""

    address: str
    name: str = ""
    policy: str = ""


@dataclass(frozen=True)
class OpenTicket:
    ticket: TicketCreate
    #: The opening article first; more articles follow it (Znuny's multi-article create).
    articles: Sequence[ArticleDraft] = ()
    #: Files on the ticket itself, not on an article.
    files: Sequence[FileUpload] = ()
    #: Files uploaded earlier by the same user and now claimed (Motadata ``refFileName``).
    upload_refs: Sequence[str] = ()
    custom_values: Mapping[int, str] = field(default_factory=dict)
    linked_ticket_ids: Sequence[int] = ()
    inventory_ids: Sequence[int] = ()
    participants: Mapping[ParticipantRole, Sequence[int]] = field(default_factory=dict)
    requester: RequesterAddress | None = None


@dataclass(frozen=True)
class ChangeTicket:
    """Everything one request may change on a ticket; parts left empty are not touched."""

    #: Field changes, applied in this order (usually one; an edge whose product changes and
    #: records attributes one by one in its own order gives one step per attribute group).
    fields: Sequence[TicketUpdate] = ()
    custom_values: Mapping[int, str] = field(default_factory=dict)
    articles: Sequence[ArticleDraft] = ()
    files: Sequence[FileUpload] = ()
    upload_refs: Sequence[str] = ()
    linked_ticket_ids: Sequence[int] = ()
    inventory_ids: Sequence[int] = ()
    requester: RequesterAddress | None = None
    #: HTTP If-Match: the caller's copy must be one of these versions.
    expected_versions: Sequence[int] | None = None


@dataclass(frozen=True)
class NewPerson:
    """A user account with what an edge's "add user" sets around it (ReadyDesk
    ``add_customer`` / ``add_tech``); parts left empty are not touched."""

    user: UserCreate
    #: A company made for this person, who joins it (ReadyDesk ``company=create_new``).
    new_company: CompanyCreate | None = None
    is_enabled: bool = True
    manager_id: int | None = None
    #: Exactly these help desks / groups when given (None: as ``user`` says / none).
    helpdesk_ids: Sequence[int] | None = None
    group_ids: Sequence[int] | None = None
    #: Of ``helpdesk_ids``, the desks joined with read access only (the rest read-write).
    read_only_helpdesk_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ChangePerson:
    """Changes to a user account and its memberships; parts left empty are not touched."""

    user: UserUpdate
    new_company: CompanyCreate | None = None
    helpdesk_ids: Sequence[int] | None = None
    group_ids: Sequence[int] | None = None
    read_only_helpdesk_ids: frozenset[int] = frozenset()
