"""Request approvals: list a request's approvals, vote (accept / reject), cancel, add a voter,
list the voters, the three code catalogs, custom (template) and spontaneous approvals. Each is
one call to ``approvals.service`` or ``approvals.templates``; what an approval does to the
request is ``approvals.effects``'s business.

InvGate codes exist only here: approval status -2 Cancelled, -1 Waiting, 0 Rejected,
1 Approved; vote status -2 Annulled, -1 Waiting, 0 Rejected, 1 Approved, 2 Expired; type
1 Predefined, 2 Spontaneous. Decisions where the seed is silent:
- An approval that expired without an expiry action renders -2 (Cancelled): InvGate has no
  "expired" approval status, and such an approval no longer blocks anything.
- Core approvals with caller-chosen voters (``custom``) render as type 1, as templates do.
- ``possible_voters`` rows carry the user id as ``id`` (the seed) and ``user_id`` (what live
  instances send), so clients of either kind decode them.
- ``accept`` / ``reject`` / ``cancel`` act as ``user_id`` (``Context.acting_as``); in
  ``add_voter`` ``user_id`` is the voter added, by the caller.
- Template fields: ``description_required`` keeps the seed's inverted 0 = required /
  1 = not required; ``expired_in`` is a string of seconds (``null`` without expiry);
  ``expired_approved`` 1 approve / 2 reject (``null`` without an action); ``wf_item_id`` is
  the template's workflow step. Deactivated templates are listed with status -1.
"""

from __future__ import annotations

from typing import Any

from polydesk.approvals import service, templates
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops.rows import view_for
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import date_value, ok
from polydesk.models.approvals import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    ApprovalTemplate,
    ApprovalVote,
    ExpiryAction,
    Vote,
)

APPROVAL_STATUS = {
    ApprovalStatus.CANCELLED: -2,
    ApprovalStatus.EXPIRED: -2,
    ApprovalStatus.WAITING: -1,
    ApprovalStatus.REJECTED: 0,
    ApprovalStatus.APPROVED: 1,
}
VOTE_STATUS: dict[Vote | None, int] = {
    Vote.ANNULLED: -2,
    None: -1,
    Vote.REJECT: 0,
    Vote.APPROVE: 1,
    Vote.EXPIRED: 2,
}
SPONTANEOUS_TYPE, PREDEFINED_TYPE = 2, 1
EXPIRY_ACTION = {ExpiryAction.APPROVE: 1, ExpiryAction.REJECT: 2}
STATUS_NAMES = {"-2": "Cancelled", "-1": "Waiting", "0": "Rejected", "1": "Approved"}
TYPE_NAMES = {"1": "Predefined approval", "2": "Spontaneous approval"}
VOTE_NAMES = {"-2": "Annulled", "-1": "Waiting", "0": "Rejected", "1": "Approved", "2": "Expired"}


def list_request_approvals(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ticket_id = params.required_integer("request_id")
    view = view_for(ctx, params)
    found = service.list_approvals(
        ctx.session, ctx.actor, ticket_id, only_pending=bool(params.flag("only_pending"))
    )
    return [
        {
            "id": approval.id,
            "type": approval_type(approval),
            "status": APPROVAL_STATUS[approval.status],
            "author_id": approval.requested_by_id,
            "created_at": date_value(approval.created_at, view.fmt, view.zone),
            "approval_request_id": approval.template_id,
            "approval_request_description": approval.description,
        }
        for approval in found
    ]


def approval_type(approval: Approval) -> int:
    return SPONTANEOUS_TYPE if approval.kind == ApprovalKind.SPONTANEOUS else PREDEFINED_TYPE


def accept_approval(ctx: Context, params: Params) -> dict[str, Any]:
    return _vote(ctx, params, Vote.APPROVE, "Approval accepted")


def reject_approval(ctx: Context, params: Params) -> dict[str, Any]:
    return _vote(ctx, params, Vote.REJECT, "Approval rejected")


def _vote(ctx: Context, params: Params, decision: Vote, info: str) -> dict[str, Any]:
    voter = ctx.acting_as(params.required_integer("user_id"))
    approval_id = params.required_integer("approval_id")
    service.vote(ctx.session, voter, approval_id, decision, note=params.text("note") or "")
    return ok(info)


def cancel_approval(ctx: Context, params: Params) -> dict[str, Any]:
    actor = ctx.acting_as(params.required_integer("user_id"))
    service.cancel_approval(ctx.session, actor, params.required_integer("approval_id"))
    return ok("Approval cancelled")


def add_approval_voter(ctx: Context, params: Params) -> dict[str, Any]:
    user_id = params.required_integer("user_id")
    approval_id = params.required_integer("approval_id")
    service.add_voter(ctx.session, ctx.actor, approval_id, user_id)
    return {"user_id": user_id, "approval_id": approval_id}


def list_approval_possible_voters(ctx: Context, params: Params) -> list[dict[str, Any]]:
    votes = service.list_votes(
        ctx.session,
        ctx.actor,
        params.required_integer("approval_id"),
        only_pending=bool(params.flag("only_pending")),
    )
    return [_voter_row(vote) for vote in votes]


def _voter_row(vote: ApprovalVote) -> dict[str, Any]:
    return {"id": vote.user_id, "user_id": vote.user_id, "status": VOTE_STATUS[vote.vote]}


def list_approval_statuses(ctx: Context, params: Params) -> dict[str, str]:
    return dict(STATUS_NAMES)


def list_approval_types(ctx: Context, params: Params) -> dict[str, str]:
    return dict(TYPE_NAMES)


def list_approval_vote_statuses(ctx: Context, params: Params) -> dict[str, str]:
    return dict(VOTE_NAMES)


def request_custom_approval(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    approval = templates.request_template_approval(
        ctx.session,
        author,
        params.required_integer("request_id"),
        params.required_integer("approval_id"),
        description=params.text("description") or "",
    )
    return ok("Approval requested", id=approval.id)


def create_spontaneous_approval(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    approval = service.request_spontaneous_approval(
        ctx.session,
        author,
        params.required_integer("request_id"),
        voter_id=params.required_integer("approval_user_id"),
        description=params.required_text("description"),
    )
    return ok("Approval created", id=approval.id)


def list_custom_approval_templates(ctx: Context, params: Params) -> dict[str, Any]:
    ticket_id = params.required_integer("request_id")
    view = view_for(ctx, params)
    found = templates.list_templates_for_ticket(
        ctx.session, ctx.actor, ticket_id, include_inactive=True
    )
    return {
        str(template.id): {
            **_template_row(template),
            "created_at": date_value(template.created_at, view.fmt, view.zone),
        }
        for template in found
    }


def _template_row(template: ApprovalTemplate) -> dict[str, Any]:
    expires = template.expires_in_seconds
    action = template.expiry_action
    return {
        "id": template.id,
        "title": template.title,
        "description": template.description,
        "description_prompt": template.description_prompt,
        "description_required": 0 if template.description_required else 1,
        "pause_sla": int(template.pauses_sla),
        "expired_in": None if expires is None else str(expires),
        "expired_approved": None if action is None else EXPIRY_ACTION[action],
        "status": 1 if template.is_active else -1,
        "wf_process_id": template.workflow_id,
        "wf_item_id": template.workflow_step,
    }
