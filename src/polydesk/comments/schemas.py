"""Commands for comments."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from polydesk.models.comments import Channel, SenderType

#: CommentCreate fields that are instructions for this posting, not columns of the comment.
NOTIFY_FIELDS = frozenset({"no_agent_notify", "notify_user_ids", "exclude_user_ids"})
#: How the ticket's history should name the comment; kept on its history event, not on it.
HISTORY_FIELDS = frozenset({"history_type", "history_comment"})


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=1_000_000)
    subject: str = Field(default="", max_length=1000)
    is_public: bool = True
    is_solution: bool = False
    #: InvGate's propagation mark: a reply meant for the linked requests too (kept, shown)
    is_propagation: bool = False
    channel: Channel = Channel.WEB
    sender_type: SenderType | None = None  # derived from the actor when not given
    mime_type: str = Field(default="text/plain", max_length=64)
    charset: str = Field(default="utf-8", max_length=32)
    #: The ticket's opening message (Znuny's first article), so every edge can tell it apart.
    is_initial: bool = False
    from_address: str = Field(default="", max_length=1000)
    to_addresses: str = Field(default="", max_length=2000)
    cc_addresses: str = Field(default="", max_length=2000)
    bcc_addresses: str = Field(default="", max_length=2000)
    reply_to: str = Field(default="", max_length=1000)
    message_id: str = Field(default="", max_length=998)
    in_reply_to: str = Field(default="", max_length=998)
    references: str = Field(default="", max_length=100_000)
    #: Notifications of this comment: none to agents; always to these users (by id). They
    #: travel in the ``article.posted`` event and are not stored on the comment.
    no_agent_notify: bool = False
    notify_user_ids: list[int] = Field(default_factory=list, max_length=100)
    #: Never these agents (by id), even when forced (Znuny's ``ExcludeNotificationToUserID`` /
    #: ``ExcludeMuteNotificationToUserID``); travels with the event too.
    exclude_user_ids: list[int] = Field(default_factory=list, max_length=100)
    #: Stored: the auto-response the article asked for (Znuny's ``AutoResponseType``).
    auto_response_type: str = Field(default="", max_length=32)
    #: The history line an integration asked for (Znuny's ``HistoryType`` / ``HistoryComment``):
    #: stored as the ``comment_added`` event's ``field`` and ``description``; "" for the edge's
    #: own default.
    history_type: str = Field(default="", max_length=64)
    history_comment: str = Field(default="", max_length=10_000)
