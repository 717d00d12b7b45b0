"""A solution proposed with its files and time in one call; a refused part writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.attachments.store import LocalFileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.core.actor import Role
from polydesk.core.errors import DomainError, ValidationFailed
from polydesk.flows.commands import ArticleDraft, FileUpload, MailOut, Resources
from polydesk.flows.solutions import post_solution
from polydesk.models.attachments import Attachment
from polydesk.models.catalogs import StatusCategory
from polydesk.models.comments import Comment, SolutionState
from polydesk.models.timetracking import TimeEntry
from tests.factories import actor, make_ticket, make_user


@pytest.fixture
def resources(tmp_path: Path) -> Resources:
    return Resources(LocalFileStore(tmp_path), 64, "desk@example.com")


def test_the_solution_carries_its_files_and_time(session: Session, resources: Resources) -> None:
    agent = make_user(session, Role.ADMIN)
    ticket = make_ticket(session, agent)
    draft = ArticleDraft(
        CommentCreate(body="Replaced the toner"),
        files=[FileUpload("receipt.txt", b"toner")],
        time_seconds=300,
    )

    comment = post_solution(session, actor(session, agent), resources, ticket.id, draft)

    assert (comment.is_solution, comment.is_public) == (True, True)
    assert comment.solution_state is SolutionState.PROPOSED
    assert ticket.status.category is StatusCategory.RESOLVED
    files = session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id))
    assert [(f.filename, f.comment_id) for f in files] == [("receipt.txt", comment.id)]
    entries = session.scalars(select(TimeEntry).where(TimeEntry.ticket_id == ticket.id))
    assert [(e.duration_seconds, e.comment_id) for e in entries] == [(300, comment.id)]


def test_a_refused_file_refuses_the_solution(session: Session, resources: Resources) -> None:
    agent = make_user(session, Role.ADMIN)
    ticket = make_ticket(session, agent)
    draft = ArticleDraft(
        CommentCreate(body="Fixed"), files=[FileUpload("big.bin", b"x" * 65)]
    )  # over the 64-byte limit
    with pytest.raises(DomainError), session.begin_nested():
        post_solution(session, actor(session, agent), resources, ticket.id, draft)
    solutions = session.scalars(select(Comment).where(Comment.ticket_id == ticket.id))
    assert list(solutions) == []
    assert ticket.status.category is StatusCategory.NEW


def test_a_solution_is_not_mailed(session: Session, resources: Resources) -> None:
    agent = make_user(session, Role.ADMIN)
    ticket = make_ticket(session, agent)
    draft = ArticleDraft(CommentCreate(body="Fixed"), mail=MailOut(to=["c@example.com"]))
    with pytest.raises(ValidationFailed) as refused:
        post_solution(session, actor(session, agent), resources, ticket.id, draft)
    assert refused.value.code == "solution.mail_not_supported"
