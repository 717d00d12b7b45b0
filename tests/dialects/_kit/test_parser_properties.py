"""Properties of the shared wire parsers (issue 12): arbitrary input raises nothing but the
parser's own declared error, and the hostile-input helpers never overflow or recurse."""

from __future__ import annotations

import base64
import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from hypothesis import given, settings
from hypothesis import strategies as st

from polydesk.dialects._kit.hostile import (
    MAX_DEPTH,
    MAX_ID,
    MalformedJson,
    bounded_int,
    json_depth,
    load_json,
    row_id,
    xml_depth,
)
from polydesk.dialects._kit.php_params import ParamError, parse_pairs
from polydesk.dialects._kit.routing import basic_credentials, bearer_token

BOUNDED = settings(derandomize=True, deadline=None, max_examples=200)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@BOUNDED
@given(st.text())
def test_bounded_int_is_none_or_a_number_in_range(text: str) -> None:
    number = bounded_int(text)
    assert number is None or 0 <= number <= MAX_ID
    assert number is None or (text.isascii() and text.isdigit())
    assert 0 <= row_id(text) <= MAX_ID


@BOUNDED
@given(st.integers(min_value=0, max_value=2**70))
def test_bounded_int_reads_every_number_in_range_and_none_beyond(number: int) -> None:
    assert bounded_int(str(number)) == (number if number <= MAX_ID else None)


@BOUNDED
@given(st.binary() | st.text())
def test_load_json_raises_only_malformed_json(raw: bytes | str) -> None:
    try:
        value = load_json(raw)
    except MalformedJson:
        return
    assert json_depth(value) <= MAX_DEPTH


@BOUNDED
@given(JSON_VALUES)
def test_load_json_round_trips_what_json_dumps(value: Any) -> None:
    assert load_json(json.dumps(value)) == value


@BOUNDED
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["[", '{"a":']))
def test_load_json_refuses_nesting_past_the_limit(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    raw = opener * depth + ("1" if opener != "[" else "") + closer * depth
    try:
        assert json_depth(load_json(raw)) == depth <= 100
    except MalformedJson:
        assert depth > 100


@BOUNDED
@given(st.integers(min_value=1, max_value=5000))
def test_xml_depth_counts_levels_without_recursion(depth: int) -> None:
    root = element = Element("a")
    for _ in range(depth - 1):
        element = SubElement(element, "a")
    assert xml_depth(root) == depth


@BOUNDED
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12)), max_size=20))
def test_php_pairs_raise_only_param_error(pairs: list[tuple[str, str]]) -> None:
    try:
        params = parse_pairs(pairs)
    except ParamError:
        return
    for name in params.names():
        for read in (params.scalar, params.array, params.mapping):
            try:
                read(name)
            except ParamError as error:
                assert error.name == name


@BOUNDED
@given(st.text(), st.binary())
def test_credential_headers_never_raise_and_never_hold_nul(header: str, raw: bytes) -> None:
    for value in (header, "Basic " + header, "Basic " + base64.b64encode(raw).decode()):
        found = basic_credentials({"authorization": value})
        assert found is None or "\x00" not in "".join(found)
        token = bearer_token({"authorization": "Bearer " + header})
        assert token is None or "\x00" not in token
