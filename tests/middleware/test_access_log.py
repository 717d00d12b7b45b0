"""The access log: one line per request on every edge, secrets masked, headers and bodies
never written, and the request id on the line, in the response and on every record written
while the request runs."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from urllib.parse import quote_plus, urlencode

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from polydesk.middleware.access_log import AccessLogMiddleware
from polydesk.middleware.log_config import TEXT_FORMAT, JsonFormatter
from polydesk.middleware.redaction import redact_query
from polydesk.middleware.request_id import RequestIdFilter
from tests.middleware.conftest import ADMIN_LOGIN, ADMIN_PASSWORD, Credentials

# Names any client might put in a URL, sent to every edge besides the edge's own.
COMMON_SECRETS = ("key", "apikey", "api_key", "token", "access_token", "refresh_token",
                  "client_secret", "secret", "Authorization", "password[0]", "SessionID",
                  "PASSWORD")  # fmt: skip
ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"
Pairs = list[tuple[str, str]]
Call = tuple[str, str, Pairs]  # method, path, query pairs


def leak(edge: str, name: str) -> str:
    """A value that must never reach a log: distinctive per edge and parameter."""
    return f"LEAK{re.sub('[^A-Za-z0-9]', '', name)}{edge}Zq9"


def edge_calls(edge: str, creds: Credentials) -> list[Call]:
    """Calls carrying each of the edge's own secret parameters (real credentials where that
    makes the request do real work), then the common secret names."""
    calls: dict[str, list[Call]] = {
        "integria": [
            ("GET", "/include/api.php", [("user", ADMIN_LOGIN), ("user_pass", ADMIN_PASSWORD),
                                         ("pass", leak(edge, "pass")), ("op", "get_login")]),
            ("GET", "/include/api.php", [
                ("user", ADMIN_LOGIN), ("user_pass", ADMIN_PASSWORD), ("op", "create_user"),
                ("params", f"newbie,1,,newbie@example.com,{leak(edge, 'newpw')},note,New,0"),
            ]),
            ("POST", "/integria/include/api.php", [
                ("user", ADMIN_LOGIN), ("user_pass", ADMIN_PASSWORD), ("op", "validate_user"),
                ("params", f"{ADMIN_LOGIN},{leak(edge, 'checked')}"),
            ]),
        ],
        "znuny": [
            ("POST", f"{ZNUNY}/Session", [("UserLogin", ADMIN_LOGIN),
                                          ("Password", ADMIN_PASSWORD)]),
            ("GET", f"{ZNUNY}/Ticket/1", [("SessionID", leak(edge, "SessionID")),
                                          ("TwoFactorToken", leak(edge, "2fa"))]),
        ],
        "motadata": [
            ("POST", "/api/oauth/token", [
                ("grant_type", "password"), ("username", ADMIN_LOGIN),
                ("password", ADMIN_PASSWORD), ("client_secret", creds.motadata_client[1]),
            ]),
            ("POST", "/api/oauth/token", [("grant_type", "refresh_token"),
                                          ("refresh_token", leak(edge, "refresh"))]),
        ],
        "invgate": [
            ("POST", "/oauth/v2.0/access_token", [
                ("grant_type", "client_credentials"), ("client_id", creds.invgate_client[0]),
                ("client_secret", creds.invgate_client[1]),
            ]),
            ("GET", "/api/v1/incident", [("id", "1"), ("access_token", leak(edge, "at"))]),
        ],
        "readydesk": [
            ("GET", "/API/default.aspx", [("key", creds.readydesk_key), ("action", "add_customer"),
                                          ("cid", "newcust"), ("pass", leak(edge, "custpw"))]),
        ],
        "native": [
            ("GET", "/polydesk/v1/tickets", [("token", leak(edge, "token")), ("limit", "5")]),
        ],
    }  # fmt: skip
    common_path = calls[edge][-1][1]
    common = [(name, leak(edge, name)) for name in COMMON_SECRETS]
    return [*calls[edge], ("GET", common_path, common)]


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every record, at every level, stamped with the request id as the real handler does."""
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RequestIdFilter())
    yield caplog
    caplog.handler.filters.clear()


def server_records(log: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the server side wrote: the test client's own ``httpx`` lines print the URL it sent
    and are not the server's."""
    return [r for r in log.records if not r.name.startswith(("httpx", "httpcore"))]


def access_lines(log: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in log.records if r.name == "polydesk.access"]


def rendered(record: logging.LogRecord) -> str:
    """Everything a record holds, as text and as both line formats print it."""
    return "\n".join([
        record.getMessage(), repr(record.__dict__),
        logging.Formatter(TEXT_FORMAT).format(record), JsonFormatter().format(record),
    ])  # fmt: skip


def secret_values(calls: list[Call], creds: Credentials) -> list[str]:
    sent = [value for _, _, pairs in calls for _, value in pairs if "LEAK" in value]
    return [*sent, *creds.secrets()]


EDGES = ["integria", "znuny", "motadata", "invgate", "readydesk", "native"]


@pytest.mark.parametrize("edge", EDGES)
def test_no_secret_parameter_reaches_the_log(
    edge: str, client: TestClient, credentials: Credentials, log: pytest.LogCaptureFixture
) -> None:
    calls = edge_calls(edge, credentials)
    for method, path, pairs in calls:
        client.request(method, f"{path}?{urlencode(pairs)}")
    lines = access_lines(log)
    assert len(lines) == len(calls)
    for record in server_records(log):
        text = rendered(record)
        for secret in secret_values(calls, credentials):
            assert secret not in text, (secret, record.getMessage())
    for (method, path, pairs), line in zip(calls, lines, strict=True):
        message = line.getMessage()
        assert message.startswith(f"{method} {path}?")
        for name, value in pairs:
            if "LEAK" in value or value in credentials.secrets():
                assert f"{quote_plus(name)}=***" in message, (name, message)


def test_headers_and_bodies_are_never_logged(
    client: TestClient, credentials: Credentials, log: pytest.LogCaptureFixture
) -> None:
    headers = {
        "Authorization": "Bearer LEAKheaderZq9",
        "Cookie": "session=LEAKcookieZq9",
        "X-OTRS-Header-Password": "LEAKotrsZq9",
    }
    client.post("/polydesk/v1/tickets", headers=headers, json={"title": "LEAKbodyZq9"})
    client.post(f"{ZNUNY}/Session", json={"UserLogin": ADMIN_LOGIN, "Password": ADMIN_PASSWORD})
    client.post("/include/api.php", data={"user": ADMIN_LOGIN, "user_pass": ADMIN_PASSWORD,
                                          "op": "get_login"})  # fmt: skip
    assert len(access_lines(log)) == 3
    for record in server_records(log):
        text = rendered(record)
        for secret in ("LEAKheaderZq9", "LEAKcookieZq9", "LEAKotrsZq9", "LEAKbodyZq9",
                       ADMIN_PASSWORD):  # fmt: skip
            assert secret not in text


def test_an_access_line_has_every_field(client: TestClient, log: pytest.LogCaptureFixture) -> None:
    response = client.get("/healthz?check=1&password=LEAKhealthZq9")
    [line] = access_lines(log)
    fields = line.access  # type: ignore[attr-defined]
    assert fields["method"] == "GET" and fields["path"] == "/healthz"
    assert fields["query"] == "check=1&password=***"
    assert fields["status"] == 200 and fields["bytes"] == len(response.content)
    assert fields["duration_ms"] >= 0 and fields["client"] == "testclient:50000"
    assert line.request_id == response.headers["x-request-id"]  # type: ignore[attr-defined]


def test_json_lines_carry_the_request_id_of_the_response(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.WARNING, logger="httpx")  # the test client's lines, not the server's
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    try:
        answers = [client.get("/healthz"), client.get("/polydesk/v1/tickets?token=LEAKjsonZq9"),
                   client.get("/API/default.aspx?key=LEAKjsonZq9&action=get_tickets")]  # fmt: skip
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(text) for text in stream.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "polydesk.access"]
    assert [line["request_id"] for line in access] == [a.headers["x-request-id"] for a in answers]
    assert [line["status"] for line in access] == [200, 401, 200]
    assert access[1]["path"] == "/polydesk/v1/tickets" and access[1]["query"] == "token=***"
    assert "LEAKjsonZq9" not in stream.getvalue()


@pytest.mark.parametrize("sent", ["abc-123", "A.b_C-9", "x" * 128])
def test_a_sane_incoming_request_id_is_echoed(
    sent: str, client: TestClient, log: pytest.LogCaptureFixture
) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response.headers["x-request-id"] == sent
    [line] = access_lines(log)
    assert line.request_id == sent  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "sent", ["x" * 129, "has space", "semi;colon", "\xe9".encode("latin-1"), "a/b", ""]
)
def test_an_insane_request_id_is_replaced(sent: str | bytes, client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_every_record_written_during_a_request_carries_its_id(
    log: pytest.LogCaptureFixture,
) -> None:
    """A sync endpoint (run in a worker thread) and an async one both log with the id."""
    inner = logging.getLogger("polydesk.test.inner")

    def sync_endpoint(_request: Request) -> PlainTextResponse:
        inner.warning("inside a thread")
        return PlainTextResponse("ok")

    async def async_endpoint(_request: Request) -> PlainTextResponse:
        inner.warning("inside the loop")
        return PlainTextResponse("ok")

    app = AccessLogMiddleware(Starlette(routes=[Route("/sync", sync_endpoint),
                                                Route("/async", async_endpoint)]))  # fmt: skip
    with TestClient(app) as test_client:
        for path in ("/sync", "/async"):
            response = test_client.get(path, headers={"X-Request-ID": f"id{path[1:]}"})
            assert response.headers["x-request-id"] == f"id{path[1:]}"
    inside = [r for r in log.records if r.name == inner.name]
    assert [r.request_id for r in inside] == ["idsync", "idasync"]  # type: ignore[attr-defined]
    outside = logging.LogRecord("x", logging.INFO, "", 0, "after", None, None)
    RequestIdFilter().filter(outside)
    assert outside.request_id == "-"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "logged"),
    [
        ("a=1&user_pass=s&b=2", "a=1&user_pass=***&b=2"),
        ("USER_PASS=s&Pass=s&SessionId=s", "USER_PASS=***&Pass=***&SessionId=***"),
        ("password%5B0%5D=s&password[1]=t", "password%5B0%5D=***&password[1]=***"),
        (
            "user.pass=s&user%20pass=s&new_password=s",
            "user.pass=***&user%20pass=***&new_password=***",
        ),
        ("op=create_user&params=a,1,,e,pw", "op=create_user&params=***"),
        ("op=validate_user&params[]=a&params[]=pw", "op=validate_user&params[]=***&params[]=***"),
        ("params=a,pw", "params=***"),  # the op may be in the body
        ("op=get_incidents&params=a,b", "op=get_incidents&params=a,b"),
        ("key=s&page_key=p&keyword=k", "key=***&page_key=p&keyword=k"),
        ("password&x=&token=", "password&x=&token=***"),
        ("", ""),
    ],
)
def test_redaction_keeps_names_and_order(query: str, logged: str) -> None:
    assert redact_query(query) == logged
