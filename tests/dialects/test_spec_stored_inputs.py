"""Issue 17: a dialect's SPEC.md lists no input as accepted but dropped. Every input is
stored and read back (tests/dialects/*/test_stored_inputs.py and friends), so phrases that
describe a dropped input must not come back. Covers the dialects audited so far."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DIALECTS = Path(__file__).parents[2] / "src" / "polydesk" / "dialects"
DROPPED = re.compile(
    r"not kept|not stored|not acted on|validated and not|accepted and not|accepted, not"
    r"|read and not|checked, not|validated, not|and dropped|no edge reads",
    re.IGNORECASE,
)


@pytest.mark.parametrize("dialect", ["invgate", "integria", "motadata"])
def test_no_input_is_described_as_dropped(dialect: str) -> None:
    spec = (DIALECTS / dialect / "SPEC.md").read_text()
    source = "\n".join(path.read_text() for path in (DIALECTS / dialect).rglob("*.py"))

    assert DROPPED.findall(spec) == []
    assert DROPPED.findall(source) == []
