"""The console's queues and bulk form in process: live counts equal to the lists they open,
the polled counts fragment, the help desk / owner / priority filters, bulk changes through
the core (all or nothing), and a fixed number of statements behind the page."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_ticket, make_user
from tests.queries import sql_statements
from tests.web.actions.scene import PASSWORD, Scene, make_scene
from tests.web.pages import signed_in

COUNT = re.compile(r'data-queue="([a-z]+)">(\d+)<')
NUMBER = re.compile(r'<td data-label="Number">([^<]+)</td>')


def _counts(html: str) -> dict[str, int]:
    return {queue: int(count) for queue, count in COUNT.findall(html)}


def _total(html: str) -> int:
    found = re.search(r'<p class="count" role="status">(\d+) ticket', html)
    assert found, html
    return int(found.group(1))


def _bulk(client: TestClient, token: str, tickets: list[int], **data: str) -> httpx.Response:
    form = {"csrf_token": token, "ticket": [str(t) for t in tickets], **data}
    return client.post("/console/bulk", data=form, follow_redirects=False)


def test_counts_equal_the_lists_they_open(client: TestClient, runtime: Runtime) -> None:
    scene = make_scene(runtime)
    token = signed_in(client, "ann", PASSWORD)
    client.post(f"/console/tickets/{scene.tickets[0]}/assign",
                data={"csrf_token": token, "owner": "me"})  # fmt: skip
    page = client.get("/console")
    counts = _counts(page.text)
    assert counts == {"mine": 1, "unassigned": 2, "desks": 3, "waiting": 0, "breaching": 0,
                      "all": 3}  # fmt: skip
    for queue, count in counts.items():
        assert _total(client.get("/console", params={"view": queue}).text) == count, queue
    polled = client.get("/console/queues", params={"view": "mine"}, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "<html" not in polled.text
    assert _counts(polled.text) == counts and 'hx-trigger="every 30s"' in polled.text
    assert re.search(r'aria-current="page">\s*<span>Mine', polled.text)


def test_filters_by_owner_priority_and_desk(client: TestClient, runtime: Runtime) -> None:
    scene = make_scene(runtime)
    token = signed_in(client, "ann", PASSWORD)
    client.post(f"/console/tickets/{scene.tickets[1]}/assign",
                data={"csrf_token": token, "owner": "me"})  # fmt: skip
    mine = client.get("/console", params={"owner": str(scene.ann_id)})
    assert NUMBER.findall(mine.text) == [scene.numbers[1]]
    none = client.get("/console", params={"view": "unassigned", "owner": str(scene.ann_id)})
    assert NUMBER.findall(none.text) == []
    desk = client.get("/console", params={"helpdesk": str(scene.desk_id), "priority": ""})
    assert _total(desk.text) == 3
    for bad in ({"owner": "x"}, {"view": "everything"}, {"priority": "1" * 11}):
        assert client.get("/console", params=bad).status_code == 400, bad


def test_bulk_change_applies_to_all_or_none(client: TestClient, runtime: Runtime) -> None:
    scene = make_scene(runtime)
    token = signed_in(client, "ann", PASSWORD)
    statuses = re.search(r'<select id="bulk-status".*?</select>', client.get("/console").text,
                         re.DOTALL)  # fmt: skip
    assert statuses
    pending = re.search(r'<option value="(\d+)">Pending</option>', statuses[0])
    assert pending
    back = "/console?view=desks&status=active"
    done = _bulk(client, token, scene.tickets[:2], status_id=pending[1], owner="me", back=back)
    assert done.status_code == 303 and done.headers["location"] == back
    counts = _counts(client.get("/console").text)
    assert counts["mine"] == 2 and counts["waiting"] == 2
    refused = _bulk(client, token, [scene.tickets[2], scene.elsewhere], owner="me")
    assert refused.status_code == 404 and 'role="alert"' in refused.text
    assert _counts(client.get("/console").text)["mine"] == 2  # the readable one unchanged too
    for data in ({}, {"owner": "bogus"}, {"status_id": "x"}):
        assert _bulk(client, token, scene.tickets[2:], **data).status_code == 400, data
    assert _bulk(client, token, [], owner="me").status_code == 400
    assert _bulk(client, token, list(range(1, 102)), owner="me").status_code == 400
    evil = _bulk(client, token, scene.tickets[2:], owner="me", back="https://evil.example/")
    assert evil.headers["location"] == "/console"


def test_the_console_costs_the_same_statements_for_5_or_25_tickets(
    client: TestClient, runtime: Runtime
) -> None:
    with unit_of_work(runtime.factory) as session:
        from tests.factories import make_helpdesk

        desk = make_helpdesk(session, "Busy")
        ann = make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[desk])

        def more(count: int) -> None:
            for n in range(count):
                make_ticket(session, title=f"Item {n}", helpdesk_id=desk.id, owner_id=ann.id)

        more(5)
    signed_in(client, "ann", PASSWORD)
    client.get("/console")  # the session's first page writes its activity
    with sql_statements(runtime.engine) as few:
        assert client.get("/console").status_code == 200
    with unit_of_work(runtime.factory) as session:
        for n in range(20):
            make_ticket(session, title=f"More {n}", helpdesk_id=desk.id, owner_id=ann.id)
    with sql_statements(runtime.engine) as many:
        page = client.get("/console")
    assert _total(page.text) == 25
    assert len(many) == len(few), (few, many)
    assert 3 <= len(few) <= 12, few


def test_the_console_stays_under_100_kb_with_its_forms(
    client: TestClient, runtime: Runtime
) -> None:
    scene: Scene = make_scene(runtime)
    signed_in(client, "ann", PASSWORD)
    page = client.get("/console")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    weight = len(page.content) + sum(len(client.get(asset).content) for asset in assets)
    actions = client.get(f"/console/tickets/{scene.tickets[0]}/actions")
    assert weight < 100 * 1024 and len(actions.content) < 30 * 1024
