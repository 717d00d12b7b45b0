"""The console and portal ticket lists, in process: the tickets the core's visibility gives
the actor (the same the native API lists), search, status filter, paging with a hard cap, the
htmx fragment, bad parameters as a 400 page, and the page weight budget."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_helpdesk, make_ticket, make_user
from tests.web.pages import signed_in

PASSWORD = "correct-horse"
NUMBER = re.compile(r'<td data-label="Number">([^<]+)</td>')


@dataclass
class Desk:
    mine: list[str]  # numbers of tickets in the help desk the agent works in
    other: list[str]  # in a desk the agent has no access to
    cy: list[str]  # requested by the customer cy
    dee: list[str]  # requested by the customer dee


def _desk(runtime: Runtime) -> Desk:
    with unit_of_work(runtime.factory) as session:
        mine, other = make_helpdesk(session, "Mine"), make_helpdesk(session, "Other")
        make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[mine])
        make_user(session, Role.AGENT, login="nodesk", password=PASSWORD)
        cy = make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD)
        dee = make_user(session, Role.CUSTOMER, login="dee", password=PASSWORD)

        def tickets(desk_id: int, requester_id: int, titles: list[str]) -> list[str]:
            return [
                make_ticket(session, title=title, helpdesk_id=desk_id, requester_id=requester_id)
                .number
                for title in titles
            ]

        return Desk(
            mine=tickets(mine.id, cy.id, ["Printer jam on floor 2", "VPN drops"]),
            other=tickets(other.id, dee.id, ["Payroll question"]),
            cy=[], dee=[],
        )  # fmt: skip


def _numbers(html: str) -> set[str]:
    return set(NUMBER.findall(html))


def _native_numbers(client: TestClient, login: str) -> set[str]:
    answer = client.get("/polydesk/v1/tickets", params={"limit": 50}, auth=(login, PASSWORD))
    assert answer.status_code == 200, answer.text
    return {item["number"] for item in answer.json()["items"]}


def test_the_console_lists_what_the_native_api_lists_for_the_same_agent(
    client: TestClient, runtime: Runtime
) -> None:
    desk = _desk(runtime)
    signed_in(client, "ann", PASSWORD)
    page = client.get("/console", params={"status": "any"})
    assert page.status_code == 200
    assert _numbers(page.text) == set(desk.mine) == _native_numbers(client, "ann")
    assert "Printer jam on floor 2" in page.text and "Payroll question" not in page.text
    assert '<td data-label="Help desk">Mine</td>' in page.text
    assert "2 tickets" in page.text


def test_an_agent_without_a_help_desk_sees_no_tickets(
    client: TestClient, runtime: Runtime
) -> None:
    _desk(runtime)
    signed_in(client, "nodesk", PASSWORD)
    page = client.get("/console", params={"status": "any"})
    assert _numbers(page.text) == set() == _native_numbers(client, "nodesk")
    assert "0 tickets" in page.text and "No tickets match." in page.text


def test_the_portal_shows_a_customer_their_own_tickets_only(
    client: TestClient, runtime: Runtime
) -> None:
    desk = _desk(runtime)
    signed_in(client, "dee", PASSWORD)
    page = client.get("/portal")
    assert _numbers(page.text) == set(desk.other) == _native_numbers(client, "dee")
    assert "Printer jam" not in page.text
    assert "Help desk" not in page.text  # the portal shows no internal columns


def test_search_and_status_filter_narrow_the_list(client: TestClient, runtime: Runtime) -> None:
    desk = _desk(runtime)
    signed_in(client, "ann", PASSWORD)
    found = client.get("/console", params={"q": "printer", "status": "any"})
    assert _numbers(found.text) == {desk.mine[0]}
    assert 'value="printer"' in found.text  # the search box keeps what was typed
    closed = client.get("/console", params={"status": "closed"})
    assert _numbers(closed.text) == set()


def test_the_list_pages_with_next_and_first_links(client: TestClient, runtime: Runtime) -> None:
    with unit_of_work(runtime.factory) as session:
        desk = make_helpdesk(session, "Busy")
        make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[desk])
        made = {make_ticket(session, title=f"Item {n}", helpdesk_id=desk.id).number
                for n in range(30)}  # fmt: skip
    signed_in(client, "ann", PASSWORD)
    first = client.get("/console", params={"sort": "number", "order": "asc"})
    assert len(_numbers(first.text)) == 25  # web.listing.PAGE_SIZE, under the API's cap
    assert "30 tickets" in first.text
    link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', first.text)
    assert link, first.text
    second = client.get(link.group(1).replace("&amp;", "&"))
    assert _numbers(first.text) | _numbers(second.text) == made
    assert len(_numbers(second.text)) == 5 and "First page" in second.text
    assert 'rel="next"' not in second.text


def test_htmx_gets_the_list_alone(client: TestClient, runtime: Runtime) -> None:
    desk = _desk(runtime)
    signed_in(client, "ann", PASSWORD)
    htmx = {"HX-Request": "true", "HX-Target": "ticket-list"}
    fragment = client.get("/console", params={"status": "any"}, headers=htmx)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert _numbers(fragment.text) == set(desk.mine)
    assert fragment.headers["vary"] == "HX-Request"


def test_bad_parameters_are_a_400_page_never_a_500(client: TestClient, runtime: Runtime) -> None:
    _desk(runtime)
    signed_in(client, "ann", PASSWORD)
    for params in ({"status": "bogus"}, {"sort": "password"}, {"cursor": "!!!"},
                   {"q": "x" * 201}, {"order": "sideways"}):  # fmt: skip
        page = client.get("/console", params=params)
        assert page.status_code == 400, (params, page.text)
        assert page.headers["content-type"].startswith("text/html")
        assert 'role="alert"' in page.text


def test_a_page_with_its_css_and_js_stays_under_100_kb(
    client: TestClient, runtime: Runtime
) -> None:
    with unit_of_work(runtime.factory) as session:
        desk = make_helpdesk(session, "Busy")
        make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[desk])
        for n in range(25):
            make_ticket(session, title=f"A long ticket title number {n} " + "w" * 300,
                        helpdesk_id=desk.id)  # fmt: skip
    signed_in(client, "ann", PASSWORD)
    page = client.get("/console")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    assert len(assets) == 2
    weight = len(page.content) + sum(len(client.get(asset).content) for asset in assets)
    assert weight < 100 * 1024, weight
