"""Issue 17, nothing accepted and dropped: create_user's profile, create_lead's category and
campaign, create_invoice's task and create_company's role are stored in the core and read back
(through Integria where an op prints them, and through the native API: leads are read back
whole at ``GET /polydesk/v1/leads``)."""

from __future__ import annotations

import base64
from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.crm.service import create_newsletter
from polydesk.db.uow import unit_of_work
from polydesk.users.service import get_user_by_login, require_user
from tests.dialects.integria.conftest import Integria
from tests.dialects.integria.test_business import SEED_LEAD, _company, _invoice
from tests.factories import token_for

V1 = "/polydesk/v1"
#: create_lead's inputs (p0..p16 but p15, the tag separator), as the native lead names them
STORED = (
    "full_name", "company_name", "email", "country", "estimated_sale", "progress", "phone",
    "mobile", "position", "owner_id", "language", "description", "category_id", "company_id",
    "campaign_id", "tags",
)  # fmt: skip


def _native(integria: Integria, path: str) -> dict[str, Any]:
    with unit_of_work(integria.runtime.factory) as session:
        admin = get_user_by_login(session, "admin")
        assert admin is not None
        headers = token_for(session, require_user(session, admin.id))
    answer = integria.client.get(f"{V1}{path}", headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_add_address_to_newsletter_keeps_the_name(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        newsletter = create_newsletter(session, SYSTEM, "News").id
    assert integria.call("add_address_to_newsletter", f"{newsletter},Juan Paz,juan@example.com")

    (listed,) = _native_list(integria, "/newsletters")

    assert listed["addresses"] == ["juan@example.com"]
    assert listed["subscribers"] == [
        {"email": "juan@example.com", "name": "Juan Paz", "is_validated": False}
    ]


def _native_list(integria: Integria, path: str) -> list[dict[str, object]]:
    body: Any = _native(integria, path)
    assert isinstance(body, list)
    return body


def _user_id(integria: Integria, login: str) -> int:
    with unit_of_work(integria.runtime.factory) as session:
        user = get_user_by_login(session, login)
        assert user is not None
        return user.id


def test_create_user_keeps_the_profile(integria: Integria) -> None:
    assert integria.call("create_user", "jorge,3,4,jorge@example.com,pw,d,George,0") == "1"
    jorge = _native(integria, f"/users/{_user_id(integria, 'jorge')}")
    assert (jorge["profile_id"], jorge["comments"], jorge["first_name"]) == (4, "d", "George")
    assert (jorge["email"], jorge["role"]) == ("jorge@example.com", "agent")
    assert integria.call("create_user", "ana,3,,ana@example.com,pw,d,Ana,0") == "1"
    assert _native(integria, f"/users/{_user_id(integria, 'ana')}")["profile_id"] is None


def test_create_lead_reads_back_whole_through_the_native_api(integria: Integria) -> None:
    company = _company(integria)
    params = SEED_LEAD.split(",")
    params[13] = str(company)  # p12 category 1, p13 company, p14 campaign 7
    assert integria.call("create_lead", ",".join(params)) == "1"

    (listed,) = _native(integria, "/leads")["items"]
    lead = _native(integria, f"/leads/{listed['id']}")

    assert lead == listed
    assert {key: lead[key] for key in STORED} == {
        "full_name": "Dario Rodriguez Perez",
        "company_name": "Artica ST",
        "email": "dario@example.com",
        "country": "Spain",
        "estimated_sale": 230,
        "progress": 0,
        "phone": "55566677",
        "mobile": "6665577",
        "position": "Developer",
        "owner_id": _user_id(integria, "admin"),
        "language": "es",
        "description": "This comment is very important",
        "category_id": 1,
        "company_id": company,
        "campaign_id": 7,
        "tags": ["Software", "Hardware", "Tag con espacios"],
    }


def test_the_lead_filters_find_what_integria_created(integria: Integria) -> None:
    assert integria.call("create_lead", SEED_LEAD) == "1"
    other = SEED_LEAD.replace("Dario Rodriguez Perez", "Eva Soto").replace("dario@", "eva@")
    assert integria.call("create_lead", other.replace(",1,0,7,", ",2,0,8,")) == "1"

    def names(query: str) -> list[object]:
        items = _native(integria, f"/leads?{query}")["items"]
        return [item["full_name"] for item in items]

    assert names("category_id=2") == ["Eva Soto"]
    assert names("campaign_id=7") == ["Dario Rodriguez Perez"]
    assert names("email=DARIO@EXAMPLE.COM") == ["Dario Rodriguez Perez"]
    assert names("name=eva") == ["Eva Soto"]
    assert names(f"owner_id={_user_id(integria, 'admin')}&progress=0") == [
        "Dario Rodriguez Perez", "Eva Soto",
    ]  # fmt: skip
    assert names("name=soto") == []  # a prefix of the name, not any part of it


def test_create_invoice_keeps_the_task(integria: Integria) -> None:
    company = _company(integria)
    params = _invoice(integria, company).split(",")
    params[1] = "12"
    assert integria.call("create_invoice", ",".join(params)) == '1,"invoice created"\n'
    row = integria.call("get_invoice", "140601_0082").split(",")
    assert row[2] == "12"  # id, id_user, id_task
    assert integria.call("create_invoice", _invoice(integria, company, "b2")).startswith("1,")
    assert integria.call("get_invoice", "b2").split(",")[2] == ""


def test_create_company_keeps_the_role(integria: Integria) -> None:
    company_id = int(integria.call("create_company", "Acme,Main St,B123,2,Spain,,"))
    assert _native(integria, f"/companies/{company_id}")["role_id"] == 2
    child = int(integria.call("create_company", f"Acme Sur,Calle 2,B9,1,Chile,admin,{company_id}"))
    read = _native(integria, f"/companies/{child}")
    assert {key: read[key] for key in ("name", "address", "fiscal_id", "country")} == {
        "name": "Acme Sur", "address": "Calle 2", "fiscal_id": "B9", "country": "Chile",
    }  # fmt: skip
    assert (read["manager_id"], read["parent_id"]) == (_user_id(integria, "admin"), company_id)
    other = int(integria.call("create_company", "Bolt,Main St,,,Spain,,"))
    assert _native(integria, f"/companies/{other}")["role_id"] is None


def test_workunits_and_files_read_back_through_the_native_api(integria: Integria) -> None:
    assert integria.call("create_incident", "Disk full,2,3,Server is down") == "1"
    content = base64.b64encode(b"integria rocks").decode()
    assert integria.call("create_workunit", "1,Replaced the disk,0.5,1,0,2") == "1"
    assert integria.call("attach_file", f"1,example.txt,234,Fichero de ejemplo,{content}") == "0"

    (entry,) = _native(integria, "/tickets/1/time-entries")["items"]
    (comment,) = _native(integria, "/tickets/1/comments")["items"]
    (upload,) = _native(integria, "/tickets/1/attachments")["items"]

    assert (entry["duration_seconds"], entry["is_billable"], entry["is_public"]) == (
        1800, True, False,
    )  # fmt: skip
    assert (entry["category"], comment["body"], comment["is_public"]) == (
        "2", "Replaced the disk", False,
    )  # fmt: skip
    assert (upload["filename"], upload["description"]) == ("example.txt", "Fichero de ejemplo")
    assert (upload["declared_size"], upload["size"]) == (234, len(b"integria rocks"))
