"""Failed-login throttling on every edge that checks a password or a key: after five failures
of one login from one address, that login is refused from that address (in the edge's own
error shape) even with the right password, while the same login from another address, and
other logins from the first, keep working. Unknown, disabled and wrong-password accounts get
one and the same answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient

from polydesk.app import create_app
from polydesk.core.actor import SYSTEM, Role
from polydesk.credentials.service import create_api_key, create_oauth_client
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.dialects.edges import V1, basic, open_integria
from tests.factories import make_user

PASSWORD = "right-horse-battery"
GUESSER, OTHER = ("10.1.1.1", 40000), ("10.2.2.2", 40000)
FAILURES_BEFORE_LOCK = 5
ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Session"
ZNUNY_SOAP = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorSOAP"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


@dataclass
class Site:
    runtime: Runtime
    guesser: TestClient
    other: TestClient
    key: str
    oauth: tuple[str, str]


@pytest.fixture
def site(runtime: Runtime) -> Iterator[Site]:
    with unit_of_work(runtime.factory) as session:
        make_user(session, Role.ADMIN, login="alice", password=PASSWORD)
        make_user(session, Role.ADMIN, login="bob", password=PASSWORD)
        gone = make_user(session, Role.AGENT, login="gone", password=PASSWORD)
        gone.is_enabled = False
        open_integria(session)
        key = create_api_key(session, SYSTEM, dialect="readydesk", allowed_ips=[], user_id=None)
        client = create_oauth_client(
            session, SYSTEM, name="web", grants=["password"], scopes=[], client_id="web-client"
        )
    app = create_app(runtime=runtime)
    with TestClient(app, client=GUESSER) as guesser, TestClient(app, client=OTHER) as other:
        yield Site(runtime, guesser, other, key, (client.client_id, client.client_secret))


Attempt = Callable[[Site, TestClient, str, str], httpx.Response]


def native(_site: Site, client: TestClient, login: str, password: str) -> httpx.Response:
    return client.get(f"{V1}/tickets", headers=basic(login, password))


def invgate(_site: Site, client: TestClient, login: str, password: str) -> httpx.Response:
    return client.get("/api/v1/categories", headers=basic(login, password))


def znuny(_site: Site, client: TestClient, login: str, password: str) -> httpx.Response:
    return client.post(ZNUNY, json={"UserLogin": login, "Password": password})


def znuny_soap(_site: Site, client: TestClient, login: str, password: str) -> httpx.Response:
    body = (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns="http://www.otrs.org/TicketConnector">'
        f"<soapenv:Body><SessionCreate><UserLogin>{login}</UserLogin>"
        f"<Password>{password}</Password></SessionCreate></soapenv:Body></soapenv:Envelope>"
    )
    return client.post(ZNUNY_SOAP, content=body.encode(), headers={"Content-Type": "text/xml"})


def integria(_site: Site, client: TestClient, login: str, password: str) -> httpx.Response:
    query = {"user": login, "user_pass": password, "op": "get_types"}
    return client.get("/include/api.php", params=query)


def motadata(site: Site, client: TestClient, login: str, password: str) -> httpx.Response:
    form = {"grant_type": "password", "username": login, "password": password}
    return client.post("/api/oauth/token", data=form, headers=basic(*site.oauth))


def _succeeded(edge: Attempt, response: httpx.Response) -> bool:
    if edge is znuny:
        return "SessionID" in response.json()
    if edge is znuny_soap:
        return "<SessionID>" in response.text
    if edge is integria:
        return response.status_code == 200 and response.text != ""
    return response.status_code == 200


EDGES = [native, invgate, znuny, znuny_soap, integria, motadata]


@pytest.mark.parametrize("edge", EDGES, ids=lambda edge: edge.__name__)
def test_a_guessed_login_is_locked_for_its_address_only(site: Site, edge: Attempt) -> None:
    wrong = [edge(site, site.guesser, "alice", f"guess{n}") for n in range(FAILURES_BEFORE_LOCK)]
    assert not any(_succeeded(edge, response) for response in wrong)
    locked = edge(site, site.guesser, "alice", PASSWORD)
    assert not _succeeded(edge, locked), locked.text
    assert _succeeded(edge, edge(site, site.other, "alice", PASSWORD))
    assert _succeeded(edge, edge(site, site.guesser, "bob", PASSWORD))


@pytest.mark.parametrize("edge", EDGES, ids=lambda edge: edge.__name__)
def test_a_guesser_cannot_tell_unknown_disabled_and_existing_accounts_apart(
    site: Site, edge: Attempt
) -> None:
    answers = [
        edge(site, site.guesser, login, password)
        for login, password in (("nobody", "nope"), ("gone", "nope"), ("alice", "nope"))
    ]
    assert len({(answer.status_code, answer.text) for answer in answers}) == 1, [
        answer.text for answer in answers
    ]


@pytest.mark.parametrize(
    "edge", [native, invgate, znuny, znuny_soap, integria], ids=lambda e: e.__name__
)
def test_a_disabled_account_fails_like_an_unknown_one_even_with_its_password(
    site: Site, edge: Attempt
) -> None:
    # (Motadata tells a caller who knows the password "User is disabled", as Spring does.)
    unknown, disabled = (edge(site, site.other, login, PASSWORD) for login in ("nobody", "gone"))
    assert (unknown.status_code, unknown.text) == (disabled.status_code, disabled.text)


def test_native_says_when_to_retry(site: Site) -> None:
    for n in range(FAILURES_BEFORE_LOCK):
        assert native(site, site.guesser, "alice", f"guess{n}").status_code == 401
    locked = native(site, site.guesser, "alice", PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "auth.throttled"
    assert int(locked.headers["Retry-After"]) >= 1


def test_one_address_spraying_many_logins_is_locked(site: Site) -> None:
    for n in range(20):
        native(site, site.guesser, f"user{n}", "guess")
    assert native(site, site.guesser, "bob", PASSWORD).status_code == 429
    assert native(site, site.other, "bob", PASSWORD).status_code == 200


def test_readydesk_keys_are_throttled_per_address(site: Site) -> None:
    def call(client: TestClient, key: str) -> str:
        return client.get("/API/default.aspx", params={"key": key, "action": "get_techs"}).text

    for n in range(FAILURES_BEFORE_LOCK):
        assert "Invalid API key" in call(site.guesser, f"wrong{n}")
    assert "too many failed logins" in call(site.guesser, site.key)
    assert "<error>" not in call(site.other, site.key)


def test_client_secrets_are_throttled(site: Site) -> None:
    client_id, secret = site.oauth
    form = {"grant_type": "password", "username": "alice", "password": PASSWORD}
    for n in range(FAILURES_BEFORE_LOCK):
        response = site.guesser.post(
            "/api/oauth/token", data=form, headers=basic(client_id, f"bad{n}")
        )
        assert response.status_code == 401
    right = site.guesser.post("/api/oauth/token", data=form, headers=basic(client_id, secret))
    assert right.status_code == 401
    elsewhere = site.other.post("/api/oauth/token", data=form, headers=basic(client_id, secret))
    assert elsewhere.is_success
