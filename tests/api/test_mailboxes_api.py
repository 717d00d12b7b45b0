"""Native API: mailboxes for incoming mail (admins only), and a ticket opened by mail read
back through the native API like any other."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.mailin.intake import deliver_raw
from polydesk.runtime import Runtime
from tests.factories import make_helpdesk, make_user, token_for
from tests.unit.mailin.mails import PDF, message

V1 = "/polydesk/v1"


def _setup(runtime: Runtime) -> tuple[dict[str, str], dict[str, str], int]:
    with runtime.factory() as session, session.begin():
        admin = token_for(session, make_user(session, Role.ADMIN))
        agent = token_for(session, make_user(session, Role.AGENT))
        desk = make_helpdesk(session).id
    return admin, agent, desk


def test_admin_creates_reads_changes_and_deletes_a_mailbox(
    client: TestClient, runtime: Runtime
) -> None:
    admin, _, desk = _setup(runtime)
    body = {"name": "support", "addresses": ["Help <Support@Example.com>"], "helpdesk_id": desk}
    created = client.post(f"{V1}/mailboxes", headers=admin, json=body)
    assert created.status_code == 201, created.text
    mailbox = created.json()
    assert mailbox["addresses"] == ["support@example.com"]
    assert (mailbox["create_unknown_senders"], mailbox["enabled"]) == (False, True)
    url = f"{V1}/mailboxes/{mailbox['id']}"
    changed = client.patch(url, headers=admin, json={"create_unknown_senders": True}).json()
    assert changed["create_unknown_senders"] is True and changed["name"] == "support"
    assert client.get(url, headers=admin).json() == changed
    assert [row["id"] for row in client.get(f"{V1}/mailboxes", headers=admin).json()] == [
        mailbox["id"]
    ]
    assert client.delete(url, headers=admin).status_code == 204
    gone = client.get(url, headers=admin)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "mailbox.not_found"


def test_bad_mailboxes_are_refused_and_agents_kept_out(
    client: TestClient, runtime: Runtime
) -> None:
    admin, agent, desk = _setup(runtime)
    good = {"name": "support", "addresses": ["support@example.com"], "helpdesk_id": desk}
    assert client.get(f"{V1}/mailboxes", headers=agent).status_code == 403
    assert client.post(f"{V1}/mailboxes", headers=agent, json=good).status_code == 403
    bad = client.post(f"{V1}/mailboxes", headers=admin, json={**good, "addresses": ["nope"]})
    assert bad.status_code == 422
    missing = client.post(f"{V1}/mailboxes", headers=admin, json={**good, "helpdesk_id": 999999})
    assert missing.status_code == 404
    assert client.post(f"{V1}/mailboxes", headers=admin, json=good).status_code == 201
    twin = client.post(f"{V1}/mailboxes", headers=admin, json={**good, "name": "other"})
    assert twin.status_code == 409 and twin.json()["error"]["code"] == "mailbox.duplicate_address"
    assert len(client.get(f"{V1}/mailboxes", headers=admin).json()) == 1


def test_a_ticket_opened_by_mail_reads_back_through_the_native_api(
    client: TestClient, runtime: Runtime
) -> None:
    admin, _, desk = _setup(runtime)
    body = {"name": "support", "addresses": ["support@example.com"], "helpdesk_id": desk,
            "create_unknown_senders": True}  # fmt: skip
    assert client.post(f"{V1}/mailboxes", headers=admin, json=body).status_code == 201
    mail = message()
    mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="report.pdf")
    with unit_of_work(runtime.factory) as session:
        result = deliver_raw(session, runtime.resources, mail.as_bytes(), max_bytes=1 << 20)
    ticket = client.get(f"{V1}/tickets/{result.ticket_id}", headers=admin).json()
    assert (ticket["title"], ticket["helpdesk_id"]) == ("Printer on fire", desk)
    comments = client.get(f"{V1}/tickets/{result.ticket_id}/comments", headers=admin).json()
    [opening] = comments["items"]
    assert opening["body"] == "It smokes.\n" and opening["channel"] == "email"
    files = client.get(f"{V1}/tickets/{result.ticket_id}/attachments", headers=admin).json()
    [pdf] = files["items"]
    content = client.get(f"{V1}/attachments/{pdf['id']}/content", headers=admin)
    assert content.content == PDF
