"""The operation table: every method + endpoint of InvGate's API v1 (the 159 operations of
``specs/invgate-api.json``, in its order, listed as data in ``spec_operations.py``) plus the
extensions, each with the parameters the seed marks required and its handler (``HANDLERS``,
by the seed's operation name). An operation without a handler would answer 501 in InvGate's
error shape (never 404/405), after the same authentication, scope and required-parameter
checks; since issue 16 every operation has one.

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
    automation,
    catalogs,
    cis,
    comments,
    companies,
    custom_field_defs,
    desks,
    export,
    field_values,
    groups,
    kb,
    kb_categories,
    lifecycle,
    lists,
    locations,
    news,
    notes,
    observers,
    relations,
    replies,
    requests,
    sentiment,
    system,
    tasks,
    timetracking,
    user_accounts,
    users,
    views,
)
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.spec_operations import SPEC_OPERATIONS

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


#: The seed's operation name -> its handler, in the spec's order.
HANDLERS: dict[str, Handler] = {
    "create_breaking_news": news.create,
    "get_breaking_news": news.get,
    "update_breaking_news": news.update,
    "list_breaking_news": news.list_all,
    "list_breaking_news_statuses": news.statuses,
    "list_breaking_news_types": news.types,
    "create_breaking_news_update": news.post,
    "list_breaking_news_updates": news.updates,
    "list_categories": catalogs.list_categories,
    "set_list_cf_options": custom_field_defs.set_list_cf_options,
    "get_list_cf_options": custom_field_defs.get_list_cf_options,
    "delete_list_cf_options": custom_field_defs.delete_list_cf_options,
    "add_tree_cf_option": custom_field_defs.add_tree_cf_option,
    "get_tree_cf_options": custom_field_defs.get_tree_cf_options,
    "delete_tree_cf_option": custom_field_defs.delete_tree_cf_option,
    "update_tree_cf_option": custom_field_defs.update_tree_cf_option,
    "list_custom_fields": custom_field_defs.list_custom_fields,
    "list_custom_fields_by_category": custom_field_defs.list_custom_fields_by_category,
    "list_custom_field_types": custom_field_defs.list_custom_field_types,
    "get_cis_by_ids": system.get_cis_by_ids,
    "create_company": companies.create,
    "list_companies": companies.list_companies,
    "delete_company": companies.delete,
    "update_company": companies.update,
    "link_groups_to_company": companies.link_groups,
    "list_company_groups": companies.list_groups,
    "unlink_groups_from_company": companies.unlink_groups,
    "add_company_observers": observers.add_company_observers,
    "list_company_observers": observers.list_company_observers,
    "remove_company_observers": observers.remove_company_observers,
    "add_company_users": companies.add_users,
    "list_company_users": companies.list_users,
    "remove_company_users": companies.remove_users,
    "get_data_export_url": export.get_data_export_url,
    "create_group": groups.create,
    "list_groups": groups.list_groups,
    "delete_group": groups.delete,
    "add_group_observers": observers.add_group_observers,
    "list_group_observers": observers.list_group_observers,
    "remove_group_observers": observers.remove_group_observers,
    "add_group_users": groups.add_users,
    "list_group_users": groups.list_users,
    "remove_group_users": groups.remove_users,
    "list_helpdesks": desks.list_helpdesks,
    "add_helpdesk_observers": observers.add_helpdesk_observers,
    "list_helpdesk_observers": observers.list_helpdesk_observers,
    "remove_helpdesk_observers": observers.remove_helpdesk_observers,
    "list_helpdesks_and_levels": desks.list_helpdesks_and_levels,
    "create_request": requests.create_request,
    "get_request": requests.get_request,
    "update_request": requests.update_request,
    "list_request_approvals": approvals.list_request_approvals,
    "accept_approval": approvals.accept_approval,
    "add_approval_voter": approvals.add_approval_voter,
    "cancel_approval": approvals.cancel_approval,
    "list_approval_possible_voters": approvals.list_approval_possible_voters,
    "reject_approval": approvals.reject_approval,
    "list_approval_statuses": approvals.list_approval_statuses,
    "list_approval_types": approvals.list_approval_types,
    "list_approval_vote_statuses": approvals.list_approval_vote_statuses,
    "get_attachment": attachments.get_attachment,
    "list_priorities": catalogs.list_priorities,
    "list_sources": catalogs.list_sources,
    "list_statuses": catalogs.list_statuses,
    "list_types": catalogs.list_types,
    "cancel_request": lifecycle.cancel_request,
    "add_collaborators": relations.add_collaborators,
    "list_collaborators": relations.list_collaborators,
    "add_comment": replies.add_reply,
    "list_comments": comments.list_comments,
    "request_custom_approval": approvals.request_custom_approval,
    "list_custom_approval_templates": approvals.list_custom_approval_templates,
    "set_request_custom_field": field_values.set_request_custom_field,
    "delete_request_custom_field": field_values.delete_request_custom_field,
    "add_request_ci_custom_field_values": cis.add_request_ci_custom_field_values,
    "link_external_entity": relations.link_external_entity,
    "list_external_entities": relations.list_external_entities,
    "link_requests": relations.link_requests,
    "list_linked_requests": relations.list_linked_requests,
    "get_linked_ci_counters": cis.get_linked_ci_counters,
    "add_observers": relations.add_observers,
    "list_observers": relations.list_observers,
    "reassign_request": lifecycle.reassign_request,
    "reject_request": lifecycle.reject_request,
    "relate_cis_by_keyword": cis.relate_cis_by_keyword,
    "reopen_request": lifecycle.reopen_request,
    "accept_solution": lifecycle.accept_solution,
    "reject_solution": lifecycle.reject_solution,
    "create_spontaneous_approval": approvals.create_spontaneous_approval,
    "list_request_tasks": tasks.list_request_tasks,
    "set_waiting_for_agent": lifecycle.set_waiting_for_agent,
    "set_waiting_for_customer": lifecycle.set_waiting_for_customer,
    "set_waiting_for_date": lifecycle.set_waiting_for_date,
    "set_waiting_for_external_entity": lifecycle.set_waiting_for_external_entity,
    "set_waiting_for_request": lifecycle.set_waiting_for_request,
    "list_requests_by_ids": lists.list_requests_by_ids,
    "list_requests_by_agent": lists.list_requests_by_agent,
    "list_requests_by_cis": cis.list_requests_by_cis,
    "list_requests_by_customer": lists.list_requests_by_customer,
    "list_request_ids_by_helpdesk": lists.list_request_ids_by_helpdesk,
    "list_request_ids_by_sentiment": sentiment.list_request_ids_by_sentiment,
    "list_request_ids_by_status": lists.list_request_ids_by_status,
    "list_request_ids_by_view": views.list_request_ids_by_view,
    "list_request_details_by_view": views.list_request_details_by_view,
    "list_requests_last_hour": lists.list_requests_last_hour,
    "create_internal_note": notes.create,
    "list_internal_notes": notes.list_all,
    "delete_internal_note": notes.delete,
    "update_internal_note": notes.update,
    "create_article": kb.create,
    "list_articles": kb.list_all,
    "delete_article": kb.delete,
    "update_article": kb.update,
    "add_article_attachments": kb.add_files,
    "list_article_attachments": kb.files,
    "delete_article_attachment": kb.delete_file,
    "list_articles_by_category": kb.by_cat,
    "list_articles_by_ids": kb.by_ids,
    "search_articles": kb.search,
    "create_kb_category": kb_categories.create,
    "list_kb_categories": kb_categories.list_all,
    "delete_kb_category": kb_categories.delete,
    "update_kb_category": kb_categories.update,
    "list_kb_categories_by_ids": kb_categories.by_ids,
    "list_levels": desks.list_levels,
    "add_level_observers": observers.add_level_observers,
    "list_level_observers": observers.list_level_observers,
    "remove_level_observers": observers.remove_level_observers,
    "create_location": locations.create,
    "list_locations": locations.list_locations,
    "delete_location": locations.delete,
    "add_location_observers": observers.add_location_observers,
    "list_location_observers": observers.list_location_observers,
    "remove_location_observers": observers.remove_location_observers,
    "add_location_users": locations.add_users,
    "list_location_users": locations.list_users,
    "remove_location_users": locations.remove_users,
    "get_version": system.get_version,
    "log_time_entry": timetracking.log_time_entry,
    "list_time_entries": timetracking.list_time_entries,
    "delete_time_entry": timetracking.delete_time_entry,
    "list_time_tracking_categories": timetracking.list_time_tracking_categories,
    "list_triggers": automation.list_triggers,
    "list_trigger_executions": automation.list_trigger_executions,
    "create_user": user_accounts.create_user,
    "get_user": users.get_user,
    "delete_user": user_accounts.delete_user,
    "update_user": user_accounts.update_user,
    "find_user": users.find_user,
    "convert_user_to_internal": user_accounts.convert_user,
    "disable_user": user_accounts.disable_user,
    "enable_user": user_accounts.enable_user,
    "change_password": user_accounts.change_password,
    "reset_password": user_accounts.reset_password,
    "create_session_token": user_accounts.create_token,
    "list_users": users.list_users,
    "search_users": users.search_users,
    "get_users_memberships": users.get_memberships,
    "deploy_workflow": automation.deploy_workflow,
    "get_workflow_initial_fields": automation.get_workflow_initial_fields,
}

TABLE: tuple[Operation, ...] = tuple(
    Operation(method, endpoint, name, required, HANDLERS.get(name))
    for method, endpoint, name, required in SPEC_OPERATIONS
)

#: Operations served beyond the spec's 159: InvGate's endpoint index lists them, the seed not.
EXTENSIONS: frozenset[tuple[str, str]] = frozenset({("POST", "timetracking")})

OPERATIONS: dict[tuple[str, str], Operation] = {(op.method, op.endpoint): op for op in TABLE}
ENDPOINTS: frozenset[str] = frozenset(op.endpoint for op in TABLE)


def find(method: str, endpoint: str) -> Operation | None:
    return OPERATIONS.get((method.upper(), endpoint))


def methods_of(endpoint: str) -> list[str]:
    return sorted(op.method for op in TABLE if op.endpoint == endpoint)
