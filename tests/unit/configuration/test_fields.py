"""Site-file custom fields: every core type by machine name, ticket types and parents by name,
options added, reordered and removed while unused, the type fixed once created."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_configuration,
    get_entry,
    put_entry,
)
from polydesk.core.actor import SYSTEM
from polydesk.customfields.admin import list_fields
from polydesk.customfields.service import field_options, set_ticket_values
from polydesk.models.customfields import FieldType
from tests.factories import make_ticket

SITE = """\
custom_fields:
  - name: Version
    type: list
    label: Product version
    ticket_type: Incident
    required: true
    show_in_list: true
    position: 2
    options: ["3", "3.1", "4"]
  - name: Build
    type: linked
    parent: Version
    options: [a, b]
  - name: Notes
    type: textarea
    enabled: false
    config: {rows: 5}
"""


def _steps(applied: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(s.key, s.action.value, s.fields) for s in applied.steps]


def _refused(session: Session, text: str) -> list[str]:
    """The problems of a file that must change nothing."""
    before = export_configuration(session, SYSTEM)
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, text)
        attempt.rollback()
    assert export_configuration(session, SYSTEM) == before
    return [str(problem) for problem in caught.value.problems]


def test_fields_are_created_by_name_then_kept(session: Session) -> None:
    applied = apply_configuration(session, SYSTEM, SITE)
    assert _steps(applied) == [
        ("Version", "create", ()),
        ("Build", "create", ()),
        ("Notes", "create", ()),
    ]
    fields = {field.name: field for field in list_fields(session)}
    version, build, notes = fields["Version"], fields["Build"], fields["Notes"]
    assert (version.label, version.field_type, version.is_required) == (
        "Product version",
        FieldType.LIST,
        True,
    )
    assert version.ticket_type_id is not None and build.parent_field_id == version.id
    assert (build.label, build.ticket_type_id) == ("Build", None)  # label: the name
    assert (notes.is_enabled, notes.config) == (False, {"rows": 5})
    options = field_options(session, [version.id])[version.id]
    assert [option.value for option in options] == ["3", "3.1", "4"]
    assert get_entry(session, SYSTEM, "custom_fields", "Version")["ticket_type"] == "Incident"
    again = apply_configuration(session, SYSTEM, SITE.replace("Incident", "INCIDENT"))
    assert {action for _, action, _ in _steps(again)} == {"keep"}


def test_every_core_type_round_trips_through_export(session: Session) -> None:
    entries = [
        {"name": f"f_{kind.value}", "type": kind.value, "position": position}
        for position, kind in enumerate(FieldType)
    ]
    for entry in entries:
        if entry["type"] in ("list", "multi_list", "tree", "linked"):
            entry["options"] = ["one", "two"]
    apply_configuration(session, SYSTEM, yaml.safe_dump({"custom_fields": entries}))
    exported = yaml.safe_load(export_configuration(session, SYSTEM))["custom_fields"]
    assert [(entry["name"], entry["type"]) for entry in exported] == [
        (f"f_{kind.value}", kind.value) for kind in FieldType
    ]
    text = export_configuration(session, SYSTEM)
    assert {step.action.value for step in apply_configuration(session, SYSTEM, text).steps} == {
        "keep"
    }


def test_changes_go_through_the_core(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    changed = (
        SITE.replace("label: Product version", "label: Release")
        .replace("    ticket_type: Incident\n", "")
        .replace("required: true", "required: false")
        .replace("enabled: false", "enabled: true")
    )
    applied = apply_configuration(session, SYSTEM, changed)
    assert [step for step in _steps(applied) if step[1] == "update"] == [
        ("Version", "update", ("label", "required")),
        ("Notes", "update", ("enabled",)),
    ]  # a ticket type left out of the file keeps its value
    version = get_entry(session, SYSTEM, "custom_fields", "Version")
    assert (version["label"], version["required"], version["ticket_type"]) == (
        "Release",
        False,
        "Incident",
    )
    put_entry(session, SYSTEM, "custom_fields", "Version", {"type": "list", "ticket_type": None})
    assert get_entry(session, SYSTEM, "custom_fields", "Version")["ticket_type"] is None
    assert get_entry(session, SYSTEM, "custom_fields", "Notes")["enabled"] is True


def test_options_are_added_reordered_and_removed_while_unused(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    applied = apply_configuration(
        session, SYSTEM, SITE.replace('["3", "3.1", "4"]', '["4", "5", "3"]')
    )
    assert ("Version", "update", ("options",)) in _steps(applied)
    assert get_entry(session, SYSTEM, "custom_fields", "Version")["options"] == ["4", "5", "3"]

    version = next(field for field in list_fields(session) if field.name == "Version")
    ticket = make_ticket(session, type_id=version.ticket_type_id)
    set_ticket_values(session, SYSTEM, ticket.id, {version.id: "5"})
    problems = _refused(session, SITE.replace('["3", "3.1", "4"]', '["4", "3"]'))
    assert problems == [
        "line 2: custom_fields 'Version': option '5' is in use: rename it instead of removing it"
    ]


def test_a_field_s_type_cannot_change(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    problems = _refused(session, SITE.replace("type: textarea", "type: text"))
    assert problems == [
        "line 14: custom_fields 'Notes': a field's type cannot change (the file asks for "
        "'text'); create a field under another name instead"
    ]
    moved = _refused(session, SITE.replace("parent: Version", "parent: null"))
    assert moved == [
        "line 10: custom_fields 'Build': a field's parent cannot change (the file asks for "
        "None); create a field under another name instead"
    ]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{name: N, type: text, options: [a]}", "text fields have no options"),
        ("{name: N, type: list, options: [a, a]}", "options given twice: a"),
        ("{name: N, type: multi_list, options: ['a,b']}", "cannot contain ','"),
        ("{name: N, type: color}", "type"),
        ("{name: N, type: text, position: -1}", "position"),
        ("{name: N, type: text, id: 3}", "id"),
    ],
)
def test_bad_entries_name_their_line(session: Session, entry: str, problem: str) -> None:
    problems = _refused(session, f"custom_fields:\n  - {entry}\n")
    assert len(problems) == 1 and problems[0].startswith("line 2:") and problem in problems[0]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{name: N, type: text, ticket_type: Nope}", "ticket_type Nope not found"),
        ("{name: N, type: linked, parent: Nope}", "custom_field Nope not found"),
    ],
)
def test_unknown_references_are_refused(session: Session, entry: str, problem: str) -> None:
    assert _refused(session, f"custom_fields:\n  - {entry}\n") == [
        f"line 2: custom_fields 'N': {problem}"
    ]


def test_export_puts_a_parent_before_its_linked_field(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE.replace("position: 2", "position: 9"))
    exported = yaml.safe_load(export_configuration(session, SYSTEM))["custom_fields"]
    assert [entry["name"] for entry in exported] == ["Notes", "Version", "Build"]
