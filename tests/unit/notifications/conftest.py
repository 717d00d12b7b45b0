"""A real SMTP server (aiosmtpd) and the people of a help desk ticket: two member agents, a
Spanish-speaking customer, a German-speaking observer agent."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.mail.sender import SmtpConfig
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.users import User
from tests.factories import make_helpdesk, make_user
from tests.unit.mail.smtp_server import Recorder, running_smtp_server


@pytest.fixture
def smtp_server() -> Iterator[tuple[Recorder, SmtpConfig]]:
    with running_smtp_server() as server:
        yield server


@dataclass
class Desk:
    helpdesk: Helpdesk
    ann: User  # agent, member
    bob: User  # agent, member
    carla: User  # customer, Spanish
    dieter: User  # agent, not a member, German


@pytest.fixture
def desk(session: Session) -> Desk:
    helpdesk = make_helpdesk(session)
    ann = make_user(session, login="ann", helpdesks=[helpdesk])
    bob = make_user(session, login="bob", helpdesks=[helpdesk])
    carla = make_user(session, Role.CUSTOMER, login="carla")
    dieter = make_user(session, login="dieter")
    carla.language, dieter.language = "es-ES", "de"
    session.flush()
    return Desk(helpdesk, ann, bob, carla, dieter)
