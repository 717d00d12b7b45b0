"""Every kind of configuration, in the order a site file is applied: what is referred to comes
before what refers to it."""

from __future__ import annotations

from typing import Any

from polydesk.configuration.calendars import Calendars
from polydesk.configuration.catalogs import (
    Categories,
    CloseReasons,
    Impacts,
    Priorities,
    Sources,
    Statuses,
    TicketTypes,
    Urgencies,
)
from polydesk.configuration.content import BreakingNewsKind, KbArticles, KbCategories
from polydesk.configuration.crm import Newsletters
from polydesk.configuration.directory import Companies, Groups, Helpdesks, Users
from polydesk.configuration.fields import CustomFields
from polydesk.configuration.inventory import Inventory
from polydesk.configuration.kinds import Kind
from polydesk.configuration.notifications import Notifications
from polydesk.configuration.places import Locations
from polydesk.configuration.requests import ApprovalTemplates, ExternalEntities, SavedViews
from polydesk.configuration.service_levels import SlaRules, Slas

KINDS: tuple[Kind[Any], ...] = (
    Statuses(),
    Priorities(),
    Impacts(),
    Urgencies(),
    TicketTypes(),
    Sources(),
    CloseReasons(),
    Categories(),
    Locations(),
    Calendars(),
    Slas(),  # after calendars: an SLA names its calendar
    Helpdesks(),
    Groups(),
    Companies(),
    SlaRules(),  # after what a rule matches: catalogs, help desks, companies
    Users(),
    KbCategories(),
    KbArticles(),
    BreakingNewsKind(),
    Inventory(),
    Newsletters(),
    CustomFields(),
    ExternalEntities(),
    ApprovalTemplates(),
    SavedViews(),  # after custom fields: criteria may name them
    Notifications(),
)
