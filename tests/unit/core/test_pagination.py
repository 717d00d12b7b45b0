"""The one paging type and its hard cap: no core list can be asked for more than
``MAX_PAGE_SIZE`` rows or an offset past ``MAX_OFFSET``, whoever builds the request."""

from __future__ import annotations

import pytest

from polydesk.core.errors import ValidationFailed
from polydesk.core.pagination import (
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    PageRequest,
    decode_cursor,
    encode_cursor,
)


@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1, 10**30])
def test_a_limit_outside_the_core_cap_is_refused(limit: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        PageRequest(limit=limit)
    assert refused.value.code == "validation.invalid_limit"


@pytest.mark.parametrize("offset", [-1, MAX_OFFSET + 1])
def test_an_offset_outside_the_core_bounds_is_refused(offset: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        PageRequest(limit=1, offset=offset)
    assert refused.value.code == "validation.invalid_offset"


def test_the_bounds_themselves_are_accepted() -> None:
    assert PageRequest(limit=1).limit == 1
    biggest = PageRequest(limit=MAX_PAGE_SIZE, offset=MAX_OFFSET)
    assert (biggest.limit, biggest.offset) == (MAX_PAGE_SIZE, MAX_OFFSET)


def test_capped_clamps_to_the_edge_cap_and_never_past_the_core_cap() -> None:
    assert PageRequest.capped(None, default=50, cap=200).limit == 50
    assert PageRequest.capped(10_000, default=50, cap=200).limit == 200
    assert PageRequest.capped(10**30, default=50, cap=10**9).limit == MAX_PAGE_SIZE
    assert PageRequest.capped(None, default=10**9, cap=10**9).limit == MAX_PAGE_SIZE
    page = PageRequest.capped(3, default=50, cap=200, offset=7, cursor="c", with_total=True)
    assert page == PageRequest(limit=3, offset=7, cursor="c", with_total=True)


def test_capped_refuses_what_no_cap_can_mend() -> None:
    with pytest.raises(ValidationFailed, match="at least 1"):
        PageRequest.capped(0, default=50, cap=200)
    with pytest.raises(ValidationFailed, match="negative"):
        PageRequest.capped(None, default=50, cap=200, offset=-1)


def test_cursors_round_trip_plain_keys_only() -> None:
    assert decode_cursor(encode_cursor(["tickets", "2024-01-01T00:00:00+00:00", 7])) == [
        "tickets",
        "2024-01-01T00:00:00+00:00",
        7,
    ]
    for bad in ("%%%", encode_cursor([{"a": 1}]), encode_cursor([2**40])):  # type: ignore[list-item]
        with pytest.raises(ValidationFailed):
            decode_cursor(bad)
