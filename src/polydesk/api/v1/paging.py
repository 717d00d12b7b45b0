"""Paging query parameters shared by every list endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from polydesk.api.v1.deps import runtime
from polydesk.api.v1.inputs import MAX_OFFSET, CleanText
from polydesk.core.pagination import PageRequest


def _page(
    request: Request,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_OFFSET, description="capped by the server")
    ] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    cursor: Annotated[str | None, Query(max_length=500), CleanText] = None,
    total: Annotated[bool, Query(description="also count all matches")] = False,
) -> PageRequest:
    settings = runtime(request).settings
    return PageRequest.capped(
        limit,
        default=settings.default_page_size,
        cap=settings.max_page_size,
        offset=offset,
        cursor=cursor,
        with_total=total,
    )


Paging = Annotated[PageRequest, Depends(_page)]
