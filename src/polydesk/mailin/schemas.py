"""Commands for mailboxes (admin CRUD)."""

from __future__ import annotations

from email.utils import parseaddr

from pydantic import BaseModel, ConfigDict, Field, field_validator


def normalize_addresses(values: list[str]) -> list[str]:
    """Bare, lower-cased addresses (mail domains and, in practice, local parts are matched
    without regard to case), each once, in the order given."""
    seen: list[str] = []
    for value in values:
        address = parseaddr(value)[1].strip().lower()
        if "@" not in address or " " in address:
            raise ValueError(f"not an e-mail address: {value!r}")
        if address not in seen:
            seen.append(address)
    return seen


class MailboxCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    addresses: list[str] = Field(min_length=1, max_length=50)
    helpdesk_id: int
    create_unknown_senders: bool = False
    enabled: bool = True

    _check = field_validator("addresses")(normalize_addresses)


class MailboxUpdate(BaseModel):
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
