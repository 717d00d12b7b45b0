"""The ``webhooks``, ``triggers`` and ``workflows`` sections: references by name, stored as
ids, exported by name again; secrets never exported; workflows deployed as applied."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.automation.triggers import get_trigger_by_name
from polydesk.automation.webhooks import get_webhook_by_name
from polydesk.automation.workflows import get_workflow_by_name
from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import apply_configuration, export_data, get_entry
from polydesk.core.actor import SYSTEM
from polydesk.models.catalogs import Priority, Status

SITE = """\
webhooks:
  - name: Ops chat
    url: https://hooks.example.com/polydesk
    secret: a-very-long-secret-1
triggers:
  - name: Escalate outages
    event: ticket.opened
    position: 5
    conditions:
      - {field: title, op: contains, value: outage}
      - {field: status, op: in, value: [New, Open]}
    actions:
      - {type: set, field: priority, value: Urgent}
      - {type: webhook, webhook: Ops chat}
  - name: Remind waiting customers
    event: time
    conditions:
      - {field: status, op: is, value: Waiting for customer}
      - {field: updated_at, op: older_than, value: 3d}
    actions:
      - type: mail
        to: requester
        subject: "Ticket {{number}}"
        body: Still there?
workflows:
  - name: Hardware
    category: Incident/Hardware
    definition:
      initial_fields:
        - {field: priority_id, value: High}
      transitions:
        New: [Open]
"""


def _id(session: Session, model: type[Status] | type[Priority], name: str) -> int:
    return session.scalars(select(model.id).where(model.name == name)).one()


def test_apply_stores_ids_and_exports_names(session: Session) -> None:
    steps = apply_configuration(session, SYSTEM, SITE).steps
    assert [(s.section, s.action.value) for s in steps] == [
        ("webhooks", "create"), ("triggers", "create"), ("triggers", "create"),
        ("workflows", "create"),
    ]  # fmt: skip
    hook = get_webhook_by_name(session, "Ops chat")
    trigger = get_trigger_by_name(session, "Escalate outages")
    assert hook is not None and trigger is not None
    assert trigger.conditions[1]["value"] == [
        _id(session, Status, "New"),
        _id(session, Status, "Open"),
    ]
    assert trigger.actions == [
        {"type": "set", "field": "priority", "value": _id(session, Priority, "Urgent")},
        {"type": "webhook", "webhook": hook.id},
    ]
    workflow = get_workflow_by_name(session, "Hardware")
    assert workflow is not None and workflow.deployed_version == 1
    new, open_ = _id(session, Status, "New"), _id(session, Status, "Open")
    assert workflow.definition["transitions"] == {str(new): [open_]}

    exported = export_data(session, SYSTEM)
    assert exported["webhooks"] == [
        {"name": "Ops chat", "url": "https://hooks.example.com/polydesk", "secret": None,
         "enabled": True}
    ]  # fmt: skip
    escalate = next(t for t in exported["triggers"] if t["name"] == "Escalate outages")
    assert escalate["actions"][1] == {"type": "webhook", "webhook": "Ops chat"}
    assert escalate["conditions"][1] == {"field": "status", "op": "in", "value": ["New", "Open"]}
    assert exported["workflows"][0]["definition"]["transitions"] == {"New": ["Open"]}
    assert get_entry(session, SYSTEM, "workflows", "Hardware")["category"] == "Incident/Hardware"
    # Applied again: nothing changes (the secret is compared, never exported).
    assert {s.action.value for s in apply_configuration(session, SYSTEM, SITE).steps} == {"keep"}


def test_a_changed_definition_is_a_new_deployed_version(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    changed = SITE.replace("New: [Open]", "New: [Open, Resolved]")
    steps = apply_configuration(session, SYSTEM, changed).steps
    assert [(s.key, s.fields) for s in steps if s.action.value == "update"] == [
        ("Hardware", ("definition",))
    ]
    workflow = get_workflow_by_name(session, "Hardware")
    assert workflow is not None and (workflow.latest_version, workflow.deployed_version) == (2, 2)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("value: Urgent", "value: Burning", "priority"),
        ("webhook: Ops chat", "webhook: Nowhere", "webhook"),
        ("op: older_than, value: 3d", "op: older_than, value: soon", "duration"),
        ("event: time", "event: whenever", "event"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(
    session: Session, old: str, new: str, problem: str
) -> None:
    with pytest.raises(InvalidConfiguration) as refused:
        apply_configuration(session, SYSTEM, SITE.replace(old, new))
    assert problem in str(refused.value.problems).lower()


def test_a_saved_but_undeployed_version_is_deployed_by_applying(session: Session) -> None:
    from polydesk.automation.workflows import WorkflowUpdate, update_workflow

    apply_configuration(session, SYSTEM, SITE)
    workflow = get_workflow_by_name(session, "Hardware")
    assert workflow is not None
    update_workflow(session, SYSTEM, workflow.id, WorkflowUpdate(definition={}))  # not deployed
    assert get_entry(session, SYSTEM, "workflows", "Hardware")["definition"]["transitions"] == {
        "New": ["Open"]
    }
    steps = apply_configuration(session, SYSTEM, SITE.replace("[Open]", "[Resolved]")).steps
    assert [s.fields for s in steps if s.section == "workflows"] == [("definition",)]
    assert (workflow.latest_version, workflow.deployed_version) == (3, 3)
