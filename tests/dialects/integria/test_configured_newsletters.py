"""Integria's ``add_address_to_newsletter`` on an install whose newsletters come only from a
site file (issue 14): the admin posts ``newsletters:`` to ``/polydesk/v1/config/apply``, and
addresses then land on the newsletter of the id Integria's console shows for that name (read
here from ``GET /polydesk/v1/newsletters``). Set up only through the public surface."""

from __future__ import annotations

from tests.dialects.integria.public import PublicIntegria as Integria
from tests.dialects.integria.public import public_integria as public_integria  # ``integria``

SITE = """\
newsletters:
  - name: Customers
    description: Product news
  - name: Partners
"""


def _apply(integria: Integria, document: str) -> list[str]:
    return [step["action"] for step in integria.apply(document)["steps"]]


def _ids_and_addresses(integria: Integria) -> tuple[dict[str, int], dict[str, list[str]]]:
    response = integria.client.get("/polydesk/v1/newsletters", headers=integria.admin)
    assert response.status_code == 200, response.text
    listed = {letter["name"]: letter for letter in response.json()}
    ids = {name: listed[name]["id"] for name in ("Customers", "Partners")}
    return ids, {name: sorted(listed[name]["addresses"]) for name in ids}


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
