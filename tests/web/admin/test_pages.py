"""Admin pages' weight and queries: a bounded number of SQL statements whatever a page holds
(no per-row queries), under the 100 KB page budget, no inline script or style."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from polydesk.core.actor import SYSTEM, Role
from polydesk.db.uow import unit_of_work
from polydesk.groups.service import GroupCreate, add_member, create_group
from polydesk.models.helpdesks import Helpdesk
from polydesk.runtime import Runtime
from polydesk.web.render import TEMPLATES
from tests.factories import make_company, make_user
from tests.queries import sql_statements
from tests.web.admin.conftest import Admin

BUDGET = 100 * 1024


def _grow(runtime: Runtime, admin: Admin, count: int, group_id: int) -> None:
    """``count`` more agents, each in a company, the desk and the group."""
    with unit_of_work(runtime.factory) as session:
        desk = session.get(Helpdesk, admin.desk_id)
        for _ in range(count):
            user = make_user(session, Role.AGENT, helpdesks=[desk], company=make_company(session))
            add_member(session, SYSTEM, group_id=group_id, user_id=user.id)


def _statements(runtime: Runtime, fetch: Callable[[], object]) -> int:
    with sql_statements(runtime.engine) as seen:
        fetch()
    return len(seen)


def test_pages_run_the_same_statements_for_3_or_30_rows(admin: Admin, runtime: Runtime) -> None:
    with unit_of_work(runtime.factory) as session:
        group = create_group(session, SYSTEM, GroupCreate(name="Everyone")).id
    paths = [
        "/admin/users", "/admin/groups", "/admin/companies", "/admin/helpdesks",
        f"/admin/groups/{group}", f"/admin/helpdesks/{admin.desk_id}", "/admin/users/new",
    ]  # fmt: skip
    _grow(runtime, admin, 3, group)
    few = {path: _statements(runtime, lambda p=path: admin.client.get(p)) for path in paths}
    _grow(runtime, admin, 27, group)
    many = {path: _statements(runtime, lambda p=path: admin.client.get(p)) for path in paths}
    assert all(few.values()) and many == few
    page = admin.client.get(f"/admin/helpdesks/{admin.desk_id}")
    assert page.text.count("/remove") == 31  # ann and the 30 agents, on one page


def test_admin_pages_stay_under_the_budget(admin: Admin, runtime: Runtime) -> None:
    css = admin.client.get("/static/polydesk.css").content
    htmx = admin.client.get("/static/htmx.min.js").content
    for path in ("/admin", "/admin/users", "/admin/users/new", f"/admin/helpdesks/{admin.desk_id}"):
        html = admin.client.get(path).content
        assert len(html) + len(css) + len(htmx) < BUDGET, path


def test_admin_templates_have_no_inline_script_or_style() -> None:
    folder = Path(TEMPLATES.env.loader.searchpath[0]) / "admin"  # type: ignore[union-attr]
    templates = list(folder.rglob("*.html"))
    assert len(templates) >= 12
    for template in templates:
        text = template.read_text()
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=|hx-on", text), template.name
        assert "<script" not in text, template.name
