"""Hostile input on ``api.php`` (issue 12): every answer is Integria's own (HTTP 200, the op's
failure value or the empty body of a failed login), never a crash, and nothing is written."""

from __future__ import annotations

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.settings.service import set_setting
from tests.dialects.hostile import BAD_IDS, NUL, unchanged
from tests.dialects.integria.conftest import Integria

API = "/include/api.php"
LOGIN = "user=admin&user_pass=integria"
CREATE = "Disk full,2,3,Server is down,,0,,,0,1"
#: Ops that read an id from ``params`` ({id}).
BY_ID = (
    ("get_incident_details", "{id}"),
    ("get_incident_workunits", "{id}"),
    ("get_incident_files", "{id}"),
    ("get_incident_tracking", "{id}"),
    ("get_incident_inventories", "{id}"),
    ("download_file", "{id}"),
    ("delete_file", "{id}"),
    ("delete_incident", "{id}"),
    ("create_workunit", "{id},Hostile,1,0,0,0"),
    ("attach_file", "{id},a.txt,2,desc,aGk="),
    ("update_incident", "{id},Title,2,3,Desc,,0,,,0,1"),
    ("add_inventory_to_ticket", "1,{id}"),
    ("get_incidents", ",0,1,-1,0,,,{id}"),
    ("get_tickets_count", "id_grupo,{id}"),
    ("create_invoice", "1,inv,{id},,,,,,,0"),
    ("user_exists_in_group", "admin,{id}"),
)


def test_bad_ids_answer_as_unknown_ids_and_change_nothing(integria: Integria) -> None:
    assert integria.call("create_incident", CREATE) == "1"
    with unchanged(integria.runtime.engine):
        for op, template in BY_ID:
            # PHP and MySQL read a bad id as 0 (no number), -1, or a saturated 64-bit number
            # that names nothing: the answer is one of those.
            expected = {integria.call(op, template.format(id=i)) for i in ("99", "0", "-1")}
            for bad in BAD_IDS:
                answer = integria.call(op, template.format(id=bad))
                assert answer in expected, (op, bad, answer)


def test_nul_in_the_login_is_a_failed_login_before_any_query(integria: Integria) -> None:
    with unchanged(integria.runtime.engine):
        for query in (
            "user=adm%00in&user_pass=integria&op=get_incidents",
            "user=admin&user_pass=integ%00ria&op=get_incidents",
            "user=%00&user_pass=%00&op=get_users",
        ):
            response = integria.client.get(f"{API}?{query}")
            assert (response.status_code, response.text) == (200, "")


def test_non_ascii_api_password_is_a_failed_login(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        set_setting(session, SYSTEM, "integria.api_password", "s3cret")
    for sent in ("s%C3%A9cret", "%FF%FE", "s3cret%00"):
        response = integria.client.get(f"{API}?{LOGIN}&pass={sent}&op=get_users")
        assert (response.status_code, response.text) == (200, "")
    assert integria.call("get_users", **{"pass": "s3cret"}) == "admin\n"


def test_nul_in_text_is_refused_with_the_ops_failure_value(integria: Integria) -> None:
    assert integria.call("create_incident", CREATE) == "1"
    with unchanged(integria.runtime.engine):
        assert integria.call("create_incident", f"Disk{NUL}full,2,3,Down,,0,,,0,1") == "-1"
        assert integria.call("update_incident", f"1,T{NUL},2,3,Down,,0,,,0,1") == ""
        assert integria.call("create_user", f"mal{NUL}lory,pw,Mal,,,,,") == ""
        assert integria.call("create_workunit", f"1,Bad{NUL}text,1,0,0,0") == ""
        assert integria.call("attach_file", f"1,a{NUL}.txt,2,desc,aGk=") == "-1"
        assert integria.call("create_company", f"Bad{NUL}co") == "0"
        for group in ("9223372036854775808", "9" * 5000):  # a group past 64 bits: none such
            assert integria.call("create_incident", f"Title,{group},3,Desc,,0,,,0,1") == "-1"
        details = integria.call("get_incident_details", "1")
        assert "Disk&#x20;full" in details


def test_nul_and_invalid_utf8_in_searches_and_form_bodies(integria: Integria) -> None:
    assert integria.call("create_incident", CREATE) == "1"
    with unchanged(integria.runtime.engine):
        for text in ("%00", "%FF%FE%FD", "%C3%28", "a%00b%FF"):
            response = integria.client.get(f"{API}?{LOGIN}&op=get_incidents&params={text}")
            assert response.status_code == 200
            assert response.text == ""  # nothing matches
            response = integria.client.post(
                API,
                content=f"{LOGIN}&op=user_exists&params={text}".encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            assert response.status_code == 200
            assert response.text in ("0", "")  # no such user; NUL: the refused lookup
        raw = b"user=admin&user_pass=integria&op=create_incident&params=T\x00,\xff,3,\xfe"
        response = integria.client.post(
            API, content=raw, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert (response.status_code, response.text) == (200, "-1")


def test_arrays_and_odd_shapes_answer_like_a_failed_call(integria: Integria) -> None:
    with unchanged(integria.runtime.engine):
        for query in (
            f"{LOGIN}&op=get_incident_details&params[]=1&params[]=2",
            f"{LOGIN}&op[]=get_users",
            f"{LOGIN}&op=get_incident_details&params=1&token=%00",
            f"{LOGIN}&op=%00",
            "user[]=admin&user_pass=integria&op=get_users",
        ):
            response = integria.client.get(f"{API}?{query}")
            assert (response.status_code, response.text) == (200, ""), query


def test_malformed_multipart_bodies_are_a_failed_login(integria: Integria) -> None:
    with unchanged(integria.runtime.engine):
        for body in (b"--b\r\nContent-Disposition: form-data\r\n\r\nx", b"\x00\xff", b""):
            response = integria.client.post(
                API,
                content=body,
                headers={"Content-Type": "multipart/form-data; boundary=b"},
            )
            assert (response.status_code, response.text) == (200, "")
