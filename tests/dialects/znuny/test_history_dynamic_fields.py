"""TicketDynamicFieldUpdate lines (``DynamicField/ObjectType/Ticket.pm`` PostValueSet):
``%%FieldName%%<name>%%Value%%<new>%%OldValue%%<old>``, one per change, with Znuny's shortening
when the three parts pass 166 characters."""

from __future__ import annotations

from typing import Any

from polydesk.dialects.znuny.ops.history_names import dynamic_field
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``
from tests.dialects.znuny.test_configured_custom_fields import SITE


def _field_lines(znuny: PublicZnuny, ticket_id: str) -> list[tuple[str, int, int, str]]:
    answer = znuny.call("GET", f"/TicketHistory/{ticket_id}", params=znuny.root)
    return [
        (line["HistoryType"], line["HistoryTypeID"], line["ArticleID"], line["Name"])
        for line in answer["TicketHistory"][0]["History"]
        if line["HistoryType"] == "TicketDynamicFieldUpdate"
    ]


def _set(znuny: PublicZnuny, ticket_id: str, name: str, value: Any) -> None:
    body = {**znuny.root, "DynamicField": {"Name": name, "Value": value}}
    answer = znuny.call("PATCH", f"/Ticket/{ticket_id}", body=body)
    assert answer.get("TicketID") == ticket_id, answer


def test_a_value_set_then_changed(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)
    ticket_id = znuny.create(DynamicField={"Name": "Serial", "Value": "SN-1"})["TicketID"]
    _set(znuny, ticket_id, "Serial", "SN-2")

    assert _field_lines(znuny, ticket_id) == [
        ("TicketDynamicFieldUpdate", 28, 0, "%%FieldName%%Serial%%Value%%SN-1%%OldValue%%"),
        (
            "TicketDynamicFieldUpdate",
            28,
            0,
            "%%FieldName%%Serial%%Value%%SN-2%%OldValue%%SN-1",
        ),
    ]


def test_the_same_value_again_writes_no_line(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)
    ticket_id = znuny.create(DynamicField={"Name": "Version", "Value": "3.1"})["TicketID"]
    _set(znuny, ticket_id, "Version", "3.1")

    assert [line[3] for line in _field_lines(znuny, ticket_id)] == [
        "%%FieldName%%Version%%Value%%3.1%%OldValue%%"
    ]


def test_short_parts_are_kept_whole() -> None:
    assert dynamic_field("F", "a" * 100, "b" * 55) == (
        "%%FieldName%%F%%Value%%" + "a" * 100 + "%%OldValue%%" + "b" * 55
    )


def test_a_long_old_value_is_cut_first() -> None:
    name = dynamic_field("F", "new", "o" * 200)

    assert name == "%%FieldName%%F%%Value%%new%%OldValue%%" + "o" * 50 + "[...]"


def test_a_long_new_value_is_cut_to_the_room_left() -> None:
    # 166 - 10 (old) - 5 (name) - 5 = 146 characters of the new value are kept.
    name = dynamic_field("Field", "n" * 300, "o" * 10)

    assert name == "%%FieldName%%Field%%Value%%" + "n" * 146 + "[...]%%OldValue%%" + "o" * 10


def test_a_long_name_and_value_share_the_room() -> None:
    # (166 - 55) // 2 = 55 each, less 5 for the "[...]" marks.
    name = dynamic_field("F" * 100, "n" * 100, "o" * 60)

    assert name == (
        "%%FieldName%%" + "F" * 50 + "[...]%%Value%%" + "n" * 50 + "[...]"
        "%%OldValue%%" + "o" * 50 + "[...]"
    )


def test_a_long_name_with_a_short_value() -> None:
    # The name gets what the value and the old value leave: 166 - 0 - 3 - 5 = 158.
    name = dynamic_field("F" * 200, "new", "")

    assert name == "%%FieldName%%" + "F" * 158 + "[...]%%Value%%new%%OldValue%%"


def _all_lines(znuny: PublicZnuny, ticket_id: str) -> list[tuple[str, int, int]]:
    answer = znuny.call("GET", f"/TicketHistory/{ticket_id}", params=znuny.root)
    return [
        (line["HistoryType"], line["ArticleID"], line["OwnerID"])
        for line in answer["TicketHistory"][0]["History"]
    ]


def test_ticket_create_writes_its_fields_before_the_article(znuny: PublicZnuny) -> None:
    """GI TicketCreate sets the ticket's dynamic fields right after the ticket (and its pending
    time), before ArticleCreate; the owner is set after the article, so they show user 1."""
    znuny.apply(SITE)
    fields = [{"Name": "Serial", "Value": "SN-1"}, {"Name": "Version", "Value": "3"}]
    ticket = {"Owner": "root@localhost", "State": "pending reminder", "PendingTime": {"Diff": 60}}
    made = znuny.create(ticket=ticket, article={"TimeUnit": "2"}, DynamicField=fields)

    got = znuny.call("GET", f"/Ticket/{made['TicketID']}", params=znuny.root)
    root = got["Ticket"][0]["OwnerID"]
    assert _all_lines(znuny, made["TicketID"]) == [
        ("NewTicket", 0, 1),
        ("CustomerUpdate", 0, 1),
        ("SetPendingTime", 0, 1),
        ("TicketDynamicFieldUpdate", 0, 1),
        ("TicketDynamicFieldUpdate", 0, 1),
        ("NewTicket", 1, 1),
        ("OwnerUpdate", 0, root),
        ("Lock", 0, root),
        ("TimeAccounting", 1, root),
    ]


def test_ticket_update_writes_in_its_operations_order(znuny: PublicZnuny) -> None:
    """``_TicketUpdate``: title, queue, lock, pending time (before the state), state, priority,
    owner, responsible, then each article with its time, then the ticket's dynamic fields."""
    znuny.apply(SITE)
    ticket_id = znuny.create()["TicketID"]
    note = {"Subject": "N", "Body": "B", "ContentType": "text/plain; charset=utf8"}
    body = {
        **znuny.root,
        "Ticket": {
            "Title": "New title",
            "Queue": "Misc",
            "Lock": "lock",
            "State": "pending reminder",
            "PendingTime": {"Diff": 120},
            "Priority": "5 very high",
            "Owner": "agent2",
            "Responsible": "agent2",
        },
        "Article": [{**note, "TimeUnit": "3"}, {**note, "TimeUnit": "4"}],
        "DynamicField": {"Name": "Serial", "Value": "SN-2"},
    }
    assert "ArticleIDs" in znuny.call("PATCH", f"/Ticket/{ticket_id}", body=body)

    lines = _all_lines(znuny, ticket_id)[4:]  # after the creation's four lines
    assert [(kind, article) for kind, article, _ in lines] == [
        ("TitleUpdate", 0),
        ("Move", 0),
        ("Lock", 0),
        ("SetPendingTime", 0),
        ("StateUpdate", 0),
        ("PriorityUpdate", 0),
        ("OwnerUpdate", 0),
        ("ResponsibleUpdate", 0),
        ("AddNote", 2),
        ("TimeAccounting", 2),
        ("AddNote", 3),
        ("TimeAccounting", 3),
        ("TicketDynamicFieldUpdate", 0),
    ]
