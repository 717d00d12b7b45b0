"""A CI custom field (``PATCH /incident.custom_field``) and the CI counters
(``incident.linked_cis.counters.from``) on a field and CIs written only by a site file through
the admin API (``POST /polydesk/v1/config/apply`` as the API user, issue 14).

The field's ``custom_field_uid`` is what InvGate's ``cf.fields.all`` would list (not built,
SPEC.md row 17); it is read from the same install's Motadata form listing
(``GET /api/ususer/form/request``), through an OAuth client made by the native admin API."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.public import PublicInvGate

SOURCE = 7
COUNTERS = "incident.linked_cis.counters.from"
SITE = """\
custom_fields:
  - name: affected_cis
    type: ci
    label: Affected CIs
inventory:
  - name: Web Server
    itam_source: 7
    external_id: 501
    ci_group: Asset
  - name: Mail
    itam_source: 7
    external_id: 502
    ci_group: BusinessApplication
"""


def _apply(invgate: PublicInvGate, document: str) -> Any:
    response = invgate.client.post(
        f"{V1}/config/apply", headers=invgate.auth, json={"document": document}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _field_uid(invgate: PublicInvGate, name: str) -> int:
    made = invgate.client.post(
        f"{V1}/oauth-clients", headers=invgate.auth, json={"name": "forms", "grants": ["password"]}
    )
    assert made.status_code == 201, made.text
    client = made.json()
    token = invgate.client.post(
        "/api/oauth/token",
        auth=(client["client_id"], client["client_secret"]),
        data={"username": "api", "password": invgate.password("api"), "grant_type": "password"},
    )
    assert token.status_code == 200, token.text
    form = invgate.client.get(
        "/api/ususer/form/request",
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )
    assert form.status_code == 200, form.text
    [uid] = [field["id"] for field in form.json()["fields"] if field["name"] == name]
    return int(uid)


def _patch(invgate: PublicInvGate, ident: int, uid: int, name: str) -> Any:
    form = {"request_id": ident, "author_id": invgate.users["api"], "custom_field_uid": uid,
            "values[]": name}  # fmt: skip
    return invgate.call("PATCH", "incident.custom_field", data=form).json()


def test_configured_cis_join_a_configured_ci_field(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    assert _apply(invgate, SITE)["summary"] == {"create": 3, "update": 0, "keep": 0}
    uid = _field_uid(invgate, "affected_cis")
    ident = invgate.create()
    start = invgate.ok("GET", "incident", {"id": ident})["created_at"]

    added = _patch(invgate, ident, uid, "Web Server")
    more = _patch(invgate, ident, uid, "Mail")

    assert (added["status"], more["status"]) == ("OK", "OK"), (added, more)
    [shown] = invgate.ok("GET", "incident", {"id": ident})["custom_fields"].values()
    assert len(shown.split(",")) == 2  # both items, by their internal ids
    rows = invgate.ok("GET", COUNTERS, {"from": start, "cis_source_id": SOURCE})
    assert [(row["ci_id"], row["group"]) for row in rows] == [
        (501, "Asset"),
        (502, "BusinessApplication"),
    ]
    assert rows[0]["requests"]["by_status"] == [{"status_id": state.NEW, "count": 1}]


def test_a_ci_field_the_file_disables_takes_no_more_cis(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    uid = _field_uid(invgate, "affected_cis")
    ident = invgate.create()
    _apply(invgate, "custom_fields:\n  - {name: affected_cis, type: ci, enabled: false}\n")

    refused = _patch(invgate, ident, uid, "Mail")

    assert refused["error"] == "custom_field.not_found"
    assert invgate.ok("GET", COUNTERS, {"from": 1, "cis_source_id": SOURCE}) == []
