"""Every kind of configuration, in the order a site file is applied: what is referred to comes
before what refers to it."""

from __future__ import annotations

from typing import Any

from polydesk.configuration.directory import Companies, Groups, Helpdesks, Users
from polydesk.configuration.kinds import Kind

KINDS: tuple[Kind[Any], ...] = (Helpdesks(), Groups(), Companies(), Users())
