"""The core's text patterns (``tickets.criteria.Pattern``): LIKE syntax with escapes, case,
exact and negated values, on every text criterion; no grammar of any product."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import utcnow
from polydesk.core.pagination import PageRequest
from polydesk.models.attachments import Attachment
from polydesk.models.tickets import Ticket
from polydesk.tickets.criteria import Pattern, TicketCriteria, like_literal
from polydesk.tickets.criteria_text import matches
from polydesk.tickets.service import search_ticket_ids
from tests.factories import make_company, make_ticket, make_user


def _found(session: Session, **criteria: Any) -> set[int]:
    found = search_ticket_ids(session, SYSTEM, TicketCriteria(**criteria), PageRequest(500))
    return set(found)


def _titled(session: Session, *titles: str) -> list[int]:
    return [make_ticket(session, title=title).id for title in titles]


def test_like_literal_and_the_parts_of_a_pattern() -> None:
    assert like_literal("50%_off\\") == "50\\%\\_off\\\\"
    plain = Pattern.equal("50%_off\\")
    assert (plain.text, plain.value, plain.wildcard) == ("50\\%\\_off\\\\", "50%_off\\", False)
    assert Pattern(text="a%").wildcard and Pattern(text="a_c").wildcard
    assert not Pattern(text="a\\%").wildcard
    assert Pattern(text="").value == ""


@pytest.mark.parametrize("text", ["a\\", "a\\b", "\\*"])
def test_a_stray_escape_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        Pattern(text=text)


def test_exact_patterns_take_no_wildcards() -> None:
    with pytest.raises(ValidationError):
        Pattern(text="ACME%", exact=True)
    assert Pattern(text="ACME\\%", exact=True).value == "ACME%"


def test_wildcards_escapes_and_case(session: Session) -> None:
    fire, jam, sale, under = _titled(session, "Printer on fire", "printer jam", "50% off", "a_b")
    assert _found(session, titles=[Pattern(text="printer%")]) == {fire, jam}
    assert _found(session, titles=[Pattern(text="PRINTER ON FIRE")]) == {fire}  # equality
    assert _found(session, titles=[Pattern(text="printer")]) == set()  # the whole title
    assert _found(session, titles=[Pattern(text="50\\% off")]) == {sale}  # escaped: literal
    assert _found(session, titles=[Pattern(text="5_% off")]) == {sale}  # _ is one character
    assert _found(session, titles=[Pattern(text="a\\_b")]) == {under}
    assert _found(session, titles=[Pattern.equal("a_b")]) == {under}
    assert _found(session, titles=[Pattern.equal("axb")]) == set()
    assert _found(session, titles=[]) == {fire, jam, sale, under}  # empty: no filter


def test_positive_values_are_ored_negated_ones_anded(session: Session) -> None:
    fire, jam, coffee = _titled(session, "Printer on fire", "printer jam", "Coffee machine")
    printers = Pattern(text="printer%")
    not_jam = Pattern(text="%jam", negated=True)
    assert _found(session, titles=[Pattern(text="%fire"), Pattern(text="%jam")]) == {fire, jam}
    assert _found(session, titles=[Pattern(text="printer%", negated=True)]) == {coffee}
    assert _found(session, titles=[printers, not_jam]) == {fire}
    assert _found(session, titles=[not_jam, Pattern(text="%fire", negated=True)]) == {coffee}


def test_exact_values_are_case_sensitive_and_a_missing_value_reads_empty(
    session: Session,
) -> None:
    acme = make_company(session, name="ACME-Corp")
    by_company = make_ticket(session, company_id=acme.id)
    by_text = make_ticket(session, extra={"znuny.customer_id": "Free-Cust_1"})
    neither = make_ticket(session)
    exact = Pattern.equal("ACME-Corp", exact=True)
    assert _found(session, company_codes=[exact]) == {by_company.id}
    assert _found(session, company_codes=[Pattern.equal("acme-corp", exact=True)]) == set()
    assert _found(session, company_codes=[Pattern.equal("acme-corp")]) == {by_company.id}
    assert _found(session, company_codes=[Pattern(text="free-cust\\_1")]) == {by_text.id}
    not_acme = Pattern.equal("ACME-Corp", exact=True, negated=True)
    assert _found(session, company_codes=[not_acme]) == {by_text.id, neither.id}


def test_requesters_by_login_or_email_and_attachment_names(session: Session) -> None:
    alice = make_user(session, Role.CUSTOMER, login="alice.pattern")
    for_alice = make_ticket(session, requester_id=alice.id)
    nobody = make_ticket(session)
    session.add(
        Attachment(
            ticket_id=nobody.id, filename="Report_2024.PDF", size=1, sha256="0" * 64,
            storage_key="patterns-report", is_public=True, created_at=utcnow(),
        )
    )  # fmt: skip
    session.flush()
    assert _found(session, requester_logins=[Pattern(text="%.pattern@%")]) == {for_alice.id}
    assert _found(session, requester_logins=[Pattern.equal("ALICE.PATTERN")]) == {for_alice.id}
    everyone_but_alice = _found(session, requester_logins=[Pattern.equal("alice%", negated=True)])
    assert {for_alice.id, nobody.id} <= everyone_but_alice  # "alice%" literally: nobody has it
    assert _found(session, attachment_names=[Pattern(text="%.pdf")]) == {nobody.id}
    assert _found(session, attachment_names=[Pattern(text="report\\_2024%")]) == {nobody.id}
    assert _found(session, attachment_names=[Pattern(text="%.pdf", negated=True)]) >= {for_alice.id}


def test_a_positive_exact_value_compares_the_bare_column(session: Session) -> None:
    """So the column's index serves it (the native list's ``number``)."""
    bind = session.get_bind()
    positive = select(Ticket.id).where(matches(Pattern.equal("N1", exact=True))(Ticket.number))
    sql = str(positive.compile(bind))
    assert "tickets.number =" in sql and "coalesce" not in sql.lower()
    negated = Pattern.equal("N1", exact=True, negated=True)
    assert "coalesce" in str(matches(negated)(Ticket.number).compile(bind)).lower()
