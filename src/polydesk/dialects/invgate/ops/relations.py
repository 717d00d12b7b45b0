"""Who and what a request is tied to: collaborators and observers (``tickets.participants``),
linked requests and external entities (``tickets.links``).

Decisions where the seed is silent:
- ``user_id`` and ``users_id[]`` may be sent together (the single id comes first); one of
  them is required (428). ``author_id`` acts (``Context.acting_as``). The answer says how many
  were added and how many were already there.
- ``GET`` of collaborators and observers is a bare array of user ids, ascending (as live
  instances answer); linked requests are ``[{id, title}]`` by id.
- External entity links: ``external_entity_ref_id`` is the entity's own reference for the case
  (linking the same entity with the same reference again answers the existing ``link_id``);
  ``link_id`` is a string in the POST answer (the seed types it STRING) and an integer in the
  list. ``ext_ref_id`` is the reference as an integer when it is one, else the text (``null``
  when empty); ``type`` is always 100; ``status`` 1 enabled / 0 removed.
"""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ok
from polydesk.models.tickets import ExternalEntity, ParticipantRole, TicketExternalEntity
from polydesk.tickets import links
from polydesk.tickets.participants import add_participants, list_participants

ENTITY_TYPE = 100


def add_collaborators(ctx: Context, params: Params) -> dict[str, Any]:
    return _add(ctx, params, ParticipantRole.COLLABORATOR)


def add_observers(ctx: Context, params: Params) -> dict[str, Any]:
    return _add(ctx, params, ParticipantRole.OBSERVER)


def list_collaborators(ctx: Context, params: Params) -> list[int]:
    return _list(ctx, params, ParticipantRole.COLLABORATOR)


def list_observers(ctx: Context, params: Params) -> list[int]:
    return _list(ctx, params, ParticipantRole.OBSERVER)


def _add(ctx: Context, params: Params, role: ParticipantRole) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    users = list(params.integers("users_id") or [])
    single = params.integer("user_id")
    if single is not None:
        users.insert(0, single)
    if not users:
        raise bad_parameter("The parameter user_id or users_id is required")
    added = add_participants(ctx.session, author, ticket_id, role, users)
    fresh = sum(1 for was_added in added.values() if was_added)
    return ok(f"{fresh} {role.value}s added, {len(added) - fresh} already there")


def _list(ctx: Context, params: Params, role: ParticipantRole) -> list[int]:
    ticket_id = params.required_integer("request_id")
    return list_participants(ctx.session, ctx.actor, ticket_id, role)


def link_requests(ctx: Context, params: Params) -> dict[str, Any]:
    ticket_id = params.required_integer("request_id")
    others = params.integers("request_ids") or []
    if not others:
        raise bad_parameter("The parameter request_ids is required")
    linked = links.link_tickets(ctx.session, ctx.actor, ticket_id, others)
    fresh = sum(1 for was_linked in linked.values() if was_linked)
    return ok(f"{fresh} requests linked, {len(linked) - fresh} already linked")


def list_linked_requests(ctx: Context, params: Params) -> list[dict[str, Any]]:
    found = links.list_linked_tickets(ctx.session, ctx.actor, params.required_integer("request_id"))
    return [{"id": ticket.id, "title": ticket.title} for ticket in found]


def link_external_entity(ctx: Context, params: Params) -> dict[str, Any]:
    link = links.link_external_entity(
        ctx.session,
        ctx.actor,
        params.required_integer("request_id"),
        params.required_integer("external_entity_id"),
        reference=(params.text("external_entity_ref_id") or "").strip(),
    )
    return ok("External entity linked", link_id=str(link.id))


def list_external_entities(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ticket_id = params.required_integer("request_id")
    found = links.list_external_entity_links(ctx.session, ctx.actor, ticket_id)
    return [_entity_row(link, entity) for link, entity in found]


def _entity_row(link: TicketExternalEntity, entity: ExternalEntity) -> dict[str, Any]:
    return {
        "link_id": link.id,
        "type": ENTITY_TYPE,
        "ext_ref_id": _reference(link.reference),
        "status": int(link.is_enabled),
        "name": entity.name,
        "ref_id": entity.id,
    }


def _reference(reference: str) -> int | str | None:
    if reference.isascii() and reference.isdigit():
        return int(reference)
    return reference or None
