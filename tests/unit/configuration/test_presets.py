"""The product presets: each applies on a fresh install and then keeps; all five share one
install in any order without changing one another's entries or the first admin."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy.orm import Session

from polydesk.bootstrap import ensure_admin
from polydesk.config import Settings
from polydesk.configuration.apply import Action
from polydesk.configuration.directory import Users
from polydesk.configuration.registry import KINDS
from polydesk.configuration.service import apply_preset, export_data, preset_names, preset_text
from polydesk.core.actor import SYSTEM

PRODUCTS = ("integria", "invgate", "motadata", "readydesk", "znuny")
#: Every rotation of the list and of its reverse: each preset comes first and last, and each
#: comes before and after each other one, which is what two presets fighting over an entry
#: needs to show (the 120 permutations add nothing but a minute).
ORDERS = [
    names[turn:] + names[:turn]
    for names in (PRODUCTS, PRODUCTS[::-1])
    for turn in range(len(PRODUCTS))
]


@pytest.fixture
def fresh(session: Session) -> Session:
    """A fresh install: the catalogs (seeded) and the first admin of the first start."""
    ensure_admin(session, Settings(admin_login="admin", admin_password="first-admin-pw"))
    return session


def _actions(session: Session, name: str) -> set[str]:
    return {step.action.value for step in apply_preset(session, SYSTEM, name).steps}


def test_every_product_has_a_preset() -> None:
    assert preset_names() == sorted(PRODUCTS)


@pytest.mark.parametrize("name", PRODUCTS)
def test_a_preset_applies_on_a_fresh_install_then_keeps(fresh: Session, name: str) -> None:
    first = apply_preset(fresh, SYSTEM, name)
    assert Action.UPDATE not in {step.action for step in first.steps}
    second = apply_preset(fresh, SYSTEM, name)
    assert [step.key for step in second.steps] == [step.key for step in first.steps]
    assert {step.action for step in second.steps} <= {Action.KEEP}
    assert second.secrets == []


def test_presets_name_only_sections_the_install_knows() -> None:
    sections = {kind.section for kind in KINDS}
    for name in PRODUCTS:
        assert set(yaml.safe_load(preset_text(name)) or {}) <= sections, name


def test_the_first_admin_is_kept_untouched(fresh: Session) -> None:
    before = Users().current(fresh, "admin")
    for name in PRODUCTS:
        apply_preset(fresh, SYSTEM, name)
    assert Users().current(fresh, "admin") == before
    assert before is not None and before.first_name == "Administrator"


def test_integria_names_its_admin_without_a_password_or_a_change(fresh: Session) -> None:
    steps = apply_preset(fresh, SYSTEM, "integria").steps
    assert [(s.section, s.key, s.action.value) for s in steps if s.section == "users"] == [
        ("users", "admin", "keep")
    ]


def test_integria_creates_its_admin_when_the_first_admin_has_another_login(
    session: Session,
) -> None:
    ensure_admin(session, Settings(admin_login="owner", admin_password="first-admin-pw"))
    applied = apply_preset(session, SYSTEM, "integria")
    assert [shown["login"] for shown in applied.secrets] == ["admin"]
    admin = Users().current(session, "admin")
    assert admin is not None and admin.role.value == "admin"


@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_all_presets_share_one_install_in_any_order(fresh: Session, order: tuple[str, ...]) -> None:
    for name in order:
        apply_preset(fresh, SYSTEM, name)
    configured = export_data(fresh, SYSTEM)
    for name in PRODUCTS:
        assert _actions(fresh, name) <= {"keep"}, name
    assert export_data(fresh, SYSTEM) == configured


def test_presets_that_share_an_entry_agree_on_it() -> None:
    """An entry two presets both name must be the same in both, or they would fight over it."""
    seen: dict[tuple[str, str], tuple[str, dict[str, object]]] = {}
    keys = {kind.section: kind.key_field for kind in KINDS}
    for name in PRODUCTS:
        for section, entries in (yaml.safe_load(preset_text(name)) or {}).items():
            for entry in entries:
                key = (section, str(entry[keys[section]]).casefold())
                other = seen.setdefault(key, (name, entry))
                assert other[1] == entry, f"{name} and {other[0]} disagree on {key}"
