"""``cid`` values with wildcards (get_tickets, get_history, get_attachments): ReadyDesk's own
rule, ``*`` and nothing else is a wildcard (SPEC.md); Znuny's pattern grammar is not theirs."""

from __future__ import annotations

from polydesk.dialects.readydesk.ops.tickets import login_pattern


def test_only_the_star_is_a_wildcard() -> None:
    assert login_pattern("de*").text == "de%"
    assert login_pattern("*mo").wildcard
    literal = login_pattern("!50%_a*")  # no negation; % and _ are themselves
    assert (literal.text, literal.negated) == ("!50\\%\\_a%", False)
    assert not login_pattern("demo").wildcard and login_pattern("demo").value == "demo"
