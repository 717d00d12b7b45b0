"""Accessible markup on every portal page (the rules of the foundation's markup test): one h1,
main with the skip link's target, the navigation, a label for every visible field."""

from __future__ import annotations

from html.parser import HTMLParser

from fastapi.testclient import TestClient

from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from polydesk.tickets.solution import propose_solution
from polydesk.users.service import require_user
from tests.factories import actor
from tests.web.pages import signed_in
from tests.web.portal.world import PASSWORD, build


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.fields: list[str] = []
        self.labelled: set[str] = set()
        self.skip = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        if tag in ("input", "select", "textarea") and values.get("type") != "hidden":
            self.fields.append(values.get("id", "<no id>"))
        if tag == "label":
            self.labelled.add(values.get("for", ""))
        if tag == "a" and values.get("class") == "skip":
            self.skip = values.get("href", "")


def test_every_portal_page_is_accessible_markup(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    with unit_of_work(runtime.factory) as session:
        ann = actor(session, require_user(session, world.agent_id))
        propose_solution(session, ann, world.ticket_id, "Try the other tray.")
    signed_in(client, "cy", PASSWORD)
    paths = ["/portal/new", f"/portal/tickets/{world.ticket_id}", "/portal/kb",
             "/portal/kb?q=printer", "/portal/approvals"]  # fmt: skip
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, path
        page = _Outline()
        page.feed(answer.text)
        assert page.tags.count("h1") == 1 and page.tags.count("main") == 1, path
        assert "nav" in page.tags and "header" in page.tags and page.skip == "#main", path
        assert set(page.fields) <= page.labelled, (path, page.fields)
    missing = client.get("/portal/tickets/999999")
    assert missing.status_code == 404 and missing.text.count("<h1>") == 1
