"""The admin A2 pages as pages: accessible markup on each, no inline script or style in their
templates, the statements behind the lists do not grow with the rows (no N+1), the presets
page previews and applies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polydesk.runtime import Runtime
from polydesk.web import deps
from tests.queries import sql_statements
from tests.web.admin_config.conftest import Admin
from tests.web.test_markup import _outline

TEMPLATES = Path(deps.__file__).parent / "templates" / "admin"
PAGES = (
    "/admin/catalogs", "/admin/catalogs?section=categories", "/admin/custom-fields",
    "/admin/custom-fields/new", "/admin/slas?section=sla_rules", "/admin/calendars/new",
    "/admin/triggers/new", "/admin/credentials", "/admin/credentials/api-keys/new",
    "/admin/credentials/oauth-clients/new", "/admin/credentials/integria",
    "/admin/credentials/webservices/import", "/admin/presets",
)  # fmt: skip


def _check(html: str) -> None:
    """tests/web/test_markup.py's rules; a list page may have no field of its own."""
    page = _outline(html)
    assert page.lang == "en" and page.tags.count("h1") == 1 and page.tags.count("main") == 1
    assert "header" in page.tags and "nav" in page.tags
    assert page.skip_target == f"#{page.main_id}" == "#main"
    assert set(page.fields) <= page.labelled, page.fields
    if "table" in page.tags:
        assert "caption" in page.tags and "th" in page.tags


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_accessible_markup(admin: Admin, path: str) -> None:
    answer = admin.client.get(path)
    assert answer.status_code == 200, answer.text
    _check(answer.text)
    assert len(answer.content) < 60_000  # with CSS and htmx still under the 100 KB budget


def test_refused_forms_are_accessible_markup_too(admin: Admin) -> None:
    refused = admin.post("/admin/custom-fields/new", {"name": "", "type": "text"})
    assert refused.status_code == 422
    _check(refused.text)


def test_the_templates_have_no_inline_script_or_style() -> None:
    templates = [*TEMPLATES.glob("config/*.html"), *TEMPLATES.glob("credentials/*.html")]
    assert len(templates) >= 10
    for template in templates:
        text = template.read_text()
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=|hx-on|<script", text), template.name


LISTS = (
    "/admin/custom-fields", "/admin/credentials", "/admin/calendars", "/admin/triggers",
    "/admin/slas?section=slas", "/admin/slas?section=sla_rules",
    "/admin/slas?section=sla_escalations", "/admin/catalogs?section=categories",
    "/admin/catalogs?section=statuses",
)  # fmt: skip


def _add(admin: Admin, number: int) -> None:
    """One more entry in every list, each naming others (what an N+1 would look up)."""
    made = [
        admin.post("/admin/custom-fields/new", {"name": f"Field {number}", "type": "list",
                                                "options": "a\nb", "ticket_type": "Incident"}),
        admin.post("/admin/calendars/new", {"name": f"Cal {number}",
                                            "hours": "monday: ['09:00-17:00']"}),
        admin.post("/admin/slas/new?section=slas", {"name": f"SLA {number}",
                                                    "calendar": f"Cal {number}"}),
        admin.post("/admin/catalogs/new?section=categories", {"path": f"Cat {number}"}),
        admin.post("/admin/slas/new?section=sla_rules", {"name": f"Rule {number}",
                                                         "sla": f"SLA {number}",
                                                         "category": f"Cat {number}"}),
        admin.post(f"/admin/slas/edit?section=sla_escalations&name=SLA+{number}",
                   {"agent": "boss"}),
        admin.post("/admin/catalogs/new?section=statuses", {"name": f"Status {number}",
                                                           "category": "open"}),
        admin.post("/admin/triggers/new", {
            "name": f"Trigger {number}", "event": "ticket.opened",
            "conditions": "- {field: status, op: in, value: [New, Open]}",
            "actions": "- {type: set, field: priority, value: High}",
        }),
        admin.post("/admin/credentials/oauth-clients/new", {"name": f"c{number}",
                                                           "grants": ["password"]}),
    ]  # fmt: skip
    assert [answer.status_code for answer in made] == [303] * 8 + [201]
    assert (
        admin.post(
            "/admin/credentials/api-keys/new", {"dialect": "readydesk", "user": "boss"}
        ).status_code
        == 201
    )


def _counts(admin: Admin, runtime: Runtime) -> dict[str, int]:
    counts = {}
    for path in LISTS:
        with sql_statements(runtime.engine) as seen:
            assert admin.client.get(path).status_code == 200
        counts[path] = len(seen)
    return counts


def test_lists_run_as_many_statements_for_many_rows_as_for_few(
    admin: Admin, runtime: Runtime
) -> None:
    for number in range(2):
        _add(admin, number)
    few = _counts(admin, runtime)
    for number in range(2, 8):
        _add(admin, number)
    assert _counts(admin, runtime) == few
    assert "Field 7" in admin.client.get("/admin/custom-fields").text


def test_a_preset_is_previewed_then_applied(admin: Admin) -> None:
    page = admin.client.get("/admin/presets")
    assert '<td data-label="Product">znuny</td>' in page.text
    preview = admin.post("/admin/presets/apply", {"name": "znuny", "mode": "preview"})
    assert preview.status_code == 200 and "Nothing was written" in preview.text
    assert admin.native("/config/helpdesks/Postmaster").status_code == 404
    applied = admin.post("/admin/presets/apply", {"name": "znuny", "mode": "apply"})
    assert applied.status_code == 200 and "was applied" in applied.text
    assert admin.native("/config/helpdesks/Postmaster").status_code == 200
    unknown = admin.post("/admin/presets/apply", {"name": "nosuch", "mode": "apply"})
    assert unknown.status_code == 400 and "no preset" in unknown.text
