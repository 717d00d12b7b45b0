"""Commands and filters for users (core schema family; edges convert their wire models)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from polydesk.core.actor import Role, TicketScope
from polydesk.core.validation import MailAddress

LOGIN_PATTERN = r"^[A-Za-z0-9._@+-]{1,191}$"  # takes Znuny's root@localhost
#: A second address: a valid one, or "" for none.
OtherEmail = MailAddress | Literal[""]
Login = Annotated[str, Field(pattern=LOGIN_PATTERN)]


class UserProfile(BaseModel):
    """Directory details beside the name (InvGate's user object); blank when not given."""

    fax: str = Field(default="", max_length=50)
    position: str = Field(default="", max_length=100)
    department: str = Field(default="", max_length=100)
    employee_number: str = Field(default="", max_length=50)
    address: str = Field(default="", max_length=500)
    office_phone: str = Field(default="", max_length=50)
    other_phone: str = Field(default="", max_length=50)
    other_email: OtherEmail = Field(default="", max_length=254)
    birthday: str = Field(default="", max_length=32)
    national_id: str = Field(default="", max_length=50)
    city: str = Field(default="", max_length=100)
    country: str = Field(default="", max_length=100)
    phone_extension: str = Field(default="", max_length=255)  # ReadyDesk tech ``extension``


PROFILE_FIELDS = tuple(UserProfile.model_fields)
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class UserAccess(BaseModel):
    """Channels and entitlements a directory brings (ReadyDesk customers and techs): live chat,
    the customer portal, support contracts, the chat queues an agent answers, the power
    user right (an agent with more rights than a plain one; still not an admin), and which
    tickets of its help desks an agent reads (``TicketScope``, authz.tickets)."""

    chat_enabled: bool = True
    portal_id: RowId | None = None
    contract_ids: list[RowId] = Field(default_factory=list, max_length=1000)
    chat_queue_ids: list[RowId] = Field(default_factory=list, max_length=1000)
    is_power_user: bool = False
    profile_id: RowId | None = None  # the access profile given (Integria create_user's p2)
    ticket_scope: TicketScope = TicketScope.HELPDESKS


ACCESS_FIELDS = tuple(UserAccess.model_fields)


class UserCreate(UserAccess, UserProfile):
    model_config = ConfigDict(extra="forbid")

    login: str = Field(pattern=LOGIN_PATTERN)
    password: str | None = Field(default=None, min_length=1, max_length=1024)
    email: MailAddress | None = None  # root@localhost too (core.validation.mail_address)
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    role: Role = Role.CUSTOMER
    company_id: int | None = None
    location_id: int | None = None
    phone: str = Field(default="", max_length=50)
    mobile: str = Field(default="", max_length=50)
    language: str = Field(default="en", max_length=16)
    comments: str = Field(default="", max_length=2000)
    is_external: bool = False
    manager_id: int | None = None
    helpdesk_ids: list[int] = Field(default_factory=list)
    #: a temporary password: the user must pick their own at the next login (users.forced_change)
    must_change_password: bool = False


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: MailAddress | None = None
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    password: str | None = Field(default=None, min_length=1, max_length=1024)
    role: Role | None = None
    company_id: int | None = None
    phone: str | None = Field(default=None, max_length=50)
    mobile: str | None = Field(default=None, max_length=50)
    language: str | None = Field(default=None, max_length=16)
    is_enabled: bool | None = None
    manager_id: int | None = None  # checked by update_user
    location_id: int | None = None
    # the directory details (UserProfile), each changed only when given
    fax: str | None = Field(default=None, max_length=50)
    position: str | None = Field(default=None, max_length=100)
    department: str | None = Field(default=None, max_length=100)
    employee_number: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=500)
    office_phone: str | None = Field(default=None, max_length=50)
    other_phone: str | None = Field(default=None, max_length=50)
    other_email: OtherEmail | None = Field(default=None, max_length=254)
    birthday: str | None = Field(default=None, max_length=32)
    national_id: str | None = Field(default=None, max_length=50)
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=100)
    phone_extension: str | None = Field(default=None, max_length=255)
    # the channels and entitlements (UserAccess); a given None portal removes it
    chat_enabled: bool | None = None
    portal_id: RowId | None = None
    contract_ids: list[RowId] | None = Field(default=None, max_length=1000)
    chat_queue_ids: list[RowId] | None = Field(default=None, max_length=1000)
    is_power_user: bool | None = None
    profile_id: RowId | None = None  # a given None removes it
    #: admins only; a user who sets their own password clears it (users.forced_change)
    must_change_password: bool | None = None
    ticket_scope: TicketScope | None = None


class UserFilter(BaseModel):
    role: Role | None = None
    company_id: int | None = None
    query: str | None = None  # login, name or e-mail contains
