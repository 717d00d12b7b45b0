"""Znuny's search value grammar (``dialects.znuny.patterns``: ``*`` and ``%`` wildcards, ``!``
negation, skipped values, ``...Raw`` exact values) parsed into the core's patterns and searched
through the core's criteria, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.pagination import PageRequest
from polydesk.dialects.znuny.patterns import exact_patterns, parse_patterns
from polydesk.models.attachments import Attachment
from polydesk.models.tickets import Ticket
from polydesk.tickets.criteria import TicketCriteria
from polydesk.tickets.service import search_ticket_ids
from tests.factories import make_company, make_ticket, make_user

_seq = itertools.count(1)
PATTERN_KEYS = ("numbers", "titles", "company_codes", "requester_logins", "attachment_names")


def _found(session: Session, who: Actor = SYSTEM, **values: list[str]) -> set[int]:
    """Each ``<criterion>`` parsed as Znuny's patterns, each ``<criterion>_raw`` as its exact
    values (``CustomerIDRaw``)."""
    criteria: dict[str, Any] = {}
    for key, given in values.items():
        if key.endswith("_raw"):
            criteria[key.removesuffix("_raw")] = exact_patterns(given)
        else:
            assert key in PATTERN_KEYS
            criteria[key] = parse_patterns(given)
    page = PageRequest(limit=500)
    return set(search_ticket_ids(session, who, TicketCriteria(**criteria), page))


def _tickets(session: Session, count: int) -> list[Ticket]:
    return [make_ticket(session) for _ in range(count)]


def _set(session: Session, row: Any, **values: Any) -> None:
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()


def _attach(session: Session, ticket: Ticket, filename: str) -> None:
    session.add(
        Attachment(
            ticket_id=ticket.id,
            filename=filename,
            size=1,
            sha256="0" * 64,
            storage_key=f"znuny-patterns-{next(_seq)}",
            is_public=True,
            created_at=utcnow(),
        )
    )
    session.flush()


def test_parsing() -> None:
    parsed = parse_patterns(["a*", "!*b_c", "100%", "", "!", "*", "%%%", "%%%%", "x\\y"])
    assert [(p.text, p.negated, p.wildcard) for p in parsed] == [
        ("a%", False, True),
        ("%b\\_c", True, True),
        ("100%", False, True),
        ("%%%%", False, True),  # four is a pattern, only 1-3 are skipped
        ("x\\\\y", False, False),
    ]
    assert parsed[-1].value == "x\\y"
    assert [(p.value, p.exact) for p in exact_patterns(["ACME*", ""])] == [("ACME*", True)]


def test_title_patterns_wildcards_case_negation_and_skipped_values(session: Session) -> None:
    fire, jam, coffee, odd = (
        make_ticket(session, title=title).id
        for title in ("Printer on fire", "printer jam", "Coffee machine", "Odd äöüßÄÖÜ€ис")
    )
    everything = {fire, jam, coffee, odd}
    assert _found(session, titles=["printer*"]) == {fire, jam}  # prefix, case-insensitive
    assert _found(session, titles=["*FIRE"]) == {fire}  # suffix
    assert _found(session, titles=["*mach*"]) == {coffee}  # substring
    assert _found(session, titles=["%jam"]) == {jam}  # % works like *
    assert _found(session, titles=["PRINTER ON FIRE"]) == {fire}  # equality, any case
    assert _found(session, titles=["printer"]) == set()  # no wildcard: whole title
    assert _found(session, titles=["*fire", "*jam"]) == {fire, jam}  # values ORed
    assert _found(session, titles=["!printer*"]) == {coffee, odd}
    assert _found(session, titles=["printer*", "!*jam"]) == {fire}
    assert _found(session, titles=["* äöüßÄÖÜ€ис"]) == {odd}  # non-ASCII suffix
    for skipped in (["%%"], ["*"], ["%%%"], [""], ["!"], []):
        assert _found(session, titles=skipped) == everything


def test_underscore_is_literal_and_numbers_match(session: Session) -> None:
    under, other = _tickets(session, 2)
    _set(session, under, number="AB_77", title="foo_bar")
    _set(session, other, number="ABX77", title="fooXbar")
    assert _found(session, numbers=["ab_*"]) == {under.id}
    assert _found(session, titles=["*o_b*"]) == {under.id}
    assert _found(session, titles=["foo?bar", "*%o%b%*"]) == {under.id, other.id}
    assert _found(session, numbers=["abx77"]) == {other.id}
    assert _found(session, numbers=["!ab_77"]) == {other.id}


def test_company_codes_match_the_code_or_the_free_text_customer_id(session: Session) -> None:
    acme = make_company(session, name="ACME-Corp")
    by_company = make_ticket(session, company_id=acme.id)
    by_text = make_ticket(session, extra={"znuny.customer_id": "Free-Cust_1"})
    neither = make_ticket(session)
    assert _found(session, company_codes=["acme*"]) == {by_company.id}
    assert _found(session, company_codes=["FREE-CUST_1"]) == {by_text.id}
    assert _found(session, company_codes=["free-cust?1"]) == set()
    assert _found(session, company_codes=["*corp", "*cust*"]) == {by_company.id, by_text.id}
    assert _found(session, company_codes=["!acme*"]) == {by_text.id, neither.id}
    assert _found(session, company_codes_raw=["ACME-Corp"]) == {by_company.id}
    assert _found(session, company_codes_raw=["acme-corp"]) == set()
    assert _found(session, company_codes_raw=["Free-Cust_1", ""]) == {by_text.id}
    assert _found(session, company_codes_raw=["ACME*"]) == set()  # no wildcards


def test_requester_logins_match_login_or_email(session: Session) -> None:
    alice = make_user(session, Role.CUSTOMER, login="alice.search")
    bob = make_user(session, Role.CUSTOMER, login="bob.search")
    for_alice = make_ticket(session, requester_id=alice.id)
    for_bob = make_ticket(session, requester_id=bob.id)
    nobody = make_ticket(session)
    assert _found(session, requester_logins=["ALICE.SEARCH"]) == {for_alice.id}
    assert _found(session, requester_logins=["bob.search@example.com"]) == {for_bob.id}
    assert _found(session, requester_logins=["*.search@*"]) == {for_alice.id, for_bob.id}
    assert _found(session, requester_logins=["!alice*"]) == {for_bob.id, nobody.id}
    assert _found(session, requester_logins_raw=["alice.search"]) == {for_alice.id}
    assert _found(session, requester_logins_raw=["Alice.search"]) == set()


def test_attachment_names(session: Session) -> None:
    report, virus, bare = _tickets(session, 3)
    _attach(session, report, "Report_2024.PDF")
    _attach(session, virus, "setup.exe")
    _attach(session, virus, "notes.pdf")
    assert _found(session, attachment_names=["*.pdf"]) == {report.id, virus.id}
    assert _found(session, attachment_names=["report_*"]) == {report.id}
    assert _found(session, attachment_names=["report?2024*"]) == set()
    assert _found(session, attachment_names=["!*.exe"]) == {report.id, bare.id}
    assert _found(session, attachment_names=["SETUP.EXE"]) == {virus.id}
