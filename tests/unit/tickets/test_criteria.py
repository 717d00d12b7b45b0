"""Rich ticket search (TicketCriteria -> one SQL query of ids), on SQLite and PostgreSQL. (Text
patterns: ``test_patterns``; Znuny's grammar for them: ``tests/dialects/znuny``.)"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import event
from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import NotFound, ValidationFailed
from polydesk.core.pagination import PageRequest
from polydesk.customfields.service import CustomFieldCreate, create_field, set_ticket_values
from polydesk.models.attachments import Attachment
from polydesk.models.catalogs import Category, Priority, Status, StatusCategory, TicketType
from polydesk.models.customfields import FieldType
from polydesk.models.helpdesks import Helpdesk, Sla
from polydesk.models.tickets import ParticipantRole, Ticket, TicketParticipant
from polydesk.tickets.criteria import Pattern, SortKey, TicketCriteria
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import search_ticket_ids, update_ticket
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user

DAY = timedelta(days=1)
T0 = datetime(2031, 3, 1, 12, 0, tzinfo=UTC)
_seq = itertools.count(1)


def _ids(session: Session, who: Actor = SYSTEM, limit: int = 500, **criteria: Any) -> list[int]:
    return search_ticket_ids(session, who, TicketCriteria(**criteria), PageRequest(limit))


def _found(session: Session, who: Actor = SYSTEM, **criteria: Any) -> set[int]:
    return set(_ids(session, who, **criteria))


def _tickets(session: Session, count: int, **fields: Any) -> list[Ticket]:
    return [make_ticket(session, **fields) for _ in range(count)]


def _set(session: Session, row: Any, **values: Any) -> None:
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()


def _add(session: Session, row: Any) -> Any:
    session.add(row)
    session.flush()
    return row


def _status(session: Session, name: str, category: StatusCategory = StatusCategory.OPEN) -> int:
    return int(_add(session, Status(name=name, category=category)).id)


def _priority(session: Session, position: int) -> int:
    return int(_add(session, Priority(name=f"prio{next(_seq)}", position=position)).id)


def _attach(session: Session, ticket: Ticket, filename: str, *, public: bool = True) -> None:
    _add(
        session,
        Attachment(
            ticket_id=ticket.id,
            filename=filename,
            size=1,
            sha256="0" * 64,
            storage_key=f"criteria-{next(_seq)}",
            is_public=public,
            created_at=T0,
        ),
    )


# --- id lists ----------------------------------------------------------------------------------


def test_current_value_id_lists(session: Session) -> None:
    agent, other_agent = make_user(session), make_user(session)
    one, two, three = _tickets(session, 3)
    first, second = _status(session, "crit-a"), _status(session, "crit-b")
    sla = _add(session, Sla(name="crit-gold"))
    category = _add(session, Category(name="crit-cat"))
    kind = _add(session, TicketType(name="crit-type"))
    high = _priority(session, 900)
    _set(session, one, status_id=first, sla_id=sla.id, owner_id=agent.id, is_locked=True)
    _set(session, two, status_id=second, category_id=category.id, type_id=kind.id)
    _set(session, three, status_id=second, priority_id=high, responsible_id=other_agent.id)
    _add(
        session,
        TicketParticipant(ticket_id=two.id, user_id=agent.id, role=ParticipantRole.OBSERVER),
    )
    assert _found(session, ids=[one.id, three.id]) == {one.id, three.id}
    assert _found(session, status_ids=[second]) == {two.id, three.id}
    assert _found(session, status_ids=[second], ids=[three.id, one.id]) == {three.id}  # ANDed
    assert _found(session, priority_ids=[high]) == {three.id}
    assert _found(session, type_ids=[kind.id]) == {two.id}
    assert _found(session, category_ids=[category.id]) == {two.id}
    assert _found(session, sla_ids=[sla.id]) == {one.id}
    assert _found(session, owner_ids=[agent.id]) == {one.id}
    assert _found(session, responsible_ids=[other_agent.id]) == {three.id}
    assert _found(session, participant_user_ids=[agent.id, other_agent.id]) == {two.id}
    assert _found(session, locked=[True]) == {one.id}
    assert _found(session, locked=[False]) == {two.id, three.id}
    assert _found(session, locked=[True, False]) == {one.id, two.id, three.id}
    assert _found(session, status_ids=[]) == set()  # an empty list matches nothing


def test_creator_ids(session: Session) -> None:
    agent = make_user(session)
    mine = make_ticket(session, as_user=agent)
    make_ticket(session)
    assert _found(session, creator_ids=[agent.id]) == {mine.id}


def test_helpdesks_with_and_without_sub_helpdesks(session: Session) -> None:
    root, child, grandchild, other = (make_helpdesk(session) for _ in range(4))
    _set(session, child, parent_id=root.id)
    _set(session, grandchild, parent_id=child.id)
    tickets = {
        desk.id: make_ticket(session, helpdesk_id=desk.id).id
        for desk in (root, child, grandchild, other)
    }
    make_ticket(session)  # no help desk
    assert _found(session, helpdesk_ids=[root.id]) == {tickets[root.id]}
    assert _found(session, helpdesk_ids=[root.id], include_sub_helpdesks=True) == {
        tickets[root.id],
        tickets[child.id],
        tickets[grandchild.id],
    }
    assert _found(session, helpdesk_ids=[child.id, other.id], include_sub_helpdesks=True) == {
        tickets[child.id],
        tickets[grandchild.id],
        tickets[other.id],
    }
    assert _found(session, helpdesk_ids=[], include_sub_helpdesks=True) == set()


# --- values as created -------------------------------------------------------------------------


def test_as_created_filters_follow_the_first_history_event(session: Session) -> None:
    new, open_ = _status(session, "crit-new", StatusCategory.NEW), _status(session, "crit-open")
    desk, other_desk = make_helpdesk(session), make_helpdesk(session)
    low, high = _priority(session, 901), _priority(session, 902)
    kind_a = _add(session, TicketType(name="crit-type-a"))
    kind_b = _add(session, TicketType(name="crit-type-b"))
    changed = make_ticket(
        session, status_id=new, priority_id=low, type_id=kind_a.id, helpdesk_id=desk.id
    )
    update = TicketUpdate(
        status_id=open_, priority_id=high, type_id=kind_b.id, helpdesk_id=other_desk.id
    )
    update_ticket(session, SYSTEM, changed.id, update)
    update_ticket(session, SYSTEM, changed.id, TicketUpdate(status_id=new))  # and back
    born_open = make_ticket(session, status_id=open_, priority_id=high, type_id=kind_b.id)
    moved_in = make_ticket(session)
    update_ticket(session, SYSTEM, moved_in.id, TicketUpdate(helpdesk_id=desk.id))
    assert _found(session, created_status_ids=[new]) == {changed.id}
    assert _found(session, created_status_ids=[open_]) == {born_open.id}
    assert _found(session, status_ids=[new]) == {changed.id}
    assert _found(session, created_priority_ids=[low]) == {changed.id}
    assert _found(session, created_priority_ids=[high]) == {born_open.id}
    assert _found(session, created_type_ids=[kind_a.id]) == {changed.id}
    assert _found(session, created_type_ids=[kind_b.id]) == {born_open.id}
    assert _found(session, created_helpdesk_ids=[desk.id]) == {changed.id}  # not moved_in
    assert _found(session, created_helpdesk_ids=[other_desk.id]) == set()
    assert _found(session, helpdesk_ids=[desk.id]) == {moved_in.id}


# --- time windows ------------------------------------------------------------------------------


def test_created_updated_closed_and_changed_windows(session: Session) -> None:
    closed_status = _status(session, "crit-closed", StatusCategory.CLOSED)
    with frozen(T0):
        early = make_ticket(session)
    with frozen(T0 + DAY):
        late = make_ticket(session)
    with frozen(T0 + 3 * DAY):
        update_ticket(session, SYSTEM, early.id, TicketUpdate(status_id=closed_status))
    assert _found(session, created={"before": T0}) == {early.id}  # inclusive
    assert _found(session, created={"after": T0 + DAY}) == {late.id}
    assert _found(session, created={"after": T0, "before": T0 + DAY}) == {early.id, late.id}
    assert _found(session, created={"after": T0 + DAY / 2, "before": T0 + 2 * DAY}) == {late.id}
    assert _found(session, updated={"after": T0 + 2 * DAY}) == {early.id}
    assert _found(session, updated={"before": T0 + DAY}) == {late.id}
    assert _found(session, closed={"after": T0}) == {early.id}
    assert _found(session, closed={}) == {early.id}  # open tickets never match
    assert _found(session, closed={"before": T0 + 2 * DAY}) == set()
    assert _found(session, changed={"after": T0 + 2 * DAY}) == {early.id}
    assert _found(session, changed={"after": T0 + DAY, "before": T0 + DAY}) == {late.id}
    assert _found(session, changed={"before": T0 - DAY}) == set()


def test_pending_and_escalation_windows(session: Session) -> None:
    pending, response_first, solution_first, no_sla = _tickets(session, 4)
    _set(session, pending, pending_until=T0)
    _set(session, response_first, first_response_due_at=T0 + DAY, resolution_due_at=T0 + 5 * DAY)
    _set(session, solution_first, update_due_at=T0 + 4 * DAY, resolution_due_at=T0 + 2 * DAY)
    assert _found(session, pending={"after": T0 - DAY, "before": T0}) == {pending.id}
    assert _found(session, pending={}) == {pending.id}
    assert _found(session, pending={"after": T0 + DAY}) == set()
    assert _found(session, escalation={"before": T0 + DAY}) == {response_first.id}
    assert _found(session, escalation={"after": T0 + 2 * DAY}) == {solution_first.id}
    assert _found(session, escalation={"after": T0 + 3 * DAY}) == set()  # earliest counts
    assert _found(session, escalation={}) == {response_first.id, solution_first.id}
    assert _found(session, escalation_response={"before": T0 + 9 * DAY}) == {response_first.id}
    assert _found(session, escalation_update={"after": T0}) == {solution_first.id}
    assert _found(session, escalation_solution={"after": T0 + 2 * DAY}) == {
        response_first.id,
        solution_first.id,
    }
    assert _found(session, escalation_solution={"after": T0 + 3 * DAY}) == {response_first.id}
    assert no_sla.id not in _found(session, escalation={"after": T0 - 99 * DAY})


def test_comment_created_window(session: Session) -> None:
    commented, quiet = _tickets(session, 2)
    with frozen(T0 + DAY):
        add_comment(session, SYSTEM, commented.id, CommentCreate(body="hi", is_public=False))
    assert _found(session, comment_created={"after": T0, "before": T0 + DAY}) == {commented.id}
    assert _found(session, comment_created={"after": T0 + 2 * DAY}) == set()
    assert _found(session, comment_created={}) == {commented.id}
    public_only = {"after": T0}
    assert _found(session, comment_created=public_only, comment_public_only=True) == set()
    assert quiet.id not in _found(session, comment_created={})


# --- comments and attachments ------------------------------------------------------------------


def _comment(session: Session, ticket: Ticket, **fields: Any) -> None:
    fields.setdefault("body", "nothing to see")
    add_comment(session, SYSTEM, ticket.id, CommentCreate(**fields))


def test_comment_text_and_or(session: Session) -> None:
    disk, mail, internal, silent = _tickets(session, 4)
    _comment(
        session,
        disk,
        body="The disk is FULL again",
        subject="Storage",
        from_address="Carol <carol@example.com>",
    )
    _comment(
        session,
        mail,
        subject="Mailbox full",
        to_addresses="dave@example.com",
        cc_addresses="erin@example.com",
    )
    _comment(session, internal, body="secret disk full", is_public=False)
    assert _found(session, comment_text={"body": "full DISK"}) == {disk.id, internal.id}
    assert _found(session, comment_text={"body": "disk  empty"}) == set()  # words ANDed
    assert _found(session, comment_text={"body": "disk full"}, comment_public_only=True) == {
        disk.id
    }
    assert _found(session, comment_text={"subject": "mailbox", "to": "DAVE@"}) == {mail.id}
    assert _found(session, comment_text={"subject": "storage", "to": "dave"}) == set()
    either = {"subject": "storage", "to": "dave"}
    assert _found(session, comment_text=either, comment_text_mode="OR") == {disk.id, mail.id}
    assert _found(
        session, comment_text={"from": "carol", "cc": "erin"}, comment_text_mode="OR"
    ) == {
        disk.id,
        mail.id,
    }
    assert _found(session, comment_text={"body": "disk_is"}) == set()  # _ is literal
    assert _found(session, comment_text={"body": "  "}) == {
        disk.id,
        mail.id,
        internal.id,
        silent.id,
    }


# --- custom fields -----------------------------------------------------------------------------


def _field(session: Session, field_type: FieldType, **fields: Any) -> int:
    name = f"crit_{field_type.value}_{next(_seq)}"
    return create_field(
        session, SYSTEM, CustomFieldCreate(name=name, field_type=field_type, **fields)
    ).id


def _values(session: Session, field_id: int, *texts: str) -> list[int]:
    """One ticket per text (empty text: no value); their ids."""
    tickets = _tickets(session, len(texts))
    for ticket, text in zip(tickets, texts, strict=True):
        if text:
            set_ticket_values(session, SYSTEM, ticket.id, {field_id: text})
    return [ticket.id for ticket in tickets]


def _cf(session: Session, field_id: int, op: str, *values: str) -> set[int]:
    condition = {"field_id": field_id, "op": op, "values": list(values)}
    return _found(session, custom_fields=[condition])


def test_text_custom_field(session: Session) -> None:
    field = _field(session, FieldType.TEXT)
    alpha, beta, empty = _values(session, field, "Alpha_One", "beta two", "")
    assert _cf(session, field, "equals", "Alpha_One") == {alpha}
    assert _cf(session, field, "equals", "alpha_one") == set()  # equals is exact
    assert _cf(session, field, "like", "alpha*") == {alpha}
    assert _cf(session, field, "like", "*TWO", "nothing") == {beta}
    assert _cf(session, field, "like", "alpha?one") == set()
    assert _cf(session, field, "gt", "Alpha_One") == {beta}
    assert _cf(session, field, "empty") == {empty}
    assert _cf(session, field, "not_empty") == {alpha, beta}


def test_number_and_checkbox_custom_fields(session: Session) -> None:
    number = _field(session, FieldType.NUMBER)
    small, big, _none = _values(session, number, "2", "10.5", "")
    assert _cf(session, number, "equals", "10.5") == {big}
    assert _cf(session, number, "gt", "2") == {big}
    assert _cf(session, number, "gte", "2") == {small, big}
    assert _cf(session, number, "lt", "10.5") == {small}
    assert _cf(session, number, "lte", "1", "2") == {small}
    checkbox = _field(session, FieldType.CHECKBOX)
    ticked, unticked, unset = _values(session, checkbox, "1", "0", "")
    assert _cf(session, checkbox, "equals", "true") == {ticked}
    assert _cf(session, checkbox, "equals", "0") == {unticked}
    assert _cf(session, checkbox, "empty") == {small, big, _none, unset}
    with pytest.raises(ValidationFailed) as caught:
        _cf(session, number, "gt", "ten")
    assert caught.value.code == "search.invalid_value"
    with pytest.raises(ValidationFailed) as caught:
        _cf(session, number, "like", "1*")
    assert caught.value.code == "search.invalid_operator"


def test_date_and_datetime_custom_fields(session: Session) -> None:
    day = _field(session, FieldType.DATE)
    may, june = _values(session, day, "2030-05-01", "2030-06-15")
    assert _cf(session, day, "equals", "2030-05-01") == {may}
    assert _cf(session, day, "gt", "2030-05-01") == {june}
    assert _cf(session, day, "lte", "2030-06-15 00:00:00") == {may, june}
    moment = _field(session, FieldType.DATETIME)
    morning, evening = _values(session, moment, "2030-05-01T08:00:00", "2030-05-01T20:30:00")
    assert _cf(session, moment, "lt", "2030-05-01 12:00:00") == {morning}
    assert _cf(session, moment, "gte", "2030-05-01") == {morning, evening}
    assert _cf(session, moment, "equals", "2030-05-01 20:30:00") == {evening}
    with pytest.raises(ValidationFailed) as caught:
        _cf(session, moment, "lt", "01.05.2030")
    assert caught.value.code == "search.invalid_value"


def test_option_custom_fields(session: Session) -> None:
    single = _field(session, FieldType.LIST, options=["Red", "Green", "Blue"])
    red, green = _values(session, single, "Red", "Green")
    assert _cf(session, single, "equals", "Green") == {green}
    assert _cf(session, single, "like", "r*", "*LUE") == {red}
    many = _field(session, FieldType.MULTI_LIST, options=[f"opt{i}" for i in range(1, 13)])
    first, eleventh, both = _values(session, many, "opt1", "opt11", "opt1,opt12")
    assert _cf(session, many, "equals", "opt1") == {first, both}  # not opt11: ids are tokens
    assert _cf(session, many, "equals", "opt11", "opt12") == {eleventh, both}
    assert _cf(session, many, "like", "OPT1*") == {first, eleventh, both}
    assert _cf(session, many, "like", "*2") == {both}
    assert _cf(session, many, "not_empty") == {first, eleventh, both}


def test_user_custom_field_and_unknown_field(session: Session) -> None:
    agent = make_user(session)
    field = _field(session, FieldType.USER)
    chosen, _ = _values(session, field, str(agent.id), "")
    assert _cf(session, field, "equals", str(agent.id)) == {chosen}
    with pytest.raises(NotFound):
        _cf(session, 999_999, "empty")


def test_custom_field_conditions_are_anded(session: Session) -> None:
    text, number = _field(session, FieldType.TEXT), _field(session, FieldType.NUMBER)
    both, only_text = _tickets(session, 2)
    set_ticket_values(session, SYSTEM, both.id, {text: "x", number: "5"})
    set_ticket_values(session, SYSTEM, only_text.id, {text: "x"})
    conditions = [
        {"field_id": text, "op": "equals", "values": ["x"]},
        {"field_id": number, "op": "gte", "values": ["5"]},
    ]
    assert _found(session, custom_fields=conditions) == {both.id}


# --- sorting -----------------------------------------------------------------------------------


Arrange = Callable[[Session, list[Ticket]], dict[str, Any]]


def _named_users(field: str) -> Arrange:
    def arrange(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
        for ticket, login in zip(tickets, ("sorta", "sortb"), strict=False):
            _set(session, ticket, **{field: make_user(session, login=f"{login}{next(_seq)}").id})
        return {}

    return arrange


def _catalog(model: type[Any], field: str, *names: str, **extra: Any) -> Arrange:
    """Rows named in order for the first tickets; the others keep no value (or their own)."""

    def arrange(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
        for ticket, name in zip(tickets, names or ("sorta", "sortb"), strict=False):
            row = _add(session, model(name=f"{name}{next(_seq)}", **extra))
            _set(session, ticket, **{field: row.id})
        return {}

    return arrange


def _moments(field: str, *offsets: int) -> Arrange:
    def arrange(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
        for ticket, offset in zip(tickets, offsets, strict=False):
            _set(session, ticket, **{field: T0 + offset * DAY})
        return {}

    return arrange


def _texts(field: str) -> Arrange:
    def arrange(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
        for ticket, text in zip(tickets, ("sorta", "sortb", "sortc"), strict=True):
            _set(session, ticket, **{field: f"{text}{next(_seq)}"})
        return {}

    return arrange


def _companies(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
    for ticket, name in zip(tickets, ("sorta", "sortb"), strict=False):
        _set(session, ticket, company_id=make_company(session, name=f"{name}{next(_seq)}").id)
    return {}


def _priorities(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
    for ticket, position in zip(tickets, (-3, -2, -1), strict=True):
        _set(session, ticket, priority_id=_priority(session, position))
    return {}


def _escalations(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
    _set(session, tickets[0], update_due_at=T0 + 5 * DAY, first_response_due_at=T0 + DAY)
    _set(session, tickets[1], update_due_at=T0 + 4 * DAY, resolution_due_at=T0 + 2 * DAY)
    return {}


def _custom_number(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
    field = _field(session, FieldType.NUMBER)
    set_ticket_values(session, SYSTEM, tickets[0].id, {field: "-7"})
    set_ticket_values(session, SYSTEM, tickets[1].id, {field: "12"})
    return {"field_id": field}


def _custom_options(session: Session, tickets: list[Ticket]) -> dict[str, Any]:
    field = _field(session, FieldType.LIST, options=["zulu", "alpha"])
    set_ticket_values(session, SYSTEM, tickets[0].id, {field: "alpha"})
    set_ticket_values(session, SYSTEM, tickets[1].id, {field: "zulu"})
    return {"field_id": field}


#: key -> (arrange tickets low, high, last; whether the last one has no value)
SORTS: dict[str, tuple[Arrange, bool]] = {
    "owner": (_named_users("owner_id"), True),
    "responsible": (_named_users("responsible_id"), True),
    "company": (_companies, True),
    "status": (
        _catalog(Status, "status_id", "sorta", "sortb", "sortc", category=StatusCategory.OPEN),
        False,
    ),
    "priority": (_priorities, False),
    "helpdesk": (_catalog(Helpdesk, "helpdesk_id"), True),
    "type": (_catalog(TicketType, "type_id"), True),
    "category": (_catalog(Category, "category_id"), True),
    "sla": (_catalog(Sla, "sla_id"), True),
    "number": (_texts("number"), False),
    "title": (_texts("title"), False),
    "created": (_moments("created_at", 0, 1, 2), False),
    "updated": (_moments("updated_at", -2, 0, 9), False),
    "pending": (_moments("pending_until", 1, 2), True),
    "escalation": (_escalations, True),
    "escalation_response": (_moments("first_response_due_at", 0, 1), True),
    "escalation_update": (_moments("update_due_at", 0, 1), True),
    "escalation_solution": (_moments("resolution_due_at", 0, 1), True),
}


@pytest.mark.parametrize("key", sorted(SORTS))
def test_each_sort_key_both_directions(session: Session, key: str) -> None:
    arrange, last_is_null = SORTS[key]
    _check_sort(session, key, arrange, last_is_null)


@pytest.mark.parametrize("arrange", [_custom_number, _custom_options])
def test_sort_by_custom_field(session: Session, arrange: Arrange) -> None:
    _check_sort(session, "custom_field", arrange, True)


def _check_sort(session: Session, key: str, arrange: Arrange, last_is_null: bool) -> None:
    created = _tickets(session, 3)
    low, high, last = created[2], created[0], created[1]  # not in id order
    extra = arrange(session, [low, high, last])
    ascending = SortKey(key=key, **extra)
    descending = SortKey(key=key, descending=True, **extra)
    assert _ids(session, sort=[ascending]) == [low.id, high.id, last.id]
    expected = [high.id, low.id, last.id] if last_is_null else [last.id, high.id, low.id]
    assert _ids(session, sort=[descending]) == expected


def test_lock_sort_multi_key_and_id_tie_break(session: Session) -> None:
    a, b, c, d = _tickets(session, 4)
    _set(session, a, is_locked=True, title="same")
    _set(session, b, is_locked=False, title="same")
    _set(session, c, is_locked=True, title="other")
    _set(session, d, is_locked=False, title="same")
    lock = SortKey(key="lock")
    assert _ids(session, sort=[lock]) == [b.id, d.id, a.id, c.id]  # ids follow the last key
    assert _ids(session, sort=[SortKey(key="lock", descending=True)]) == [c.id, a.id, d.id, b.id]
    by_title = SortKey(key="title", descending=True)
    assert _ids(session, sort=[lock, by_title]) == [d.id, b.id, a.id, c.id]
    assert _ids(session, sort=[by_title, lock]) == [b.id, d.id, a.id, c.id]


def test_default_sort_is_newest_first_and_limit_caps(session: Session) -> None:
    tickets = []
    for offset in (2, 0, 1):
        with frozen(T0 + offset * DAY):
            tickets.append(make_ticket(session).id)
    assert _ids(session) == [tickets[0], tickets[2], tickets[1]]
    assert _ids(session, limit=2) == [tickets[0], tickets[2]]
    assert _ids(session, limit=1, sort=[SortKey(key="created")]) == [tickets[1]]


def test_criteria_validation() -> None:
    with pytest.raises(ValidationFailed):
        PageRequest(limit=0)
    with pytest.raises(ValidationFailed):
        PageRequest(limit=10_001)
    with pytest.raises(ValidationError):  # paging is the PageRequest's, not the criteria's
        TicketCriteria(limit=5)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        SortKey(key="custom_field")
    with pytest.raises(ValidationError):
        SortKey(key="title", field_id=3)
    with pytest.raises(ValidationError):
        TicketCriteria(custom_fields=[{"field_id": 1, "op": "equals"}])
    with pytest.raises(ValidationError):
        TicketCriteria(created={"after": datetime(2030, 1, 1)})  # naive


# --- visibility and the one query --------------------------------------------------------------


def test_customer_gets_only_visible_tickets_and_public_content(session: Session) -> None:
    company = make_company(session)
    customer = make_user(session, Role.CUSTOMER, company=company)
    own = make_ticket(session, requester_id=customer.id, title="VPN broken")
    colleague = make_ticket(session, company_id=company.id, title="VPN slow")
    foreign = make_ticket(session, title="VPN down")
    _comment(session, own, body="internal remark", is_public=False)
    _comment(session, colleague, body="public remark")
    _comment(session, foreign, body="public remark")
    _attach(session, own, "private.txt", public=False)
    who = actor(session, customer)
    assert _found(session, who) == {own.id, colleague.id}
    assert _found(session, who, titles=[Pattern(text="vpn%")]) == {own.id, colleague.id}
    assert _found(session, who, comment_text={"body": "remark"}) == {colleague.id}
    assert _found(session, who, attachment_names=[Pattern(text="private%")]) == set()
    assert _found(session, SYSTEM, comment_text={"body": "remark"}) == {
        own.id,
        colleague.id,
        foreign.id,
    }


def test_agent_sees_own_help_desks_and_gets_distinct_ids(session: Session) -> None:
    desk, other = make_helpdesk(session), make_helpdesk(session)
    agent = make_user(session, helpdesks=[desk])
    mine = make_ticket(session, helpdesk_id=desk.id)
    make_ticket(session, helpdesk_id=other.id)
    for _ in range(3):
        _comment(session, mine, body="repeat repeat")
    _add(
        session,
        TicketParticipant(ticket_id=mine.id, user_id=agent.id, role=ParticipantRole.OBSERVER),
    )
    _add(
        session,
        TicketParticipant(ticket_id=mine.id, user_id=agent.id, role=ParticipantRole.COLLABORATOR),
    )
    found = _ids(
        session,
        actor(session, agent),
        comment_text={"body": "repeat"},
        participant_user_ids=[agent.id],
        comment_created={},
    )
    assert found == [mine.id]


def test_search_is_one_statement(session: Session) -> None:
    field = _field(session, FieldType.TEXT)
    make_ticket(session)
    session.flush()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    bind = session.get_bind()
    event.listen(bind, "before_cursor_execute", count)
    try:
        _ids(
            session,
            titles=[Pattern(text="%")],
            custom_fields=[{"field_id": field, "op": "empty"}],
            sort=[SortKey(key="custom_field", field_id=field), SortKey(key="owner")],
        )
    finally:
        event.remove(bind, "before_cursor_execute", count)
    selects = [s for s in statements if "tickets.id" in s]
    assert len(selects) == 1 and len(statements) == 2  # the ids, and the field types
