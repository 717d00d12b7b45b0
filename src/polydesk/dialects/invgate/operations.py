"""The operation table: every method + endpoint of InvGate's API v1 (the 159 operations of
``specs/invgate-api.json``, in its order) -> handler, with the parameters the seed marks
required. An operation without a handler is not built yet: it answers 501 in InvGate's error
shape (never 404/405), after the same authentication, scope and required-parameter checks.

``tests/dialects/invgate/test_operations.py`` checks this table against the spec, so a
missing, extra or misnamed operation fails a test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops import (
    approvals,
    attachments,
    catalogs,
    cis,
    comments,
    field_values,
    lifecycle,
    lists,
    relations,
    replies,
    requests,
    sentiment,
    tasks,
    views,
)
from polydesk.dialects.invgate.ops import automation as au
from polydesk.dialects.invgate.ops import custom_field_defs as cf
from polydesk.dialects.invgate.ops import export as ex
from polydesk.dialects.invgate.ops import system as sy
from polydesk.dialects.invgate.ops import timetracking as tt
from polydesk.dialects.invgate.params import Params

Handler = Callable[[Context, Params], Any]


@dataclass(frozen=True)
class Operation:
    method: str
    endpoint: str
    name: str  # the seed's operation name, e.g. create_request
    required: tuple[str, ...]
    handler: Handler | None  # None: not built yet

    @property
    def scope(self) -> str:
        return f"api.v1.{self.endpoint}:{self.method.lower()}"


def _op(
    method: str, endpoint: str, name: str, required: tuple[str, ...], handler: Handler | None = None
) -> Operation:
    return Operation(method, endpoint, name, required, handler)


TABLE: tuple[Operation, ...] = (
    # Breaking News
    _op("POST", "breakingnews", "create_breaking_news", ("body", "title", "type_id")),
    _op("GET", "breakingnews", "get_breaking_news", ("id",)),
    _op("PUT", "breakingnews", "update_breaking_news", ("id",)),
    _op("GET", "breakingnews.all", "list_breaking_news", ()),
    _op("GET", "breakingnews.attributes.status", "list_breaking_news_statuses", ()),
    _op("GET", "breakingnews.attributes.type", "list_breaking_news_types", ()),
    _op("POST", "breakingnews.status", "create_breaking_news_update", ("id", "body")),
    _op("GET", "breakingnews.status", "list_breaking_news_updates", ("id",)),
    # Categories
    _op("GET", "categories", "list_categories", (), catalogs.list_categories),
    # Custom fields
    _op(
        "POST",
        "cf.field.options.list",
        "set_list_cf_options",
        ("key_values", "type", "uid"),
        cf.set_list_cf_options,
    ),
    _op("GET", "cf.field.options.list", "get_list_cf_options", ("uid",), cf.get_list_cf_options),
    _op(
        "DELETE",
        "cf.field.options.list",
        "delete_list_cf_options",
        ("keys", "type", "uid"),
        cf.delete_list_cf_options,
    ),
    _op(
        "POST",
        "cf.field.options.tree",
        "add_tree_cf_option",
        ("name", "uid"),
        cf.add_tree_cf_option,
    ),
    _op("GET", "cf.field.options.tree", "get_tree_cf_options", ("uid",), cf.get_tree_cf_options),
    _op(
        "DELETE",
        "cf.field.options.tree",
        "delete_tree_cf_option",
        ("hash", "uid"),
        cf.delete_tree_cf_option,
    ),
    _op(
        "PUT",
        "cf.field.options.tree",
        "update_tree_cf_option",
        ("hash", "uid"),
        cf.update_tree_cf_option,
    ),
    _op("GET", "cf.fields.all", "list_custom_fields", (), cf.list_custom_fields),
    _op(
        "GET",
        "cf.fields.by.category",
        "list_custom_fields_by_category",
        ("category_id",),
        cf.list_custom_fields_by_category,
    ),
    _op("GET", "cf.fields.types", "list_custom_field_types", (), cf.list_custom_field_types),
    # Configuration items (CIs)
    _op("GET", "cis.by.id", "get_cis_by_ids", ("ci_internal_ids",), sy.get_cis_by_ids),
    # Companies
    _op("POST", "companies", "create_company", ("name",)),
    _op("GET", "companies", "list_companies", ()),
    _op("DELETE", "companies", "delete_company", ("id",)),
    _op("PUT", "companies", "update_company", ("id",)),
    _op("POST", "companies.groups", "link_groups_to_company", ("groups", "id")),
    _op("GET", "companies.groups", "list_company_groups", ("id",)),
    _op("DELETE", "companies.groups", "unlink_groups_from_company", ("groups", "id")),
    _op("POST", "companies.observers", "add_company_observers", ("id", "observer_users")),
    _op("GET", "companies.observers", "list_company_observers", ()),
    _op("DELETE", "companies.observers", "remove_company_observers", ("id", "observer_users")),
    _op("POST", "companies.users", "add_company_users", ("id", "users")),
    _op("GET", "companies.users", "list_company_users", ("id",)),
    _op("DELETE", "companies.users", "remove_company_users", ("id", "users")),
    # Data export
    _op("GET", "data.export", "get_data_export_url", ("id",), ex.get_data_export_url),
    # Groups
    _op("POST", "groups", "create_group", ("name",)),
    _op("GET", "groups", "list_groups", ()),
    _op("DELETE", "groups", "delete_group", ("id",)),
    _op("POST", "groups.observers", "add_group_observers", ("id", "observer_users")),
    _op("GET", "groups.observers", "list_group_observers", ()),
    _op("DELETE", "groups.observers", "remove_group_observers", ("id", "observer_users")),
    _op("POST", "groups.users", "add_group_users", ("id", "users")),
    _op("GET", "groups.users", "list_group_users", ("id",)),
    _op("DELETE", "groups.users", "remove_group_users", ("id", "users")),
    # Help desks and levels
    _op("GET", "helpdesks", "list_helpdesks", ()),
    _op("POST", "helpdesks.observers", "add_helpdesk_observers", ("id", "observer_users")),
    _op("GET", "helpdesks.observers", "list_helpdesk_observers", ()),
    _op("DELETE", "helpdesks.observers", "remove_helpdesk_observers", ("id", "observer_users")),
    _op("GET", "helpdesksandlevels", "list_helpdesks_and_levels", ()),
    # Requests
    _op(
        "POST",
        "incident",
        "create_request",
        ("title", "priority_id", "creator_id", "category_id", "type_id", "customer_id"),
        requests.create_request,
    ),
    _op("GET", "incident", "get_request", ("id",), requests.get_request),
    _op("PUT", "incident", "update_request", ("id",), requests.update_request),
    # Request approvals
    _op(
        "GET",
        "incident.approval",
        "list_request_approvals",
        ("request_id",),
        approvals.list_request_approvals,
    ),
    _op(
        "PUT",
        "incident.approval.accept",
        "accept_approval",
        ("user_id", "approval_id"),
        approvals.accept_approval,
    ),
    _op(
        "POST",
        "incident.approval.add_voter",
        "add_approval_voter",
        ("user_id", "approval_id"),
        approvals.add_approval_voter,
    ),
    _op(
        "PUT",
        "incident.approval.cancel",
        "cancel_approval",
        ("user_id", "approval_id"),
        approvals.cancel_approval,
    ),
    _op(
        "GET",
        "incident.approval.possible_voters",
        "list_approval_possible_voters",
        ("approval_id",),
        approvals.list_approval_possible_voters,
    ),
    _op(
        "PUT",
        "incident.approval.reject",
        "reject_approval",
        ("user_id", "approval_id"),
        approvals.reject_approval,
    ),
    _op(
        "GET",
        "incident.approval.status",
        "list_approval_statuses",
        (),
        approvals.list_approval_statuses,
    ),
    _op("GET", "incident.approval.type", "list_approval_types", (), approvals.list_approval_types),
    _op(
        "GET",
        "incident.approval.vote_status",
        "list_approval_vote_statuses",
        (),
        approvals.list_approval_vote_statuses,
    ),
    # Requests
    _op("GET", "incident.attachment", "get_attachment", ("id",), attachments.get_attachment),
    # Request catalogs
    _op("GET", "incident.attributes.priority", "list_priorities", (), catalogs.list_priorities),
    _op("GET", "incident.attributes.source", "list_sources", (), catalogs.list_sources),
    _op("GET", "incident.attributes.status", "list_statuses", (), catalogs.list_statuses),
    _op("GET", "incident.attributes.type", "list_types", (), catalogs.list_types),
    # Request lifecycle actions
    _op(
        "POST",
        "incident.cancel",
        "cancel_request",
        ("author_id", "request_id"),
        lifecycle.cancel_request,
    ),
    # Request participants
    _op(
        "POST",
        "incident.collaborator",
        "add_collaborators",
        ("author_id", "request_id"),
        relations.add_collaborators,
    ),
    _op(
        "GET",
        "incident.collaborator",
        "list_collaborators",
        ("request_id",),
        relations.list_collaborators,
    ),
    # Request comments
    _op(
        "POST",
        "incident.comment",
        "add_comment",
        ("author_id", "comment", "request_id"),
        replies.add_reply,
    ),
    _op("GET", "incident.comment", "list_comments", ("request_id",), comments.list_comments),
    # Request approvals
    _op(
        "POST",
        "incident.custom_approval",
        "request_custom_approval",
        ("approval_id", "author_id", "request_id"),
        approvals.request_custom_approval,
    ),
    _op(
        "GET",
        "incident.custom_approval",
        "list_custom_approval_templates",
        ("request_id",),
        approvals.list_custom_approval_templates,
    ),
    # Request custom fields
    _op(
        "POST",
        "incident.custom_field",
        "set_request_custom_field",
        ("values", "author_id", "custom_field_uid", "request_id"),
        field_values.set_request_custom_field,
    ),
    _op(
        "DELETE",
        "incident.custom_field",
        "delete_request_custom_field",
        ("author_id", "custom_field_uid", "request_id"),
        field_values.delete_request_custom_field,
    ),
    _op(
        "PATCH",
        "incident.custom_field",
        "add_request_ci_custom_field_values",
        (),
        cis.add_request_ci_custom_field_values,
    ),
    # Request relations
    _op(
        "POST",
        "incident.external_entity",
        "link_external_entity",
        ("external_entity_id", "request_id"),
        relations.link_external_entity,
    ),
    _op(
        "GET",
        "incident.external_entity",
        "list_external_entities",
        ("request_id",),
        relations.list_external_entities,
    ),
    _op(
        "POST",
        "incident.link",
        "link_requests",
        ("request_ids", "request_id"),
        relations.link_requests,
    ),
    _op(
        "GET",
        "incident.link",
        "list_linked_requests",
        ("request_id",),
        relations.list_linked_requests,
    ),
    # Configuration items (CIs)
    _op(
        "GET",
        "incident.linked_cis.counters.from",
        "get_linked_ci_counters",
        ("from", "cis_source_id"),
        cis.get_linked_ci_counters,
    ),
    # Request participants
    _op(
        "POST",
        "incident.observer",
        "add_observers",
        ("author_id", "request_id"),
        relations.add_observers,
    ),
    _op("GET", "incident.observer", "list_observers", ("request_id",), relations.list_observers),
    # Request lifecycle actions
    _op(
        "POST",
        "incident.reassign",
        "reassign_request",
        ("group_id", "author_id", "request_id"),
        lifecycle.reassign_request,
    ),
    _op(
        "POST",
        "incident.reject",
        "reject_request",
        ("author_id", "request_id"),
        lifecycle.reject_request,
    ),
    # Configuration items (CIs)
    _op(
        "POST",
        "incident.relate.ci.by.keyword",
        "relate_cis_by_keyword",
        ("keyword", "request_id"),
        cis.relate_cis_by_keyword,
    ),
    # Request lifecycle actions
    _op("PUT", "incident.reopen", "reopen_request", ("request_id",), lifecycle.reopen_request),
    _op(
        "PUT",
        "incident.solution.accept",
        "accept_solution",
        ("id", "rating"),
        lifecycle.accept_solution,
    ),
    _op(
        "PUT",
        "incident.solution.reject",
        "reject_solution",
        ("comment", "id"),
        lifecycle.reject_solution,
    ),
    # Request approvals
    _op(
        "POST",
        "incident.spontaneous_approval",
        "create_spontaneous_approval",
        ("approval_user_id", "author_id", "description", "request_id"),
        approvals.create_spontaneous_approval,
    ),
    # Request tasks
    _op("GET", "incident.tasks", "list_request_tasks", ("request_id",), tasks.list_request_tasks),
    # Request waiting states
    _op(
        "POST",
        "incident.waitingfor.agent",
        "set_waiting_for_agent",
        ("request_id",),
        lifecycle.set_waiting_for_agent,
    ),
    _op(
        "POST",
        "incident.waitingfor.customer",
        "set_waiting_for_customer",
        ("request_id",),
        lifecycle.set_waiting_for_customer,
    ),
    _op(
        "POST",
        "incident.waitingfor.date",
        "set_waiting_for_date",
        ("timestamp", "request_id"),
        lifecycle.set_waiting_for_date,
    ),
    _op(
        "POST",
        "incident.waitingfor.external_entity",
        "set_waiting_for_external_entity",
        ("entity_link_id", "request_id"),
        lifecycle.set_waiting_for_external_entity,
    ),
    _op(
        "POST",
        "incident.waitingfor.incident",
        "set_waiting_for_request",
        ("wait_request_id", "request_id"),
        lifecycle.set_waiting_for_request,
    ),
    # Request lists
    _op("GET", "incidents", "list_requests_by_ids", ("ids",), lists.list_requests_by_ids),
    _op("GET", "incidents.by.agent", "list_requests_by_agent", (), lists.list_requests_by_agent),
    # Configuration items (CIs)
    _op(
        "GET",
        "incidents.by.cis",
        "list_requests_by_cis",
        ("group", "cis_source_id", "ci_ids"),
        cis.list_requests_by_cis,
    ),
    # Request lists
    _op(
        "GET",
        "incidents.by.customer",
        "list_requests_by_customer",
        (),
        lists.list_requests_by_customer,
    ),
    _op(
        "GET",
        "incidents.by.helpdesk",
        "list_request_ids_by_helpdesk",
        (),
        lists.list_request_ids_by_helpdesk,
    ),
    _op(
        "GET",
        "incidents.by.sentiment",
        "list_request_ids_by_sentiment",
        (),
        sentiment.list_request_ids_by_sentiment,
    ),
    _op(
        "GET",
        "incidents.by.status",
        "list_request_ids_by_status",
        (),
        lists.list_request_ids_by_status,
    ),
    _op(
        "GET",
        "incidents.by.view",
        "list_request_ids_by_view",
        ("view_id",),
        views.list_request_ids_by_view,
    ),
    _op(
        "GET",
        "incidents.details.by.view",
        "list_request_details_by_view",
        ("view_id",),
        views.list_request_details_by_view,
    ),
    _op(
        "GET",
        "incidents.last.hour",
        "list_requests_last_hour",
        (),
        lists.list_requests_last_hour,
    ),
    # Internal notes
    _op(
        "POST",
        "internalnotes",
        "create_internal_note",
        ("object_id", "object_type", "author_id", "title", "description"),
    ),
    _op("GET", "internalnotes", "list_internal_notes", ("id",)),
    _op("DELETE", "internalnotes", "delete_internal_note", ("id", "author_id")),
    _op("PUT", "internalnotes", "update_internal_note", ("id", "author_id")),
    # Knowledge base
    _op("POST", "kb.articles", "create_article", ("content", "author_id", "title", "category_id")),
    _op("GET", "kb.articles", "list_articles", ()),
    _op("DELETE", "kb.articles", "delete_article", ("id",)),
    _op("PUT", "kb.articles", "update_article", ("author_id", "id")),
    _op("POST", "kb.articles.attachments", "add_article_attachments", ("author_id", "article_id")),
    _op("GET", "kb.articles.attachments", "list_article_attachments", ("article_id",)),
    _op(
        "DELETE",
        "kb.articles.attachments",
        "delete_article_attachment",
        ("attachment_id", "article_id"),
    ),
    _op("GET", "kb.articles.by.category", "list_articles_by_category", ("category_id",)),
    _op("GET", "kb.articles.by.ids", "list_articles_by_ids", ("ids",)),
    _op("GET", "kb.articles.by.keywords", "search_articles", ("keywords",)),
    _op("POST", "kb.categories", "create_kb_category", ("name",)),
    _op("GET", "kb.categories", "list_kb_categories", ()),
    _op("DELETE", "kb.categories", "delete_kb_category", ("id",)),
    _op("PUT", "kb.categories", "update_kb_category", ("id",)),
    _op("GET", "kb.categories.by.ids", "list_kb_categories_by_ids", ("ids",)),
    # Help desks and levels
    _op("GET", "levels", "list_levels", ()),
    _op("POST", "levels.observers", "add_level_observers", ("id", "observer_users")),
    _op("GET", "levels.observers", "list_level_observers", ()),
    _op("DELETE", "levels.observers", "remove_level_observers", ("id", "observer_users")),
    # Locations
    _op("POST", "locations", "create_location", ("name",)),
    _op("GET", "locations", "list_locations", ()),
    _op("DELETE", "locations", "delete_location", ("id",)),
    _op("POST", "locations.observers", "add_location_observers", ("id", "observer_users")),
    _op("GET", "locations.observers", "list_location_observers", ()),
    _op("DELETE", "locations.observers", "remove_location_observers", ("id", "observer_users")),
    _op("POST", "locations.users", "add_location_users", ("id", "users")),
    _op("GET", "locations.users", "list_location_users", ("id",)),
    _op("DELETE", "locations.users", "remove_location_users", ("id", "users")),
    # System
    _op("GET", "sd.version", "get_version", (), sy.get_version),
    # Time tracking
    # Extension: in InvGate's endpoint index, not in the seed (see EXTENSIONS)
    _op(
        "POST",
        "timetracking",
        "log_time_entry",
        ("request_id", "user_id", "from", "to"),
        tt.log_time_entry,
    ),
    _op("GET", "timetracking", "list_time_entries", (), tt.list_time_entries),
    _op(
        "DELETE",
        "timetracking",
        "delete_time_entry",
        ("timetracking_id", "user_id", "request_id"),
        tt.delete_time_entry,
    ),
    _op(
        "GET",
        "timetracking.attributes.category",
        "list_time_tracking_categories",
        (),
        tt.list_time_tracking_categories,
    ),
    # Triggers
    _op("GET", "triggers", "list_triggers", (), au.list_triggers),
    _op("GET", "triggers.executions", "list_trigger_executions", (), au.list_trigger_executions),
    # Users
    _op("POST", "user", "create_user", ("name", "email", "lastname")),
    _op("GET", "user", "get_user", ("id",)),
    _op("DELETE", "user", "delete_user", ("id",)),
    _op("PUT", "user", "update_user", ("id",)),
    _op("GET", "user.by", "find_user", ()),
    _op("POST", "user.convert", "convert_user_to_internal", ("id",)),
    _op("PUT", "user.disable", "disable_user", ("id",)),
    _op("PUT", "user.enable", "enable_user", ("id",)),
    _op("PUT", "user.password", "change_password", ("id", "password")),
    _op("POST", "user.password.reset", "reset_password", ("id", "type")),
    _op("POST", "user.token", "create_session_token", ("id",)),
    _op("GET", "users", "list_users", ()),
    _op("GET", "users.by", "search_users", ()),
    _op("GET", "users.groups", "get_users_memberships", ("ids",)),
    # Workflows
    _op("PUT", "wf.deploy", "deploy_workflow", ("workflow_id",), au.deploy_workflow),
    _op(
        "GET",
        "wf.initialfields.by.category",
        "get_workflow_initial_fields",
        ("category_id",),
        au.get_workflow_initial_fields,
    ),
)

#: Operations served beyond the spec's 159: InvGate's endpoint index lists them, the seed not.
EXTENSIONS: frozenset[tuple[str, str]] = frozenset({("POST", "timetracking")})

OPERATIONS: dict[tuple[str, str], Operation] = {(op.method, op.endpoint): op for op in TABLE}
ENDPOINTS: frozenset[str] = frozenset(op.endpoint for op in TABLE)


def find(method: str, endpoint: str) -> Operation | None:
    return OPERATIONS.get((method.upper(), endpoint))


def methods_of(endpoint: str) -> list[str]:
    return sorted(op.method for op in TABLE if op.endpoint == endpoint)
