"""Propose a ticket's solution as an article, with the files and time that travel with it, in
one call (InvGate ``POST /incident.comment`` with ``is_solution=1``).

The solution itself is ``tickets.solution.propose_solution`` (public, the ticket Resolved, a
wait ended); its files belong to the solution comment, as with any article."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.flows.articles import attach_files
from polydesk.flows.commands import ArticleDraft, Resources
from polydesk.models.comments import Comment
from polydesk.tickets.solution import propose_solution
from polydesk.timetracking.service import TimeEntryCreate, log_time


def post_solution(
    session: Session, actor: Actor, resources: Resources, ticket_id: int, draft: ArticleDraft
) -> Comment:
    """The solution comment; refused whole when a part is (nothing is written)."""
    if draft.mail is not None:  # no edge mails a solution yet: refuse rather than drop it
        raise ValidationFailed("solution.mail_not_supported", "a solution is not sent as mail")
    comment = propose_solution(session, actor, ticket_id, draft.comment)
    attach_files(session, actor, resources, ticket_id, draft.files, comment.id)
    if draft.time_seconds > 0:
        entry = TimeEntryCreate(duration_seconds=draft.time_seconds, comment_id=comment.id)
        log_time(session, actor, ticket_id, entry)
    return comment
