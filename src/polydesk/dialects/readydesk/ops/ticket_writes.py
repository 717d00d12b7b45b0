"""``add_ticket`` and ``update_ticket``: the product's variables read into the core's ticket
command (names resolved, unknown ones refused before anything is written), then one core use
case (``flows.open_ticket`` / ``change_ticket``: the ticket and its custom field values). Update
changes only the variables given; an empty reference (``assigned_to=``, ``assigned_group=0``)
clears it.

Answers ``added_ticket`` / ``updated_ticket`` with the tid (spec B.4: the names are inferred)."""

from __future__ import annotations

from typing import Any

from polydesk.companies.service import get_company_by_name
from polydesk.core.actor import Role
from polydesk.customfields.bulk import enabled_ticket_fields
from polydesk.dialects._kit.hostile import row_id
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.mapping import Categories, names
from polydesk.dialects.readydesk.ops.ticket_rows import OPENED_BY_KEY
from polydesk.dialects.readydesk.params import to_int
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Reply, answer
from polydesk.flows.changing import change_ticket
from polydesk.flows.commands import ChangeTicket, OpenTicket
from polydesk.flows.opening import open_ticket
from polydesk.groups.service import get_group_by_name
from polydesk.helpdesks.service import get_helpdesk, get_helpdesk_by_name, list_levels
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.tickets.service import require_ticket
from polydesk.users.service import get_user, get_user_by_login

API_OPENER = "API"  # opened_by of tickets created by a key that names no user
TEXT_FIELDS = {"subject": "title", "summary": "description", "contact": "contact_name",
               "phone": "contact_phone", "email": "contact_email"}  # fmt: skip
NULLS = ("", "0")


def add_ticket(ctx: Context) -> Reply:
    ctx.params.required("cid")
    ctx.params.required("subject")
    values = TicketReader(ctx, None).values()
    if ctx.actor.user_id is None:
        values["extra"] = {OPENED_BY_KEY: API_OPENER}
    command = OpenTicket(ticket=TicketCreate(**values), custom_values=custom_field_values(ctx))
    opened = open_ticket(ctx.session, ctx.actor, ctx.runtime.resources, command)
    return answer("added_ticket", opened.ticket.id)


def update_ticket_action(ctx: Context) -> Reply:
    tid = to_int("tid", ctx.params.required("tid"))
    current = require_ticket(ctx.session, ctx.actor, tid)
    values = TicketReader(ctx, current).values()
    command = ChangeTicket(fields=[TicketUpdate(**values)], custom_values=custom_field_values(ctx))
    changed = change_ticket(ctx.session, ctx.actor, ctx.runtime.resources, tid, command)
    return answer("updated_ticket", changed.ticket.id)


def custom_field_values(ctx: Context) -> dict[int, str]:
    """Variables named like a custom field (any case) set it; others are not custom fields."""
    given = {}
    for custom_field in enabled_ticket_fields(ctx.session):
        value = ctx.params.raw(custom_field.name.lower())
        if value is not None:
            given[custom_field.id] = value.strip()
    return given


class TicketReader:
    """The ticket variables that were given, as core field values."""

    def __init__(self, ctx: Context, current: Ticket | None) -> None:
        self.ctx = ctx
        self.params = ctx.params
        self.current = current
        self.out: dict[str, Any] = {}

    def supplied(self, name: str) -> str | None:
        raw = self.params.raw(name)
        return None if raw is None else raw.strip()

    def values(self) -> dict[str, Any]:
        for variable, target in TEXT_FIELDS.items():
            value = self.supplied(variable)
            if value is not None:
                self.out[target] = value
        self._people()
        self._catalogs()
        self._assignment()
        self._dates()
        self._customer_group()
        return self.out

    def _people(self) -> None:
        cid = self.supplied("cid")
        if cid is not None:
            user = get_user_by_login(self.ctx.session, cid) if cid else None
            if user is None or user.role is not Role.CUSTOMER:
                raise invalid("cid", f"unknown customer {cid!r}")
            self.out["requester_id"] = user.id
        company = self.supplied("company")
        if company is not None:
            self.out["company_id"] = self._company(company)
        cc = self.supplied("cc_addresses")
        if cc is not None:
            self.out["cc"] = [address.strip() for address in cc.split(",") if address.strip()]

    def _company(self, given: str) -> int | None:
        if given in NULLS:
            return None
        if given.isdigit():
            return row_id(given)  # the core checks that it exists (0, beyond 64 bits, never)
        company = get_company_by_name(self.ctx.session, given)
        if company is None:
            raise invalid("company", f"unknown company {given!r}")
        return company.id

    def _catalogs(self) -> None:
        session = self.ctx.session
        for variable, kind, target, nullable in (
            ("status", "status", "status_id", False),
            ("priority", "priority", "priority_id", False),
            ("source", "source", "source_id", True),
        ):
            value = self.supplied(variable)
            if value is None or (value == "" and nullable and self.current is None):
                continue
            if value == "" and nullable:
                self.out[target] = None
            else:
                self.out[target] = names(session, kind).core_id(value, variable)
        self._category()

    def _category(self) -> None:
        category, sub = self.supplied("category"), self.supplied("sub_category")
        if category is None and sub is None:
            return
        categories = Categories.load(self.ctx.session)
        if category == "":
            self.out["category_id"] = None
            return
        parent = self._parent_category(categories, category)
        if sub and parent is None:
            raise invalid("sub_category", "give a category first")
        self.out["category_id"] = categories.child(parent, sub) if sub and parent else parent

    def _parent_category(self, categories: Categories, category: str | None) -> int | None:
        if category:
            return categories.names.core_id(category, "category")
        current = self.current.category_id if self.current is not None else None
        row = categories.rows.get(current) if current is not None else None
        return row.parent_id or row.id if row is not None else None

    def _assignment(self) -> None:
        tech = self.supplied("assigned_to")
        if tech is not None:
            self.out["owner_id"] = self._tech(tech)
        group = self.supplied("assigned_group")
        if group is not None:
            self.out["helpdesk_id"] = self._group(group)
        level = self.supplied("escalation_level")
        if level:
            self.out["level"] = self._level(level)

    def _tech(self, given: str) -> int | None:
        if given in NULLS:
            return None
        session = self.ctx.session
        user = get_user_by_login(session, given)
        if user is None and given.isdigit():
            user = get_user(session, row_id(given))
        if user is None or user.role is Role.CUSTOMER:
            raise invalid("assigned_to", f"unknown technician {given!r}")
        return user.id

    def _group(self, given: str) -> int | None:
        if given in NULLS:
            return None
        session = self.ctx.session
        found = get_helpdesk(session, row_id(given)) if given.isdigit() else None
        found = found or get_helpdesk_by_name(session, given)
        if found is None:
            raise invalid("assigned_group", f"unknown technician group {given!r}")
        return found.id

    def _level(self, given: str) -> int:
        desk = self.out.get("helpdesk_id", self.current.helpdesk_id if self.current else None)
        if desk is None:
            raise invalid("escalation_level", "the ticket has no technician group")
        levels = {level.name.lower(): level.level for level in list_levels(self.ctx.session, desk)}
        if given.lower() in levels:
            return levels[given.lower()]
        if given.isdigit() and row_id(given) in levels.values():
            return row_id(given)
        raise invalid("escalation_level", f"unknown escalation level {given!r}")

    def _dates(self) -> None:
        due = self.supplied("due_date")
        if due is not None:
            self.out["due_at"] = self.params.date("due_date") if due else None
        # An import's own dates replace the core's stamps (tickets.imported_dates); empty
        # keeps them (the open date cannot be removed, the close date goes with the status).
        for variable, target in (("open_date", "opened_at"), ("close_date", "closed_at")):
            if self.supplied(variable):
                self.out[target] = self.params.date(variable)

    def _customer_group(self) -> None:
        """A group by id or name (the core checks an id exists); empty or ``0`` clears it."""
        given = self.supplied("customer_group")
        if given is None or (given in NULLS and self.current is None):
            return
        if given in NULLS:
            self.out["customer_group_id"] = None
        elif given.isdigit():
            self.out["customer_group_id"] = row_id(given)
        else:
            group = get_group_by_name(self.ctx.session, given)
            if group is None:
                raise invalid("customer_group", f"unknown customer group {given!r}")
            self.out["customer_group_id"] = group.id


ACTIONS: dict[str, Action] = {"add_ticket": add_ticket, "update_ticket": update_ticket_action}
