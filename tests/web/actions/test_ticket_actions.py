"""The ticket actions in process: each form changes the ticket through the core (read back
through the native API), answers 303 to the ticket page (HX-Redirect for htmx), and refuses
what the core refuses with a page in the right status, changing nothing."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi.testclient import TestClient

from polydesk.runtime import Runtime
from tests.web.actions.scene import PASSWORD, Scene, make_scene
from tests.web.pages import signed_in


def _native(client: TestClient, ticket_id: int, login: str = "ann") -> dict[str, Any]:
    answer = client.get(f"/polydesk/v1/tickets/{ticket_id}", auth=(login, PASSWORD))
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def _option(html: str, select_id: str, label: str) -> str:
    block = re.search(rf'<select id="{select_id}".*?</select>', html, re.DOTALL)
    assert block, html
    found = re.search(rf'<option value="([^"]+)"[^>]*>{re.escape(label)}</option>', block[0])
    assert found, (label, block[0])
    return found.group(1)


def _post(client: TestClient, path: str, token: str, **data: object) -> httpx.Response:
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def _forms(client: TestClient, scene: Scene) -> str:
    page = client.get(f"/console/tickets/{scene.tickets[0]}/actions")
    assert page.status_code == 200, page.text
    return page.text


def test_take_it_status_priority_time_and_solution(client: TestClient, runtime: Runtime) -> None:
    scene = make_scene(runtime)
    token = signed_in(client, "ann", PASSWORD)
    html = _forms(client, scene)
    base = f"/console/tickets/{scene.tickets[0]}"
    taken = _post(client, base + "/assign", token, owner="me")
    assert taken.status_code == 303 and taken.headers["location"] == base
    assert _native(client, scene.tickets[0])["owner_id"] == scene.ann_id
    status = _option(html, "act-status", "Pending")
    assert _post(client, base + "/status", token, status_id=status).status_code == 303
    assert _native(client, scene.tickets[0])["status"]["name"] == "Pending"
    high = _option(html, "act-priority", "High")
    back = _post(client, base + "/priority", token, priority_id=high, back="actions")
    assert back.headers["location"] == base + "/actions"
    assert _native(client, scene.tickets[0])["priority"]["name"] == "High"
    logged = _post(client, base + "/time", token, minutes="25", note="Swapped disk",
                   billable="true")  # fmt: skip
    assert logged.status_code == 303
    entries = client.get(base.replace("/console", "/polydesk/v1") + "/time-entries",
                         auth=("ann", PASSWORD)).json()["items"]  # fmt: skip
    assert [(e["duration_seconds"], e["is_billable"], e["description"]) for e in entries] == [
        (1500, True, "Swapped disk")
    ]
    assert _post(client, base + "/solution", token, solution="New disk").status_code == 303
    assert _native(client, scene.tickets[0])["status"]["category"] == "resolved"


def test_move_to_another_desk_and_merge(client: TestClient, runtime: Runtime) -> None:
    scene = make_scene(runtime)
    token = signed_in(client, "ann", PASSWORD)
    place = _option(_forms(client, scene), "act-place", "Facilities · Level 1")
    base = f"/console/tickets/{scene.tickets[1]}"
    assert _post(client, base + "/helpdesk", token, place=place).status_code == 303
    assert _native(client, scene.tickets[1], "otto")["helpdesk_id"] == scene.other_desk_id
    merged = _post(client, f"/console/tickets/{scene.tickets[2]}/merge", token,
                   into=scene.numbers[0])  # fmt: skip
    assert merged.headers["location"] == f"/console/tickets/{scene.tickets[0]}"
    assert _native(client, scene.tickets[2])["status"]["name"] == "Merged"


def test_htmx_gets_the_forms_alone_and_a_redirect_header(
    client: TestClient, runtime: Runtime
) -> None:
    scene = make_scene(runtime)
    token = signed_in(client, "ann", PASSWORD)
    htmx = {"HX-Request": "true"}
    fragment = client.get(f"/console/tickets/{scene.tickets[0]}/actions", headers=htmx)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'name="back" value="ticket"' in fragment.text
    answer = client.post(f"/console/tickets/{scene.tickets[0]}/assign",
                         data={"owner": "me"}, headers={**htmx, "X-CSRF-Token": token})  # fmt: skip
    assert answer.status_code == 200
    assert answer.headers["hx-redirect"] == f"/console/tickets/{scene.tickets[0]}"


def test_refusals_are_pages_and_change_nothing(client: TestClient, runtime: Runtime) -> None:
    scene = make_scene(runtime)
    token = signed_in(client, "rita", PASSWORD)  # reads the desk, may not change it
    html = _forms(client, scene)
    assert "may read this ticket but not change it" in html
    assert 'action="/console/tickets' not in html
    base = f"/console/tickets/{scene.tickets[0]}"
    refused = _post(client, base + "/assign", token, owner="me")
    assert refused.status_code == 403 and 'role="alert"' in refused.text
    client.cookies.clear()
    token = signed_in(client, "ann", PASSWORD)
    cases = [
        (base + "/status", {"status_id": "abc"}, 400),
        (base + "/time", {"minutes": "0"}, 400),
        (base + "/time", {"minutes": str(7 * 24 * 60 + 1)}, 400),
        (base + "/helpdesk", {"place": "1;2"}, 400),
        (base + "/assign", {"owner": "someone"}, 400),
        (base + "/assign", {"owner": "9" * 10}, 400),  # past any 32-bit id
        (base + "/assign", {"owner": "999999999"}, 404),
        (base + "/merge", {"into": scene.numbers[0]}, 400),  # into itself
        (base + "/merge", {"into": "nope"}, 404),
        (f"/console/tickets/{scene.elsewhere}/status", {"status_id": "1"}, 404),
        ("/console/tickets/99999999999/status", {"status_id": "1"}, 400),
    ]
    for path, data, status in cases:
        answer = _post(client, path, token, **data)
        assert answer.status_code == status, (path, data, answer.text)
        assert answer.headers["content-type"].startswith("text/html")
    no_token = client.post(base + "/assign", data={"owner": "me"}, follow_redirects=False)
    assert no_token.status_code == 403
    ticket = _native(client, scene.tickets[0])
    assert ticket["owner_id"] is None and ticket["status"]["category"] == "new"


def test_the_partial_needs_only_the_ticket_id() -> None:
    from polydesk.web.render import TEMPLATES

    html = TEMPLATES.get_template("ticket/_actions.html").render(ticket={"id": 42})
    assert 'hx-get="/console/tickets/42/actions"' in html
    assert 'href="/console/tickets/42/actions"' in html  # works without JavaScript
