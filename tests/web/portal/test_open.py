"""Opening a request in the portal: the form offers what a customer may set (enabled help
desks, categories, priorities), the request goes through the core's open-ticket use case as
the customer (the native API's), with several files; bad input is a 400/413 page and writes
nothing. The portal's navigation is the customers' only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.runtime import Runtime
from tests.web.pages import csrf_token, signed_in
from tests.web.portal.world import PASSWORD, World, build


def _count(client: TestClient, login: str = "cy") -> int:
    answer = client.get("/polydesk/v1/tickets", params={"limit": 1}, auth=(login, PASSWORD))
    assert answer.status_code == 200, answer.text
    total: int = answer.json()["total"]
    return total


def _form(client: TestClient) -> str:
    answer = client.get("/portal/new")
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_form_offers_what_a_customer_may_choose(client: TestClient, runtime: Runtime) -> None:
    build(runtime)
    signed_in(client, "cy", PASSWORD)
    html = _form(client)
    assert '<label for="title">Title</label>' in html and 'enctype="multipart/form-data"' in html
    assert ">Front desk</option>" in html and 'name="priority_id"' in html
    assert 'name="files" multiple' in html
    for link in ('href="/portal/new"', 'href="/portal"', 'href="/portal/kb"'):
        assert link in html
    assert 'aria-current="page">New request' in html


def test_agents_see_no_portal_links_and_cannot_open_the_form(
    client: TestClient, runtime: Runtime
) -> None:
    build(runtime)
    signed_in(client, "ann", PASSWORD)
    console = client.get("/console").text
    assert "New request" not in console and "/portal/kb" not in console
    answer = client.get("/portal/new", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/console"


def test_a_customer_opens_a_request_with_files(client: TestClient, runtime: Runtime) -> None:
    world: World = build(runtime)
    token = signed_in(client, "cy", PASSWORD)
    answer = client.post(
        "/portal/new",
        data={"csrf_token": token, "title": "  Monitor flickers ", "description": "Since Monday.",
              "helpdesk_id": str(world.desk_id), "category_id": "", "priority_id": ""},
        files=[("files", ("screen.jpg", b"\xff\xd8 jpeg", "image/jpeg")),
               ("files", ("notes.txt", b"flicker every 5 s", "text/plain")),
               ("files", ("", b"", "application/octet-stream"))],  # an empty file input
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    ticket_id = int(answer.headers["location"].rsplit("/", 1)[1])
    native = client.get(f"/polydesk/v1/tickets/{ticket_id}", auth=("cy", PASSWORD)).json()
    assert native["title"] == "Monitor flickers" and native["description"] == "Since Monday."
    assert native["requester_id"] == world.cy_id and native["helpdesk_id"] == world.desk_id
    files = client.get(
        f"/polydesk/v1/tickets/{ticket_id}/attachments", auth=("cy", PASSWORD)
    ).json()["items"]
    assert sorted(f["filename"] for f in files) == ["notes.txt", "screen.jpg"]
    page = client.get(answer.headers["location"]).text
    assert "Monitor flickers" in page and "screen.jpg" in page and "notes.txt" in page
    listed = client.get("/portal").text
    assert f'<a href="/portal/tickets/{ticket_id}">Monitor flickers</a>' in listed


def test_bad_requests_are_400_pages_and_open_nothing(client: TestClient, runtime: Runtime) -> None:
    build(runtime)
    token = signed_in(client, "cy", PASSWORD)
    before = _count(client)
    cases = [
        ({"title": "   "}, 400),  # blank
        ({"title": "x" * 501}, 400),
        ({"title": "Desk", "helpdesk_id": "abc"}, 400),
        ({"title": "Desk", "helpdesk_id": "99999"}, 404),  # no such help desk
        ({"title": "Desk", "priority_id": "-3"}, 400),
    ]
    for fields, status in cases:
        answer = client.post("/portal/new", data={"csrf_token": token, **fields})
        assert answer.status_code == status, (fields, answer.text)
        assert 'role="alert"' in answer.text
    big = [("files", ("big.bin", b"x" * (runtime.settings.max_upload_bytes + 1)))]
    answer = client.post("/portal/new", data={"csrf_token": token, "title": "Big"}, files=big)
    assert answer.status_code == 413
    many = [("files", (f"f{n}.txt", b"x")) for n in range(11)]
    answer = client.post("/portal/new", data={"csrf_token": token, "title": "Many"}, files=many)
    assert answer.status_code == 400 and "at most 10 files" in answer.text
    answer = client.post("/portal/new", data={"title": "No token"})
    assert answer.status_code == 403
    assert _count(client) == before


def test_the_form_page_keeps_its_csrf_token(client: TestClient, runtime: Runtime) -> None:
    build(runtime)
    token = signed_in(client, "cy", PASSWORD)
    assert csrf_token(_form(client)) == token
