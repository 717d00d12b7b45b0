"""Properties of Motadata's incident body parser (issue 12): arbitrary bytes and JSON values
raise nothing but ``MotadataError``, always the 400 ``INVALID_INPUT`` envelope."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from polydesk.dialects.motadata.errors import MotadataError
from polydesk.dialects.motadata.wire import IncidentBody, parse_incident

BOUNDED = settings(derandomize=True, deadline=None, max_examples=200)
KEYS = st.sampled_from(
    ["subject", "description", "tags", "ccEmailSet", "customFieldValueDetails", "spam", "x"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _parsed_or_invalid(raw: bytes) -> IncidentBody | None:
    try:
        return parse_incident(raw)
    except MotadataError as error:
        assert error.status == 400 and error.body["returnCode"] == "INVALID_INPUT"
        return None


@BOUNDED
@given(st.binary())
def test_any_bytes_parse_or_are_invalid_input(raw: bytes) -> None:
    body = _parsed_or_invalid(raw)
    assert body is None or isinstance(body, IncidentBody)


@BOUNDED
@given(st.dictionaries(KEYS, JSON_VALUES, max_size=5) | JSON_VALUES)
def test_any_json_value_parses_or_is_invalid_input(value: Any) -> None:
    body = _parsed_or_invalid(json.dumps(value).encode())
    if body is not None:
        assert isinstance(value, dict)
        assert all(body.given(name) in (True, False) for name in IncidentBody.model_fields)


@BOUNDED
@given(st.integers(min_value=50, max_value=3000))
def test_deep_nesting_is_malformed_past_the_limit(depth: int) -> None:
    raw = '{"subject": "a", "customFieldValueDetails": ' + '{"1":' * depth + "1" + "}" * depth
    body = _parsed_or_invalid((raw + "}").encode())
    assert body is None  # a number is no custom value, and past 100 levels it is malformed
