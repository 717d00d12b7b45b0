"""Accessible markup on every page the web UI has: a language, one h1, the landmarks (header,
main, nav when signed in), a skip link to main, a label for every field, a caption and column
headers on tables. Checked by parsing the pages the server really sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_helpdesk, make_ticket, make_user
from tests.web.pages import signed_in

PASSWORD = "correct-horse"
FIELDS = ("input", "select", "textarea")


@dataclass
class Outline(HTMLParser):
    """What a page is made of: tags seen, field ids, label targets, and the html lang."""

    tags: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    labelled: set[str] = field(default_factory=set)
    lang: str = ""
    skip_target: str = ""
    main_id: str = ""

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag in FIELDS and values.get("type") != "hidden":
            self.fields.append(values.get("id", "<no id>"))
            if values.get("aria-label"):  # a named control needs no visible label (row pickers)
                self.labelled.add(values.get("id", "<no id>"))
        if tag == "label":
            self.labelled.add(values.get("for", ""))
        if tag == "a" and values.get("class") == "skip":
            self.skip_target = values.get("href", "")
        if tag == "main":
            self.main_id = values.get("id", "")


def _outline(html: str) -> Outline:
    outline = Outline()
    outline.feed(html)
    return outline


def _check(html: str, *, signed_in: bool) -> None:
    page = _outline(html)
    assert page.lang == "en"
    assert page.tags.count("h1") == 1 and page.tags.count("main") == 1
    assert "header" in page.tags and ("nav" in page.tags) is signed_in
    assert page.skip_target == f"#{page.main_id}" == "#main"
    assert page.fields and set(page.fields) <= page.labelled, page.fields
    if "table" in page.tags:
        assert "caption" in page.tags and "th" in page.tags


def test_every_page_is_accessible_markup(client: TestClient, runtime: Runtime) -> None:
    with unit_of_work(runtime.factory) as session:
        desk = make_helpdesk(session, "Desk")
        make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[desk])
        cy = make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD)
        make_ticket(session, title="Printer", helpdesk_id=desk.id, requester_id=cy.id)
    _check(client.get("/").text, signed_in=False)
    signed_in(client, "ann", PASSWORD)
    _check(client.get("/console").text, signed_in=True)
    bad = client.get("/console", params={"status": "bogus"})
    assert bad.status_code == 400 and _outline(bad.text).tags.count("h1") == 1
    client.cookies.clear()
    signed_in(client, "cy", PASSWORD)
    _check(client.get("/portal").text, signed_in=True)
