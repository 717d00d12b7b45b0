"""SPEC.md's operation table says **built** for exactly the operations that have a handler."""

from __future__ import annotations

import re
from pathlib import Path

from polydesk.dialects import invgate
from polydesk.dialects.invgate.operations import TABLE

SPEC_MD = Path(invgate.__file__).parent / "SPEC.md"
ROW = re.compile(r"^\| \d+ \| (\w+) \| `([\w.]+)` \| \w+ \| (.+) \|$")


def test_the_status_column_matches_the_operation_table() -> None:
    rows = [ROW.match(line) for line in SPEC_MD.read_text().splitlines()]
    status = {(m[1], m[2]): m[3] for m in rows if m is not None}

    assert len(status) == len(TABLE)
    for op in TABLE:
        built = status[(op.method, op.endpoint)] == "**built**"
        assert built is (op.handler is not None), (op.method, op.endpoint)
