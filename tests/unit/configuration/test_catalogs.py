"""Site-file sections for the catalogs (statuses, priorities, impacts, urgencies, ticket types,
sources, close reasons) and the category tree: export, create, keep, update, the default that
moves, and refusals that name their line and change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.catalogs.service import default_item, get_catalog_item_by_name, list_catalog
from polydesk.configuration.apply import Applied
from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import apply_configuration, export_data, get_entry
from polydesk.core.actor import SYSTEM

STATUSES_AND_PRIORITIES = """\
statuses:
  - name: In review
    description: A second pair of eyes
    category: open
    position: 55
priorities:
  - name: Blocker
    color: "#000000"
    position: 80
"""


def _actions(applied: Applied) -> list[tuple[str, str, str]]:
    return [(step.section, step.key, step.action.value) for step in applied.steps]


def _apply(session: Session, text: str) -> Applied:
    return apply_configuration(session, SYSTEM, text)


def _refused(session: Session, text: str) -> list[dict[str, Any]]:
    before = export_data(session, SYSTEM)
    with pytest.raises(InvalidConfiguration) as refused:
        _apply(session, text)
    session.rollback()  # as the edges do: nothing of the file stays
    assert export_data(session, SYSTEM) == before
    problems: list[dict[str, Any]] = refused.value.details["problems"]
    return problems


def test_the_export_lists_every_row_by_position_seeded_ones_included(session: Session) -> None:
    exported = export_data(session, SYSTEM)
    statuses = exported["statuses"]
    assert [row["name"] for row in statuses] == [
        row.name for row in list_catalog(session, "status")
    ]
    assert statuses[0] == {
        "name": "New",
        "description": statuses[0]["description"],
        "position": 10,
        "default": True,
        "enabled": True,
        "category": "new",
        "pending_action": "none",
        "pending_target": None,
    }
    positions = [row["position"] for row in statuses]
    assert positions == sorted(positions)
    normal = next(row for row in exported["priorities"] if row["name"] == "Normal")
    assert normal["default"] is True and normal["color"] == "#fdd835"
    assert "color" not in exported["impacts"][0] and "category" not in exported["impacts"][0]
    for section in ("urgencies", "ticket_types", "sources", "close_reasons"):
        assert exported[section], section


def test_a_status_and_a_priority_are_created_then_kept(session: Session) -> None:
    first = _apply(session, STATUSES_AND_PRIORITIES)
    assert _actions(first) == [
        ("statuses", "In review", "create"),
        ("priorities", "Blocker", "create"),
    ]
    review = get_entry(session, SYSTEM, "statuses", "In review")
    assert review["category"] == "open" and review["position"] == 55
    assert review["default"] is False and review["enabled"] is True
    assert get_entry(session, SYSTEM, "priorities", "Blocker")["color"] == "#000000"
    again = _apply(session, STATUSES_AND_PRIORITIES)
    assert {action for _, _, action in _actions(again)} == {"keep"}


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        ("impacts", "impact"),
        ("urgencies", "urgency"),
        ("ticket_types", "type"),
        ("sources", "source"),
        ("close_reasons", "close_reason"),
    ],
)
def test_every_flat_catalog_takes_entries(session: Session, section: str, kind: str) -> None:
    text = f"{section}:\n  - name: Configured\n    description: from a file\n    position: 999\n"
    assert _actions(_apply(session, text)) == [(section, "Configured", "create")]
    row = get_catalog_item_by_name(session, kind, "Configured")
    assert row is not None and row.description == "from a file"
    assert export_data(session, SYSTEM)[section][-1]["name"] == "Configured"
    disabled = text + "    enabled: false\n"
    applied = _apply(session, disabled)
    assert [(s.action.value, s.fields) for s in applied.steps] == [("update", ("enabled",))]
    assert row.is_enabled is False


@pytest.mark.parametrize(
    ("section", "kind", "old", "new"),
    [("statuses", "status", "New", "Open"), ("priorities", "priority", "Normal", "High")],
)
def test_the_default_moves_even_when_the_old_one_is_listed_first(
    session: Session, section: str, kind: str, old: str, new: str
) -> None:
    text = f"{section}:\n  - name: {old}\n    default: false\n  - name: {new}\n    default: true\n"
    applied = _apply(session, text)
    # The new default is applied first; the old one's ``default: false`` then holds already.
    assert [(s.key, s.action.value) for s in applied.steps] == [(new, "update"), (old, "keep")]
    moved = default_item(session, kind)
    assert moved is not None and moved.name == new
    assert get_entry(session, SYSTEM, section, old)["default"] is False
    assert {action for _, _, action in _actions(_apply(session, text))} == {"keep"}


def test_a_new_entry_can_become_the_default(session: Session) -> None:
    _apply(session, "statuses:\n  - name: Triage\n    category: new\n    default: true\n")
    fresh = default_item(session, "status")
    assert fresh is not None and fresh.name == "Triage"
    assert get_entry(session, SYSTEM, "statuses", "New")["default"] is False


def test_two_defaults_in_one_section_are_refused_on_the_second_line(session: Session) -> None:
    text = """\
priorities:
  - name: Low
    default: true
  - name: High
    default: true
"""
    problems = _refused(session, text)
    assert [problem["line"] for problem in problems] == [4]
    assert "'Low' is already this catalog's default" in problems[0]["message"]


def test_the_default_of_statuses_cannot_just_be_unset(session: Session) -> None:
    problems = _refused(session, "statuses:\n  - name: New\n    default: false\n")
    assert problems[0]["line"] == 2
    assert "statuses 'New': every status catalog needs a default" in problems[0]["message"]


def test_a_disabled_default_is_refused_with_its_line(session: Session) -> None:
    text = "impacts:\n  - name: Low\n  - name: On user\n    default: true\n    enabled: false\n"
    problems = _refused(session, text)
    assert problems[0]["line"] == 3 and "cannot be disabled" in problems[0]["message"]


def test_a_new_status_needs_a_category(session: Session) -> None:
    problems = _refused(session, "statuses:\n  - name: Limbo\n")
    assert problems[0]["line"] == 2 and "needs a category" in problems[0]["message"]
    problems = _refused(session, "statuses:\n  - name: Limbo\n    category: null\n")
    assert problems[0]["line"] == 3 and "needs a category" in problems[0]["message"]
    problems = _refused(session, "statuses:\n  - name: Limbo\n    category: stuck\n")
    assert problems[0]["line"] == 3 and "category" in problems[0]["message"]


def test_fields_of_another_catalog_are_refused(session: Session) -> None:
    problems = _refused(session, "impacts:\n  - name: Wide\n    color: red\n")
    assert problems[0]["line"] == 3 and "color" in problems[0]["message"]


def test_names_match_case_insensitively_and_a_case_change_renames(session: Session) -> None:
    applied = _apply(session, "statuses:\n  - name: NEW\n")
    assert _actions(applied) == [("statuses", "NEW", "update")]
    assert list_catalog(session, "status")[0].name == "NEW"
    assert get_catalog_item_by_name(session, "status", "New") is not None


# --- categories ------------------------------------------------------------------------------

TREE = """\
categories:
  - path: Hardware/Laptops/Batteries
    position: 5
  - path: Hardware/Laptops
    description: Portable computers
  - path: Hardware
    position: 40
"""


def test_categories_apply_parents_first_whatever_the_file_order(session: Session) -> None:
    applied = _apply(session, TREE)
    assert _actions(applied) == [
        ("categories", "Hardware", "create"),
        ("categories", "Hardware/Laptops", "create"),
        ("categories", "Hardware/Laptops/Batteries", "create"),
    ]
    laptops = get_entry(session, SYSTEM, "categories", "Hardware/Laptops")
    assert laptops == {
        "path": "Hardware/Laptops",
        "description": "Portable computers",
        "position": 0,
        "enabled": True,
    }
    assert {action for _, _, action in _actions(_apply(session, TREE))} == {"keep"}


def test_the_category_export_puts_every_parent_before_its_children(session: Session) -> None:
    _apply(session, TREE)
    paths = [entry["path"] for entry in export_data(session, SYSTEM)["categories"]]
    for path in paths:
        parent = path.rpartition("/")[0]
        assert not parent or paths.index(parent) < paths.index(path), paths
    assert paths.index("Incident/Hardware") == paths.index("Incident") + 1
    assert "Hardware/Laptops/Batteries" in paths


def test_a_category_update_and_a_disabled_one(session: Session) -> None:
    _apply(session, TREE)
    changed = "categories:\n  - path: hardware/laptops\n    position: 3\n    enabled: false\n"
    applied = _apply(session, changed)
    assert [(s.action.value, s.fields) for s in applied.steps] == [
        ("update", ("enabled", "path", "position"))
    ]
    entry = get_entry(session, SYSTEM, "categories", "Hardware/laptops")
    assert entry["enabled"] is False and entry["position"] == 3
    assert entry["path"] == "Hardware/laptops"  # the name's case followed the file


def test_a_category_whose_parent_exists_nowhere_is_refused(session: Session) -> None:
    problems = _refused(session, "categories:\n  - path: Hardware\n  - path: Network/Wifi\n")
    assert problems[0]["line"] == 3 and "'Network' not found" in problems[0]["message"]
    problems = _refused(session, "categories:\n  - path: Network//Wifi\n")
    assert problems[0]["line"] == 2 and "blank" in problems[0]["message"]
