"""Integria's ``add_address_to_newsletter`` on an install whose newsletters come only from a
site file (issue 14): the admin posts ``newsletters:`` to ``/polydesk/v1/config/apply``, and
addresses then land on the newsletter of the id Integria's console shows for that name."""

from __future__ import annotations

from sqlalchemy import select

from polydesk.crm.newsletters import get_newsletter_by_name
from polydesk.models.crm import NewsletterAddress
from polydesk.users.service import get_user_by_login
from tests.dialects.integria.conftest import Integria
from tests.factories import token_for

SITE = """\
newsletters:
  - name: Customers
    description: Product news
  - name: Partners
"""


def _apply(integria: Integria, document: str) -> list[str]:
    with integria.runtime.factory() as session, session.begin():
        admin = get_user_by_login(session, "admin")
        assert admin is not None
        headers = token_for(session, admin)
    response = integria.client.post(
        "/polydesk/v1/config/apply", headers=headers, json={"document": document}
    )
    assert response.status_code == 200, response.text
    return [step["action"] for step in response.json()["steps"]]


def _ids_and_addresses(integria: Integria) -> tuple[dict[str, int], dict[str, list[str]]]:
    with integria.runtime.factory() as session:
        ids = {}
        for name in ("Customers", "Partners"):
            newsletter = get_newsletter_by_name(session, name)
            assert newsletter is not None
            ids[name] = newsletter.id
        rows = session.execute(select(NewsletterAddress.newsletter_id, NewsletterAddress.email))
        by_id: dict[int, list[str]] = {}
        for newsletter_id, email in rows:
            by_id.setdefault(newsletter_id, []).append(email)
    return ids, {name: sorted(by_id.get(ident, [])) for name, ident in ids.items()}


def test_addresses_land_on_configured_newsletters(integria: Integria) -> None:
    assert integria.call("add_address_to_newsletter", "1,juan,juan@example.com") == "0"
    assert _apply(integria, SITE) == ["create", "create"]

    ids, _ = _ids_and_addresses(integria)
    customers, partners = ids["Customers"], ids["Partners"]
    assert integria.call("add_address_to_newsletter", f"{customers},juan,juan@example.com") != "0"
    assert integria.call("add_address_to_newsletter", f"{partners},ana,ana@example.com") != "0"
    assert integria.call("add_address_to_newsletter", f"{partners},juan,juan@example.com") != "0"
    # Already on that list: 0.
    assert integria.call("add_address_to_newsletter", f"{partners},Ana,ANA@example.com") == "0"

    _, addresses = _ids_and_addresses(integria)
    assert addresses == {
        "Customers": ["juan@example.com"],
        "Partners": ["ana@example.com", "juan@example.com"],
    }


def test_a_changed_description_keeps_the_subscribers(integria: Integria) -> None:
    _apply(integria, SITE)
    ids, _ = _ids_and_addresses(integria)
    assert integria.call("add_address_to_newsletter", f"{ids['Customers']},l,l@example.com") != "0"

    changed = SITE.replace("Product news", "Releases")
    assert _apply(integria, changed) == ["update", "keep"]
    assert _apply(integria, changed) == ["keep", "keep"]

    same_ids, addresses = _ids_and_addresses(integria)
    assert same_ids == ids and addresses["Customers"] == ["l@example.com"]
