"""Reading a site file: every problem named with its line, entries in dependency order."""

from __future__ import annotations

import pytest

from polydesk.configuration.document import InvalidConfiguration, read_document
from polydesk.configuration.registry import KINDS


def _problems(text: str) -> list[str]:
    with pytest.raises(InvalidConfiguration) as caught:
        read_document(text, KINDS)
    assert caught.value.code == "configuration.invalid"
    return [str(problem) for problem in caught.value.problems]


def test_entries_come_in_dependency_order_with_their_lines() -> None:
    text = "users:\n  - login: jane\n    helpdesks: [Desk]\nhelpdesks:\n  - name: Desk\n"
    entries = read_document(text, KINDS)
    assert [(e.kind.section, e.kind.key(e.entry), e.line) for e in entries] == [
        ("helpdesks", "Desk", 5),
        ("users", "jane", 2),
    ]


def test_an_empty_file_or_section_configures_nothing() -> None:
    assert read_document("", KINDS) == []
    assert read_document("helpdesks:\n", KINDS) == []


def test_every_bad_line_is_named_at_once() -> None:
    text = (
        "helpdesks:\n"
        "  - name: Desk\n"
        "    colour: blue\n"  # line 3: not a field
        "users:\n"
        "  - login: jane\n"
        "  - login: JANE\n"  # line 6: the same login again
        "  - login: max\n"
        "    role: boss\n"  # line 8: not a role
        "queues: []\n"  # line 9: not a section
    )
    assert _problems(text) == [
        "line 3: colour: Extra inputs are not permitted",
        "line 6: 'JANE' is already on line 5",
        "line 8: role: Input should be 'admin', 'agent' or 'customer'",
        f"line 9: unknown section 'queues' ({', '.join(sorted(k.section for k in KINDS))})",
    ]


def test_broken_yaml_and_wrong_shapes_are_named() -> None:
    assert _problems("helpdesks:\n  - name: [unclosed\n") == [
        "line 3: not valid YAML: expected ',' or ']', but got '<stream end>'"
    ]
    assert _problems("- just a list\n") == ["line 1: the file must be a mapping of sections"]
    assert _problems("helpdesks: Desk\n") == ["line 1: section 'helpdesks' must be a list"]
    assert _problems("helpdesks:\n  - Desk\n") == [
        "line 2: an entry of 'helpdesks' must be a mapping"
    ]
    assert _problems("helpdesks: []\nhelpdesks: []\n") == [
        "line 2: section 'helpdesks' appears twice"
    ]


def test_a_nested_value_points_at_its_own_line() -> None:
    text = "users:\n  - login: jane\n    groups:\n      - ok\n      - [nested]\n"
    assert _problems(text) == ["line 5: groups.1: Input should be a valid string"]


def test_an_impossible_date_is_a_named_problem() -> None:
    text = "breaking_news:\n  - title: Outage\n    starts_at: 2026-02-30\n"
    [problem] = _problems(text)
    assert problem.startswith("line 2: not valid YAML: ") and "day is out of range" in problem
