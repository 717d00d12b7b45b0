"""Entity tags for optimistic concurrency: a ticket's ETag is its row version (``"7"``), and
``If-Match`` on a change must name the version the ticket still has."""

from __future__ import annotations

import re

_STRONG_TAG = re.compile(r'^"(\d{1,18})"$')


def entity_tag(version: int) -> str:
    return f'"{version}"'


def versions_matching(if_match: str | None) -> frozenset[int] | None:
    """The versions an ``If-Match`` header accepts; None when there is no condition (no header,
    or ``*``). Weak or malformed tags match nothing (If-Match compares strongly), so a header
    holding only those always fails."""
    if if_match is None or if_match.strip() == "*":
        return None
    versions = set()
    for tag in if_match.split(","):
        found = _STRONG_TAG.match(tag.strip())
        if found:
            versions.add(int(found.group(1)))
    return frozenset(versions)
