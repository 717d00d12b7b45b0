"""Transport, key, format selection and errors: what every action shares."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.dialects.readydesk.conftest import ReadyDesk
from tests.dialects.readydesk.seed_ticket import make_seed_ticket

ERROR_XML = '<?xml version="1.0"?><response><error>{}</error></response>'


@pytest.mark.parametrize(
    "path",
    ["/API/default.aspx", "/api/", "/API/", "/api/DEFAULT.ASPX", "/readydesk/API/default.aspx"],
)
def test_both_paths_in_any_case_and_under_a_virtual_directory(rd: ReadyDesk, path: str) -> None:
    tid = make_seed_ticket(rd)
    response = rd.client.get(path, params={"key": rd.key, "action": "get_tickets", "tid": tid})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert f"<tid>{tid}</tid>" in response.text


def test_form_posts_urlencoded_and_multipart(rd: ReadyDesk) -> None:
    tid = make_seed_ticket(rd)
    assert f"<tid>{tid}</tid>" in rd.call("get_tickets", method="POST", tid=str(tid))
    files = {"ignored": ("a.txt", b"x")}
    data = {"key": rd.key, "action": "get_tickets", "tid": str(tid)}
    response = rd.client.post("/API/", data=data, files=files)
    assert f"<tid>{tid}</tid>" in response.text


def test_variable_names_are_case_insensitive_and_the_query_wins(rd: ReadyDesk) -> None:
    tid = make_seed_ticket(rd)
    response = rd.client.post(
        f"/API/?KEY={rd.key}&Action=get_tickets&TID={tid}", data={"tid": "999999"}
    )
    assert f"<tid>{tid}</tid>" in response.text


def test_an_oversized_body_is_refused(rd: ReadyDesk) -> None:
    body = {"key": rd.key, "action": "get_tickets", "pad": "x" * (1024 * 1024 + 10)}
    assert rd.client.post("/API/", data=body).text == ERROR_XML.format("Request too large")


@pytest.mark.parametrize("key", ["", "wrong"])
def test_a_bad_key_is_refused(rd: ReadyDesk, key: str) -> None:
    rd.key = key
    expected = ERROR_XML.format("Invalid API key or IP address not allowed")
    assert rd.call("get_tickets", tid="*") == expected


def test_a_key_of_another_dialect_is_refused(rd: ReadyDesk) -> None:
    from polydesk.core.actor import SYSTEM
    from polydesk.credentials.service import create_api_key
    from polydesk.db.uow import unit_of_work

    with unit_of_work(rd.runtime.factory) as session:
        rd.key = create_api_key(session, SYSTEM, dialect="invgate", allowed_ips=[], user_id=None)
    assert "<error>" in rd.call("get_tickets")


def test_ip_restriction_per_key(rd: ReadyDesk) -> None:
    make_seed_ticket(rd)
    rd.key = rd.new_key(allowed_ips=["10.0.0.0/8"])
    assert "<error>Invalid API key" in rd.call("get_tickets", tid="*")
    with TestClient(rd.client.app, client=("10.1.2.3", 5000)) as inside:
        answer = inside.get("/API/", params={"key": rd.key, "action": "get_tickets", "tid": "*"})
    assert "<ticket>" in answer.text


def test_a_key_without_a_user_acts_as_the_system(rd: ReadyDesk) -> None:
    make_seed_ticket(rd)
    rd.key = rd.new_key()
    assert rd.call("get_tickets", count_only="Y") == '<?xml version="1.0"?>\n<count>1</count>'


def test_a_key_bound_to_a_user_sees_what_that_user_sees(rd: ReadyDesk) -> None:
    make_seed_ticket(rd)
    rd.key = rd.new_key(login="guest")  # guest owns the seed ticket
    assert "<count>1</count>" in rd.call("get_tickets", count_only="Y")
    rd.key = rd.new_key(login="demo")  # the requester, a customer
    assert "<count>1</count>" in rd.call("get_tickets", count_only="Y")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("xml", ERROR_XML.format("Invalid action")),
        ("json", '{"response": [{"error": "Invalid action"}]}'),
        ("delimited", "error=Invalid+action"),
    ],
)
def test_unknown_action_in_each_format(rd: ReadyDesk, fmt: str, expected: str) -> None:
    assert rd.call("drop_tables", fmt=fmt) == expected


def test_format_aliases_and_the_default_setting(rd: ReadyDesk) -> None:
    make_seed_ticket(rd)
    assert json.loads(rd.call("get_tickets", format="JSON", count_only="Y")) == {"count": "1"}
    assert rd.call("get_tickets", fmt="url", count_only="Y") == "count=1"
    assert rd.call("get_tickets", fmt="url_delimited", count_only="Y") == "count=1"
    assert rd.call("get_tickets", fmt="yaml") == ERROR_XML.format("Invalid output format: yaml")
    from polydesk.core.actor import SYSTEM
    from polydesk.db.uow import unit_of_work
    from polydesk.settings.service import set_setting

    with unit_of_work(rd.runtime.factory) as session:
        set_setting(session, SYSTEM, "readydesk.default_format", "json")
    assert json.loads(rd.call("get_tickets", count_only="Y")) == {"count": "1"}


def test_empty_lists_in_each_format(rd: ReadyDesk) -> None:
    assert rd.call("get_tickets", tid="*") == '<?xml version="1.0"?>\n<tickets>\n</tickets>'
    assert json.loads(rd.call("get_tickets", fmt="json", tid="*")) == {"tickets": []}
    assert rd.call("get_tickets", fmt="delimited", tid="*") == ""


def test_a_page_past_any_real_table_is_refused_not_a_crash(rd: ReadyDesk) -> None:
    body = rd.call("get_tickets", tid="*", count="1000", page=str(2**62))

    assert "<error>Invalid page:" in body


def test_a_customer_range_ending_in_the_last_code_point_is_no_crash(rd: ReadyDesk) -> None:
    tid = make_seed_ticket(rd)

    body = rd.call("get_tickets", tid="*", end_cid="\U0010ffff")

    assert f"<tid>{tid}</tid>" in body
