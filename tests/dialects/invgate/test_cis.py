"""Configuration items: ``incident.relate.ci.by.keyword``, ``incidents.by.cis``,
``incident.linked_cis.counters.from`` and ``PATCH /incident.custom_field`` - golden shapes from
the seed's tables, the counters' content, OAuth scopes, and bad input that changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.credentials.service import create_oauth_client
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.inventory.service import InventoryItemCreate, create_item, ticket_items
from polydesk.models.customfields import CustomFieldValue, FieldType
from polydesk.models.inventory import TicketInventory
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields

SOURCE = 7
BY_CIS = "incidents.by.cis"
COUNTERS = "incident.linked_cis.counters.from"
RELATE = "incident.relate.ci.by.keyword"


def _ci(invgate: InvGate, name: str, external_id: int | None = None, group: str = "Asset") -> int:
    itam = {} if external_id is None else {"itam_source_id": SOURCE, "external_id": external_id}
    with unit_of_work(invgate.runtime.factory) as session:
        cmd = InventoryItemCreate(name=name, ci_group=group, **itam)
        return create_item(session, SYSTEM, cmd).id


def _ci_field(invgate: InvGate, kind: FieldType = FieldType.CI) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return create_field(
            session, SYSTEM, CustomFieldCreate(name=f"f-{kind}", field_type=kind)
        ).id


def _relate(invgate: InvGate, ident: int, keyword: str, **extra: Any) -> Any:
    return invgate.call("POST", RELATE, data={"request_id": ident, "keyword": keyword, **extra})


def _patch(invgate: InvGate, ident: int, uid: int, *names: str) -> Any:
    form = [("request_id", ident), ("author_id", invgate.users["api"]), ("custom_field_uid", uid)]
    form += [("values[]", name) for name in names]
    return invgate.call("PATCH", "incident.custom_field", data=form)


def _snapshot(invgate: InvGate) -> tuple[int, int, int]:
    return (
        state.events(invgate),
        state.count(invgate, TicketInventory),
        state.count(invgate, CustomFieldValue),
    )


def _check_ci_rows(rows: list[dict[str, Any]], endpoint: str) -> None:
    for row in rows:
        check_row(row, response_fields("GET", endpoint))
        assert set(row["requests"]) == {"by_status", "by_type"}


def test_relating_by_keyword_links_every_matching_ci(invgate: InvGate) -> None:
    ident = invgate.create()
    web = _ci(invgate, "Web Server 1")
    web2 = _ci(invgate, "web server 2")
    _ci(invgate, "Mail Server")

    prefix = _relate(invgate, ident, "WEB SERVER")
    exact = _relate(invgate, ident, "web server 2", exact_match=1)

    state.check_ok(prefix.json(), "POST", RELATE)
    assert prefix.json()["info"] == "2 CIs related to the request"
    assert exact.json()["info"] == "0 CIs related to the request"
    assert state.kinds(invgate, ident).count("inventory_linked") == 2
    with unit_of_work(invgate.runtime.factory) as session:
        assert [item.id for item in ticket_items(session, SYSTEM, ident)] == [web, web2]


def test_requests_by_cis_count_by_status_and_open_type(invgate: InvGate) -> None:
    _ci(invgate, "SRV-1", external_id=501)
    _ci(invgate, "CRM", external_id=502, group="BusinessApplication")
    first, second, cancelled = invgate.create(), invgate.create(type_id=1), invgate.create()
    for ident in (first, second, cancelled):
        invgate.ok("POST", RELATE, data={"request_id": ident, "keyword": "SRV-1"})
    invgate.ok(
        "POST",
        "incident.cancel",
        data={"request_id": cancelled, "author_id": invgate.users["api"], "comment": "dup"},
    )

    asked = [("ci_ids[]", ci_id) for ci_id in (501, 502, 999)]
    rows = invgate.ok("GET", BY_CIS, [("group", "Asset"), ("cis_source_id", SOURCE), *asked])

    _check_ci_rows(rows, BY_CIS)
    assert rows == [
        {
            "ci_id": "501",
            "group": "Asset",
            "requests": {
                "by_status": [
                    {"status_id": state.NEW, "count": 2},
                    {"status_id": state.CANCELLED, "count": 1},
                ],
                "by_type": [{"type_id": 1, "count": 2}],
            },
        }
    ]


def test_counters_from_a_date_list_the_sources_cis(invgate: InvGate) -> None:
    _ci(invgate, "SRV-1", external_id=501)
    _ci(invgate, "SRV-2", external_id=502)
    _ci(invgate, "Loose item")  # no ITAM source: never listed
    start = int(utcnow().timestamp())
    ident = invgate.create()
    invgate.ok("POST", RELATE, data={"request_id": ident, "keyword": "srv"})
    invgate.ok("POST", RELATE, data={"request_id": ident, "keyword": "loose"})

    rows = invgate.ok("GET", COUNTERS, {"from": start, "cis_source_id": SOURCE})
    later = invgate.ok("GET", COUNTERS, {"from": start + 3600, "cis_source_id": SOURCE})
    other = invgate.ok("GET", COUNTERS, {"from": start, "cis_source_id": SOURCE + 1})

    _check_ci_rows(rows, COUNTERS)
    assert [row["ci_id"] for row in rows] == [501, 502]
    assert rows[0]["requests"] == {
        "by_status": [{"status_id": state.NEW, "count": 1}],
        "by_type": [{"type_id": 1, "count": 1}],
    }
    assert later == [] and other == []


def test_customers_count_only_their_own_requests(invgate: InvGate) -> None:
    _ci(invgate, "SRV-1", external_id=501)
    mine = invgate.create(customer_id=invgate.users["carla"])
    theirs = invgate.create(customer_id=invgate.users["dave"])
    for ident in (mine, theirs):
        invgate.ok("POST", RELATE, data={"request_id": ident, "keyword": "SRV-1"})

    rows = invgate.ok(
        "GET",
        BY_CIS,
        [("group", "Asset"), ("cis_source_id", SOURCE), ("ci_ids[]", 501)],
        headers=basic("carla", "pw"),
    )

    assert rows[0]["requests"]["by_status"] == [{"status_id": state.NEW, "count": 1}]


def test_patch_adds_every_ci_with_that_exact_name(invgate: InvGate) -> None:
    ident = invgate.create()
    uid = _ci_field(invgate)
    mail = _ci(invgate, "Mail")
    first, second = _ci(invgate, "Web Server"), _ci(invgate, "Web Server")

    added = _patch(invgate, ident, uid, "Mail")
    more = _patch(invgate, ident, uid, "Web Server")

    state.check_ok(added.json(), "PATCH", "incident.custom_field")
    assert more.json()["info"] == "2 CIs named 'Web Server' found, 2 added to the field"
    fields = invgate.ok("GET", "incident", {"id": ident})["custom_fields"]
    assert fields == {str(uid): f"{mail},{first},{second}"}
    assert state.kinds(invgate, ident).count("inventory_linked") == 3


def test_patch_bad_input_changes_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    uid, text_uid = _ci_field(invgate), _ci_field(invgate, FieldType.TEXT)
    _ci(invgate, "Web Server")
    before = _snapshot(invgate)
    base = {"request_id": ident, "author_id": invgate.users["api"], "custom_field_uid": uid}

    errors = [
        _patch(invgate, ident, uid, "web server"),
        _patch(invgate, ident, text_uid, "Web Server"),
        _patch(invgate, ident, 9999, "Web Server"),
        _patch(invgate, 9999, uid, "Web Server"),
    ]
    malformed = [
        _patch(invgate, ident, uid, "Web Server", "Mail"),
        _patch(invgate, ident, uid, " "),
        invgate.call("PATCH", "incident.custom_field", data={**base, "values": "Web Server"}),
        invgate.call("PATCH", "incident.custom_field", data={**base, "author_id": ""}),
    ]

    assert [e.status_code for e in errors] == [200] * 4
    assert [e.json()["error"] for e in errors] == [
        "inventory.no_match",
        "custom_field.not_ci",
        "custom_field.not_found",
        "ticket.not_found",
    ]
    assert all(e.json()["status"] == "ERROR" for e in errors)
    assert [m.status_code for m in malformed] == [428] * 4
    assert malformed[0].json() == {"error": "values takes one CI name at a time", "status": 428}
    assert malformed[1].json() == {"error": "The parameter values is required", "status": 428}
    assert _snapshot(invgate) == before


@pytest.mark.parametrize(
    ("endpoint", "params", "message"),
    [
        (BY_CIS, {"group": "Asset", "cis_source_id": SOURCE, "ci_ids": "1,2"}, "ci_ids"),
        (BY_CIS, {"group": "Asset", "cis_source_id": "x", "ci_ids[]": 1}, "cis_source_id"),
        (BY_CIS, {"group": "Asset", "cis_source_id": SOURCE, "ci_ids[]": "-1"}, "ci_ids"),
        (COUNTERS, {"from": "yesterday", "cis_source_id": SOURCE}, "from"),
        (COUNTERS, {"from": 1, "cis_source_id": 0}, "cis_source_id"),
        (COUNTERS, {"cis_source_id": SOURCE}, "from"),
    ],
)
def test_bad_list_parameters_are_428(
    invgate: InvGate, endpoint: str, params: dict[str, Any], message: str
) -> None:
    response = invgate.call("GET", endpoint, params)

    assert response.status_code == 428
    assert response.json()["status"] == 428 and message in response.json()["error"]


def test_relate_bad_input_changes_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    _ci(invgate, "Web Server")
    before = _snapshot(invgate)

    errors = [_relate(invgate, ident, "printer"), _relate(invgate, 9999, "web")]
    malformed = [
        _relate(invgate, ident, " "),
        _relate(invgate, ident, "web", exact_match="maybe"),
        invgate.call("POST", RELATE, data={"request_id": ident, "keyword[]": "web"}),
    ]
    customer = invgate.call(
        "POST",
        RELATE,
        data={"request_id": ident, "keyword": "web"},
        headers=basic("carla", "pw"),
    )

    assert [e.json()["error"] for e in errors] == ["inventory.no_match", "ticket.not_found"]
    assert [m.status_code for m in malformed] == [428] * 3
    assert customer.status_code == 403, customer.text
    assert _snapshot(invgate) == before


def test_a_token_needs_the_patch_scope_to_add_cis(invgate: InvGate) -> None:
    ident = invgate.create()
    uid = _ci_field(invgate)
    _ci(invgate, "Web Server")
    scopes = ["api.v1.incident.custom_field:post", "api.v1.incident.custom_field:patch"]
    with unit_of_work(invgate.runtime.factory) as session:
        client = create_oauth_client(
            session, SYSTEM, name="robot", grants=["client_credentials"], scopes=scopes,
            user_id=invgate.users["api"],
        )  # fmt: skip

    def token(scope: str) -> dict[str, str]:
        body = invgate.client.post(
            "/oauth/v2.0/access_token",
            data={"grant_type": "client_credentials", "client_id": client.client_id,
                  "client_secret": client.client_secret, "scope": scope},
        ).json()  # fmt: skip
        return {"Authorization": f"Bearer {body['access_token']}"}

    form = [("request_id", ident), ("author_id", invgate.users["api"]),
            ("custom_field_uid", uid), ("values[]", "Web Server")]  # fmt: skip
    denied = invgate.call("PATCH", "incident.custom_field", data=form, headers=token(scopes[0]))
    allowed = invgate.call("PATCH", "incident.custom_field", data=form, headers=token(scopes[1]))

    assert denied.status_code == 403
    assert denied.json() == {
        "error": "The access token does not have the scope api.v1.incident.custom_field:patch",
        "status": 403,
    }
    assert allowed.status_code == 200 and allowed.json()["status"] == "OK"
