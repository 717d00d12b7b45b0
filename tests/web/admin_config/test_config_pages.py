"""The configuration pages (catalogs, custom fields, SLAs, calendars, triggers): listed as the
admin API lists them, created and changed through the schema-built forms, refused input shown
again with the core's messages (422, nothing written), removal, admins only."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.admin_config.conftest import PASSWORD, Admin
from tests.web.pages import signed_in

FIELD = "/admin/custom-fields"


def _field(admin: Admin, name: str) -> dict[str, object] | None:
    answer = admin.native(f"/config/custom_fields/{name}")
    return answer.json() if answer.status_code == 200 else None


def test_an_admin_creates_a_custom_field_and_reads_it_back(admin: Admin) -> None:
    form = admin.client.get(f"{FIELD}/new")
    assert form.status_code == 200
    assert (
        '<label for="f-type">Type' in form.text and '<select id="f-type" name="type"' in form.text
    )
    answer = admin.post(f"{FIELD}/new?section=custom_fields", {
        "name": "Version", "type": "list", "label": "Product version", "required": "yes",
        "options": "1.0\n2.0\n\n3.0", "position": "3", "enabled": "yes",
    })  # fmt: skip
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/admin/custom-fields?section=custom_fields&saved=Version"
    stored = _field(admin, "Version")
    assert stored is not None
    assert stored["type"] == "list" and stored["label"] == "Product version"
    assert stored["options"] == ["1.0", "2.0", "3.0"] and stored["required"] is True
    assert stored["position"] == 3 and stored["show_in_list"] is False
    listed = admin.client.get(answer.headers["location"])
    assert "Saved “Version”." in listed.text
    assert re.search(r'<a href="[^"]*name=Version">Version</a>', listed.text)


def test_an_edit_changes_only_what_the_form_says(admin: Admin) -> None:
    admin.post(f"{FIELD}/new", {"name": "Serial", "type": "text", "enabled": "yes"})
    form = admin.client.get(f"{FIELD}/edit", params={"name": "Serial"})
    assert form.status_code == 200 and 'value="Serial" readonly' in form.text
    answer = admin.post(f"{FIELD}/edit?name=Serial", {
        "name": "Serial", "type": "text", "label": "Serial number", "show_in_list": "yes",
    })  # fmt: skip
    assert answer.status_code == 303, answer.text
    stored = _field(admin, "Serial")
    assert stored is not None
    assert stored["label"] == "Serial number" and stored["show_in_list"] is True
    assert stored["enabled"] is False  # the box was left unchecked


def test_refused_input_is_shown_again_with_the_cores_messages(admin: Admin) -> None:
    sent = {"name": "Broken", "type": "text", "options": "a\nb", "config": "x: [1,"}
    answer = admin.post(f"{FIELD}/new", sent)
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text and "Nothing was saved" in answer.text
    assert "not valid YAML" in answer.text  # the config area, named
    assert 'id="f-config-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert "x: [1," in answer.text and 'value="Broken"' in answer.text  # the input, kept
    fixed = admin.post(f"{FIELD}/new", {**sent, "config": ""})
    assert fixed.status_code == 422 and "text fields have no options" in fixed.text
    assert _field(admin, "Broken") is None  # nothing written


def test_a_name_already_taken_is_refused_not_overwritten(admin: Admin) -> None:
    admin.post(f"{FIELD}/new", {"name": "Once", "type": "text", "label": "First"})
    again = admin.post(f"{FIELD}/new", {"name": "Once", "type": "text", "label": "Second"})
    assert again.status_code == 422 and "already has" in again.text
    stored = _field(admin, "Once")
    assert stored is not None and stored["label"] == "First"


def test_catalog_sections_are_tabs_and_list_the_seeded_rows(admin: Admin) -> None:
    page = admin.client.get("/admin/catalogs")
    assert page.status_code == 200 and "<h1>Catalogs: Statuses</h1>" in page.text
    native = admin.native("/config/statuses").json()
    for entry in native:
        assert f">{entry['name']}</a>" in page.text
    priorities = admin.client.get("/admin/catalogs", params={"section": "priorities"})
    assert 'aria-current="page">Priorities</a>' in priorities.text
    bogus = admin.client.get("/admin/catalogs", params={"section": "users"})
    assert bogus.status_code == 400 and "No section" in bogus.text


def test_a_category_path_with_a_slash_round_trips(admin: Admin) -> None:
    base = "/admin/catalogs"
    admin.post(f"{base}/new?section=categories", {"path": "Hardware", "enabled": "yes"})
    answer = admin.post(f"{base}/new?section=categories", {"path": "Hardware/Laptops"})
    assert answer.status_code == 303, answer.text
    form = admin.client.get(
        f"{base}/edit", params={"section": "categories", "name": "Hardware/Laptops"}
    )
    assert form.status_code == 200 and 'value="Hardware/Laptops" readonly' in form.text


def test_a_trigger_with_yaml_conditions_and_actions(admin: Admin) -> None:
    answer = admin.post("/admin/triggers/new", {
        "name": "Urgent to top", "event": "ticket.opened", "enabled": "yes",
        "conditions": "- {field: title, op: contains, value: outage}",
        "actions": "- {type: set, field: priority, value: High}",
    })  # fmt: skip
    assert answer.status_code == 303, answer.text
    stored = admin.native("/config/triggers/Urgent%20to%20top").json()
    assert stored["conditions"] == [{"field": "title", "op": "contains", "value": "outage"}]
    assert stored["actions"][0]["value"] == "High"
    form = admin.client.get("/admin/triggers/edit", params={"name": "Urgent to top"})
    assert "op: contains" in form.text  # the YAML area, filled
    missing = admin.post("/admin/triggers/new", {"name": "No actions", "event": "ticket.opened"})
    assert missing.status_code == 422 and 'id="f-actions-error"' in missing.text
    assert admin.native("/config/triggers/No%20actions").status_code == 404


def test_a_calendar_and_an_sla_that_counts_in_it(admin: Admin) -> None:
    hours = "monday: ['09:00-17:00']\ntuesday: ['09:00-17:00']"
    made = admin.post(
        "/admin/calendars/new",
        {"name": "Office", "time_zone": "Europe/Madrid", "hours": hours, "enabled": "yes"},
    )
    assert made.status_code == 303, made.text
    sla = admin.post("/admin/slas/new?section=slas", {
        "name": "Gold", "first_response_minutes": "60", "calendar": "Office",
        "business_hours_only": "yes", "enabled": "yes",
    })  # fmt: skip
    assert sla.status_code == 303, sla.text
    stored = admin.native("/config/slas/Gold").json()
    assert stored["calendar"] == "Office" and stored["first_response_minutes"] == 60
    bad = admin.post("/admin/calendars/new", {"name": "Bad", "hours": "funday: ['09:00-10:00']"})
    assert bad.status_code == 422 and "unknown weekday" in bad.text


def test_removing_a_field_switches_it_off_as_the_admin_api_does(admin: Admin) -> None:
    admin.post(f"{FIELD}/new", {"name": "Temp", "type": "text", "enabled": "yes"})
    gone = admin.post(f"{FIELD}/delete?section=custom_fields&name=Temp")
    assert gone.status_code == 303
    assert gone.headers["location"].endswith("removed=Temp&result=disabled")
    stored = _field(admin, "Temp")
    assert stored is not None and stored["enabled"] is False
    assert "switched off" in admin.client.get(gone.headers["location"]).text
    missing = admin.post(f"{FIELD}/delete?section=custom_fields&name=Nope")
    assert missing.status_code == 404


def test_writes_need_the_csrf_token(admin: Admin) -> None:
    answer = admin.client.post(f"{FIELD}/new", data={"name": "Sneaky", "type": "text"})
    assert answer.status_code == 403
    assert _field(admin, "Sneaky") is None


@pytest.mark.parametrize("login", ["ann", "cy"])
def test_only_admins_reach_the_pages(client: TestClient, people: None, login: str) -> None:
    token = signed_in(client, login, PASSWORD)
    page = client.get(FIELD, follow_redirects=False)
    assert page.status_code in (403, 303)
    if login == "cy":
        assert page.headers["location"] == "/portal"
    sent = client.post(
        f"{FIELD}/new",
        data={"csrf_token": token, "name": "X", "type": "text"},
        follow_redirects=False,
    )
    assert sent.status_code in (403, 303)
