"""Znuny's Simple mapping (``Mapping/Simple.pm``), rule by rule, as pure functions."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polydesk.webservices.mapping import (
    NOT_A_HASH,
    MappingError,
    check_simple_config,
    simple_mapped,
)

BOUNDED = settings(derandomize=True, deadline=None, max_examples=200)
SCALARS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none())
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(), SCALARS))
DATA = st.dictionaries(st.text(min_size=1, max_size=8), VALUES, max_size=8)
KEEP = {"MapType": "Keep"}
IGNORE = {"MapType": "Ignore"}


def simple(
    keys: dict[str, Any] | None = None, values: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"KeyMapDefault": keys or KEEP, "ValueMapDefault": values or KEEP, **extra}


# --- keys -----------------------------------------------------------------------------------


def test_exact_key_map_renames_a_key_and_keeps_the_others() -> None:
    config = simple(KeyMapExact={"Login": "UserLogin"})
    assert simple_mapped(config, {"Login": "a", "Password": "p"}) == {
        "UserLogin": "a",
        "Password": "p",
    }


def test_exact_key_map_with_a_false_target_falls_through_to_the_default() -> None:
    config = simple(IGNORE, KeyMapExact={"A": "0", "B": "Bee"})
    assert simple_mapped(config, {"A": "1", "B": "2"}) == {"Bee": "2"}


def test_regex_key_map_is_anchored_and_tried_in_sorted_order() -> None:
    config = simple(KeyMapRegEx={"Stat(e|us)": "State", "S.*": "Other", "tate": "Never"})
    # "S.*" sorts before "Stat(e|us)", so it wins for "Status"; "tate" must match whole keys
    assert simple_mapped(config, {"Status": "open", "Xtate": "1"}) == {
        "Other": "open",
        "Xtate": "1",
    }


def test_regex_key_map_drops_a_key_whose_target_is_already_set() -> None:
    config = simple(KeyMapRegEx={"Prio.*": "Priority"})
    # sorted: "Priority" is mapped (kept) first, then "PriorityName" finds the target taken
    data = {"Priority": "3 normal", "PriorityName": "5 very high"}
    assert simple_mapped(config, data) == {"Priority": "3 normal"}


def test_default_keep_ignore_and_map_to() -> None:
    data = {"A": "1", "B": "2"}
    assert simple_mapped(simple(KEEP), data) == data
    assert simple_mapped(simple(IGNORE, KeyMapExact={"A": "A"}), data) == {"A": "1"}
    map_to = simple({"MapType": "MapTo", "MapTo": "Rest"}, KeyMapExact={"A": "A"})
    # "B" goes to "Rest"; a second unmapped key would find "Rest" taken and be dropped
    assert simple_mapped(map_to, {**data, "C": "3"}) == {"A": "1", "Rest": "2"}


def test_empty_keys_are_dropped() -> None:
    assert simple_mapped(simple(), {"": "x", "A": "1"}) == {"A": "1"}


# --- values ---------------------------------------------------------------------------------


def test_exact_value_map_uses_the_new_key() -> None:
    config = simple(
        KeyMapExact={"Prio": "Priority"},
        ValueMap={"Priority": {"ValueMapExact": {"high": "4 high", "none": ""}}},
    )
    assert simple_mapped(config, {"Prio": "high"}) == {"Priority": "4 high"}
    assert simple_mapped(config, {"Prio": "none"}) == {"Priority": ""}  # defined, if false
    assert simple_mapped(config, {"Prio": "low"}) == {"Priority": "low"}


def test_regex_value_map_matches_whole_values_in_sorted_order() -> None:
    config = simple(
        ValueMap={"State": {"ValueMapRegEx": {"clos.*": "closed successful", "c.*": "first"}}}
    )
    assert simple_mapped(config, {"State": "closed"}) == {"State": "first"}
    assert simple_mapped(config, {"State": "reclosed"}) == {"State": "reclosed"}


def test_exact_value_map_wins_over_regex() -> None:
    config = simple(
        ValueMap={"S": {"ValueMapExact": {"a": "exact"}, "ValueMapRegEx": {".*": "regex"}}}
    )
    assert simple_mapped(config, {"S": "a"}) == {"S": "exact"}
    assert simple_mapped(config, {"S": "b"}) == {"S": "regex"}


def test_value_default_keep_map_to_and_ignore() -> None:
    data = {"A": "1", "B": 2}
    assert simple_mapped(simple(), data) == data
    assert simple_mapped(simple(values={"MapType": "MapTo", "MapTo": "x"}), data) == {
        "A": "x",
        "B": "x",
    }
    # Ignore drops the whole pair, key included
    ignored = simple(values=IGNORE, ValueMap={"A": {"ValueMapExact": {"1": "one"}}})
    assert simple_mapped(ignored, data) == {"A": "one"}


def test_numbers_and_booleans_match_as_perl_prints_them_and_keep_their_type() -> None:
    config = simple(ValueMap={"N": {"ValueMapExact": {"5": "five", "1": "yes"}}})
    assert simple_mapped(config, {"N": 5}) == {"N": "five"}
    assert simple_mapped(config, {"N": True}) == {"N": "yes"}
    kept = simple_mapped(config, {"N": 6})
    assert kept == {"N": 6} and isinstance(kept["N"], int)


# --- nested data and arrays -----------------------------------------------------------------


def test_nested_objects_keep_their_mapped_key_and_pass_through_untouched() -> None:
    """Simple maps the top level only (Znuny's ``IsString`` check): inner keys and values of an
    object are not mapped, even where a rule names them."""
    config = simple(
        KeyMapExact={"Ticket": "Ticket", "Title": "Subject"},
        ValueMap={"Ticket": {"ValueMapExact": {"x": "y"}}, "Title": {"ValueMapRegEx": {".*": "z"}}},
        KeyMapDefault=IGNORE,
    )
    data = {"Ticket": {"Title": "Printer", "Queue": {"Name": "Raw"}}, "Other": "dropped"}
    assert simple_mapped(config, data) == {"Ticket": {"Title": "Printer", "Queue": {"Name": "Raw"}}}


def test_arrays_and_nulls_pass_through_even_under_value_rules() -> None:
    config = simple(
        values={"MapType": "MapTo", "MapTo": "scalar"},
        KeyMapExact={"Ids": "TicketID"},
    )
    data = {"Ids": ["1", "2"], "Articles": [{"Body": "b"}], "Nothing": None, "S": "s"}
    assert simple_mapped(config, data) == {
        "TicketID": ["1", "2"],
        "Articles": [{"Body": "b"}],
        "Nothing": None,
        "S": "scalar",
    }


def test_data_that_is_not_an_object_is_a_mapping_error() -> None:
    with pytest.raises(MappingError) as error:
        simple_mapped(simple(), [{"UserLogin": "a"}])
    assert error.value.message == NOT_A_HASH


def test_empty_data_or_no_config() -> None:
    assert simple_mapped(simple(), {}) == {}
    assert simple_mapped(simple(), None) == {}
    assert simple_mapped({}, {"A": "1"}) == {"A": "1"}
    assert simple_mapped(None, {"A": "1"}) == {"A": "1"}


# --- the configuration check ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"ValueMapDefault": KEEP}, "Got no KeyMapDefault, but it is required!"),
        ({"KeyMapDefault": KEEP}, "Got no ValueMapDefault, but it is required!"),
        (simple(KeyMapExact={}), "Got KeyMapExact with Data, but Data is no hash ref"),
        (simple({"MapType": "Drop"}), "Got no valid MapType in KeyMapDefault!"),
        (simple(values={"MapType": "MapTo"}), "MapTo value is not valid in ValueMapDefault!"),
        (simple(KeyMapRegEx={"a": 1}), "Got value for a in KeyMapRegEx which is not a string!"),
        (simple(ValueMap={"A": {}}), "Got A in ValueMap, but it is no hash ref with content!"),
        (
            simple(ValueMap={"A": {"ValueMapExact": []}}),
            "Got ValueMapExact in A in ValueMap, but it is no hash ref with content!",
        ),
        (simple(KeyMapRegEx={"(": "x"}), "invalid regular expression '(' in KeyMapRegEx"),
        (
            simple(ValueMap={"A": {"ValueMapRegEx": {"[": "x"}}}),
            "invalid regular expression '[' in ValueMap.A.ValueMapRegEx",
        ),
        (simple(StaticValue={"A": "1"}), "unknown Simple mapping settings: StaticValue"),
        ("Keep", "Config is defined but not a hash reference!"),
    ],
)
def test_configs_znuny_cannot_apply_are_refused(config: Any, message: str) -> None:
    with pytest.raises(ValueError, match=None) as error:
        check_simple_config(config)
    assert message in str(error.value)


def test_a_valid_config_passes_the_check() -> None:
    check_simple_config(
        simple(
            KeyMapExact={"a": "b"},
            KeyMapRegEx={"c.*": "d"},
            ValueMap={"b": {"ValueMapExact": {"1": "2"}, "ValueMapRegEx": {"x+": "y"}}},
        )
    )
    check_simple_config({})
    check_simple_config(None)


# --- properties -----------------------------------------------------------------------------


@BOUNDED
@given(DATA)
def test_keep_keep_is_the_identity(data: dict[str, Any]) -> None:
    assert simple_mapped(simple(), data) == data


@BOUNDED
@given(DATA)
def test_under_ignore_only_listed_keys_survive_and_the_input_is_not_changed(
    data: dict[str, Any],
) -> None:
    config = simple(IGNORE, KeyMapExact={"UserLogin": "UserLogin", "Password": "Password"})
    before = repr(data)
    mapped = simple_mapped(config, data)
    assert set(mapped) <= {"UserLogin", "Password"}
    assert all(mapped[key] == data[key] for key in mapped)
    assert repr(data) == before
