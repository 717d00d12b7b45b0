"""Znuny's search value grammar (TicketSearch ``TicketNumber``, ``Title``, ``CustomerID``,
``CustomerUserLogin``, ``MIMEBase_AttachmentName``), parsed into the core's ``Pattern``.

The rules, as Znuny's ``Ticket/TicketSearch.pm`` applies them:
- ``*`` is a wildcard, and so is SQL's ``%`` (Znuny passes it through); ``_`` is literal.
- A value of only 1-3 ``%`` (after ``*`` -> ``%``), or an empty one, is skipped: it filters
  nothing, and a list whose values are all skipped filters nothing either.
- A value with a wildcard is a case-insensitive LIKE; any other is a case-insensitive equality.
- A leading ``!`` negates the value. Decision: positive values are ORed, negated values are
  ANDed ("none of these"), and both groups must hold, so ``["a*", "!ab*"]`` reads "starts with
  a but not with ab" (ORing negations would match almost everything). The core combines
  patterns that way (``tickets.criteria``).
- The ``...Raw`` variants (``CustomerIDRaw``) are exact: case-sensitive equalities, no
  wildcards, empty values skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from polydesk.tickets.criteria import Pattern, like_literal

_SKIPPED = re.compile(r"%{1,3}")


def parse_patterns(values: Iterable[str]) -> list[Pattern]:
    """Znuny's rules: ``!`` negates, ``*`` is ``%``, empty and ``%``..``%%%`` are skipped."""
    patterns = []
    for value in values:
        negated = value.startswith("!")
        text = (value[1:] if negated else value).replace("*", "%")
        if text and not _SKIPPED.fullmatch(text):
            like = "%".join(like_literal(part) for part in text.split("%"))
            patterns.append(Pattern(text=like, negated=negated))
    return patterns


def exact_patterns(values: Iterable[str]) -> list[Pattern]:
    """The ``...Raw`` values: case-sensitive equalities; empty values are skipped."""
    return [Pattern.equal(value, exact=True) for value in values if value]
