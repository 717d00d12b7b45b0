"""A ticket as the 38 ``get_tickets`` output variables (seed table, in its order; B.5).

Everything a page of tickets refers to is loaded once per page, for the reader, from the shared
read model (``tickets.digest`` through ``TicketLookups``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.customfields.bulk import enabled_ticket_fields
from polydesk.db import Session
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.mapping import Categories, Names, names
from polydesk.dialects.readydesk.wire import CustomFields, Field, Item
from polydesk.models.companies import Company
from polydesk.models.customfields import CustomField
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.bundles import TicketRelations
from polydesk.tickets.digest import TicketDigest

OPENED_BY_KEY = "readydesk.opened_by"
UPDATER_TYPES = {Role.CUSTOMER: "CUSTOMER", Role.AGENT: "TECH", Role.ADMIN: "ADMIN"}


@dataclass
class TicketLookups:
    """ReadyDesk's view of the shared read model (``tickets.digest``) of a page of tickets, for
    the reader, plus the dialect's own names and the enabled custom fields."""

    digest: TicketDigest
    statuses: Names
    priorities: Names
    sources: Names
    categories: Categories
    fields: list[CustomField]

    @classmethod
    def load(cls, session: Session, actor: Actor, tickets: Sequence[Ticket]) -> TicketLookups:
        return cls(
            digest=TicketDigest(session, actor, tickets),
            statuses=names(session, "status"),
            priorities=names(session, "priority"),
            sources=names(session, "source"),
            categories=Categories.load(session),
            fields=enabled_ticket_fields(session),
        )

    @property
    def users(self) -> dict[int, User]:
        return self.digest.users

    @property
    def companies(self) -> dict[int, Company]:
        return self.digest.companies

    @property
    def groups(self) -> dict[int, str]:
        return self.digest.helpdesks

    @property
    def levels(self) -> dict[tuple[int, int], str]:
        return self.digest.levels

    @property
    def relations(self) -> TicketRelations:
        return self.digest.relations

    @property
    def values(self) -> dict[int, dict[int, str]]:
        return self.digest.custom_values

    def login(self, user_id: int | None) -> str:
        return self.digest.login(user_id)


def ticket_record(ctx: Context, ticket: Ticket, lookups: TicketLookups) -> list[Item]:
    requester = lookups.users.get(ticket.requester_id) if ticket.requester_id else None
    company = lookups.companies.get(ticket.company_id) if ticket.company_id else None
    return [
        Field("tid", str(ticket.id)),
        Field("cid", requester.login if requester else "", encoded=True),
        Field("company_id", str(ticket.company_id or 0)),
        Field("company_name", company.name if company else "", encoded=True),
        *_contact(ticket, requester),
        Field("cc_addresses", ",".join(cc.email for cc in ticket.cc), encoded=True),
        Field("date_opened", ctx.date(ticket.created_at)),
        Field("date_closed", ctx.date(ticket.closed_at)),
        *_classification(ticket, lookups),
        # A due date set on the ticket wins; else the SLA's resolution due time (docs/sla.md).
        Field("due_date", ctx.date(ticket.due_at or ticket.resolution_due_at)),
        *_updates(ctx, ticket, lookups),
        *_assignment(ticket, lookups),
        *_links(ticket, lookups),
        CustomFields(_custom_fields(ticket, lookups)),
        Field("subject", ticket.title, encoded=True),
        Field("summary", ticket.description, encoded=True),
    ]


def _contact(ticket: Ticket, requester: User | None) -> list[Field]:
    """The ticket's own copy of the contact details, else the customer's."""
    name = ticket.contact_name or (requester.full_name if requester else "")
    phone = ticket.contact_phone or (requester.phone if requester else "")
    email = ticket.contact_email or ((requester.email or "") if requester else "")
    return [
        Field("contact", name, encoded=True),
        Field("phone", phone, encoded=True),
        Field("email", email, encoded=True),
    ]


def _classification(ticket: Ticket, lookups: TicketLookups) -> list[Field]:
    level = ""
    if ticket.helpdesk_id is not None:
        level = lookups.levels.get((ticket.helpdesk_id, ticket.level), "")
    return [
        Field("source", lookups.sources.name(ticket.source_id), encoded=True),
        Field("category", lookups.categories.category(ticket.category_id), encoded=True),
        Field("sub_category", lookups.categories.sub_category(ticket.category_id), encoded=True),
        Field("status", lookups.statuses.name(ticket.status_id), encoded=True),
        Field("priority", lookups.priorities.name(ticket.priority_id), encoded=True),
        Field("escalation_level", level, encoded=True),
    ]


def _updates(ctx: Context, ticket: Ticket, lookups: TicketLookups) -> list[Field]:
    opened_by = lookups.login(ticket.creator_id) or str(ticket.extra.get(OPENED_BY_KEY, ""))
    editor = lookups.users.get(ticket.last_editor_id) if ticket.last_editor_id else None
    # No user edited last: the system did (a job, the CLI, a key bound to no user), which acts
    # with admin rights, as the product's one installation key does.
    return [
        Field("opened_by", opened_by),
        Field("last_updated", ctx.date(ticket.updated_at)),
        Field("updated_by", editor.login if editor else SYSTEM.login, encoded=True),
        Field("updater_type", UPDATER_TYPES[editor.role] if editor else "ADMIN"),
    ]


def _assignment(ticket: Ticket, lookups: TicketLookups) -> list[Field]:
    group = lookups.groups.get(ticket.helpdesk_id, "") if ticket.helpdesk_id else ""
    customer_group = lookups.digest.customer_groups.get(ticket.customer_group_id or 0, "")
    return [
        Field("assigned_tech", lookups.login(ticket.owner_id)),
        Field("assigned_group_id", str(ticket.helpdesk_id or 0)),
        Field("assigned_group_name", group, encoded=True),
        Field("customer_group_id", str(ticket.customer_group_id or 0)),
        Field("customer_group_name", customer_group, encoded=True),
        Field("locked", "Y" if ticket.is_locked else "N"),
        Field("locked_by", lookups.login(ticket.locked_by_id) if ticket.is_locked else ""),
    ]


def _links(ticket: Ticket, lookups: TicketLookups) -> list[Field]:
    relations = lookups.relations
    merged_to = relations.merged_into.get(ticket.id)
    items = relations.inventory.get(ticket.id, [])
    # Assets are the items kept by hand; devices the ones an inventory tool discovered.
    assets = [item for item in items if item not in relations.discovered]
    devices = [item for item in items if item in relations.discovered]
    return [
        Field("linked_asset", _ids(assets)),
        # ReadyDesk calls tickets "calls": the tickets linked to this one.
        Field("linked_calls", _ids(relations.related.get(ticket.id, []))),
        Field("linked_devices", _ids(devices)),
        Field("merged", "Y" if merged_to is not None else "N"),
        Field("merged_to", str(merged_to) if merged_to is not None else ""),
        Field("parent_ticket", str(ticket.parent_id or 0)),
        Field("children_tickets", _ids(relations.children.get(ticket.id, []))),
    ]


def _custom_fields(ticket: Ticket, lookups: TicketLookups) -> list[tuple[str, str]]:
    """Every enabled field that applies to the ticket's type, by name, empty when unset."""
    values = lookups.values.get(ticket.id, {})
    return [
        (field.name, values.get(field.id, ""))
        for field in lookups.fields
        if field.ticket_type_id is None or field.ticket_type_id == ticket.type_id
    ]


def _ids(values: Sequence[int]) -> str:
    return ",".join(str(value) for value in values)
