"""Site-file section inventory: items by name with their type, references by name (owner,
company, location, parent), ITAM identities; kept, changed, exported and refused."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import apply_configuration, export_configuration
from polydesk.core.actor import SYSTEM
from polydesk.inventory.admin import item_named
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.inventory import InventoryItem
from tests.factories import make_company, make_user

SITE = """\
inventory:
  - name: SRV-1 disk
    type: Disk
    parent: SRV-1
  - name: SRV-1
    type: Server
    serial_number: SN-001
    manufacturer: Dell
    status: inuse
    owner: jane
    company: ACME
    cost: 1200.5
    received_on: 2024-01-15
    attributes: {rack: B2}
    itam_source: 7
    external_id: 501
    ci_group: Asset
  - name: CRM
    type: Business application
    public: false
"""


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(InventoryItem)) or 0


@pytest.fixture
def directory(session: Session) -> None:
    make_company(session, "ACME")
    make_user(session, login="jane")


@pytest.mark.usefixtures("directory")
def test_apply_creates_then_keeps(session: Session) -> None:
    first = apply_configuration(session, SYSTEM, SITE)

    assert [(s.key, s.action.value) for s in first.steps] == [
        ("SRV-1", "create"),
        ("CRM", "create"),
        ("SRV-1 disk", "create"),
    ]
    server, disk = item_named(session, "srv-1"), item_named(session, "SRV-1 disk")
    assert server is not None and disk is not None and disk.parent_id == server.id
    assert (server.item_type, server.status, server.serial_number) == ("Server", "inuse", "SN-001")
    assert (server.itam_source_id, server.external_id, server.ci_group) == (7, 501, "Asset")
    assert server.received_on == date(2024, 1, 15) and server.attributes == {"rack": "B2"}
    assert server.owner_id is not None and server.company_id is not None

    again = apply_configuration(session, SYSTEM, SITE)
    assert {step.action.value for step in again.steps} == {"keep"}


@pytest.mark.usefixtures("directory")
def test_changes_and_clearing_follow_the_file(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    changed = apply_configuration(
        session,
        SYSTEM,
        "inventory:\n  - name: SRV-1\n    status: unused\n    owner: null\n    cost: null\n"
        "  - name: SRV-1 disk\n    parent: CRM\n",
    )

    assert [(s.key, s.fields) for s in changed.steps] == [
        ("SRV-1", ("cost", "owner", "status")),
        ("SRV-1 disk", ("parent",)),
    ]
    server, disk, crm = (item_named(session, n) for n in ("SRV-1", "SRV-1 disk", "CRM"))
    assert server is not None and disk is not None and crm is not None
    assert (server.status, server.owner_id, server.cost) == ("unused", None, None)
    assert server.serial_number == "SN-001"  # left out: kept
    assert disk.parent_id == crm.id


@pytest.mark.usefixtures("directory")
def test_export_lists_parents_first_and_applies_as_keep(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    exported = export_configuration(session, SYSTEM)
    entries = yaml.safe_load(exported)["inventory"]

    assert [entry["name"] for entry in entries] == ["CRM", "SRV-1", "SRV-1 disk"]
    assert entries[1]["owner"] == "jane" and entries[1]["company"] == "ACME"
    assert entries[1]["itam_source"] == 7 and entries[1]["external_id"] == 501
    again = apply_configuration(session, SYSTEM, exported)
    assert {step.action.value for step in again.steps} == {"keep"}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("inventory:\n  - name: A\n    status: broken\n", "line 3: status"),
        ("inventory:\n  - name: A\n    owner: nobody\n", "user nobody not found"),
        ("inventory:\n  - name: A\n    location: Moon\n", "location Moon not found"),
        ("inventory:\n  - name: A\n    parent: B\n", "inventory B not found"),
        ("inventory:\n  - name: A\n    external_id: 5\n", "needs its itam_source_id"),
        ("inventory:\n  - name: A\n    serial: 5\n", "serial: Extra inputs"),
        ("inventory:\n  - name: A\n  - name: a\n", "'a' is already on line 2"),
        (
            "inventory:\n  - name: A\n    itam_source: 1\n    external_id: 5\n"
            "  - name: B\n    itam_source: 1\n    external_id: 5\n",
            "source 1 already has an item 5",
        ),
    ],
)
def test_bad_entries_are_refused_with_their_line(
    session: Session, document: str, message: str
) -> None:
    with pytest.raises(InvalidConfiguration) as raised:
        apply_configuration(session, SYSTEM, document)

    assert message in str(raised.value)
    session.rollback()  # what every caller does with a refused file
    assert _count(session) == 0


def test_an_item_cannot_go_under_itself(session: Session) -> None:
    apply_configuration(session, SYSTEM, "inventory:\n  - name: A\n  - name: B\n    parent: A\n")

    with pytest.raises(InvalidConfiguration) as raised:
        apply_configuration(session, SYSTEM, "inventory:\n  - name: A\n    parent: B\n")

    assert "'A' cannot be under itself" in str(raised.value)
    item = item_named(session, "A")
    assert item is not None and item.parent_id is None


def test_two_items_of_one_name_are_named_not_guessed(session: Session) -> None:
    for _ in range(2):
        create_item(session, SYSTEM, InventoryItemCreate(name="Laptop"))

    with pytest.raises(InvalidConfiguration) as raised:
        apply_configuration(session, SYSTEM, "inventory:\n  - name: laptop\n    status: inuse\n")

    assert "several items are named 'laptop'" in str(raised.value)
