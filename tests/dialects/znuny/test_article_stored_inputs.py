"""Article inputs that used to be validated and dropped (issue 17): ``AutoResponseType`` is
stored with the article and read back through the native API's comment JSON; a native client
sets it the same way. Public surface only: TicketCreate / TicketUpdate over HTTP, the native
API as root@localhost."""

from __future__ import annotations

from typing import Any

from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

NOTE = {"Subject": "Note", "Body": "More", "ContentType": "text/plain; charset=utf8"}


def _comments(znuny: PublicZnuny, ticket_id: str) -> list[dict[str, Any]]:
    response = znuny.client.get(f"/polydesk/v1/tickets/{ticket_id}/comments", headers=znuny.admin)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_auto_response_type_is_stored_with_each_article(znuny: PublicZnuny) -> None:
    ticket_id = znuny.create(article={"AutoResponseType": "auto reply"})["TicketID"]
    body = {**znuny.root, "Article": {**NOTE, "AutoResponseType": "auto follow up"}}
    assert "Error" not in znuny.call("PATCH", f"/Ticket/{ticket_id}", body=body)
    plain = {**znuny.root, "Article": NOTE}
    assert "Error" not in znuny.call("PATCH", f"/Ticket/{ticket_id}", body=plain)

    stored = [comment["auto_response_type"] for comment in _comments(znuny, ticket_id)]

    assert stored == ["auto reply", "auto follow up", ""]


def test_an_invalid_auto_response_type_writes_nothing(znuny: PublicZnuny) -> None:
    ticket_id = znuny.create()["TicketID"]
    body = {**znuny.root, "Article": {**NOTE, "AutoResponseType": "auto shout"}}

    answer = znuny.call("PATCH", f"/Ticket/{ticket_id}", body=body)

    assert answer == {
        "Error": {
            "ErrorCode": "TicketUpdate.InvalidParameter",
            "ErrorMessage": "TicketUpdate: Article->AutoResponseType parameter is invalid!",
        }
    }
    assert len(_comments(znuny, ticket_id)) == 1


def test_the_native_api_sets_and_bounds_it(znuny: PublicZnuny) -> None:
    ticket_id = znuny.create()["TicketID"]
    url = f"/polydesk/v1/tickets/{ticket_id}/comments"
    made = znuny.client.post(
        url, headers=znuny.admin, json={"body": "Hi", "auto_response_type": "auto reply"}
    )
    too_long = znuny.client.post(
        url, headers=znuny.admin, json={"body": "Hi", "auto_response_type": "x" * 33}
    )

    assert made.status_code == 201, made.text
    assert made.json()["auto_response_type"] == "auto reply"
    assert too_long.status_code == 422, too_long.text
    assert len(_comments(znuny, ticket_id)) == 2
