"""Properties of Integria's request parsing (issue 12): PHP-style query strings, ``params``
splitting, the entity encoding and PHP's integer casts never raise on arbitrary input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polydesk.dialects.integria.encoding import safe_input, safe_output
from polydesk.dialects.integria.request import ApiCall, Params, parse_php_query
from polydesk.dialects.integria.writers import mysql_int, php_int

BOUNDED = settings(derandomize=True, deadline=None, max_examples=200)
INT_RANGE = range(-(2**31), 2**31)


@BOUNDED
@given(st.text())
def test_safe_output_inverts_safe_input(text: str) -> None:
    assert safe_output(safe_input(text)) == text


@BOUNDED
@given(st.text())
def test_safe_output_never_raises(text: str) -> None:
    assert isinstance(safe_output(text), str)


@BOUNDED
@given(st.binary())
def test_query_strings_of_any_bytes_parse(raw: bytes) -> None:
    values = parse_php_query(raw.decode("latin-1"))
    call = ApiCall(values=values, client_ip="127.0.0.1")
    for name in values:
        assert isinstance(call.text(name), str)


@BOUNDED
@given(st.text(), st.text(max_size=3))
def test_params_split_and_decode_any_text(whole: str, token: str) -> None:
    params = Params.parse(whole, token)
    assert params.whole == whole
    assert all(isinstance(part, str) for part in params.parts)
    if not token:
        assert params.parts == [whole]


@BOUNDED
@given(st.text() | st.integers().map(str) | st.integers(min_value=10**18).map(lambda n: str(n) * 3))
def test_php_casts_stay_in_the_integer_columns_range(text: str) -> None:
    assert mysql_int(text) in INT_RANGE
    assert php_int(text) in INT_RANGE


@BOUNDED
@given(st.integers(min_value=-(2**31), max_value=2**31 - 1), st.text(alphabet=",x ."))
def test_php_casts_read_the_leading_integer(number: int, tail: str) -> None:
    assert php_int(f"{number}{tail}") == number
