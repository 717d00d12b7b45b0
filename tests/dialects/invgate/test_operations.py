"""The operation table against the spec (``invgate_api_extract.json``, extracted from
``specs/invgate-api.json``): every operation is there, named and scoped as the spec says, and
every one answers through the API (never 404/405), with its required parameters checked."""

from __future__ import annotations

from typing import Any

import pytest

from polydesk.dialects.invgate.operations import EXTENSIONS, HANDLERS, OPERATIONS, TABLE
from tests.dialects.invgate.conftest import SPEC, InvGate

ORGANISATION = (
    *("groups", "groups.users", "groups.observers"),
    *("companies", "companies.groups", "companies.users", "companies.observers"),
    *("helpdesks.observers", "levels.observers"),
    *("locations", "locations.users", "locations.observers"),
)
BUILT = {
    ("POST", "incident"),
    ("GET", "incident"),
    ("PUT", "incident"),
    ("GET", "incident.attachment"),
    ("GET", "incident.attributes.priority"),
    ("GET", "incident.attributes.source"),
    ("GET", "incident.attributes.status"),
    ("GET", "incident.attributes.type"),
    ("GET", "categories"),
    ("POST", "incident.comment"),
    ("GET", "incident.comment"),
    ("GET", "incidents"),
    ("GET", "incidents.by.agent"),
    ("GET", "incidents.by.customer"),
    ("GET", "incidents.by.helpdesk"),
    ("GET", "incidents.by.status"),
    ("GET", "incidents.by.sentiment"),
    ("GET", "incident.tasks"),
    ("GET", "incidents.last.hour"),
    # Issue 6, life cycle (ops/lifecycle.py, approvals.py, relations.py, views.py)
    ("GET", "incident.approval"),
    ("PUT", "incident.approval.accept"),
    ("POST", "incident.approval.add_voter"),
    ("PUT", "incident.approval.cancel"),
    ("GET", "incident.approval.possible_voters"),
    ("PUT", "incident.approval.reject"),
    ("GET", "incident.approval.status"),
    ("GET", "incident.approval.type"),
    ("GET", "incident.approval.vote_status"),
    ("POST", "incident.custom_approval"),
    ("GET", "incident.custom_approval"),
    ("POST", "incident.spontaneous_approval"),
    ("POST", "incident.cancel"),
    ("POST", "incident.reject"),
    ("PUT", "incident.reopen"),
    ("POST", "incident.reassign"),
    ("PUT", "incident.solution.accept"),
    ("PUT", "incident.solution.reject"),
    *(("POST", f"incident.waitingfor.{kind}") for kind in ("agent", "customer", "date")),
    ("POST", "incident.waitingfor.external_entity"),
    ("POST", "incident.waitingfor.incident"),
    *((m, e) for m in ("POST", "GET") for e in ("incident.collaborator", "incident.observer")),
    *((m, e) for m in ("POST", "GET") for e in ("incident.link", "incident.external_entity")),
    ("GET", "incidents.by.view"),
    ("GET", "incidents.details.by.view"),
    ("POST", "incident.custom_field"),
    ("DELETE", "incident.custom_field"),
    # Issue 6, CIs (ops/cis.py)
    ("PATCH", "incident.custom_field"),
    ("GET", "incidents.by.cis"),
    ("GET", "incident.linked_cis.counters.from"),
    ("POST", "incident.relate.ci.by.keyword"),
    # Issue 16, users (ops/users.py, ops/user_accounts.py)
    *((method, "user") for method in ("POST", "GET", "PUT", "DELETE")),
    ("GET", "user.by"),
    ("POST", "user.convert"),
    ("PUT", "user.disable"),
    ("PUT", "user.enable"),
    ("PUT", "user.password"),
    ("POST", "user.password.reset"),
    ("POST", "user.token"),
    ("GET", "users"),
    ("GET", "users.by"),
    ("GET", "users.groups"),
    # Issue 16, organisation (ops/groups.py, companies.py, desks.py, locations.py, observers.py)
    *((m, e) for m in ("POST", "GET", "DELETE") for e in ORGANISATION),
    ("PUT", "companies"),
    ("GET", "helpdesks"),
    ("GET", "helpdesksandlevels"),
    ("GET", "levels"),
    # Issue 16, content (ops/news.py, ops/kb.py, ops/kb_categories.py, ops/notes.py)
    *(
        (method, "breakingnews" + suffix)
        for method, suffix in (("POST", ""), ("GET", ""), ("PUT", ""), ("GET", ".all"))
    ),
    ("GET", "breakingnews.attributes.status"),
    ("GET", "breakingnews.attributes.type"),
    ("POST", "breakingnews.status"),
    ("GET", "breakingnews.status"),
    *((method, "kb.articles") for method in ("POST", "GET", "DELETE", "PUT")),
    *((method, "kb.articles.attachments") for method in ("POST", "GET", "DELETE")),
    ("GET", "kb.articles.by.category"),
    ("GET", "kb.articles.by.ids"),
    ("GET", "kb.articles.by.keywords"),
    *((method, "kb.categories") for method in ("POST", "GET", "DELETE", "PUT")),
    ("GET", "kb.categories.by.ids"),
    *((method, "internalnotes") for method in ("POST", "GET", "DELETE", "PUT")),
    # Issue 16, fields, time, automation, export (custom_field_defs, timetracking, automation,
    # system, export)
    *((m, "cf.field.options.list") for m in ("POST", "GET", "DELETE")),
    *((m, "cf.field.options.tree") for m in ("POST", "GET", "DELETE", "PUT")),
    ("GET", "cf.fields.all"),
    ("GET", "cf.fields.by.category"),
    ("GET", "cf.fields.types"),
    ("GET", "timetracking"),
    ("DELETE", "timetracking"),
    ("POST", "timetracking"),
    ("GET", "timetracking.attributes.category"),
    ("GET", "triggers"),
    ("GET", "triggers.executions"),
    ("PUT", "wf.deploy"),
    ("GET", "wf.initialfields.by.category"),
    ("GET", "cis.by.id"),
    ("GET", "sd.version"),
    ("GET", "data.export"),
}
#: One of several parameters is needed (the seed marks none required).
ONE_OF = {
    "incidents.by.agent": ("id", "1"),
    "incidents.by.customer": ("id", "1"),
    "incidents.by.helpdesk": ("helpdesk_id", "1"),
    "incidents.by.status": ("status_id", "1"),
    "incidents.by.sentiment": ("sentiment_id", "negative"),
    "incident.collaborator": ("user_id", "1"),
    "incident.observer": ("user_id", "1"),
    "incident.solution.accept": ("comment", "too slow"),  # required below rating 4
    "timetracking": ("from", "2024-05-04T10:00:00+00:00"),  # or request_id
    "breakingnews": ("affected_helpdesk_ids[]", "1"),  # or affected_group_ids[]
    "user.by": ("username", "api"),
    "users.by": ("username", "api"),
}
#: Required values "1" cannot stand for (an e-mail address, a code, another user than the caller).
VALUES = {
    ("POST", "user", "email"): "new.person@example.com",
    ("PUT", "user.disable", "id"): "2",
    ("DELETE", "user", "id"): "2",
    ("POST", "user.password.reset", "type"): "RESET_PASSWORD",
}
#: Parameters the spec infers for operations whose seed table is missing.
INFERRED = {
    ("PATCH", "incident.custom_field"): [
        ("request_id", "1"),
        ("author_id", "1"),
        ("custom_field_uid", "1"),
        ("values[]", "x"),
    ],
}
SPEC_IDS = [f"{op['method']} {op['endpoint']}" for op in SPEC]


def test_the_table_has_exactly_the_specs_operations_in_its_order() -> None:
    specified = [op for op in TABLE if (op.method, op.endpoint) not in EXTENSIONS]
    assert len(SPEC) == len(specified) == 159
    assert [(op.method, op.endpoint, op.name) for op in specified] == [
        (op["method"], op["endpoint"], op["operation"]) for op in SPEC
    ]
    assert len(OPERATIONS) == len(TABLE) == 159 + len(EXTENSIONS)


def test_the_only_extension_is_logging_time() -> None:
    """``POST /timetracking`` is in InvGate's endpoint index but not in the seed (spec note)."""
    assert {("POST", "timetracking")} == EXTENSIONS
    assert OPERATIONS[("POST", "timetracking")].required == ("request_id", "user_id", "from", "to")


@pytest.mark.parametrize("spec", SPEC, ids=SPEC_IDS)
def test_each_operation_has_the_specs_scope_and_required_parameters(spec: dict[str, Any]) -> None:
    operation = OPERATIONS[(spec["method"], spec["endpoint"])]

    assert operation.scope == spec["oauth_scope"]
    assert operation.required == tuple(p["name"] for p in spec["params"] if p["required"])


def test_built_operations_are_the_ones_this_issue_delivers() -> None:
    assert {(op.method, op.endpoint) for op in TABLE if op.handler is not None} == BUILT


def test_every_operation_has_a_handler_and_every_handler_an_operation() -> None:
    assert [op.name for op in TABLE if op.handler is None] == []
    assert set(HANDLERS) == {op.name for op in TABLE}


def _filled(spec: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for param in spec["params"]:
        if param["required"]:
            name = param["name"] + ("[]" if param["type"] == "ARRAY" else "")
            value = VALUES.get((spec["method"], spec["endpoint"], param["name"]), "1")
            pairs.append((name, value))
    if spec["endpoint"] in ONE_OF:
        pairs.append(ONE_OF[spec["endpoint"]])
    pairs.extend(INFERRED.get((spec["method"], spec["endpoint"]), []))
    return pairs


@pytest.mark.parametrize("spec", SPEC, ids=SPEC_IDS)
def test_every_operation_answers_and_checks_required_parameters(
    invgate: InvGate, spec: dict[str, Any]
) -> None:
    method, endpoint = spec["method"], spec["endpoint"]
    required = [p["name"] for p in spec["params"] if p["required"]]

    bare = invgate.call(method, endpoint)
    full = invgate.call(method, endpoint, _filled(spec))

    assert bare.status_code not in (404, 405) and full.status_code not in (404, 405)
    if required:
        assert bare.status_code == 428
        assert bare.json() == {
            "error": f"The parameter {required[0]} is required",
            "status": 428,
        }
    if (method, endpoint) not in BUILT:
        assert full.status_code == 501
        assert full.json()["status"] == 501 and spec["operation"] in full.json()["error"]
    else:
        assert full.status_code == 200, full.text


def test_unknown_endpoints_and_methods_answer_in_invgates_shape(invgate: InvGate) -> None:
    unknown = invgate.call("GET", "incident.nothing")
    wrong_method = invgate.call("DELETE", "incident")

    assert unknown.status_code == 404
    assert unknown.json() == {"error": "Unknown endpoint incident.nothing", "status": 404}
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {
        "error": "The method DELETE is not allowed on incident (GET, POST, PUT)",
        "status": 405,
    }
