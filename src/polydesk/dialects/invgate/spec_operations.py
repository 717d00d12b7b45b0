"""InvGate API v1's operations as the spec lists them (``specs/invgate-api.json``, in its
order): method, endpoint, the seed's operation name and the parameters the seed marks
required; plus the extensions (``operations.EXTENSIONS``). Data only: ``operations.py``
gives each operation its handler by name."""

from __future__ import annotations

SPEC_OPERATIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # Breaking News
    ("POST", "breakingnews", "create_breaking_news", ("body", "title", "type_id")),
    ("GET", "breakingnews", "get_breaking_news", ("id",)),
    ("PUT", "breakingnews", "update_breaking_news", ("id",)),
    ("GET", "breakingnews.all", "list_breaking_news", ()),
    ("GET", "breakingnews.attributes.status", "list_breaking_news_statuses", ()),
    ("GET", "breakingnews.attributes.type", "list_breaking_news_types", ()),
    ("POST", "breakingnews.status", "create_breaking_news_update", ("id", "body")),
    ("GET", "breakingnews.status", "list_breaking_news_updates", ("id",)),
    # Categories
    ("GET", "categories", "list_categories", ()),
    # Custom fields
    ("POST", "cf.field.options.list", "set_list_cf_options", ("key_values", "type", "uid")),
    ("GET", "cf.field.options.list", "get_list_cf_options", ("uid",)),
    ("DELETE", "cf.field.options.list", "delete_list_cf_options", ("keys", "type", "uid")),
    ("POST", "cf.field.options.tree", "add_tree_cf_option", ("name", "uid")),
    ("GET", "cf.field.options.tree", "get_tree_cf_options", ("uid",)),
    ("DELETE", "cf.field.options.tree", "delete_tree_cf_option", ("hash", "uid")),
    ("PUT", "cf.field.options.tree", "update_tree_cf_option", ("hash", "uid")),
    ("GET", "cf.fields.all", "list_custom_fields", ()),
    ("GET", "cf.fields.by.category", "list_custom_fields_by_category", ("category_id",)),
    ("GET", "cf.fields.types", "list_custom_field_types", ()),
    # Configuration items (CIs)
    ("GET", "cis.by.id", "get_cis_by_ids", ("ci_internal_ids",)),
    # Companies
    ("POST", "companies", "create_company", ("name",)),
    ("GET", "companies", "list_companies", ()),
    ("DELETE", "companies", "delete_company", ("id",)),
    ("PUT", "companies", "update_company", ("id",)),
    ("POST", "companies.groups", "link_groups_to_company", ("groups", "id")),
    ("GET", "companies.groups", "list_company_groups", ("id",)),
    ("DELETE", "companies.groups", "unlink_groups_from_company", ("groups", "id")),
    ("POST", "companies.observers", "add_company_observers", ("id", "observer_users")),
    ("GET", "companies.observers", "list_company_observers", ()),
    ("DELETE", "companies.observers", "remove_company_observers", ("id", "observer_users")),
    ("POST", "companies.users", "add_company_users", ("id", "users")),
    ("GET", "companies.users", "list_company_users", ("id",)),
    ("DELETE", "companies.users", "remove_company_users", ("id", "users")),
    # Data export
    ("GET", "data.export", "get_data_export_url", ("id",)),
    # Groups
    ("POST", "groups", "create_group", ("name",)),
    ("GET", "groups", "list_groups", ()),
    ("DELETE", "groups", "delete_group", ("id",)),
    ("POST", "groups.observers", "add_group_observers", ("id", "observer_users")),
    ("GET", "groups.observers", "list_group_observers", ()),
    ("DELETE", "groups.observers", "remove_group_observers", ("id", "observer_users")),
    ("POST", "groups.users", "add_group_users", ("id", "users")),
    ("GET", "groups.users", "list_group_users", ("id",)),
    ("DELETE", "groups.users", "remove_group_users", ("id", "users")),
    # Help desks and levels
    ("GET", "helpdesks", "list_helpdesks", ()),
    ("POST", "helpdesks.observers", "add_helpdesk_observers", ("id", "observer_users")),
    ("GET", "helpdesks.observers", "list_helpdesk_observers", ()),
    ("DELETE", "helpdesks.observers", "remove_helpdesk_observers", ("id", "observer_users")),
    ("GET", "helpdesksandlevels", "list_helpdesks_and_levels", ()),
    # Requests
    (
        "POST",
        "incident",
        "create_request",
        ("title", "priority_id", "creator_id", "category_id", "type_id", "customer_id"),
    ),
    ("GET", "incident", "get_request", ("id",)),
    ("PUT", "incident", "update_request", ("id",)),
    # Request approvals
    ("GET", "incident.approval", "list_request_approvals", ("request_id",)),
    ("PUT", "incident.approval.accept", "accept_approval", ("user_id", "approval_id")),
    ("POST", "incident.approval.add_voter", "add_approval_voter", ("user_id", "approval_id")),
    ("PUT", "incident.approval.cancel", "cancel_approval", ("user_id", "approval_id")),
    ("GET", "incident.approval.possible_voters", "list_approval_possible_voters", ("approval_id",)),
    ("PUT", "incident.approval.reject", "reject_approval", ("user_id", "approval_id")),
    ("GET", "incident.approval.status", "list_approval_statuses", ()),
    ("GET", "incident.approval.type", "list_approval_types", ()),
    ("GET", "incident.approval.vote_status", "list_approval_vote_statuses", ()),
    # Requests
    ("GET", "incident.attachment", "get_attachment", ("id",)),
    # Request catalogs
    ("GET", "incident.attributes.priority", "list_priorities", ()),
    ("GET", "incident.attributes.source", "list_sources", ()),
    ("GET", "incident.attributes.status", "list_statuses", ()),
    ("GET", "incident.attributes.type", "list_types", ()),
    # Request lifecycle actions
    ("POST", "incident.cancel", "cancel_request", ("author_id", "request_id")),
    # Request participants
    ("POST", "incident.collaborator", "add_collaborators", ("author_id", "request_id")),
    ("GET", "incident.collaborator", "list_collaborators", ("request_id",)),
    # Request comments
    ("POST", "incident.comment", "add_comment", ("author_id", "comment", "request_id")),
    ("GET", "incident.comment", "list_comments", ("request_id",)),
    # Request approvals
    (
        "POST",
        "incident.custom_approval",
        "request_custom_approval",
        ("approval_id", "author_id", "request_id"),
    ),
    ("GET", "incident.custom_approval", "list_custom_approval_templates", ("request_id",)),
    # Request custom fields
    (
        "POST",
        "incident.custom_field",
        "set_request_custom_field",
        ("values", "author_id", "custom_field_uid", "request_id"),
    ),
    (
        "DELETE",
        "incident.custom_field",
        "delete_request_custom_field",
        ("author_id", "custom_field_uid", "request_id"),
    ),
    ("PATCH", "incident.custom_field", "add_request_ci_custom_field_values", ()),
    # Request relations
    (
        "POST",
        "incident.external_entity",
        "link_external_entity",
        ("external_entity_id", "request_id"),
    ),
    ("GET", "incident.external_entity", "list_external_entities", ("request_id",)),
    ("POST", "incident.link", "link_requests", ("request_ids", "request_id")),
    ("GET", "incident.link", "list_linked_requests", ("request_id",)),
    # Configuration items (CIs)
    (
        "GET",
        "incident.linked_cis.counters.from",
        "get_linked_ci_counters",
        ("from", "cis_source_id"),
    ),
    # Request participants
    ("POST", "incident.observer", "add_observers", ("author_id", "request_id")),
    ("GET", "incident.observer", "list_observers", ("request_id",)),
    # Request lifecycle actions
    ("POST", "incident.reassign", "reassign_request", ("group_id", "author_id", "request_id")),
    ("POST", "incident.reject", "reject_request", ("author_id", "request_id")),
    # Configuration items (CIs)
    ("POST", "incident.relate.ci.by.keyword", "relate_cis_by_keyword", ("keyword", "request_id")),
    # Request lifecycle actions
    ("PUT", "incident.reopen", "reopen_request", ("request_id",)),
    ("PUT", "incident.solution.accept", "accept_solution", ("id", "rating")),
    ("PUT", "incident.solution.reject", "reject_solution", ("comment", "id")),
    # Request approvals
    (
        "POST",
        "incident.spontaneous_approval",
        "create_spontaneous_approval",
        ("approval_user_id", "author_id", "description", "request_id"),
    ),
    # Request tasks
    ("GET", "incident.tasks", "list_request_tasks", ("request_id",)),
    # Request waiting states
    ("POST", "incident.waitingfor.agent", "set_waiting_for_agent", ("request_id",)),
    ("POST", "incident.waitingfor.customer", "set_waiting_for_customer", ("request_id",)),
    ("POST", "incident.waitingfor.date", "set_waiting_for_date", ("timestamp", "request_id")),
    (
        "POST",
        "incident.waitingfor.external_entity",
        "set_waiting_for_external_entity",
        ("entity_link_id", "request_id"),
    ),
    (
        "POST",
        "incident.waitingfor.incident",
        "set_waiting_for_request",
        ("wait_request_id", "request_id"),
    ),
    # Request lists
    ("GET", "incidents", "list_requests_by_ids", ("ids",)),
    ("GET", "incidents.by.agent", "list_requests_by_agent", ()),
    # Configuration items (CIs)
    ("GET", "incidents.by.cis", "list_requests_by_cis", ("group", "cis_source_id", "ci_ids")),
    # Request lists
    ("GET", "incidents.by.customer", "list_requests_by_customer", ()),
    ("GET", "incidents.by.helpdesk", "list_request_ids_by_helpdesk", ()),
    ("GET", "incidents.by.sentiment", "list_request_ids_by_sentiment", ()),
    ("GET", "incidents.by.status", "list_request_ids_by_status", ()),
    ("GET", "incidents.by.view", "list_request_ids_by_view", ("view_id",)),
    ("GET", "incidents.details.by.view", "list_request_details_by_view", ("view_id",)),
    ("GET", "incidents.last.hour", "list_requests_last_hour", ()),
    # Internal notes
    (
        "POST",
        "internalnotes",
        "create_internal_note",
        ("object_id", "object_type", "author_id", "title", "description"),
    ),
    ("GET", "internalnotes", "list_internal_notes", ("id",)),
    ("DELETE", "internalnotes", "delete_internal_note", ("id", "author_id")),
    ("PUT", "internalnotes", "update_internal_note", ("id", "author_id")),
    # Knowledge base
    ("POST", "kb.articles", "create_article", ("content", "author_id", "title", "category_id")),
    ("GET", "kb.articles", "list_articles", ()),
    ("DELETE", "kb.articles", "delete_article", ("id",)),
    ("PUT", "kb.articles", "update_article", ("author_id", "id")),
    ("POST", "kb.articles.attachments", "add_article_attachments", ("author_id", "article_id")),
    ("GET", "kb.articles.attachments", "list_article_attachments", ("article_id",)),
    (
        "DELETE",
        "kb.articles.attachments",
        "delete_article_attachment",
        ("attachment_id", "article_id"),
    ),
    ("GET", "kb.articles.by.category", "list_articles_by_category", ("category_id",)),
    ("GET", "kb.articles.by.ids", "list_articles_by_ids", ("ids",)),
    ("GET", "kb.articles.by.keywords", "search_articles", ("keywords",)),
    ("POST", "kb.categories", "create_kb_category", ("name",)),
    ("GET", "kb.categories", "list_kb_categories", ()),
    ("DELETE", "kb.categories", "delete_kb_category", ("id",)),
    ("PUT", "kb.categories", "update_kb_category", ("id",)),
    ("GET", "kb.categories.by.ids", "list_kb_categories_by_ids", ("ids",)),
    # Help desks and levels
    ("GET", "levels", "list_levels", ()),
    ("POST", "levels.observers", "add_level_observers", ("id", "observer_users")),
    ("GET", "levels.observers", "list_level_observers", ()),
    ("DELETE", "levels.observers", "remove_level_observers", ("id", "observer_users")),
    # Locations
    ("POST", "locations", "create_location", ("name",)),
    ("GET", "locations", "list_locations", ()),
    ("DELETE", "locations", "delete_location", ("id",)),
    ("POST", "locations.observers", "add_location_observers", ("id", "observer_users")),
    ("GET", "locations.observers", "list_location_observers", ()),
    ("DELETE", "locations.observers", "remove_location_observers", ("id", "observer_users")),
    ("POST", "locations.users", "add_location_users", ("id", "users")),
    ("GET", "locations.users", "list_location_users", ("id",)),
    ("DELETE", "locations.users", "remove_location_users", ("id", "users")),
    # System
    ("GET", "sd.version", "get_version", ()),
    # Time tracking
    # Extension: in InvGate's endpoint index, not in the seed (see EXTENSIONS)
    ("POST", "timetracking", "log_time_entry", ("request_id", "user_id", "from", "to")),
    ("GET", "timetracking", "list_time_entries", ()),
    ("DELETE", "timetracking", "delete_time_entry", ("timetracking_id", "user_id", "request_id")),
    ("GET", "timetracking.attributes.category", "list_time_tracking_categories", ()),
    # Triggers
    ("GET", "triggers", "list_triggers", ()),
    ("GET", "triggers.executions", "list_trigger_executions", ()),
    # Users
    ("POST", "user", "create_user", ("name", "email", "lastname")),
    ("GET", "user", "get_user", ("id",)),
    ("DELETE", "user", "delete_user", ("id",)),
    ("PUT", "user", "update_user", ("id",)),
    ("GET", "user.by", "find_user", ()),
    ("POST", "user.convert", "convert_user_to_internal", ("id",)),
    ("PUT", "user.disable", "disable_user", ("id",)),
    ("PUT", "user.enable", "enable_user", ("id",)),
    ("PUT", "user.password", "change_password", ("id", "password")),
    ("POST", "user.password.reset", "reset_password", ("id", "type")),
    ("POST", "user.token", "create_session_token", ("id",)),
    ("GET", "users", "list_users", ()),
    ("GET", "users.by", "search_users", ()),
    ("GET", "users.groups", "get_users_memberships", ("ids",)),
    # Workflows
    ("PUT", "wf.deploy", "deploy_workflow", ("workflow_id",)),
    ("GET", "wf.initialfields.by.category", "get_workflow_initial_fields", ("category_id",)),
)
