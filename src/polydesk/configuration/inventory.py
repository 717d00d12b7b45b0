"""Site-file kind for inventory items: Integria's inventory objects, InvGate's configuration
items (CIs), ReadyDesk's assets.

- Items are named by their ``name``, unique ignoring case for a site file: it is what the
  products show and search (Integria lists id and name, InvGate relates CIs by name). Serial
  numbers are not unique in the core, and most items of a fresh install have none. An install
  with two items of one name refuses to change either through a site file until one is renamed.
- ``type`` is free text (Integria's object type, InvGate's CI type); ``owner`` is a user's
  login, ``company`` a company's name, ``location`` a location's name, ``parent`` another
  item's name (applied first; export lists parents first).
- A CI imported from an IT asset management tool carries its identity there: ``itam_source``
  (InvGate's ``ci_source_id``), ``external_id`` (its id in that tool) and ``ci_group``
  (``Asset``, ``BusinessApplication``...), which ``incidents.by.cis`` asks by.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field
from sqlalchemy import select

from polydesk.companies.locations import get_location_by_name
from polydesk.companies.service import get_company_by_name
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.ordering import parents_first
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.inventory.admin import InventoryItemUpdate, item_named, update_item
from polydesk.inventory.service import InventoryItemCreate, ItemStatus, create_item
from polydesk.models.companies import Company, Location
from polydesk.models.inventory import InventoryItem
from polydesk.models.users import User
from polydesk.users.service import get_user_by_login


class InventoryEntry(Entry):
    name: str = Field(min_length=1, max_length=255, examples=["SRV-1"])
    type: str = Field(default="", max_length=100, examples=["Server"])
    description: str = Field(default="", max_length=100_000)
    serial_number: str = Field(default="", max_length=255)
    part_number: str = Field(default="", max_length=255)
    manufacturer: str = Field(default="", max_length=255)
    status: ItemStatus = "new"
    owner: str | None = Field(default=None, description="the owner's login")
    company: str | None = Field(default=None, description="the company's name")
    location: str | None = Field(default=None, description="the location's name")
    parent: str | None = Field(default=None, description="the parent item's name")
    public: bool = Field(default=True, description="customers may see it")
    cost: float | None = Field(default=None, ge=0, lt=1e12)
    received_on: date | None = None
    issued_on: date | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    itam_source: int | None = Field(default=None, ge=1, le=2**31 - 1)
    external_id: int | None = Field(default=None, ge=1, le=2**63 - 1)
    ci_group: str = Field(default="", max_length=64, examples=["Asset"])


#: Entry field -> core command field, where they differ.
_COLUMNS = {"type": "item_type", "public": "is_public", "itam_source": "itam_source_id"}
_REFERENCES = ("owner", "company", "location", "parent")
_ENTITIES = {"owner": "user", "parent": "inventory"}


class Inventory(Kind[InventoryEntry]):
    section = "inventory"
    entry = InventoryEntry

    def export(self, session: Session) -> list[InventoryEntry]:
        items = session.scalars(select(InventoryItem).order_by(InventoryItem.name_key)).all()
        by_id = {item.id: item for item in items}
        depth = {item.id: _depth(item, by_id) for item in items}
        ordered = sorted(items, key=lambda item: (depth[item.id], item.name_key, item.id))
        return [self._entry(session, item) for item in ordered]

    def ordered(self, entries: list[InventoryEntry]) -> list[InventoryEntry]:
        """Each item after its parent when the file has both, otherwise in the file's order."""
        return parents_first(entries, key=str.casefold, release_one=True)

    def current(self, session: Session, key: str) -> InventoryEntry | None:
        item = item_named(session, key)
        return None if item is None else self._entry(session, item)

    def create(self, session: Session, actor: Actor, entry: InventoryEntry) -> Outcome:
        values = _command_fields(session, entry.model_dump())
        create_item(session, actor, InventoryItemCreate(**values))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        item = item_named(session, key)
        if item is None:
            raise not_found("inventory", key)
        update_item(
            session, actor, item.id, InventoryItemUpdate(**_command_fields(session, changes))
        )
        return Outcome()

    def _entry(self, session: Session, item: InventoryItem) -> InventoryEntry:
        plain = set(InventoryEntry.model_fields) - set(_COLUMNS) - set(_REFERENCES)
        values = {name: getattr(item, name) for name in plain}
        values.update({name: getattr(item, column) for name, column in _COLUMNS.items()})
        owner = session.get(User, item.owner_id) if item.owner_id else None
        company = session.get(Company, item.company_id) if item.company_id else None
        location = session.get(Location, item.location_id) if item.location_id else None
        parent = session.get(InventoryItem, item.parent_id) if item.parent_id else None
        return InventoryEntry.model_construct(
            **values,
            owner=owner.login if owner else None,
            company=company.name if company else None,
            location=location.name if location else None,
            parent=parent.name if parent else None,
        )


def _command_fields(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """Entry fields as the core command's: renamed, and references by name turned into ids."""
    command = {_COLUMNS.get(name, name): value for name, value in fields.items()}
    for name in _REFERENCES:
        if name in command:
            reference = command.pop(name)
            command[f"{name}_id"] = None if reference is None else _id_of(session, name, reference)
    return command


def _id_of(session: Session, kind: str, name: str) -> int:
    found: Any
    if kind == "owner":
        found = get_user_by_login(session, name)
    elif kind == "company":
        found = get_company_by_name(session, name)
    elif kind == "location":
        found = get_location_by_name(session, name, include_disabled=True)
    else:
        found = item_named(session, name)
    if found is None:
        raise not_found(_ENTITIES.get(kind, kind), name)
    return int(found.id)


def _depth(item: InventoryItem, by_id: dict[int, InventoryItem]) -> int:
    """How many ancestors ``item`` has (a cycle, which the core refuses, stops the count)."""
    depth, seen, parent_id = 0, {item.id}, item.parent_id
    while parent_id is not None and parent_id in by_id and parent_id not in seen:
        seen.add(parent_id)
        depth += 1
        parent_id = by_id[parent_id].parent_id
    return depth
