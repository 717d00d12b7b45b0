"""Golden answers of ``get_tickets`` from the seed, in all three formats, for a ticket written
through the core (so this is also the natively-created-ticket case)."""

from __future__ import annotations

import json

import pytest

from tests.dialects.readydesk.conftest import ReadyDesk
from tests.dialects.readydesk.seed_ticket import DELIMITED, JSON, XML, make_seed_ticket


def _expected(template: str, rd: ReadyDesk, tid: int) -> str:
    return template.replace("{tid}", str(tid)).replace("{company}", str(rd.ids["Demo Company"]))


@pytest.mark.parametrize(
    ("fmt", "template"), [("xml", XML), ("json", JSON), ("delimited", DELIMITED)]
)
def test_the_seed_example_in_each_format(rd: ReadyDesk, fmt: str, template: str) -> None:
    tid = make_seed_ticket(rd)
    assert rd.call("get_tickets", fmt=fmt, tid="*") == _expected(template, rd, tid)


def test_xml_is_the_default_format(rd: ReadyDesk) -> None:
    tid = make_seed_ticket(rd)
    assert rd.call("get_tickets", tid="*") == _expected(XML, rd, tid)


def test_json_values_are_all_strings_with_one_custom_fields_object(rd: ReadyDesk) -> None:
    make_seed_ticket(rd)
    ticket = json.loads(rd.call("get_tickets", fmt="json", tid="*"))["tickets"][0]
    assert all(isinstance(v, str) for k, v in ticket.items() if k != "custom_fields")
    assert ticket["custom_fields"] == [{f"Custom_field_{n}": "" for n in range(1, 5)}]
