"""The ``newsletters:`` section: newsletters created, renamed and described by name."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_configuration,
    get_entry,
    put_entry,
)
from polydesk.core.actor import SYSTEM
from polydesk.crm.newsletters import list_newsletters

SITE = """\
newsletters:
  - name: Customers
    description: Product news
  - name: Partners
"""


def _actions(session: Session, text: str) -> list[tuple[str, str]]:
    applied = apply_configuration(session, SYSTEM, text)
    return [(step.key, step.action.value) for step in applied.steps]


def test_apply_creates_then_keeps_and_exports(session: Session) -> None:
    assert _actions(session, SITE) == [("Customers", "create"), ("Partners", "create")]
    assert [(n.name, n.description) for n in list_newsletters(session)] == [
        ("Customers", "Product news"),
        ("Partners", ""),
    ]
    assert _actions(session, SITE) == [("Customers", "keep"), ("Partners", "keep")]
    exported = export_configuration(session, SYSTEM)
    assert {action for _, action in _actions(session, exported)} == {"keep"}


def test_a_description_changes_through_the_core(session: Session) -> None:
    _actions(session, SITE)
    applied = put_entry(session, SYSTEM, "newsletters", "Partners", {"description": "Resellers"})
    assert [(s.action.value, s.fields) for s in applied.steps] == [("update", ("description",))]
    assert get_entry(session, SYSTEM, "newsletters", "Partners")["description"] == "Resellers"


def test_bad_entries_change_nothing(session: Session) -> None:
    bad = SITE + "  - name: customers\n  - name: ''\n"
    with pytest.raises(InvalidConfiguration) as caught:
        apply_configuration(session, SYSTEM, bad)
    assert [str(p) for p in caught.value.problems] == [
        "line 5: 'customers' is already on line 2",
        "line 6: name: String should have at least 1 character",
    ]
    assert list_newsletters(session) == []
