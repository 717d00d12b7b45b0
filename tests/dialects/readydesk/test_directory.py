"""Customers, companies, techs and tech groups: list, add, update (B.4)."""

from __future__ import annotations

import json
import re

import pytest

from tests.dialects.readydesk.conftest import ReadyDesk

XML = '<?xml version="1.0"?><response>{}</response>'


def _id(answer: str, name: str) -> int:
    found = re.search(rf"<{name}>(\d+)</{name}>", answer)
    assert found, answer
    return int(found.group(1))


def _records(rd: ReadyDesk, action: str, root: str, **variables: str) -> list[dict[str, str]]:
    records: list[dict[str, str]] = json.loads(rd.call(action, fmt="json", **variables))[root]
    return records


def test_add_company_as_in_the_doc(rd: ReadyDesk) -> None:
    answer = rd.call(
        "add_company", name="Demo Company 2", address="123 Demo Street", city="Atlanta",
        state="GA", zip="30318",
    )  # fmt: skip
    company_id = _id(answer, "added_company")
    assert answer == XML.format(f"<added_company>{company_id}</added_company>")
    assert rd.call("add_company", fmt="json", name="C3", address="x") == (
        f'{{"response": [{{"added_company": "{company_id + 1}"}}]}}'
    )
    [record] = _records(rd, "get_companies", "companies", id=str(company_id))
    assert record == {
        "id": str(company_id), "name": "Demo+Company+2", "address": "123+Demo+Street",
        "city": "Atlanta", "state": "GA", "zip": "30318", "country": "", "phone": "", "email": "",
        "portal": "0",
    }  # fmt: skip


def test_company_listing_and_update(rd: ReadyDesk) -> None:
    for name in ("Acme", "Bolt", "Crane"):
        rd.call("add_company", name=name, address="x")
    names = [r["name"] for r in _records(rd, "get_companies", "companies", name="*")]
    assert names == ["Demo+Company", "Acme", "Bolt", "Crane"]
    ranged = _records(
        rd, "get_companies", "companies", start_name="b", end_name="c", order="NAME DESC"
    )
    assert [r["name"] for r in ranged] == ["Crane", "Bolt"]
    paged = _records(rd, "get_companies", "companies", id="*", count="2", page="2")
    assert [r["name"] for r in paged] == ["Bolt", "Crane"]
    assert rd.call("get_companies", count_only="Y", name="*").endswith("<count>4</count>")
    acme = _id(rd.call("get_companies", name="acme"), "id")
    rd.call("update_company", id=str(acme), phone="404-000-0000", email="info@acme.example")
    [record] = _records(rd, "get_companies", "companies", id=str(acme))
    assert (record["name"], record["phone"], record["email"]) == (
        "Acme",
        "404-000-0000",
        "info%40acme.example",
    )


@pytest.mark.parametrize(
    ("action", "variables", "message"),
    [
        ("add_company", {"name": "X"}, "Missing required variable: address"),
        (
            "add_company",
            {"name": "Demo Company", "address": "x"},
            "company &apos;Demo Company&apos; already exists",
        ),
        ("add_company", {"name": "Y", "address": "x", "portal": "main"}, "Invalid portal"),
        ("update_company", {"id": "9999", "name": "Z"}, "Not found: company 9999"),
        ("update_company", {"id": "*"}, "Invalid id"),
        ("get_companies", {"order": "name; DROP TABLE companies"}, "Invalid order"),
    ],
)
def test_company_errors(
    rd: ReadyDesk, action: str, variables: dict[str, str], message: str
) -> None:
    answer = rd.call(action, **variables)
    assert "<error>" in answer and message.replace("&apos;", "'") in answer.replace(
        "&apos;", "'"
    ), answer
    assert rd.call("get_companies", count_only="Y").endswith("<count>1</count>")


def test_customers(rd: ReadyDesk) -> None:
    added = _id(
        rd.call(
            "add_customer", cid="jsmith", contact="John Smith", email="john@company.com",
            phone="404", company="create_new", new_company="Smith & Co", support="Y", chat="N",
        ),
        "added_customer",
    )  # fmt: skip
    [record] = _records(rd, "get_customers", "customers", cid="jsmith")
    assert record["id"] == str(added)
    assert (record["contact"], record["email"], record["company_name"]) == (
        "John+Smith", "john%40company.com", "Smith+%26+Co",
    )  # fmt: skip
    assert record["support"] == "Y"
    rd.call("update_customer", cid="jsmith", company="Demo Company", support="N")
    [record] = _records(rd, "get_customers", "customers", cid="JSMITH")
    assert (record["company_name"], record["support"], record["contact"]) == (
        "Demo+Company",
        "N",
        "John+Smith",
    )
    logins = [
        r["cid"] for r in _records(rd, "get_customers", "customers", cid="*", order="CID DESC")
    ]
    assert logins == ["jsmith", "demo"]
    assert [r["cid"] for r in _records(rd, "get_customers", "customers", start_cid="e")] == [
        "jsmith"
    ]
    assert [r["cid"] for r in _records(rd, "get_customers", "customers", cid="j*")] == ["jsmith"]
    assert rd.call("get_customers", count_only="Y", start_date="1/1/2000").endswith(
        "<count>2</count>"
    )
    assert rd.call("get_customers", count_only="Y", start_date="1/1/2999").endswith(
        "<count>0</count>"
    )


@pytest.mark.parametrize(
    ("action", "variables", "message"),
    [
        ("add_customer", {"cid": "x", "company": "Nope"}, "Invalid company"),
        (
            "add_customer",
            {"cid": "x", "company": "create_new"},
            "Missing required variable: new_company",
        ),
        ("add_customer", {"cid": "demo"}, "already in use"),
        ("add_customer", {"cid": "x", "support": "maybe"}, "Invalid support"),
        ("add_customer", {"cid": "x", "contracts": "1,a"}, "Invalid contracts"),
        ("add_customer", {"cid": "x", "email": "not-mail"}, "Invalid email"),
        ("update_customer", {"cid": "guest", "contact": "x"}, "Invalid cid"),
        ("get_customers", {"id": "x"}, "Invalid id"),
    ],
)
def test_customer_errors(
    rd: ReadyDesk, action: str, variables: dict[str, str], message: str
) -> None:
    answer = rd.call(action, **variables)
    assert "<error>" in answer and message in answer, answer
    assert rd.call("get_customers", count_only="Y").endswith("<count>1</count>")
    assert rd.call("get_companies", count_only="Y").endswith("<count>1</count>")


def test_techs_and_groups(rd: ReadyDesk) -> None:
    desk = _id(rd.call("add_group", name="Group 1", sources="Email,Phone"), "added_group")
    other = _id(rd.call("add_group", name="Group 2"), "added_group")
    tech = _id(
        rd.call(
            "add_tech", uid="jdoe", name="Jane Doe", group=f"{desk},{other}", rights="Power User",
            supervisor="guest", email="jane@example.com", chat_queues="1",
        ),
        "added_tech",
    )  # fmt: skip
    [record] = _records(rd, "get_techs", "techs", uid="jdoe")
    assert record["id"] == str(tech)
    assert (record["name"], record["rights"], record["supervisor"]) == (
        "Jane+Doe",
        "Power User",
        "guest",
    )
    assert record["chat_queues"] == "1"
    assert record["group"] == f"{desk},{other}"
    rd.call("update_tech", uid="jdoe", rights="Admin", group=str(other), supervisor="")
    [record] = _records(rd, "get_techs", "techs", uid="jdoe")
    assert (record["rights"], record["group"], record["supervisor"]) == ("Admin", str(other), "")
    uids = [r["uid"] for r in _records(rd, "get_techs", "techs", uid="*", order="uid")]
    assert uids == ["api", "guest", "jdoe"]
    rd.call("update_group", id=str(desk), name="Network")
    groups = _records(rd, "get_tech_groups", "tech_groups", name="*", order="NAME")
    assert [g["name"] for g in groups] == ["Group+2", "Network"]
    assert rd.call("get_tech_groups", count_only="Y", start_name="n").endswith("<count>1</count>")


@pytest.mark.parametrize(
    ("action", "variables", "message"),
    [
        ("add_tech", {"uid": "x", "rights": "God"}, "Invalid rights"),
        ("add_tech", {"uid": "x", "group": "999"}, "Not found: helpdesk 999"),
        ("add_tech", {"uid": "x", "supervisor": "demo"}, "Invalid supervisor"),
        ("add_tech", {"uid": "x", "customer_groups": "77"}, "Not found: group 77"),
        ("update_tech", {"uid": "demo", "name": "x"}, "Invalid uid"),
        ("add_group", {"name": "G", "sources": "Fax"}, "Invalid sources"),
        ("update_group", {"id": "999", "name": "G"}, "Not found: helpdesk 999"),
    ],
)
def test_tech_errors(rd: ReadyDesk, action: str, variables: dict[str, str], message: str) -> None:
    answer = rd.call(action, **variables)
    assert "<error>" in answer and message in answer, answer
    assert rd.call("get_techs", count_only="Y").endswith("<count>2</count>")
    assert rd.call("get_tech_groups", count_only="Y").endswith("<count>0</count>")
