"""Login, the failure answer, IP and API-password checks, request parsing, and the visibility
rule shared with the native API."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from polydesk.app import create_app
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import ValidationFailed
from polydesk.db.uow import unit_of_work
from polydesk.settings.service import set_setting
from tests.dialects.integria.conftest import Integria
from tests.factories import make_user, token_for

VERSION = "Integria IMS OpenSource Edition 5.0.93 Build 210526 MR86"


def _set(integria: Integria, key: str, value: str) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        set_setting(session, SYSTEM, key, value)


def test_version_needs_no_login_on_both_paths(integria: Integria) -> None:
    assert integria.client.get("/include/api.php?info=version").text == VERSION
    response = integria.client.post("/integria/include/api.php", data={"info": "version"})
    assert response.text == VERSION
    assert response.headers["content-type"] == "text/html; charset=UTF-8"


def test_every_login_failure_is_an_empty_200(integria: Integria) -> None:
    assert integria.call("get_users", password="wrong") == ""
    assert integria.call("get_users", user="nobody") == ""
    assert integria.call("nonexistent_op") == ""
    assert integria.client.get("/include/api.php").text == ""
    assert integria.call("get_users") == "admin\n"


def test_login_is_case_insensitive_and_uses_post_over_get(integria: Integria) -> None:
    assert integria.call("get_users", user="ADMIN") == "admin\n"
    url = "/include/api.php?user=admin&user_pass=wrong&op=get_users"
    assert integria.client.post(url, data={"user_pass": "integria"}).text == "admin\n"
    # An empty body value hides the query value: the default ('') applies.
    assert integria.client.post(url.replace("wrong", "integria"), data={"user_pass": ""}).text == ""


def test_multipart_body_like_pandora(integria: Integria) -> None:
    fields = {"user": "admin", "user_pass": "integria", "op": "get_users"}
    files = {"unused": ("a.txt", b"x")}
    assert integria.client.post("/include/api.php", data=fields, files=files).text == "admin\n"


def test_ip_allow_list(integria: Integria) -> None:
    _set(integria, "integria.allowed_ips", "10.0.0.0/8, 192.168.1.7")
    assert integria.call("get_users") == ""  # the test client is not on the list
    _set(integria, "integria.allowed_ips", "10.0.0.1,*")
    assert integria.call("get_users") == "admin\n"
    with pytest.raises(ValidationFailed):  # a typo is refused, not silently skipped
        _set(integria, "integria.allowed_ips", "10.0.0.300")


def test_api_password(integria: Integria) -> None:
    _set(integria, "integria.api_password", "s3cret")
    assert integria.call("get_users") == ""
    assert integria.call("get_users", **{"pass": "wrong"}) == ""
    assert integria.call("get_users", **{"pass": "s3cret"}) == "admin\n"


@pytest.mark.usefixtures("clean_engine")  # two requests in flight at once
def test_failure_delay_does_not_block_other_requests(integria: Integria) -> None:
    _set(integria, "integria.auth_failure_delay", "1.5")
    app = create_app(runtime=integria.runtime)

    async def scenario() -> tuple[float, float, str]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            good = {"user": "admin", "user_pass": "integria", "op": "get_users"}
            bad = {**good, "user_pass": "nope"}
            start = time.monotonic()
            slow = asyncio.create_task(http.get("/include/api.php", params=bad))
            await asyncio.sleep(0.1)
            fast = await http.get("/include/api.php", params=good)
            fast_done = time.monotonic() - start
            slow_response = await slow
            return fast_done, time.monotonic() - start, fast.text + "|" + slow_response.text

    fast_done, slow_done, bodies = asyncio.run(scenario())
    assert bodies == "admin\n|"
    assert fast_done < 1.0 <= 1.5 <= slow_done + 0.05


def test_token_and_entity_encoded_splitting(integria: Integria) -> None:
    ticket = integria.call("create_incident", "Ops|;|2|;|3|;|a,b c", token="|;|")
    assert ticket == "1"
    assert ',Ops,"a,b&#x20;c",' in integria.call("get_incident_details", "1", change_comma="0")


def test_array_params_are_refused(integria: Integria) -> None:
    url = "/include/api.php?user=admin&user_pass=integria&op=get_incident_details"
    assert integria.client.get(url + "&params[]=1&params[]=2").text == ""


def test_oversized_body_is_dropped_whole(integria: Integria) -> None:
    limit = integria.runtime.settings.max_upload_bytes * 4 // 3 + 64 * 1024
    data = {"user": "admin", "user_pass": "integria", "op": "get_users", "x": "a" * (limit + 1)}
    assert integria.client.post("/include/api.php", data=data).text == ""


def test_agents_see_and_change_what_the_core_allows(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        from polydesk.helpdesks.service import require_helpdesk

        desk_a = require_helpdesk(session, integria.groups["Customer #A"])
        desk_b = require_helpdesk(session, integria.groups["Customer #B"])
        make_user(session, Role.AGENT, login="ana", password="pw", helpdesks=[desk_a])
        make_user(session, Role.AGENT, login="bob", password="pw", read_only=[desk_b])
        headers = token_for(session, make_user(session, Role.AGENT, login="cy", helpdesks=[desk_a]))
    integria.call("create_incident", "In A,2,3,x")  # ticket 1
    integria.call("create_incident", "In B,3,3,x")  # ticket 2
    as_ana = {"user": "ana", "password": "pw"}
    as_bob = {"user": "bob", "password": "pw"}
    listed = integria.call("get_incidents", ",0,1", **as_ana).splitlines()
    assert [row.split(",")[0] for row in listed] == ["1"]
    assert integria.call("get_incident_details", "2", **as_ana) == ""
    assert integria.call("update_incident", "2,Hacked,x,,3,3,0,1", **as_ana) == ""
    assert integria.call("create_workunit", "2,note,1,0,1,0", **as_ana) == ""
    assert integria.call("delete_incident", "2", **as_ana) == ""
    # Bob reads desk B but may not write there.
    assert integria.call("get_incident_details", "2", **as_bob).startswith("2,")
    assert integria.call("update_incident", "2,Hacked,x,,3,3,0,1", **as_bob) == ""
    assert integria.call("create_workunit", "2,note,1,0,1,0", **as_bob) == ""
    assert integria.call("get_incident_details", "2").split(",")[3] == "In&#x20;B"
    assert integria.call("get_incident_workunits", "2") == ""
    # The native API agrees for the same kind of user.
    native = integria.client.get("/polydesk/v1/tickets", headers=headers).json()
    assert [t["id"] for t in native["items"]] == [1]


def test_parity_with_the_native_api(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        from polydesk.users.service import get_user_by_login

        admin = get_user_by_login(session, "admin")
        assert admin is not None
        headers = token_for(session, admin)
    integria.call("create_incident", "From Integria,2,3,Made over api.php")
    integria.call("create_workunit", "1,Worked,1.5,0,1,0")
    ticket = integria.client.get("/polydesk/v1/tickets/1", headers=headers).json()
    assert ticket["title"] == "From Integria" and ticket["description"] == "Made over api.php"
    comments = integria.client.get("/polydesk/v1/tickets/1/comments", headers=headers).json()
    assert [c["body"] for c in comments["items"]] == ["Worked"]
    times = integria.client.get("/polydesk/v1/tickets/1/time-entries", headers=headers).json()
    assert [t["duration_seconds"] for t in times["items"]] == [5400]
    history = integria.client.get("/polydesk/v1/tickets/1/history", headers=headers).json()
    assert [e["kind"] for e in history["items"]][:2] == ["created", "comment_added"]
    # And the other way round: a native ticket and comment show up here.
    created = integria.client.post(
        "/polydesk/v1/tickets",
        headers=headers,
        json={"title": "Native, with comma", "helpdesk_id": integria.groups["Engineering"]},
    ).json()
    integria.client.post(
        f"/polydesk/v1/tickets/{created['id']}/comments", headers=headers, json={"body": "Hi"}
    )
    details = integria.call("get_incident_details", str(created["id"]))
    assert details.split(",")[3] == "Native:::&#x20;with&#x20;comma"
    workunits = integria.call("get_incident_workunits", str(created["id"]))
    assert workunits.split(",")[2:5] == ["0.00", "admin", "Hi"]
