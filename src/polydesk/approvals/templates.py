"""Approval templates (InvGate custom approvals): defined by an admin, instantiated by an agent
on a ticket. A template applies to tickets of its category, or to every ticket when it has
none; a deactivated template (InvGate status -1) is listed with ``include_inactive`` only and
cannot be requested. Requesting copies voters, quorum, SLA pause and expiry into the approval
(expiry = now + ``expires_in_seconds``), so later edits of the template do not change it."""

from __future__ import annotations

from datetime import timedelta
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from polydesk.approvals.service import checked_voters, request_approval
from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.validation import changes_given
from polydesk.models.approvals import Approval, ApprovalKind, ApprovalTemplate, ExpiryAction
from polydesk.models.catalogs import Category
from polydesk.tickets.access import require_ticket

MAX_TEMPLATES = 1000


class TemplateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=100_000)
    description_prompt: str = Field(default="", max_length=500)
    description_required: bool = False
    pauses_sla: bool = True
    expires_in_seconds: int | None = Field(default=None, ge=60, le=365 * 24 * 3600)
    expiry_action: ExpiryAction | None = None
    voter_ids: list[int] = Field(min_length=1, max_length=100)
    required_votes: int = Field(default=1, ge=1)
    category_id: int | None = None

    @model_validator(mode="after")
    def _quorum_within_voters(self) -> Self:
        if self.required_votes > len(set(self.voter_ids)):
            raise ValueError("required_votes exceeds the number of voters")
        return self


def create_template(session: Session, actor: Actor, cmd: TemplateCreate) -> ApprovalTemplate:
    require_admin(actor)
    if cmd.category_id is not None and session.get(Category, cmd.category_id) is None:
        raise not_found("category", cmd.category_id)
    voters = checked_voters(session, cmd.voter_ids)
    template = ApprovalTemplate(
        **cmd.model_dump(exclude={"voter_ids"}), voter_ids=voters, created_at=utcnow()
    )
    session.add(template)
    session.flush()
    return template


class TemplateUpdate(BaseModel):
    """A template's changes: the fields given replace the stored ones (voters as a whole)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=100_000)
    description_prompt: str | None = Field(default=None, max_length=500)
    description_required: bool | None = None
    pauses_sla: bool | None = None
    expires_in_seconds: int | None = Field(default=None, ge=60, le=365 * 24 * 3600)
    expiry_action: ExpiryAction | None = None
    voter_ids: list[int] | None = Field(default=None, min_length=1, max_length=100)
    required_votes: int | None = Field(default=None, ge=1)
    category_id: int | None = None
    is_active: bool | None = None


#: Fields a ``TemplateUpdate`` may set back to null (no expiry, no category).
_NULLABLE = {"expires_in_seconds", "expiry_action", "category_id"}


def update_template(
    session: Session, actor: Actor, template_id: int, cmd: TemplateUpdate
) -> ApprovalTemplate:
    """Change a template; approvals already requested from it keep what they copied."""
    require_admin(actor)
    template = session.get(ApprovalTemplate, template_id)
    if template is None:
        raise not_found("approval_template", template_id)
    changes = changes_given(cmd, _NULLABLE)
    if (
        changes.get("category_id") is not None
        and session.get(Category, changes["category_id"]) is None
    ):
        raise not_found("category", changes["category_id"])
    if "voter_ids" in changes:
        changes["voter_ids"] = checked_voters(session, changes["voter_ids"])
    voters = changes.get("voter_ids", template.voter_ids)
    if changes.get("required_votes", template.required_votes) > len(set(voters)):
        raise ValidationFailed(
            "approval.invalid_quorum", "required_votes exceeds the number of voters"
        )
    for name, value in changes.items():
        setattr(template, name, value)
    session.flush()
    return template


def get_template_by_title(session: Session, title: str) -> ApprovalTemplate | None:
    """The template with this title (case ignored); Conflict when several share it."""
    wanted = title.strip().casefold()
    found = [t for t in list_templates(session) if t.title.casefold() == wanted]
    if len(found) > 1:
        raise Conflict(
            "approval_template.ambiguous", f"{len(found)} approval templates are titled {title!r}"
        )
    return found[0] if found else None


def list_templates(session: Session) -> list[ApprovalTemplate]:
    """Every template, active or not, by title then id."""
    query = select(ApprovalTemplate).order_by(ApprovalTemplate.title, ApprovalTemplate.id)
    return list(session.scalars(query.limit(MAX_TEMPLATES)))


def deactivate_template(session: Session, actor: Actor, template_id: int) -> ApprovalTemplate:
    require_admin(actor)
    template = session.get(ApprovalTemplate, template_id)
    if template is None:
        raise not_found("approval_template", template_id)
    template.is_active = False
    return template


def list_templates_for_ticket(
    session: Session, actor: Actor, ticket_id: int, *, include_inactive: bool = False
) -> list[ApprovalTemplate]:
    """Templates that apply to the ticket's category, by id."""
    ticket = require_ticket(session, actor, ticket_id)
    applies: ColumnElement[bool] = ApprovalTemplate.category_id.is_(None)
    if ticket.category_id is not None:
        applies = or_(applies, ApprovalTemplate.category_id == ticket.category_id)
    query = select(ApprovalTemplate).where(applies)
    if not include_inactive:
        query = query.where(ApprovalTemplate.is_active.is_(True))
    return list(session.scalars(query.order_by(ApprovalTemplate.id).limit(MAX_TEMPLATES)))


def request_template_approval(
    session: Session, actor: Actor, ticket_id: int, template_id: int, description: str = ""
) -> Approval:
    template = session.get(ApprovalTemplate, template_id)
    ticket = require_ticket(session, actor, ticket_id)
    usable = (
        template is not None
        and template.is_active
        and (template.category_id is None or template.category_id == ticket.category_id)
    )
    if template is None or not usable:
        raise not_found("approval_template", template_id)
    if template.description_required and not description.strip():
        raise ValidationFailed(
            "approval.description_required", template.description_prompt or "describe it"
        )
    expires_at = None
    if template.expires_in_seconds:
        expires_at = utcnow() + timedelta(seconds=template.expires_in_seconds)
    return request_approval(
        session, actor, ticket_id, voter_ids=template.voter_ids,
        required_votes=template.required_votes, description=description or template.description,
        pauses_sla=template.pauses_sla, expires_at=expires_at,
        expiry_action=template.expiry_action, kind=ApprovalKind.TEMPLATE,
        template_id=template.id,
    )  # fmt: skip
