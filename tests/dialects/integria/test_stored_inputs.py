"""Issue 17, nothing accepted and dropped: create_user's profile, create_lead's category and
campaign, create_invoice's task and create_company's role are stored in the core and read back
(through Integria where an op prints them, and through the native API where it has the record;
leads have no reader on either edge yet, so their row is checked)."""

from __future__ import annotations

from sqlalchemy import select

from polydesk.db.uow import unit_of_work
from polydesk.models.crm import Lead
from polydesk.users.service import get_user_by_login, require_user
from tests.dialects.integria.conftest import Integria
from tests.dialects.integria.test_business import SEED_LEAD, _company, _invoice
from tests.factories import token_for

V1 = "/polydesk/v1"


def _native(integria: Integria, path: str) -> dict[str, object]:
    with unit_of_work(integria.runtime.factory) as session:
        admin = get_user_by_login(session, "admin")
        assert admin is not None
        headers = token_for(session, require_user(session, admin.id))
    answer = integria.client.get(f"{V1}{path}", headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def _user_id(integria: Integria, login: str) -> int:
    with unit_of_work(integria.runtime.factory) as session:
        user = get_user_by_login(session, login)
        assert user is not None
        return user.id


def test_create_user_keeps_the_profile(integria: Integria) -> None:
    assert integria.call("create_user", "jorge,3,4,jorge@example.com,pw,d,George,0") == "1"
    assert _native(integria, f"/users/{_user_id(integria, 'jorge')}")["profile_id"] == 4
    assert integria.call("create_user", "ana,3,,ana@example.com,pw,d,Ana,0") == "1"
    assert _native(integria, f"/users/{_user_id(integria, 'ana')}")["profile_id"] is None


def test_create_lead_keeps_category_and_campaign(integria: Integria) -> None:
    assert integria.call("create_lead", SEED_LEAD) == "1"  # p12 = 1, p14 = 7
    with unit_of_work(integria.runtime.factory) as session:
        lead = session.scalars(select(Lead)).one()
        assert (lead.category_id, lead.campaign_id) == (1, 7)


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
    other = int(integria.call("create_company", "Bolt,Main St,,,Spain,,"))
    assert _native(integria, f"/companies/{other}")["role_id"] is None
