"""``POST /incident.comment`` with the life cycle: a reply with ``is_solution=1`` proposes the
request's solution with its files in one call (``flows.solutions.post_solution`` over
``tickets.solution.propose_solution``: the request becomes Solved, a wait ends, the customer
may accept or reject it); any other reply is the plain comment of ``ops/comments.py``.

Decisions: a solution is always public, so ``is_solution=1`` with ``customer_visible=0`` is a
428; only agents propose solutions (the core refuses customers). A solution is stored like any
other InvGate reply (channel ``api``, HTML). Files sent with a solution belong to the solution
comment, as with any reply."""

from __future__ import annotations

from typing import Any

from polydesk.comments.schemas import CommentCreate
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.ops import comments
from polydesk.dialects.invgate.ops.requests import files_sent
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ok
from polydesk.flows.commands import ArticleDraft
from polydesk.flows.solutions import post_solution
from polydesk.models.comments import Channel


def add_reply(ctx: Context, params: Params) -> dict[str, Any]:
    if not params.flag("is_solution"):
        return comments.add_comment(ctx, params)
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    if params.flag("customer_visible") is False:
        raise bad_parameter("A solution is always public: customer_visible must be 1")
    # the same channel and MIME type as any reply through this API (ops/comments.py)
    solution = CommentCreate(
        body=params.required_text("comment"),
        is_solution=True,
        is_propagation=comments.flag_or(params, "is_propagation", False),  # as for any reply
        channel=Channel.API,
        mime_type="text/html",
    )
    draft = ArticleDraft(solution, files=files_sent(params))
    comment = post_solution(ctx.session, author, ctx.resources, ticket_id, draft)
    return ok("Solution added", id=comment.id)
