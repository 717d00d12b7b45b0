"""The credentials pages: a created secret works with its dialect and is shown once (the list
never shows it), refusals re-render the form (422, nothing written), revoking and deleting,
Integria's allow-list and password, Znuny web service import, admins only, the CSRF check."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from polydesk.settings.service import INTEGRIA_ALLOWED_IPS, INTEGRIA_API_PASSWORD, get_setting
from tests.dialects.readydesk.calls import readydesk_call
from tests.unit.webservices.test_service import CLASSIC_EXPORT
from tests.web.admin_config.conftest import PASSWORD, Admin
from tests.web.pages import signed_in

BASE = "/admin/credentials"
SHOWN = re.compile(r"<dd><code>([^<]+)</code></dd>")
REFUSED_KEY = "Invalid API key or IP address not allowed"


def test_a_readydesk_key_is_shown_once_and_works(admin: Admin) -> None:
    form = admin.client.get(f"{BASE}/api-keys/new")
    assert form.status_code == 200 and '<option value="readydesk" selected>' in form.text
    made = admin.post(
        f"{BASE}/api-keys/new",
        {"dialect": "readydesk", "user": "boss", "allowed_ips": "127.0.0.0/8, testclient"},
    )
    assert made.status_code == 422 and "not an IP address or network: testclient" in made.text
    made = admin.post(f"{BASE}/api-keys/new", {"dialect": "readydesk", "user": "boss"})
    assert made.status_code == 201 and "shown this once" in made.text
    [key] = SHOWN.findall(made.text)
    assert REFUSED_KEY not in readydesk_call(admin.client, key, "get_tickets")
    listed = admin.client.get(BASE)
    assert listed.status_code == 200 and key not in listed.text
    assert '<td data-label="Dialect">readydesk</td>' in listed.text
    assert '<td data-label="Acts as">boss</td>' in listed.text
    key_id = re.search(r'name="key_id" value="(\d+)"', listed.text)
    assert key_id is not None
    revoked = admin.post(f"{BASE}/api-keys/revoke", {"key_id": key_id.group(1)})
    assert revoked.status_code == 303
    assert REFUSED_KEY in readydesk_call(admin.client, key, "get_tickets")
    assert "Revoked" in admin.client.get(BASE).text


def test_an_unknown_login_is_a_field_error_and_writes_nothing(admin: Admin) -> None:
    made = admin.post(f"{BASE}/api-keys/new", {"dialect": "readydesk", "user": "nobody"})
    assert made.status_code == 422 and 'id="user-error"' in made.text
    assert 'value="nobody"' in made.text
    assert "No API keys." in admin.client.get(BASE).text


def test_an_oauth_client_secret_is_shown_once_and_its_grant_works(admin: Admin) -> None:
    made = admin.post(f"{BASE}/oauth-clients/new", {
        "name": "flotomate", "grants": ["password", "refresh_token"], "client_id": "fm-client",
    })  # fmt: skip
    assert made.status_code == 201, made.text
    client_id, secret = SHOWN.findall(made.text)
    assert client_id == "fm-client"
    token = admin.client.post("/api/oauth/token", auth=(client_id, secret), data={
        "grant_type": "password", "username": "boss", "password": PASSWORD,
    })  # fmt: skip
    assert token.status_code == 200, token.text
    listed = admin.client.get(BASE).text
    assert "<code>fm-client</code>" in listed and secret not in listed
    taken = admin.post(
        f"{BASE}/oauth-clients/new",
        {"name": "again", "grants": ["password"], "client_id": "fm-client"},
    )
    assert taken.status_code == 422 and 'id="client_id-error"' in taken.text
    needs_user = admin.post(
        f"{BASE}/oauth-clients/new", {"name": "svc", "grants": ["client_credentials"]}
    )
    assert needs_user.status_code == 422 and 'id="user-error"' in needs_user.text
    gone = admin.post(f"{BASE}/oauth-clients/delete", {"client_id": "fm-client"})
    assert gone.status_code == 303
    assert "<code>fm-client</code>" not in admin.client.get(BASE).text


def test_integria_allow_list_and_a_generated_password(admin: Admin, runtime: Runtime) -> None:
    bad = admin.post(
        f"{BASE}/integria", {"allowed_ips": "10.0.0.0/8 nonsense", "password_mode": "generate"}
    )
    assert bad.status_code == 422 and 'id="allowed_ips-error"' in bad.text
    made = admin.post(
        f"{BASE}/integria", {"allowed_ips": "10.0.0.0/8", "password_mode": "generate"}
    )
    assert made.status_code == 201
    [password] = SHOWN.findall(made.text)
    with unit_of_work(runtime.factory) as session:
        assert get_setting(session, INTEGRIA_API_PASSWORD) == password
        assert get_setting(session, INTEGRIA_ALLOWED_IPS) == "10.0.0.0/8"
    kept = admin.post(f"{BASE}/integria", {"allowed_ips": "*", "password_mode": "keep"})
    assert kept.status_code == 303
    page = admin.client.get(f"{BASE}/integria").text
    assert password not in page and "(now set)" in page
    with unit_of_work(runtime.factory) as session:
        assert get_setting(session, INTEGRIA_API_PASSWORD) == password


def test_a_znuny_web_service_is_imported_listed_and_deleted(admin: Admin) -> None:
    broken = admin.post(f"{BASE}/webservices/import", {"name": "Bad", "document": "a: [1,"})
    assert broken.status_code == 422 and "not valid YAML" in broken.text
    made = admin.client.post(
        f"{BASE}/webservices/import",
        data={"csrf_token": admin.token, "name": "Imported", "valid": "yes"},
        files={"file": ("export.yml", CLASSIC_EXPORT.encode(), "text/yaml")},
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    native = admin.native("/webservices/Imported").json()
    assert native["is_valid"] is True and native["config"]["transport"] == "REST"
    assert '<td data-label="Name">Imported</td>' in admin.client.get(BASE).text
    assert admin.post(f"{BASE}/webservices/delete", {"name": "Imported"}).status_code == 303
    assert admin.native("/webservices/Imported").status_code == 404
    assert admin.post(f"{BASE}/webservices/delete", {"name": "Imported"}).status_code == 404


def test_writes_need_the_token_and_an_admin(client: TestClient, admin: Admin) -> None:
    forged = admin.client.post(f"{BASE}/api-keys/new", data={"dialect": "readydesk"})
    assert forged.status_code == 403
    assert "No API keys." in admin.client.get(BASE).text
    client.cookies.clear()
    token = signed_in(client, "ann", PASSWORD)
    assert client.get(BASE).status_code == 403
    sent = client.post(f"{BASE}/api-keys/new", data={"csrf_token": token, "dialect": "readydesk"})
    assert sent.status_code == 403
