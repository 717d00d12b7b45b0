"""``incidents.by.cis`` and ``incident.relate.ci.by.keyword`` on configuration items written
only by a site file through the admin API (``POST /polydesk/v1/config/apply`` as InvGate's API
user): the CIs' ITAM identity (source, external id, group) is what the call asks by, and a
changed entry is what the next call answers."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.public import PublicInvGate

BY_CIS = "incidents.by.cis"
RELATE = "incident.relate.ci.by.keyword"
SITE = """\
inventory:
  - name: SRV-1
    type: Server
    itam_source: 7
    external_id: 501
    ci_group: Asset
  - name: CRM
    type: Business application
    itam_source: 7
    external_id: 502
    ci_group: BusinessApplication
  - name: Loose item
"""


def _apply(invgate: PublicInvGate, document: str) -> Any:
    response = invgate.client.post(
        f"{V1}/config/apply", headers=invgate.auth, json={"document": document}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _by_cis(invgate: PublicInvGate, group: str, *ci_ids: int) -> Any:
    asked = [("ci_ids[]", ci_id) for ci_id in ci_ids]
    return invgate.ok("GET", BY_CIS, [("group", group), ("cis_source_id", 7), *asked])


def test_requests_by_configured_cis(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    assert _apply(invgate, SITE)["summary"] == {"create": 3, "update": 0, "keep": 0}
    assert _by_cis(invgate, "Asset", 501, 502) == [
        {"ci_id": "501", "group": "Asset", "requests": {"by_status": [], "by_type": []}}
    ]

    first, cancelled = invgate.create(), invgate.create()
    for ident in (first, cancelled):
        related = invgate.ok("POST", RELATE, data={"request_id": ident, "keyword": "srv-1"})
        assert related["info"] == "1 CIs related to the request"
    invgate.ok(
        "POST",
        "incident.cancel",
        data={"request_id": cancelled, "author_id": invgate.users["api"], "comment": "dup"},
    )

    rows = _by_cis(invgate, "Asset", 501, 502, 999)
    for row in rows:
        check_row(row, response_fields("GET", BY_CIS))
    assert rows == [
        {
            "ci_id": "501",
            "group": "Asset",
            "requests": {
                "by_status": [
                    {"status_id": state.NEW, "count": 1},
                    {"status_id": state.CANCELLED, "count": 1},
                ],
                "by_type": [{"type_id": 1, "count": 1}],
            },
        }
    ]
    assert [row["ci_id"] for row in _by_cis(invgate, "BusinessApplication", 501, 502)] == ["502"]


def test_a_changed_ci_is_asked_by_its_new_identity(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    ident = invgate.create()
    invgate.ok("POST", RELATE, data={"request_id": ident, "keyword": "CRM", "exact_match": 1})

    changed = _apply(invgate, "inventory:\n  - name: CRM\n    external_id: 602\n")

    assert changed["steps"] == [
        {
            "section": "inventory",
            "name": "CRM",
            "action": "update",
            "line": 2,
            "fields": ["external_id"],
        }
    ]
    assert _by_cis(invgate, "BusinessApplication", 502) == []
    assert _by_cis(invgate, "BusinessApplication", 602)[0]["requests"]["by_status"] == [
        {"status_id": state.NEW, "count": 1}
    ]


def test_a_taken_identity_is_refused_and_changes_nothing(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    response = invgate.client.post(
        f"{V1}/config/apply",
        headers=invgate.auth,
        json={"document": "inventory:\n  - name: CRM\n    external_id: 501\n"},
    )

    assert response.status_code == 422, response.text
    assert "source 7 already has an item 501" in response.text
    assert [row["ci_id"] for row in _by_cis(invgate, "BusinessApplication", 502)] == ["502"]
