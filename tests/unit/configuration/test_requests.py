"""Site-file approval templates, saved views and external entities: referents by name (voters
by login, categories by path, view criteria in the core's query language by name), created,
changed and kept; bad entries name their line and change nothing."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.approvals.templates import get_template_by_title
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_configuration,
    get_entry,
    put_entry,
    remove_entry,
)
from polydesk.configuration.view_criteria import BY_NAME, NOT_IN_FILES, PLAIN
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound
from polydesk.models.automation import SavedView
from polydesk.tickets.criteria import TicketCriteria
from polydesk.tickets.links import get_external_entity_by_name
from polydesk.tickets.views import create_view
from tests.factories import make_helpdesk, make_user

SITE = """\
external_entities:
  - name: Courier Express
  - name: Old supplier
    enabled: false
approval_templates:
  - title: Manager sign-off
    description: Spend over 500
    voters: [vera, victor]
    required_votes: 2
    category: Incident/Hardware
    expires_in_seconds: 3600
    expiry_action: reject
  - title: Retired
    voters: [vera]
    active: false
saved_views:
  - name: Urgent hardware
    criteria:
      statuses: [New, Open]
      categories: [Incident/Hardware]
      helpdesks: [Service desk]
      owners: [vera]
      titles: [{text: "%printer%"}]
      sort: [{key: priority, descending: true}]
    columns: [title, status]
"""


@pytest.fixture
def people(session: Session) -> None:
    make_helpdesk(session, "Service desk")
    make_user(session, Role.AGENT, login="vera")
    make_user(session, Role.AGENT, login="victor")


def _steps(applied: Any) -> list[tuple[str, str, str]]:
    return [(s.section, s.key, s.action.value) for s in applied.steps]


def _refused(session: Session, text: str) -> list[str]:
    before = export_configuration(session, SYSTEM)
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, text)
        attempt.rollback()
    assert export_configuration(session, SYSTEM) == before
    return [str(problem) for problem in caught.value.problems]


def _id(session: Session, kind: str, name: str) -> int:
    item = get_catalog_item_by_name(session, kind, name)
    assert item is not None
    return item.id


@pytest.mark.usefixtures("people")
def test_apply_creates_by_name_then_keeps(session: Session) -> None:
    first = apply_configuration(session, SYSTEM, SITE)
    assert [action for _, _, action in _steps(first)] == ["create"] * 5

    template = get_template_by_title(session, "manager sign-off")
    assert template is not None and template.required_votes == 2
    assert template.category_id == _id(session, "category", "Incident/Hardware")
    retired = get_template_by_title(session, "Retired")
    assert retired is not None and not retired.is_active
    entity = get_external_entity_by_name(session, "Old supplier")
    assert entity is not None and not entity.is_enabled

    [view] = session.scalars(select(SavedView).where(SavedView.name == "Urgent hardware"))
    assert view.is_shared and view.columns == ["title", "status"]
    stored = TicketCriteria(**view.filters, sort=view.sort)
    assert stored.status_ids == [_id(session, "status", "New"), _id(session, "status", "Open")]
    assert stored.titles is not None and stored.titles[0].text == "%printer%"
    assert [(k.key, k.descending) for k in stored.sort] == [("priority", True)]

    again = apply_configuration(session, SYSTEM, SITE)
    assert [action for _, _, action in _steps(again)] == ["keep"] * 5


@pytest.mark.usefixtures("people")
def test_export_names_everything_and_applies_back_as_keep(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    exported = yaml.safe_load(export_configuration(session, SYSTEM))
    [view] = exported["saved_views"]
    assert view["criteria"]["owners"] == ["vera"]
    assert view["criteria"]["categories"] == ["Incident/Hardware"]
    [template] = [t for t in exported["approval_templates"] if t["title"] == "Manager sign-off"]
    assert template["voters"] == ["vera", "victor"]
    assert template["category"] == "Incident/Hardware"

    again = apply_configuration(session, SYSTEM, export_configuration(session, SYSTEM))
    assert {action for _, _, action in _steps(again)} == {"keep"}


@pytest.mark.usefixtures("people")
def test_changes_follow_the_file(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    changed = """\
external_entities:
  - name: Old supplier
    enabled: true
approval_templates:
  - title: Manager sign-off
    voters: [victor]
    required_votes: 1
    category: null
    expires_in_seconds: null
saved_views:
  - name: Urgent hardware
    criteria:
      priorities: [High]
    columns: [title]
"""
    applied = apply_configuration(session, SYSTEM, changed)
    assert {step.key: step.fields for step in applied.steps} == {
        "Old supplier": ("enabled",),
        "Manager sign-off": ("category", "expires_in_seconds", "required_votes", "voters"),
        "Urgent hardware": ("columns", "criteria"),
    }
    template = get_entry(session, SYSTEM, "approval_templates", "Manager sign-off")
    assert template["voters"] == ["victor"] and template["category"] is None
    assert template["expires_in_seconds"] is None and template["expiry_action"] == "reject"
    view = get_entry(session, SYSTEM, "saved_views", "Urgent hardware")
    assert view["criteria"]["priorities"] == ["High"] and view["criteria"]["statuses"] is None
    assert get_entry(session, SYSTEM, "external_entities", "Old supplier")["enabled"] is True


@pytest.mark.usefixtures("people")
def test_bad_entries_name_their_line_and_change_nothing(session: Session) -> None:
    problems = _refused(
        session,
        """\
saved_views:
  - name: Bad
    criteria:
      statuz: [Open]
      ids: [1, 2]
      sort: [{key: nowhere}]
""",
    )
    assert any(p.startswith("line 4: criteria.statuz: Extra inputs") for p in problems)
    assert any(p.startswith("line 5: criteria.ids: Extra inputs") for p in problems)
    assert any(p.startswith("line 6: criteria.sort.0.key") for p in problems)

    unknown = "saved_views:\n  - name: V\n    criteria:\n      statuses: [Nope]\n"
    assert _refused(session, unknown) == ["line 2: saved_views 'V': status Nope not found"]
    nobody = "approval_templates:\n  - title: T\n    voters: [ghost]\n"
    assert _refused(session, nobody) == ["line 2: approval_templates 'T': user ghost not found"]
    [quorum] = _refused(session, "approval_templates:\n  - title: T\n    voters: [vera]\n"
                        "    required_votes: 2\n")  # fmt: skip
    assert quorum.startswith("line 2: approval_templates 'T': ") and "required_votes" in quorum
    [no_voter] = _refused(session, "approval_templates:\n  - title: T\n")
    assert no_voter.startswith("line 2: approval_templates 'T': ")


@pytest.mark.usefixtures("people")
def test_views_the_file_cannot_hold_are_left_out_and_refused(session: Session) -> None:
    create_view(session, SYSTEM, name="Mine", criteria=TicketCriteria(ids=[1]))
    create_view(session, SYSTEM, name="Twice", criteria=TicketCriteria())
    create_view(session, SYSTEM, name="twice", criteria=TicketCriteria())
    create_view(session, SYSTEM, name="Private", criteria=TicketCriteria(), is_shared=False)
    exported = yaml.safe_load(export_configuration(session, SYSTEM))
    assert {view["name"] for view in exported["saved_views"]} == {"Twice", "twice"}
    [held] = _refused(session, "saved_views:\n  - name: Mine\n")
    assert "cannot be written in a site file: criteria on ids" in held
    [ambiguous] = _refused(session, "saved_views:\n  - name: Twice\n")
    assert "2 shared views are named 'Twice'" in ambiguous
    # A private view is its agent's: a shared one of the same name is created beside it.
    created = put_entry(session, SYSTEM, "saved_views", "Private", {"columns": ["title"]})
    assert _steps(created) == [("saved_views", "Private", "create")]


def test_the_file_form_covers_the_whole_query_language() -> None:
    core = {core_name for core_name, _ in BY_NAME.values()}
    covered = set(PLAIN) | core | {"custom_fields", "sort"} | NOT_IN_FILES
    assert covered == set(TicketCriteria.model_fields)


@pytest.mark.usefixtures("people")
def test_remove_disables_templates_and_entities_and_deletes_views(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    assert remove_entry(session, SYSTEM, "approval_templates", "Manager sign-off") == "disabled"
    assert remove_entry(session, SYSTEM, "external_entities", "Courier Express") == "disabled"
    assert remove_entry(session, SYSTEM, "saved_views", "Urgent hardware") == "deleted"
    assert get_entry(session, SYSTEM, "approval_templates", "Manager sign-off")["active"] is False
    assert get_entry(session, SYSTEM, "external_entities", "Courier Express")["enabled"] is False
    with pytest.raises(NotFound):
        get_entry(session, SYSTEM, "saved_views", "Urgent hardware")
