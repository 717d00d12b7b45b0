"""Properties of InvGate's parameter reading (issue 12): PHP-style pairs and every typed read
raise nothing but ``InvGateError``, the 428 ``{"error", "status"}`` answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polydesk.dialects._kit.php_params import ParamError, parse_pairs
from polydesk.dialects.invgate.errors import InvGateError
from polydesk.dialects.invgate.params import Params

BOUNDED = settings(derandomize=True, deadline=None, max_examples=200)
NAMES = st.sampled_from(["id", "id[]", "ids[]", "ids[0]", "limit", "date", "flag", "kv[a]"])
VALUES = st.text() | st.integers().map(str) | st.just("9" * 5000)
MAX_ID = 2**31 - 1


def _params(pairs: list[tuple[str, str]]) -> Params | None:
    try:
        return Params(parse_pairs(pairs))
    except ParamError:
        return None


@BOUNDED
@given(st.lists(st.tuples(NAMES, VALUES), max_size=6))
def test_typed_reads_raise_only_invgate_errors(pairs: list[tuple[str, str]]) -> None:
    params = _params(pairs)
    if params is None:
        return
    reads = (
        lambda: params.integer("id"),
        lambda: params.integers("ids"),
        lambda: params.count("limit", default=10, cap=50, minimum=1),
        lambda: params.epoch("date"),
        lambda: params.flag("flag"),
        lambda: params.date_format(),
        lambda: params.text("kv"),
    )
    for read in reads:
        try:
            read()
        except InvGateError as error:
            assert error.status == 428 and error.message


@BOUNDED
@given(VALUES)
def test_ids_are_positive_and_fit_the_id_columns(value: str) -> None:
    params = _params([("id", value)])
    assert params is not None
    try:
        number = params.integer("id")
    except InvGateError:
        return
    assert number is None or 1 <= number <= MAX_ID


@BOUNDED
@given(st.integers(min_value=0, max_value=10**40))
def test_counts_are_capped_however_large(number: int) -> None:
    params = _params([("limit", str(number))])
    assert params is not None
    try:
        assert params.count("limit", default=10, cap=50, minimum=1) == min(number, 50)
    except InvGateError:
        assert number == 0
