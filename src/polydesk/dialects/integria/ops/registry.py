"""The op table: name -> handler, and what the op answers when the core refuses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from polydesk.core.errors import DomainError, PermissionDenied
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.replies import EMPTY, Reply
from polydesk.dialects.integria.request import Params

Handler = Callable[[Context, Params], Reply]
Failure = Reply | Callable[[DomainError], Reply]


@dataclass(frozen=True)
class Op:
    handler: Handler
    failure: Failure  # the answer when the core refuses (permission, not found, bad input)

    def answer_for(self, error: DomainError) -> Reply:
        return self.failure(error) if callable(self.failure) else self.failure


def denied_or(reply: Reply) -> Failure:
    """Permission failures answer with an empty body (the product's ACL exit); any other
    refusal with ``reply``."""

    def choose(error: DomainError) -> Reply:
        return EMPTY if isinstance(error, PermissionDenied) else reply

    return choose


OPS: dict[str, Op] = {}


def op(*names: str, failure: Failure = EMPTY) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for name in names:
            OPS[name] = Op(handler, failure)
        return handler

    return register
