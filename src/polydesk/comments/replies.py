"""Which comment answers which: the reply chain the core knows, from the mail threading every
comment may carry (``message_id``, ``in_reply_to``: Znuny articles' ``MessageID`` /
``InReplyTo``, the native API's comment fields). InvGate shows it as a comment's
``reference``."""

from __future__ import annotations

from collections.abc import Iterable

from polydesk.models.comments import Comment


def reply_targets(comments: Iterable[Comment]) -> dict[int, int]:
    """Comment id -> the id of the comment it answers, among ``comments`` only: the one whose
    Message-ID is its In-Reply-To (the first such, by id, when a Message-ID repeats). A reader
    passes what it may see, so a reply to a comment hidden from it answers nothing."""
    chosen = sorted(comments, key=lambda comment: comment.id)
    by_message: dict[str, int] = {}
    for comment in chosen:
        key = comment.message_id.strip()
        if key:
            by_message.setdefault(key, comment.id)
    targets: dict[int, int] = {}
    for comment in chosen:
        target = by_message.get(comment.in_reply_to.strip())
        if comment.in_reply_to.strip() and target is not None and target != comment.id:
            targets[comment.id] = target
    return targets
