"""A help desk for the action tests, made through the core: a desk with a read-write agent
(ann), a read-only agent (rita), an agent of another desk (otto), a customer, and tickets."""

from __future__ import annotations

from dataclasses import dataclass

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_helpdesk, make_ticket, make_user

PASSWORD = "correct-horse"


@dataclass(frozen=True)
class Scene:
    desk_id: int
    other_desk_id: int
    ann_id: int
    tickets: list[int]  # three tickets in ann's desk
    numbers: list[str]
    elsewhere: int  # a ticket in the other desk


def make_scene(runtime: Runtime) -> Scene:
    with unit_of_work(runtime.factory) as session:
        desk, other = make_helpdesk(session, "Service"), make_helpdesk(session, "Facilities")
        ann = make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[desk])
        make_user(session, Role.AGENT, login="rita", password=PASSWORD, read_only=[desk])
        make_user(session, Role.AGENT, login="otto", password=PASSWORD, helpdesks=[other])
        cy = make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD)
        made = [make_ticket(session, title=f"Laptop {n}", helpdesk_id=desk.id,
                            requester_id=cy.id) for n in range(3)]  # fmt: skip
        far = make_ticket(session, title="Broken chair", helpdesk_id=other.id)
        return Scene(desk.id, other.id, ann.id, [t.id for t in made], [t.number for t in made],
                     far.id)  # fmt: skip
