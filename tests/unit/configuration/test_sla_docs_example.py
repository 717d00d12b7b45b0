"""The site file in docs/sla.md applies as written, and tickets then get the SLA's due times."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from polydesk.configuration.service import apply_configuration
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.helpdesks.service import get_helpdesk_by_name, get_sla_by_name
from tests.factories import make_ticket

DOC = Path(__file__).resolve().parents[3] / "docs" / "sla.md"


def test_the_documented_site_file_applies_and_drives_the_clock(session: Session) -> None:
    [example] = re.findall(r"```yaml\n(.*?)```", DOC.read_text(), re.DOTALL)
    apply_configuration(session, SYSTEM, example)
    gold, desk = get_sla_by_name(session, "Gold"), get_helpdesk_by_name(session, "Service desk")
    assert gold is not None and desk is not None and gold.escalate_to_user_id is not None
    # Tuesday 2026-03-03 17:30 Madrid (16:30 UTC): 30 working minutes left that day.
    with frozen(datetime(2026, 3, 3, 16, 30, tzinfo=UTC)):
        ticket = make_ticket(session, helpdesk_id=desk.id)
    assert ticket.sla_id == gold.id
    # 30 minutes of first response: exactly the close of Tuesday, 18:00 Madrid.
    assert ticket.first_response_due_at == datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
    # 120 minutes of update: 30 on Tuesday; Wednesday is not a working day in the example, so
    # the other 90 fall on the next Monday (09:00-10:30 Madrid = 08:00-09:30 UTC).
    assert ticket.update_due_at == datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
