"""The periodic task the approvals room owns: expire approvals whose time is up.

An expired approval becomes approved or rejected when it has an expiry action (InvGate
``expired_approved`` 1 / 2), else EXPIRED; voters who had not voted are marked expired. The
ticket then follows the outcome (``approvals.effects``), acted by the system.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.approvals.service import decide
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.jobs.tasks import PeriodicTask
from polydesk.models.approvals import Approval, ApprovalStatus, ExpiryAction, Vote

APPROVALS_EXPIRE_TASK = "approvals.expire"
#: Approvals expired per run; the next run takes the rest.
EXPIRE_BATCH = 200

_OUTCOME = {
    ExpiryAction.APPROVE: ApprovalStatus.APPROVED,
    ExpiryAction.REJECT: ApprovalStatus.REJECTED,
    None: ApprovalStatus.EXPIRED,
}


def expire_due_approvals(session: Session) -> int:
    """Returns how many approvals expired."""
    now = utcnow()
    query = (
        select(Approval)
        .where(Approval.status == ApprovalStatus.WAITING, Approval.expires_at <= now)
        .order_by(Approval.expires_at, Approval.id)
        .limit(EXPIRE_BATCH)
    )
    due = list(session.scalars(query))
    for approval in due:
        outcome = _OUTCOME[approval.expiry_action]
        decide(session, SYSTEM, approval, outcome, now, note="expired", unvoted=Vote.EXPIRED)
    return len(due)


def _run(session: Session) -> None:
    expire_due_approvals(session)


EXPIRE_TASK = PeriodicTask(APPROVALS_EXPIRE_TASK, timedelta(minutes=1), _run)
