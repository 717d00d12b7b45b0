"""Workunits and files (spec §3.7-3.12), and bad input that must change nothing."""

from __future__ import annotations

import base64

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import require_helpdesk
from polydesk.jobs.worker import Worker
from tests.dialects.integria.conftest import Integria
from tests.factories import make_user

HEADER = "<xml version='1.0' encoding='UTF-8'>\n"


def _ticket(integria: Integria) -> None:
    assert integria.call("create_incident", "Disk full,2,3,Server is down") == "1"


def test_workunits_newest_first_in_csv_and_xml(integria: Integria) -> None:
    _ticket(integria)
    assert integria.call("get_incident_workunits", "1") == ""
    assert integria.call("create_workunit", "1,Workunit description,0.25,0,1,0") == "1"
    xml = integria.call("create_workunit", "1,Another one,0.5,1,0,2", return_type="xml")
    assert xml == f"{HEADER}<data>2</data>\n</xml>\n"
    assert integria.call("get_incident_workunits", "1") == (
        '2,"2024-05-01 10:00:00",0.50,admin,Another&#x20;one,1,2,,0,0\n'
        '1,"2024-05-01 10:00:00",0.25,admin,Workunit&#x20;description,0,0,,1,0\n'
    )
    assert integria.call("get_incident_workunits", "1", return_type="xml").startswith(
        "<xml>\n<workunit>\n<id>2</id>\n<timestamp>2024-05-01 10:00:00</timestamp>\n"
        "<duration>0.50</duration>\n<id_user>admin</id_user>\n"
        "<description>Another&#x20;one</description>\n<have_cost>1</have_cost>\n"
    )


def test_duplicate_workunit_prints_a_raw_zero(integria: Integria) -> None:
    _ticket(integria)
    integria.call("create_workunit", "1,Same,0.25,0,1,0")
    assert integria.call("create_workunit", "1,Same,0.25,0,1,0", return_type="xml") == "0"
    assert len(integria.call("get_incident_workunits", "1").splitlines()) == 1


def test_attach_download_and_delete_a_file(integria: Integria) -> None:
    _ticket(integria)
    content = base64.b64encode(b"integria rocks").decode()
    assert integria.call("attach_file", f"1,example.txt,234,Fichero de ejemplo,{content}") == "0"
    assert integria.call("attach_file", f"1,example.txt,234,again,{content}") == "0"
    files = integria.call("get_incident_files", "1")
    assert files == (
        "1,1,0,0,0,0,0,admin,0,example.txt,Fichero&#x20;de&#x20;ejemplo,234,"
        '"2024-05-01 10:00:00",0,0,,0\n'
    )
    assert integria.call("get_incident_files", "1", return_type="xml").startswith(
        "<xml>\n<file>\n<id_attachment>1</id_attachment>\n<id_incidencia>1</id_incidencia>\n"
    )
    assert integria.call("download_file", "1") == content
    assert integria.call("download_file", "1", return_type="xml") == (
        f"{HEADER}<data>{content}</data>\n</xml>\n"
    )
    assert integria.call("delete_file", "1") == "0"
    assert integria.call("delete_file", "1") == "-2"
    assert integria.call("get_incident_files", "1") == ""
    assert integria.call("get_incident_files", "1", return_type="xml") == "<xml>\n</xml>\n"
    tracking = integria.call("get_incident_tracking", "1")
    assert ',3,"2024-05-01 10:00:00",admin,0,"File added",' in tracking
    assert ',5,"2024-05-01 10:00:00",admin,0,"File removed",' in tracking
    # The stored bytes go once the worker runs the job written with the deletion.
    stored = list(integria.runtime.settings.attachments_dir.rglob("*"))
    assert any(path.is_file() for path in stored)
    Worker(integria.runtime.factory, handlers=integria.runtime.job_handlers()).run_due_jobs()
    assert not any(path.is_file() for path in integria.runtime.settings.attachments_dir.rglob("*"))


def test_plus_signs_sent_raw_in_base64_survive(integria: Integria) -> None:
    _ticket(integria)
    data = bytes([251, 239, 190]) * 3  # base64 full of '+' and '/'
    encoded = base64.b64encode(data).decode()
    url = (
        "/include/api.php?user=admin&user_pass=integria&op=attach_file"
        f"&params=1,bin.dat,9,,{encoded}"
    )
    assert integria.client.get(url).text == "0"
    assert base64.b64decode(integria.call("download_file", "1")) == data


def test_delete_file_is_refused_to_agents_without_write_access(integria: Integria) -> None:
    _ticket(integria)
    integria.call("attach_file", "1,a.txt,1,,YQ==")
    with unit_of_work(integria.runtime.factory) as session:
        desk = require_helpdesk(session, integria.groups["Customer #A"])
        make_user(session, Role.AGENT, login="eve", password="pw")
        make_user(session, Role.AGENT, login="rob", password="pw", read_only=[desk])
    assert integria.call("delete_file", "1", user="rob", password="pw") == "-1"
    assert integria.call("download_file", "1", user="rob", password="pw") == "YQ=="
    # An agent who cannot see the ticket is told the file does not exist.
    assert integria.call("delete_file", "1", user="eve", password="pw") == "-2"
    assert integria.call("download_file", "1", user="eve", password="pw") == ""
    assert integria.call("download_file", "1") == "YQ=="


def test_bad_input_changes_nothing(integria: Integria) -> None:
    _ticket(integria)
    before = integria.call("get_incident_details", "1")
    tracking = integria.call("get_incident_tracking", "1")
    assert integria.call("attach_file", "1,bad.txt,3,,not*base64!") == "-1"
    assert integria.call("create_workunit", "1,x,lots,0,1,0") == ""
    assert integria.call("create_incident", "T,2,99") == "-1"  # unknown priority code
    assert integria.call("create_incident", "T,77,3") == "-1"  # unknown group
    assert integria.call("create_incident", "T,2,3,,,0,,ghost") == "-1"  # unknown owner
    assert integria.call("create_incident", "") == ""  # no title
    assert integria.call("update_incident", "1,New title,x,,2,99,0,1") == ""
    assert integria.call("update_incident", "1,New title,x,,2,3,0,1,ghost") == ""
    huge = "x" * 600
    assert integria.call("create_incident", f"{huge},2,3") == "-1"  # title too long
    assert integria.call("get_incident_details", "1") == before
    assert integria.call("get_incident_tracking", "1") == tracking
    assert integria.call("get_incident_files", "1") == ""
    assert integria.call("get_incident_workunits", "1") == ""
    assert integria.call("get_incidents", ",0,1").count("\n") == 1
