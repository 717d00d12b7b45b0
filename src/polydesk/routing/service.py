"""Routing and assignment of a new ticket, run inside ``tickets.service.create_ticket``
(synchronously, so the creating response already shows the desk and the owner).

Decisions:
- Routing runs only when the caller gave no help desk; a given desk is never overridden.
- The routed level is the rule's; a caller's level is kept only with a caller's desk.
- Assignment runs when the ticket has a desk and no owner was given: the desk's default owner,
  else its engine (``routing.assignment``).
- Cheap when there is nothing to do: a desk given by the caller was read by
  ``check_references`` and is passed in, so a manual or free desk without a default owner costs no
  statement; a ticket with no desk costs one (the enabled rules).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.models.catalogs import Category
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.routing import RoutingRule
from polydesk.routing.assignment import owner_for_new
from polydesk.routing.rules import Route, RouteFacts, choose_route


def route_new_ticket(
    session: Session, values: dict[str, Any], now: datetime, given_desk: Helpdesk | None
) -> None:
    """Fill ``helpdesk_id``, ``level`` and ``owner_id`` of a new ticket's values in place.
    ``given_desk``: the row of the desk the caller named, as ``check_references`` read it."""
    helpdesk = given_desk
    if values.get("helpdesk_id") is None:
        route = route_for(session, values)
        if route is None:
            return
        helpdesk = session.get_one(Helpdesk, route.helpdesk_id)
        if not helpdesk.is_enabled:
            return  # a rule pointing at a disabled desk routes nowhere (as with no rule)
        values["helpdesk_id"], values["level"] = route.helpdesk_id, route.level
    if values.get("owner_id") is not None or helpdesk is None:
        return
    owner = owner_for_new(session, helpdesk, values.get("level") or 1, now)
    if owner is not None:
        values["owner_id"] = owner


def route_for(session: Session, values: dict[str, Any]) -> Route | None:
    """Where the rules send a ticket with these field values (ids), if anywhere."""
    query = (
        select(RoutingRule)
        .where(RoutingRule.is_enabled)
        .order_by(RoutingRule.position, RoutingRule.name)
    )
    rules = list(session.scalars(query))
    if not rules:
        return None
    with_category = any(rule.category_id is not None for rule in rules)
    facts = RouteFacts(
        category_ids=_category_line(session, values.get("category_id"))
        if with_category
        else frozenset(),
        type_id=values.get("type_id"),
        source_id=values.get("source_id"),
        company_id=values.get("company_id"),
    )
    return choose_route(rules, facts)


def _category_line(session: Session, category_id: int | None) -> frozenset[int]:
    """The category and its ancestors (identity-map hits after check_references; a stored
    cycle ends the walk)."""
    line: set[int] = set()
    while category_id is not None and category_id not in line:
        line.add(category_id)
        category = session.get(Category, category_id)
        category_id = category.parent_id if category else None
    return frozenset(line)
