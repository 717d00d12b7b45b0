"""``/incident.custom_field`` on fields defined only by a site file (``POST
/polydesk/v1/config/apply``, as the API user): values set, changed and erased through the
file's rules (options, required), read back in ``GET /incident``; a field the file disables is
no longer reachable.

InvGate clients learn a field's ``custom_field_uid`` from ``cf.fields.all``, which is not built
yet (SPEC.md row 17), and the configuration surface names fields, never ids. So the uid is read
where this install shows it: ``GET /incident`` keys ``custom_fields`` by uid once a value is set,
here by name through the Znuny edge's TicketUpdate, as the same user."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.invgate.public import PublicInvGate

SITE = """\
custom_fields:
  - name: Serial
    type: text
  - name: Parts
    type: multi_list
    options: [RAM, SSD, Fan]
  - name: Site
    type: list
    options: [HQ, Branch]
    required: true
"""
ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"


def _apply(invgate: PublicInvGate, document: str) -> None:
    response = invgate.client.post(
        f"{V1}/config/apply", headers=invgate.auth, json={"document": document}
    )
    assert response.status_code == 200, response.text


def _fields(invgate: PublicInvGate, ident: int) -> dict[str, str]:
    fields: dict[str, str] = invgate.ok("GET", "incident", {"id": ident})["custom_fields"]
    return fields


def _uids(invgate: PublicInvGate, ident: int, values: dict[str, str]) -> dict[str, str]:
    """Set ``values`` by field name (Znuny TicketUpdate); the uid of each, by name."""
    entries = [{"Name": name, "Value": value} for name, value in values.items()]
    answer = invgate.client.patch(
        f"{ZNUNY}/Ticket/{ident}",
        json={"UserLogin": "api", "Password": invgate.password("api"), "DynamicField": entries},
    ).json()
    assert answer.get("TicketID") == str(ident), answer
    by_value = {value: uid for uid, value in _fields(invgate, ident).items()}
    return {name: by_value[value] for name, value in values.items()}


def _set(invgate: PublicInvGate, ident: int, uid: str, *values: str) -> Any:
    form = [("request_id", ident), ("author_id", invgate.users["api"]), ("custom_field_uid", uid)]
    form += [("values[]", value) for value in values]
    return invgate.call("POST", "incident.custom_field", data=form).json()


def test_configured_fields_are_set_changed_and_erased(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    ident = invgate.create()
    uids = _uids(invgate, ident, {"Serial": "SN-1", "Site": "HQ"})

    _set(invgate, ident, uids["Serial"], "SN-2")
    _set(invgate, ident, uids["Site"], "Branch")
    shown = _fields(invgate, ident)
    erased = invgate.ok(
        "DELETE",
        "incident.custom_field",
        {
            "request_id": ident,
            "author_id": invgate.users["api"],
            "custom_field_uid": uids["Serial"],
        },
    )

    assert shown == {uids["Serial"]: "SN-2", uids["Site"]: "Branch"}
    assert erased["status"] == "OK"
    assert _fields(invgate, ident) == {uids["Site"]: "Branch"}


def test_the_file_s_rules_hold(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    ident = invgate.create()
    uids = _uids(invgate, ident, {"Site": "HQ"})

    outside = _set(invgate, ident, uids["Site"], "Moon")
    cleared = _set(invgate, ident, uids["Site"], "")

    assert [outside["error"], cleared["error"]] == [
        "custom_field.invalid_value",
        "custom_field.required",
    ]
    assert _fields(invgate, ident) == {uids["Site"]: "HQ"}


def test_a_later_file_s_changes_reach_the_op(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    ident = invgate.create()
    uids = _uids(invgate, ident, {"Parts": "RAM", "Serial": "SN-1"})
    changed = SITE.replace("[RAM, SSD, Fan]", "[RAM, Fan, PSU]").replace(
        "    type: text\n", "    type: text\n    enabled: false\n"
    )

    _apply(invgate, changed)
    added = _set(invgate, ident, uids["Parts"], "PSU", "RAM")
    disabled = _set(invgate, ident, uids["Serial"], "SN-2")

    assert added["status"] == "OK"
    assert _fields(invgate, ident)[uids["Parts"]] == "RAM,PSU"  # the file's option order
    assert disabled["error"] == "custom_field.not_found"
