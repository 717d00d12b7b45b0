"""PHP-style parameter parsing (dialects/_kit/php_params.py)."""

from __future__ import annotations

import pytest

from polydesk.dialects._kit import php_params
from polydesk.dialects._kit.php_params import ParamError, parse_pairs


def test_single_values_and_the_last_repeat_wins() -> None:
    params = parse_pairs([("title", "a"), ("id", "1"), ("title", "b")])

    assert params.scalar("title") == "b"
    assert params.scalar("id") == "1"
    assert params.scalar("missing") is None
    assert params.names() == ["title", "id"]


def test_bracket_arrays_keep_their_order() -> None:
    params = parse_pairs([("ids[]", "3"), ("ids[]", "1"), ("ids[]", "3")])

    assert params.array("ids") == ["3", "1", "3"]
    assert params.array("other") is None


def test_indexed_arrays_read_as_arrays() -> None:
    params = parse_pairs([("ids[0]", "5"), ("ids[1]", "6")])

    assert params.array("ids") == ["5", "6"]
    assert params.mapping("ids") == {"0": "5", "1": "6"}


def test_dictionaries() -> None:
    params = parse_pairs([("key_values[red]", "Red"), ("key_values[blue]", "Blue")])

    assert params.mapping("key_values") == {"red": "Red", "blue": "Blue"}
    with pytest.raises(ParamError, match="must be an array"):
        params.array("key_values")


def test_a_comma_list_is_not_an_array() -> None:
    params = parse_pairs([("ids", "1,2")])

    with pytest.raises(ParamError) as failure:
        params.array("ids")

    assert failure.value.name == "ids"
    assert "ids[]=value" in failure.value.message


def test_an_array_is_not_a_single_value() -> None:
    params = parse_pairs([("id[]", "1")])

    with pytest.raises(ParamError, match="single value"):
        params.scalar("id")
    with pytest.raises(ParamError, match="dictionary"):
        params.mapping("id")


@pytest.mark.parametrize(
    "pairs",
    [
        [("ids", "1"), ("ids[]", "2")],
        [("ids[]", "1"), ("ids[0]", "2")],
        [("kv[a]", "1"), ("kv", "2")],
    ],
)
def test_one_name_in_two_shapes_is_an_error(pairs: list[tuple[str, str]]) -> None:
    with pytest.raises(ParamError, match="two different shapes"):
        parse_pairs(pairs)


@pytest.mark.parametrize("name", ["a[b][c]", "a[b", "a]b", "[x]", "a[]x"])
def test_malformed_names_are_errors(name: str) -> None:
    with pytest.raises(ParamError, match="malformed"):
        parse_pairs([(name, "1")])


def test_present_means_sent_with_content() -> None:
    params = parse_pairs([("blank", "  "), ("full", "x"), ("arr[]", "")])

    assert not params.present("blank")
    assert params.present("full")
    assert params.present("arr")
    assert not params.present("absent")
    assert params.has("blank")


def test_hard_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(php_params, "MAX_ITEMS", 2)
    monkeypatch.setattr(php_params, "MAX_PARAMS", 3)

    with pytest.raises(ParamError, match="too many entries"):
        parse_pairs([("ids[]", "1"), ("ids[]", "2"), ("ids[]", "3")])
    with pytest.raises(ParamError, match="too many parameters"):
        parse_pairs([("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")])
