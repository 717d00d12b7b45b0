"""SLA warnings and escalation through the site file: ``slas:`` (warning_percent,
escalate_to_next_level) and ``sla_escalations:`` (agent, group), applied after users."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_data,
    get_entry,
    put_entry,
    remove_entry,
)
from polydesk.core.actor import SYSTEM
from polydesk.helpdesks.service import get_sla_by_name
from polydesk.users.service import get_user_by_login

SITE = """\
slas:
  - name: Gold
    first_response_minutes: 30
    resolution_minutes: 480
    warning_percent: 75
    escalate_to_next_level: true
groups:
  - name: Duty managers
users:
  - login: boss
    email: boss@example.com
    role: agent
sla_escalations:
  - name: Gold
    agent: boss
    group: Duty managers
"""


def _actions(session: Session, text: str) -> set[str]:
    return {step.action.value for step in apply_configuration(session, SYSTEM, text).steps}


def test_apply_sets_warnings_and_escalation_then_keeps(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    gold = get_sla_by_name(session, "Gold")
    boss = get_user_by_login(session, "boss")
    assert gold is not None and boss is not None
    assert gold.warning_percent == 75 and gold.escalate_to_next_level
    assert gold.escalate_to_user_id == boss.id and gold.escalate_to_group_id is not None
    assert get_entry(session, SYSTEM, "sla_escalations", "Gold") == {
        "name": "Gold",
        "agent": "boss",
        "group": "Duty managers",
    }
    assert export_data(session, SYSTEM)["sla_escalations"] == [
        {"name": "Gold", "agent": "boss", "group": "Duty managers"}
    ]
    assert _actions(session, SITE) == {"keep"}


def test_null_removes_the_agent_and_remove_clears_both(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    put_entry(session, SYSTEM, "sla_escalations", "Gold", {"agent": None})
    assert get_entry(session, SYSTEM, "sla_escalations", "Gold")["agent"] is None
    assert remove_entry(session, SYSTEM, "sla_escalations", "Gold") == "cleared"
    gold = get_sla_by_name(session, "Gold")
    assert gold is not None and gold.escalate_to_group_id is None


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("    agent: boss", "    agent: nobody", "user"),
        ("  - name: Gold\n    agent", "  - name: Platinum\n    agent", "sla"),
        ("    warning_percent: 75", "    warning_percent: 100", "warning_percent"),
    ],
)
def test_bad_references_are_refused_and_change_nothing(
    session: Session, old: str, new: str, problem: str
) -> None:
    bad = SITE.replace(old, new)
    assert bad != SITE
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, bad)
        attempt.rollback()
    assert problem in str(caught.value.problems[0])
    assert get_sla_by_name(session, "Gold") is None
