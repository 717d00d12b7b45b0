"""Who a request is for, when an edge names the requester by address: the account with that
e-mail address (or login), else a new customer account when the policy setting allows it.

Creating the account is the admin's consent given once, through the setting, so the account
is created by the system, not by the caller (who may be an ordinary agent)."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import ValidationFailed
from polydesk.flows.commands import RequesterAddress
from polydesk.models.users import User
from polydesk.settings.service import get_setting
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user, get_user_by_email, get_user_by_login


def resolve_requester(session: Session, actor: Actor, given: RequesterAddress) -> int:
    """The requester's user id; ``requester.unknown`` when there is none and none may be made."""
    address = given.address.strip()
    found = get_user_by_email(session, address) or get_user_by_login(session, address)
    if found is not None:
        return found.id
    allowed = bool(given.policy) and get_setting(session, given.policy) == "true"
    if not allowed or actor.is_customer:
        raise ValidationFailed(
            "requester.unknown", f"Requester not found: {address}", address=address
        )
    return _new_customer(session, address, given.name).id


def _new_customer(session: Session, address: str, name: str) -> User:
    try:
        command = UserCreate(
            login=address, email=address, first_name=name[:100], role=Role.CUSTOMER
        )
    except ValidationError as exc:
        raise ValidationFailed(
            "requester.invalid_address",
            f"Invalid requester address: {address}",
            address=address,
        ) from exc
    return create_user(session, SYSTEM, command)
