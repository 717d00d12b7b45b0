from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.unit.tickets.world import World, make_world


@pytest.fixture
def world(session: Session) -> World:
    return make_world(session)
