"""SLA names are read in one query for the SLAs asked for."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.helpdesks.service import sla_names
from polydesk.models.helpdesks import Sla


def test_names_of_the_requested_slas_only(session: Session) -> None:
    now = utcnow()
    gold, silver, _bronze = (
        Sla(name=name, created_at=now, updated_at=now) for name in ("Gold", "Silver", "Bronze")
    )
    session.add_all([gold, silver, _bronze])
    session.flush()

    assert sla_names(session, [gold.id, silver.id, gold.id]) == {
        gold.id: "Gold",
        silver.id: "Silver",
    }


def test_no_ids_no_query(session: Session) -> None:
    assert sla_names(session, []) == {}
