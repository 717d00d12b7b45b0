"""Properties of ReadyDesk's request parsing (issue 12): arbitrary query strings parse, and
typed reads raise nothing but ``ReadyDeskError``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from polydesk.dialects.readydesk.dates import parse_date
from polydesk.dialects.readydesk.errors import ReadyDeskError
from polydesk.dialects.readydesk.params import Params, to_int
from polydesk.dialects.readydesk.request import merge, parse_pairs

BOUNDED = settings(derandomize=True, deadline=None, max_examples=200)
UTC = ZoneInfo("UTC")
MAX_ID = 2**31 - 1


@BOUNDED
@given(st.binary())
def test_query_strings_of_any_bytes_parse_and_merge(raw: bytes) -> None:
    merged = merge(parse_pairs(raw.decode("latin-1")))
    assert all(name == name.lower() for name in merged)


@BOUNDED
@given(st.text())
def test_to_int_raises_only_readydesk_errors(text: str) -> None:
    try:
        number = to_int("tid", text)
    except ReadyDeskError as error:
        assert error.message.startswith("Invalid tid")
        return
    assert 1 <= number <= MAX_ID


@BOUNDED
@given(st.dictionaries(st.sampled_from(["tid", "start_date", "flag", "list"]), st.text()))
def test_typed_reads_raise_only_readydesk_errors(values: dict[str, str]) -> None:
    params = Params(values, UTC)
    reads = (
        lambda: params.integer("tid"),
        lambda: params.id_list("list"),
        lambda: params.yes_no("flag", True),
        lambda: params.day("start_date"),
        lambda: params.window(),
        lambda: params.text_range("tid", "list"),
    )
    for read in reads:
        try:
            read()
        except ReadyDeskError as error:
            assert error.message.startswith("Invalid")


@BOUNDED
@given(st.text())
def test_parse_date_is_none_or_an_aware_moment(text: str) -> None:
    parsed = parse_date(text, UTC)
    assert parsed is None or parsed[0].tzinfo is not None
