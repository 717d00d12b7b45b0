"""``incidents.by.sentiment``: the ids of the open requests whose customer currently feels a
given way, a limit/offset page (``tickets.service.search_ticket_ids``).

Decisions (the spec is silent): the filter is the *current* sentiment (what the customer's
latest words say, the one worth acting on; the initial one never changes). ``sentiment_id``
and ``sentiment_ids[]`` combine; at least one is needed (428), as ``incidents.by.status``
asks for a status. Words are case-insensitive; any other word is a 428 naming the three.
"Open" is as in ``lists``: InvGate status 1-4. The answer has no ``total`` (the seed's table
has none, unlike ``incidents.by.status``)."""

from __future__ import annotations

from typing import Any

from polydesk.core.pagination import PageRequest
from polydesk.dialects._kit.php_params import ParamError
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.mapping import Codes
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ids_page
from polydesk.models.tickets import Sentiment
from polydesk.tickets.criteria import SortKey, TicketCriteria
from polydesk.tickets.service import search_ticket_ids

MAX_OFFSET = 10_000_000
_WORDS = ", ".join(sentiment.value for sentiment in Sentiment)


def list_request_ids_by_sentiment(ctx: Context, params: Params) -> dict[str, Any]:
    wanted = _sentiments(params)
    limit = params.page_size(default=ctx.default_page_size, cap=ctx.max_page_size)
    offset = params.count("offset", default=0, cap=MAX_OFFSET)
    criteria = TicketCriteria(
        sentiments=wanted,
        status_ids=Codes(ctx.session).open_status_ids(),
        sort=[SortKey(key="id")],
    )
    ids = search_ticket_ids(ctx.session, ctx.actor, criteria, PageRequest(limit, offset))
    return ids_page(ids, limit=limit, offset=offset)


def _sentiments(params: Params) -> list[Sentiment]:
    words = _many(params, "sentiment_ids")
    one = params.text("sentiment_id")
    if one is not None and one.strip():
        words.insert(0, one)
    if not words:
        raise bad_parameter("The parameter sentiment_id or sentiment_ids is required")
    return list(dict.fromkeys(_sentiment(word) for word in words))


def _many(params: Params, name: str) -> list[str]:
    try:
        values = params.php.array(name)
    except ParamError as error:
        raise bad_parameter(error.message) from error
    return list(values or [])


def _sentiment(word: str) -> Sentiment:
    try:
        return Sentiment(word.strip().lower())
    except ValueError:
        raise bad_parameter(f"Invalid sentiment: {word!r}; use one of {_WORDS}") from None
