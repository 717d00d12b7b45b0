"""The request size limit on every edge: over it -> 413 in the edge's style and nothing
written, whether the size is declared (Content-Length) or only counted (chunked); exactly at it
-> the request does its work."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from polydesk.app import create_app
from polydesk.config import Settings
from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for
from tests.middleware.conftest import ADMIN_LOGIN, ADMIN_PASSWORD, Credentials, count_rows

LIMIT = 16 * 1024
ZNUNY = "/otrs/nph-genericinterface.pl/Webservice"
FORM = "application/x-www-form-urlencoded"
PLAIN = b"Request Entity Too Large"
# (method, path, headers, body) of a request that writes rows when admitted.
Request = tuple[str, str, dict[str, str], bytes]
Builder = Callable[[Credentials, dict[str, str], int], Request]


def padded(size: int, render: Callable[[str], bytes]) -> bytes:
    """``render(padding)`` grown to exactly ``size`` bytes with ASCII padding."""
    body = render("")
    body = render("x" * (size - len(body)))
    assert len(body) == size
    return body


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def native(creds: Credentials, auth: dict[str, str], size: int) -> Request:
    def render(pad: str) -> bytes:
        return json.dumps({"title": "Sized", "description": pad}).encode()

    headers = {**auth, "Content-Type": "application/json"}
    return "POST", "/polydesk/v1/tickets", headers, padded(size, render)


def integria(creds: Credentials, auth: dict[str, str], size: int) -> Request:
    def render(pad: str) -> bytes:
        params = f"Sized,{creds.helpdesk_id},3,{pad},,0,,,0,1"
        form = {"user": ADMIN_LOGIN, "user_pass": ADMIN_PASSWORD, "op": "create_incident"}
        return urlencode({**form, "params": params}).encode()

    return "POST", "/include/api.php", {"Content-Type": FORM}, padded(size, render)


def znuny(creds: Credentials, auth: dict[str, str], size: int) -> Request:
    def render(pad: str) -> bytes:
        body = {"UserLogin": ADMIN_LOGIN, "Password": ADMIN_PASSWORD, "Padding": pad}
        return json.dumps(body).encode()

    path = f"{ZNUNY}/GenericTicketConnectorREST/Session"
    return "POST", path, {"Content-Type": "application/json"}, padded(size, render)


def motadata(creds: Credentials, auth: dict[str, str], size: int) -> Request:
    def render(pad: str) -> bytes:
        return urlencode({"grant_type": "password", "username": ADMIN_LOGIN,
                          "password": ADMIN_PASSWORD, "padding": pad}).encode()  # fmt: skip

    headers = {**basic(*creds.motadata_client), "Content-Type": FORM}
    return "POST", "/api/oauth/token", headers, padded(size, render)


def invgate(creds: Credentials, auth: dict[str, str], size: int) -> Request:
    client_id, secret = creds.invgate_client

    def render(pad: str) -> bytes:
        return urlencode({"grant_type": "client_credentials", "client_id": client_id,
                          "client_secret": secret, "padding": pad}).encode()  # fmt: skip

    return "POST", "/oauth/v2.0/access_token", {"Content-Type": FORM}, padded(size, render)


def readydesk(creds: Credentials, auth: dict[str, str], size: int) -> Request:
    def render(pad: str) -> bytes:
        return urlencode({"key": creds.readydesk_key, "action": "add_customer",
                          "cid": "sized", "contact": "Sized", "padding": pad}).encode()  # fmt: skip

    return "POST", "/API/default.aspx", {"Content-Type": FORM}, padded(size, render)


EDGES: dict[str, Builder] = {
    "native": native,
    "integria": integria,
    "znuny": znuny,
    "motadata": motadata,
    "invgate": invgate,
    "readydesk": readydesk,
}


@pytest.fixture
def limited(runtime: Runtime) -> Iterator[TestClient]:
    """The app with a small request limit, so over- and at-limit bodies stay cheap."""
    settings = runtime.settings.model_copy(update={"max_request_bytes": LIMIT})
    app = create_app(runtime=dataclasses.replace(runtime, settings=settings))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def native_auth(runtime: Runtime, credentials: Credentials) -> dict[str, str]:
    with unit_of_work(runtime.factory) as session:
        return token_for(session, make_user(session, Role.ADMIN))


def send(client: TestClient, request: Request, *, chunked: bool) -> Response:
    method, path, headers, body = request
    if chunked:  # a generator: no Content-Length, the body only counted as it arrives
        return client.request(method, path, headers=headers, content=iter([body]))
    return client.request(method, path, headers=headers, content=body)


def assert_refused_in_style(edge: str, response: Response) -> None:
    assert response.status_code == 413
    assert response.headers["connection"] == "close"
    if edge == "native":
        error = response.json()["error"]
        assert error["code"] == "request.too_large" and error["details"] == {"limit": LIMIT}
    else:
        assert response.content == PLAIN
        assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("edge", list(EDGES))
def test_over_the_limit_is_refused_and_writes_nothing(
    edge: str,
    chunked: bool,
    limited: TestClient,
    runtime: Runtime,
    credentials: Credentials,
    native_auth: dict[str, str],
) -> None:
    request = EDGES[edge](credentials, native_auth, LIMIT + 1)
    before = count_rows(runtime.engine)
    response = send(limited, request, chunked=chunked)
    assert_refused_in_style(edge, response)
    assert count_rows(runtime.engine) == before


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("edge", list(EDGES))
def test_exactly_at_the_limit_does_its_work(
    edge: str,
    chunked: bool,
    limited: TestClient,
    runtime: Runtime,
    credentials: Credentials,
    native_auth: dict[str, str],
) -> None:
    before = count_rows(runtime.engine)
    response = send(limited, EDGES[edge](credentials, native_auth, LIMIT), chunked=chunked)
    assert response.status_code in (200, 201), response.text
    grown = {table for table, rows in count_rows(runtime.engine).items() if rows > before[table]}
    assert grown, f"{edge} wrote nothing: {response.text[:300]}"


def test_the_default_limit_admits_the_largest_upload_base64_encoded() -> None:
    settings = Settings(max_upload_bytes=1024 * 1024)
    assert settings.effective_max_request_bytes == 1024 * 1024 * 4 // 3 + 1024 * 1024
    assert Settings(max_request_bytes=5000).effective_max_request_bytes == 5000
    assert Settings().effective_max_request_bytes > Settings().max_upload_bytes * 4 // 3


def test_an_8_mb_json_body_is_refused_when_uploads_are_limited_to_1_mib(
    runtime: Runtime, native_auth: dict[str, str]
) -> None:
    """The earlier probe: an 8 MB ticket stored although uploads were limited to 1 MiB."""
    settings = runtime.settings.model_copy(update={"max_upload_bytes": 1024 * 1024})
    app = create_app(runtime=dataclasses.replace(runtime, settings=settings))
    before = count_rows(runtime.engine)
    body = {"title": "Huge", "description": "x" * 8_000_000}
    with TestClient(app) as client:
        response = client.post("/polydesk/v1/tickets", headers=native_auth, json=body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request.too_large"
    assert count_rows(runtime.engine) == before


def test_znunys_own_max_length_still_answers_below_the_global_limit(
    client: TestClient, runtime: Runtime
) -> None:
    """The OutOfOffice web service has MaxLength 1,000,000, under the global limit here."""
    assert runtime.settings.effective_max_request_bytes > 1_000_001
    path = f"{ZNUNY}/OutOfOffice/OutOfOffice"
    own = client.post(path, content=b"{" + b" " * 1_000_000)
    assert own.status_code == 413 and own.content == PLAIN
    assert own.headers["content-type"] == "text/plain; charset=UTF-8"
    big = b"{" + b" " * runtime.settings.effective_max_request_bytes
    global_limit = client.post(path, content=big)
    assert global_limit.status_code == 413 and global_limit.content == own.content
    assert global_limit.headers["content-type"] == own.headers["content-type"]


def test_requests_without_a_body_pass(limited: TestClient) -> None:
    assert limited.get("/healthz").status_code == 200
    assert limited.get("/polydesk/v1/tickets").status_code == 401
