"""``GET /data.export``: the signed, expiring address of a data export report, and the CSV it
serves - streamed page by page, with the caller's visibility, refusing forged, expired and
unknown links - plus the native route that configures a report, scopes and bad input."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen, utcnow
from polydesk.db.uow import unit_of_work
from polydesk.models.catalogs import Priority, Status
from polydesk.models.exports import DataExport
from polydesk.models.tickets import Ticket
from polydesk.tickets import export as core_export
from polydesk.tickets.criteria import TicketCriteria
from polydesk.tickets.views import create_view
from tests.dialects.edges import V1
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer, scope_denied


def _report(invgate: InvGate, name: str = "All requests") -> str:
    with unit_of_work(invgate.runtime.factory) as session:
        view_id = create_view(session, SYSTEM, name=name, criteria=TicketCriteria()).id
    created = invgate.client.post(f"{V1}/views/{view_id}/data-exports", headers=API_AUTH,
                                  json={"name": name})  # fmt: skip
    assert created.status_code == 201, created.text
    uuid: str = created.json()["uuid"]
    return uuid


def _url(invgate: InvGate, uuid: str, headers: dict[str, str] = API_AUTH) -> str:
    answer = invgate.ok("GET", "data.export", {"id": uuid}, headers=headers)
    check_row(answer, response_fields("GET", "data.export"))
    assert answer["status"] == "OK"
    url: str = answer["url"]
    return url


def _download(invgate: InvGate, url: str) -> list[list[str]]:
    parts = urlsplit(url)
    response = invgate.client.get(f"{parts.path}?{parts.query}")  # no credentials: the link
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text)))


def test_the_url_serves_the_views_tickets_as_csv(invgate: InvGate) -> None:
    first = invgate.create(title="Printer is on fire")
    second = invgate.create(title="=HYPERLINK('evil')")
    uuid = _report(invgate)

    url = _url(invgate, uuid)
    rows = _download(invgate, url)

    assert url.startswith("http://testserver/api/v1/data.export/download?token=")
    assert rows[0] == core_export.HEADER
    assert [(r[0], r[2]) for r in rows[1:]] == [
        (str(first), "Printer is on fire"), (str(second), "'=HYPERLINK('evil')"),
    ]  # fmt: skip
    assert rows[1][7] == "carla"  # the requester's login
    with unit_of_work(invgate.runtime.factory) as session:
        ticket = session.get_one(Ticket, first)
        status = session.get_one(Status, ticket.status_id).name
        priority = session.get_one(Priority, ticket.priority_id).name
    assert (rows[1][3], rows[1][4]) == (status, priority) and status and priority


def test_the_export_streams_in_pages(invgate: InvGate, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_export, "PAGE_ROWS", 2)
    made = [invgate.create(title=f"Request {n}") for n in range(5)]
    url = _url(invgate, _report(invgate))

    rows = _download(invgate, url)

    assert [int(r[0]) for r in rows[1:]] == made  # every page, in id order, none twice


def test_the_callers_visibility_applies(invgate: InvGate) -> None:
    theirs = invgate.create()
    invgate.create()
    invgate.ok("POST", "incident.reassign", data={"request_id": theirs, "author_id":
               invgate.users["api"], "group_id": invgate.helpdesk_id})  # fmt: skip
    uuid = _report(invgate)

    everything = _download(invgate, _url(invgate, uuid))
    alices = _download(invgate, _url(invgate, uuid, headers=basic("alice", "pw")))
    customer = invgate.call("GET", "data.export", {"id": uuid}, headers=basic("carla", "pw"))

    assert len(everything) == 3
    assert [int(r[0]) for r in alices[1:]] == [theirs]
    assert customer.status_code == 403


def test_forged_expired_and_unknown_links_are_refused(invgate: InvGate) -> None:
    invgate.create()
    uuid = _report(invgate)
    url = _url(invgate, uuid)
    path = urlsplit(url)
    token = path.query.removeprefix("token=")
    body, _, signature = token.partition(".")
    forged = f"{path.path}?token={body}.{'A' * len(signature)}"
    other_user = core_export._b64(f"{uuid}:2:9999999999".encode()) + "." + signature

    answers = [
        invgate.client.get(forged),
        invgate.client.get(f"{path.path}?token={other_user}"),
        invgate.client.get(f"{path.path}?token=garbage"),
        invgate.client.get(path.path),
    ]
    with frozen(utcnow() + timedelta(minutes=16)):
        expired = invgate.client.get(f"{path.path}?{path.query}")
    unknown = invgate.call("GET", "data.export", {"id": "0b7f2a9e-0000-4000-8000-000000000000"})

    assert [a.status_code for a in answers] == [403] * 4
    assert answers[0].json() == {"error": "this export link is not valid", "status": 403}
    assert expired.status_code == 410
    assert expired.json() == {"error": "this export link has expired", "status": 410}
    assert unknown.status_code == 200
    assert (
        unknown.json()["status"] == "ERROR" and unknown.json()["error"] == "data_export.not_found"
    )


def test_a_deleted_report_is_gone_and_asking_changes_nothing(invgate: InvGate) -> None:
    uuid = _report(invgate)
    url = urlsplit(_url(invgate, uuid))
    before = (state.count(invgate, DataExport), state.events(invgate))
    _url(invgate, uuid)
    assert (state.count(invgate, DataExport), state.events(invgate)) == before
    with unit_of_work(invgate.runtime.factory) as session:
        session.delete(session.query(DataExport).filter_by(uuid=uuid).one())

    gone = invgate.client.get(f"{url.path}?{url.query}")

    assert gone.status_code == 404


def test_a_token_needs_the_export_scope(invgate: InvGate) -> None:
    uuid = _report(invgate)
    scope, other = "api.v1.data.export:get", "api.v1.sd.version:get"

    denied = invgate.call("GET", "data.export", {"id": uuid},
                          headers=bearer(invgate, other, registered=[other]))  # fmt: skip
    allowed = invgate.call("GET", "data.export", {"id": uuid},
                           headers=bearer(invgate, scope, registered=[scope]))  # fmt: skip

    assert denied.status_code == 403 and denied.json() == scope_denied(scope)
    assert allowed.status_code == 200 and allowed.json()["status"] == "OK"


def test_the_native_route_checks_the_view(invgate: InvGate) -> None:
    missing = invgate.client.post(f"{V1}/views/999999/data-exports", headers=API_AUTH,
                                  json={"name": "x"})  # fmt: skip
    customer = invgate.client.post(f"{V1}/views/1/data-exports", headers=basic("carla", "pw"),
                                   json={"name": "x"})  # fmt: skip

    assert missing.status_code == 404 and customer.status_code == 403
    assert state.count(invgate, DataExport) == 0
