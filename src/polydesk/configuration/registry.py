"""Every kind of configuration, in the order a site file is applied: what is referred to comes
before what refers to it."""

from __future__ import annotations

from typing import Any

from polydesk.configuration.assignment import Assignment
from polydesk.configuration.automation import Triggers, Webhooks, Workflows
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
from polydesk.configuration.routing import RoutingRules
from polydesk.configuration.service_levels import SlaRules, Slas
from polydesk.configuration.sla_escalations import SlaEscalations

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
    SlaEscalations(),  # after users and groups: names the agent and group breaches go to
    RoutingRules(),  # after what a rule matches: catalogs, help desks, companies
    Assignment(),  # after users: default owners and member levels name them
    KbCategories(),
    KbArticles(),
    BreakingNewsKind(),
    Inventory(),
    Newsletters(),
    CustomFields(),
    ExternalEntities(),
    ApprovalTemplates(),
    SavedViews(),  # after custom fields: criteria may name them
    Webhooks(),
    Triggers(),  # after all they name: catalogs, users, groups, help desks, webhooks
    Workflows(),  # after categories and what initial fields name
    Notifications(),
)
