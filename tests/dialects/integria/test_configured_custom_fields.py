"""Custom fields defined only by a site file (``POST /polydesk/v1/config/apply``, as the
product's admin): ``get_incident_fields`` lists a type's fields as the file gives them, an
incident of that type takes their values from p15 on (in field id order) and shows them back,
and a later file's changes are what the op lists next."""

from __future__ import annotations

import html
import json

from tests.dialects.integria.public import PublicIntegria
from tests.dialects.integria.public import public_integria as public_integria  # ``integria``

SITE = """\
custom_fields:
  - name: version
    type: list
    label: Version
    ticket_type: Service request
    options: ["3", "3.1", "4"]
    position: 2
  - name: serial
    type: text
    label: Serial
    ticket_type: Service request
    show_in_list: true
    position: 1
  - name: rack
    type: text
    ticket_type: Problem
"""


def _type_id(integria: PublicIntegria, name: str) -> int:
    """The type's id as ``get_types`` lists it (``id,name`` lines, names HTML-encoded)."""
    for line in integria.call("get_types").splitlines():
        ident, _, shown = line.partition(",")
        if html.unescape(shown) == name:
            return int(ident)
    raise AssertionError(f"no type {name!r}")


def _fields(integria: PublicIntegria, params: str) -> list[list[str]]:
    """``get_incident_fields`` (its JSON form): id, label, type, combo_value, show_in_list,
    order and data of each field, as the text PHP prints."""
    rows = json.loads(integria.call("get_incident_fields", params, return_type="json"))
    keys = ("id", "label", "type", "combo_value", "show_in_list", "order", "data")
    return [[row[key] for key in keys] for row in rows]


def test_get_incident_fields_lists_the_file_s_fields_of_a_type(integria: PublicIntegria) -> None:
    integria.apply(SITE)
    request = _type_id(integria, "Service request")

    listed = _fields(integria, str(request))

    assert [row[1:6] for row in listed] == [
        ["Serial", "text", "", "1", "1"],
        ["Version", "combo", "3,3.1,4", "0", "2"],
    ]  # rack belongs to Problem; in position order


def test_an_incident_takes_and_shows_configured_values(integria: PublicIntegria) -> None:
    integria.apply(SITE)
    request = _type_id(integria, "Service request")
    version_id, serial_id = sorted(int(row[0]) for row in _fields(integria, str(request)))
    # p15 onwards follow the type's fields in id order: the file created version first

    created = integria.call(
        "create_incident", f"Disk full,2,3,Server is down,,{request},,,0,1,,,,,,3.1,SN-42"
    )

    assert created == "1"
    data = {int(row[0]): row[6] for row in _fields(integria, f"{request},1")}
    assert data == {version_id: "3.1", serial_id: "SN-42"}


def test_a_later_file_s_changes_reach_the_op(integria: PublicIntegria) -> None:
    integria.apply(SITE)
    request = _type_id(integria, "Service request")
    changed = SITE.replace('["3", "3.1", "4"]', '["4", "5"]').replace(
        "    ticket_type: Problem\n", "    ticket_type: Service request\n    position: 3\n"
    )

    integria.apply(changed)

    assert [row[1:4] for row in _fields(integria, str(request))] == [
        ["Serial", "text", ""],
        ["Version", "combo", "4,5"],
        ["rack", "text", ""],
    ]
