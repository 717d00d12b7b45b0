"""ORM tables, one module per aggregate. Importing this package registers every table."""

from polydesk.models.approvals import Approval, ApprovalVote
from polydesk.models.attachments import Attachment
from polydesk.models.automation import (
    DeliveryStatus,
    ExecutionOutcome,
    SavedView,
    Trigger,
    TriggerExecution,
    Webhook,
    WebhookDelivery,
    Workflow,
    WorkflowInstance,
    WorkflowVersion,
)
from polydesk.models.billing import Invoice, InvoiceLine
from polydesk.models.calendars import BusinessCalendar, BusinessHoliday, BusinessHours
from polydesk.models.catalogs import (
    Category,
    CloseReason,
    DialectCode,
    Impact,
    Priority,
    Source,
    Status,
    StatusCategory,
    TicketType,
    Urgency,
)
from polydesk.models.comments import Comment
from polydesk.models.companies import Company, CompanyGroup, Location
from polydesk.models.content import (
    BreakingNews,
    BreakingNewsGroup,
    BreakingNewsHelpdesk,
    BreakingNewsUpdate,
    InternalNote,
    KbArticle,
    KbCategory,
)
from polydesk.models.credentials import (
    ApiKey,
    ApiToken,
    AuthSession,
    OAuthClient,
    OAuthToken,
    WebSession,
)
from polydesk.models.crm import Lead, Newsletter, NewsletterAddress
from polydesk.models.customfields import CustomField, CustomFieldOption, CustomFieldValue
from polydesk.models.events import EventRecord
from polydesk.models.exports import DataExport
from polydesk.models.groups import Group, GroupMember
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel, HelpdeskMember, Sla, SlaRule
from polydesk.models.history import HistoryEvent
from polydesk.models.inventory import InventoryItem, TicketInventory
from polydesk.models.jobs import Job, OutgoingMail, PeriodicRun
from polydesk.models.mailin import Mailbox, MailImport
from polydesk.models.notifications import NotificationSwitch, NotificationTemplate
from polydesk.models.observers import EntityObserver, ObservedKind
from polydesk.models.password_resets import PasswordResetToken
from polydesk.models.request_tasks import TicketTask
from polydesk.models.routing import AgentAssignment, AssignmentTurn, RoutingRule
from polydesk.models.schedules import Schedule
from polydesk.models.search import SearchDocument
from polydesk.models.settings import Setting
from polydesk.models.sla import TicketSlaMark
from polydesk.models.tickets import (
    Ticket,
    TicketCc,
    TicketCounter,
    TicketLink,
    TicketParticipant,
    TicketTag,
)
from polydesk.models.timetracking import TimeCategory, TimeEntry
from polydesk.models.users import User
from polydesk.models.webservices import WebService

__all__ = [
    "AgentAssignment",
    "ApiKey",
    "ApiToken",
    "Approval",
    "ApprovalVote",
    "AssignmentTurn",
    "Attachment",
    "AuthSession",
    "BreakingNews",
    "BreakingNewsGroup",
    "BreakingNewsHelpdesk",
    "BreakingNewsUpdate",
    "BusinessCalendar",
    "BusinessHoliday",
    "BusinessHours",
    "Category",
    "CloseReason",
    "Comment",
    "Company",
    "CompanyGroup",
    "CustomField",
    "CustomFieldOption",
    "CustomFieldValue",
    "DataExport",
    "DeliveryStatus",
    "DialectCode",
    "EntityObserver",
    "EventRecord",
    "ExecutionOutcome",
    "Group",
    "GroupMember",
    "Helpdesk",
    "HelpdeskLevel",
    "HelpdeskMember",
    "HistoryEvent",
    "Impact",
    "InternalNote",
    "InventoryItem",
    "Invoice",
    "InvoiceLine",
    "Job",
    "KbArticle",
    "KbCategory",
    "Lead",
    "Location",
    "MailImport",
    "Mailbox",
    "Newsletter",
    "NewsletterAddress",
    "NotificationSwitch",
    "NotificationTemplate",
    "OAuthClient",
    "OAuthToken",
    "ObservedKind",
    "OutgoingMail",
    "PasswordResetToken",
    "PeriodicRun",
    "Priority",
    "RoutingRule",
    "SavedView",
    "Schedule",
    "SearchDocument",
    "Setting",
    "Sla",
    "SlaRule",
    "Source",
    "Status",
    "StatusCategory",
    "Ticket",
    "TicketCc",
    "TicketCounter",
    "TicketInventory",
    "TicketLink",
    "TicketParticipant",
    "TicketSlaMark",
    "TicketTag",
    "TicketTask",
    "TicketType",
    "TimeCategory",
    "TimeEntry",
    "Trigger",
    "TriggerExecution",
    "Urgency",
    "User",
    "WebService",
    "WebSession",
    "Webhook",
    "WebhookDelivery",
    "Workflow",
    "WorkflowInstance",
    "WorkflowVersion",
]
