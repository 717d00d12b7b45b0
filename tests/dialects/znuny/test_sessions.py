"""SessionCreate / SessionGet / SessionRemove over HTTP, byte for byte (spec §5.1)."""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from typing import Any

import pytest

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.settings.service import ZNUNY_SESSION_MAX_IDLE_TIME, set_setting
from polydesk.users.service import get_user
from polydesk.webservices.service import save_webservice
from tests.dialects.znuny.conftest import AGENT, CUSTOMER, NOW, ROOT, ZNUNY7, Znuny
from tests.factories import make_user

EPOCH = str(int(NOW.timestamp()))
STAMP = NOW.strftime("%Y-%m-%d %H:%M:%S")
SESSION_ID = re.compile(r"^[A-Za-z0-9]{32}$")
#: A service whose session operations take a body, to reach the checks REST routes hide.
POSTED = "SessionsPosted"


def _error(code: str, message: str) -> dict[str, Any]:
    return {"Error": {"ErrorCode": code, "ErrorMessage": message}}


def _login(znuny: Znuny, credentials: dict[str, str]) -> str:
    answer = znuny.call("POST", "/Session", body=credentials)
    assert list(answer) == ["SessionID"], answer
    session_id: str = answer["SessionID"]
    return session_id


def _session_data(znuny: Znuny, session_id: str) -> dict[str, str]:
    answer = znuny.call("GET", f"/Session/{session_id}")
    assert "SessionData" in answer, answer
    entries = answer["SessionData"]
    assert [entry["Key"] for entry in entries] == sorted(entry["Key"] for entry in entries)
    return {entry["Key"]: entry["Value"] for entry in entries}


def _is_valid(znuny: Znuny, session_id: str) -> bool:
    answer = znuny.call("GET", f"/Session/{session_id}")
    if "SessionData" in answer:
        return True
    assert answer == _error("SessionGet.SessionInvalid", "SessionGet: SessionID is Invalid!")
    return False


@pytest.fixture
def posted(znuny: Znuny) -> Znuny:
    with unit_of_work(znuny.runtime.factory) as session:
        operations = {
            "SessionGet": {"type": "Session::SessionGet", "route": "/Get", "methods": ["POST"]},
            "SessionRemove": {
                "type": "Session::SessionRemove",
                "route": "/Remove",
                "methods": ["POST"],
            },
        }
        save_webservice(
            session, SYSTEM, name=POSTED, config={"transport": "REST", "operations": operations}
        )
    return znuny


# --- SessionCreate ---------------------------------------------------------------------------


def test_create_agent_session_answers_only_the_session_id(znuny: Znuny) -> None:
    response = znuny.request("POST", "/Session", body=AGENT)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    session_id = response.json()["SessionID"]
    assert SESSION_ID.match(session_id)
    assert response.content == b'{"SessionID":"' + session_id.encode() + b'"}'
    assert _is_valid(znuny, session_id)


def test_create_customer_session(znuny: Znuny) -> None:
    session_id = _login(znuny, CUSTOMER)

    assert SESSION_ID.match(session_id)
    assert _session_data(znuny, session_id)["UserType"] == "Customer"


def test_create_with_credentials_in_headers(znuny: Znuny) -> None:
    headers = {"X-OTRS-Header-UserLogin": "agent1", "X-OTRS-Header-Password": "agent1"}
    answer = znuny.call("POST", "/Session", headers=headers)

    assert SESSION_ID.match(answer["SessionID"])


def test_headers_override_body_credentials(znuny: Znuny) -> None:
    body = {"UserLogin": "agent1", "Password": "wrong"}
    headers = {"X-OTRS-Header-Password": "agent1"}

    assert SESSION_ID.match(znuny.call("POST", "/Session", body=body, headers=headers)["SessionID"])


@pytest.mark.parametrize(
    "body",
    [
        {"UserLogin": "agent1", "Password": "nope"},
        {"UserLogin": "nobody", "Password": "agent1"},
        {"CustomerUserLogin": "customer1", "Password": "nope"},
        {"Password": "agent1"},  # no login field at all
        {"UserLogin": "customer1", "Password": "customer1"},  # a customer as an agent
        {"CustomerUserLogin": "agent1", "Password": "agent1"},  # an agent as a customer
        {"UserLogin": "", "CustomerUserLogin": "customer1", "Password": "agent1"},
    ],
)
def test_create_auth_fail(znuny: Znuny, body: dict[str, str]) -> None:
    response = znuny.request("POST", "/Session", body=body)

    assert response.status_code == 200
    assert response.content == (
        b'{"Error":{"ErrorCode":"SessionCreate.AuthFail",'
        b'"ErrorMessage":"SessionCreate: Authorization failing!"}}'
    )


def test_user_login_wins_over_customer_login(znuny: Znuny) -> None:
    body = {"UserLogin": "agent1", "CustomerUserLogin": "customer1", "Password": "customer1"}

    assert znuny.call("POST", "/Session", body=body) == _error(
        "SessionCreate.AuthFail", "SessionCreate: Authorization failing!"
    )


@pytest.mark.parametrize(
    "body",
    [
        {"UserLogin": "agent1"},
        {"UserLogin": "agent1", "Password": ""},
        {"UserLogin": "agent1", "Password": "0"},  # Perl: "0" is false
        {"UserLogin": "agent1", "Password": None},
        None,  # no body: the data still holds RequestMethod (observed on Znuny 6.5, §11.5)
    ],
)
def test_create_without_password(znuny: Znuny, body: dict[str, Any] | None) -> None:
    assert znuny.call("POST", "/Session", body=body) == _error(
        "SessionCreate.MissingParameter", "SessionCreate: Password parameter is missing!"
    )


def test_create_with_a_json_array_is_an_empty_request(znuny: Znuny) -> None:
    answer = znuny.call("POST", "/Session", body=[{"UserLogin": "agent1", "Password": "agent1"}])

    assert answer == _error(
        "SessionCreate.MissingParameter", "SessionCreate: The request is empty!"
    )


def test_session_lifetime_comes_from_the_setting(znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        set_setting(session, SYSTEM, "znuny.session_max_time", "60")
    session_id = _login(znuny, AGENT)

    with frozen(NOW + timedelta(seconds=60)):
        assert not _is_valid(znuny, session_id)
    assert _is_valid(znuny, session_id)


# --- SessionGet ------------------------------------------------------------------------------


def _row_times(znuny: Znuny, login: str) -> tuple[str, str]:
    """The user row's change and create times, as GetUserData reads them."""
    with unit_of_work(znuny.runtime.factory) as session:
        user = get_user(session, znuny.users[login])
        assert user is not None
        return tuple(  # type: ignore[return-value]
            when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
            for when in (user.updated_at, user.created_at)
        )


def test_get_agent_session_data(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)
    changed, created = _row_times(znuny, "agent1")

    response = znuny.request("GET", f"/Session/{session_id}")

    assert response.status_code == 200
    assert response.json() == {
        "SessionData": [
            {"Key": "ChangeTime", "Value": changed},
            {"Key": "CreateTime", "Value": created},
            {"Key": "OutOfOffice", "Value": "0"},
            {"Key": "SessionSource", "Value": "GenericInterface"},
            {"Key": "UserEmail", "Value": "agent1@example.com"},
            {"Key": "UserFirstname", "Value": ""},
            {"Key": "UserFullname", "Value": "agent1"},
            {"Key": "UserID", "Value": str(znuny.users["agent1"])},
            {"Key": "UserLanguage", "Value": "en"},
            {"Key": "UserLastLogin", "Value": EPOCH},
            {"Key": "UserLastLoginTimestamp", "Value": STAMP},
            {"Key": "UserLastRequest", "Value": EPOCH},
            {"Key": "UserLastname", "Value": ""},
            {"Key": "UserLogin", "Value": "agent1"},
            {"Key": "UserLoginFailed", "Value": "0"},
            {"Key": "UserMobile", "Value": ""},
            {"Key": "UserPhone", "Value": ""},
            {"Key": "UserRefreshTime", "Value": "0"},
            {"Key": "UserRemoteAddr", "Value": "testclient"},
            {"Key": "UserRemoteUserAgent", "Value": "testclient"},  # TestClient's User-Agent
            {"Key": "UserSessionStart", "Value": EPOCH},
            {"Key": "UserTimeZone", "Value": "UTC"},
            {"Key": "UserTitle", "Value": None},
            {"Key": "UserType", "Value": "User"},
            {"Key": "ValidID", "Value": "1"},
        ]
    }
    assert response.content.startswith(
        b'{"SessionData":[{"Key":"ChangeTime","Value":"' + changed.encode() + b'"},'
    )
    assert b'{"Key":"UserTitle","Value":null}' in response.content


def test_get_customer_session_data(znuny: Znuny) -> None:
    session_id = _login(znuny, CUSTOMER)

    data = _session_data(znuny, session_id)

    assert data["UserType"] == "Customer"
    assert data["UserID"] == "customer1"  # Znuny: a customer's UserID is its login
    assert data["UserLogin"] == "customer1"
    assert data["UserCustomerID"] == "ACME"
    assert data["SessionSource"] == "GenericInterface"
    assert data["UserSessionStart"] == EPOCH
    assert "OutOfOffice" not in data
    assert data["UserTitle"] is None  # an empty title is a NULL column in Znuny
    assert all(isinstance(value, str) for key, value in data.items() if key != "UserTitle")


#: A Znuny 6.5 customer session: CustomerUserDataGet (the default customer_user map, the DB
#: backend's extra keys, preferences, the company's keys), then AuthSession's own keys.
CUSTOMER_SESSION_KEYS = [
    "ChangeBy", "ChangeTime", "CreateBy", "CreateTime", "CustomerCompanyCity",
    "CustomerCompanyComment", "CustomerCompanyCountry", "CustomerCompanyName",
    "CustomerCompanyStreet", "CustomerCompanyURL", "CustomerCompanyValidID", "CustomerCompanyZIP",
    "CustomerID", "SessionSource", "Source", "UserCity", "UserComment", "UserCountry",
    "UserCustomerID", "UserEmail", "UserFax", "UserFirstname", "UserFullname", "UserID",
    "UserLanguage", "UserLastLogin", "UserLastLoginTimestamp", "UserLastRequest", "UserLastname",
    "UserLogin", "UserLoginFailed", "UserMailString", "UserMobile", "UserPhone",
    "UserRefreshTime", "UserRemoteAddr", "UserRemoteUserAgent", "UserSessionStart",
    "UserShowTickets", "UserStreet", "UserTimeZone", "UserTitle", "UserType", "UserZip",
    "ValidID",
]  # fmt: skip


def test_a_customer_session_has_a_real_customer_sessions_keys(znuny: Znuny) -> None:
    session_id = _login(znuny, CUSTOMER)

    data = _session_data(znuny, session_id)

    assert sorted(data) == CUSTOMER_SESSION_KEYS
    assert {key: data[key] for key in ("CustomerID", "CustomerCompanyName", "Source")} == {
        "CustomerID": "ACME",
        "CustomerCompanyName": "Acme Inc",
        "Source": "CustomerUser",
    }
    assert (data["UserLoginFailed"], data["UserShowTickets"], data["CustomerCompanyValidID"]) == (
        "0",
        "25",
        "1",
    )
    assert data["UserMailString"] == '"customer1" <customer1@example.com>'
    assert (data["UserLastLogin"], data["UserRemoteUserAgent"]) == (EPOCH, "testclient")
    assert [key for key, value in data.items() if not isinstance(value, str)] == ["UserTitle"]


def test_a_customer_without_company_has_no_company_keys(znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        make_user(session, Role.CUSTOMER, login="loner", password="loner")
    session_id = _login(znuny, {"CustomerUserLogin": "loner", "Password": "loner"})

    data = _session_data(znuny, session_id)

    company_keys = {key for key in CUSTOMER_SESSION_KEYS if key.startswith("CustomerCompany")}
    assert sorted(data) == sorted(set(CUSTOMER_SESSION_KEYS) - company_keys - {"CustomerID"})
    assert data["UserCustomerID"] == ""


def test_get_with_the_session_id_in_a_header(znuny: Znuny) -> None:
    session_id = _login(znuny, ROOT)
    headers = {"X-OTRS-Header-SessionID": session_id}

    answer = znuny.call("GET", "/Session/not-this-one", headers=headers)

    data = {entry["Key"]: entry["Value"] for entry in answer["SessionData"]}
    assert data["UserLogin"] == "root@localhost"
    assert data["UserID"] == str(znuny.users["root@localhost"])


def test_get_reports_the_last_request(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)

    with frozen(NOW + timedelta(minutes=5)):
        data = _session_data(znuny, session_id)

    assert data["UserSessionStart"] == EPOCH
    assert data["UserLastRequest"] == str(int(NOW.timestamp()) + 300)


def test_get_unknown_session(znuny: Znuny) -> None:
    response = znuny.request("GET", "/Session/tMtTFDg1PxCX51dWnjue4W5oQtNsFd0k")

    assert response.status_code == 200
    assert response.content == (
        b'{"Error":{"ErrorCode":"SessionGet.SessionInvalid",'
        b'"ErrorMessage":"SessionGet: SessionID is Invalid!"}}'
    )


def test_session_expires_after_max_time_even_when_used(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)
    for hours in (5, 10, 15):  # each use keeps it from idling out
        with frozen(NOW + timedelta(hours=hours)):
            assert _is_valid(znuny, session_id)

    with frozen(NOW + timedelta(seconds=57600)):  # SessionMaxTime, 16 h
        assert not _is_valid(znuny, session_id)


def test_idle_session_expires(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)

    with frozen(NOW + timedelta(seconds=21601)):  # SessionMaxIdleTime, 6 h
        assert not _is_valid(znuny, session_id)


def test_idle_time_comes_from_the_setting(znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        set_setting(session, SYSTEM, ZNUNY_SESSION_MAX_IDLE_TIME, "600")
    session_id = _login(znuny, AGENT)

    with frozen(NOW + timedelta(seconds=599)):
        assert _is_valid(znuny, session_id)
    with frozen(NOW + timedelta(seconds=599 + 601)):
        assert not _is_valid(znuny, session_id)


def test_a_session_authenticates_other_operations(znuny: Znuny) -> None:
    session_id = _login(znuny, ROOT)
    body = {"SessionID": session_id, "OutOfOfficeEntriesCSVString": "UserLogin,OutOfOffice\nx,1"}

    assert znuny.call("POST", "/OutOfOffice", body=body, service="OutOfOffice") == {"Success": 1}
    with frozen(NOW + timedelta(hours=7)):
        assert znuny.call("POST", "/OutOfOffice", body=body, service="OutOfOffice") == _error(
            "OutOfOffice.AuthFail", "OutOfOffice: Authentication failed."
        )


def test_get_empty_request_and_missing_session_id(posted: Znuny) -> None:
    assert posted.call("POST", "/Get", body=[{"SessionID": "x"}], service=POSTED) == _error(
        "SessionGet.MissingParameter", "SessionGet: The request is empty!"
    )
    assert posted.call("POST", "/Get", body={"Foo": "bar"}, service=POSTED) == _error(
        "SessionGet.MissingParameter", "SessionGet: SessionID is missing!"
    )
    assert posted.call("POST", "/Get", body={"SessionID": ""}, service=POSTED) == _error(
        "SessionGet.MissingParameter", "SessionGet: SessionID is missing!"
    )


# --- SessionRemove ---------------------------------------------------------------------------


def _remove(znuny: Znuny, session_id: str, credentials: Any = None, **kwargs: Any) -> Any:
    return znuny.call(
        "DELETE", f"/Session/{session_id}", body=credentials, service=ZNUNY7, **kwargs
    )


def test_remove_own_session(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)

    response = znuny.request("DELETE", f"/Session/{session_id}", body=AGENT, service=ZNUNY7)

    assert response.status_code == 200
    assert response.content == b'{"Success":1}'
    assert not _is_valid(znuny, session_id)


def test_remove_with_credentials_in_headers(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)
    headers = {"X-OTRS-Header-UserLogin": "agent1", "X-OTRS-Header-Password": "agent1"}

    assert _remove(znuny, session_id, headers=headers) == {"Success": 1}
    assert not _is_valid(znuny, session_id)


def test_remove_unknown_session_succeeds(znuny: Znuny) -> None:
    assert _remove(znuny, "tMtTFDg1PxCX51dWnjue4W5oQtNsFd0k", AGENT) == {"Success": 1}


def test_remove_an_expired_session(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)
    with frozen(NOW + timedelta(days=2)):
        assert _remove(znuny, session_id, AGENT) == {"Success": 1}


def test_the_session_to_remove_is_not_a_credential(znuny: Znuny) -> None:
    """Znuny deletes the route's SessionID from the data before authenticating."""
    session_id = _login(znuny, AGENT)

    assert _remove(znuny, session_id) == _error(
        "SessionRemove.AuthFail", "SessionRemove: Authorization failed!"
    )
    assert _is_valid(znuny, session_id)


@pytest.mark.parametrize(
    "credentials",
    [
        {"UserLogin": "agent1", "Password": "wrong"},
        {"UserLogin": "agent1"},
        {"CustomerUserLogin": "agent1", "Password": "agent1"},
    ],
)
def test_remove_auth_fail(znuny: Znuny, credentials: dict[str, str]) -> None:
    session_id = _login(znuny, AGENT)

    assert _remove(znuny, session_id, credentials) == _error(
        "SessionRemove.AuthFail", "SessionRemove: Authorization failed!"
    )
    assert _is_valid(znuny, session_id)


def test_an_agent_needs_admin_to_remove_someone_elses_session(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)
    agent2 = {"UserLogin": "agent2", "Password": "agent2"}

    assert _remove(znuny, session_id, agent2) == _error(
        "SessionRemove.AuthFail",
        "SessionRemove: Authorization failed! User needs to be in group admin.",
    )
    assert _is_valid(znuny, session_id)

    assert _remove(znuny, session_id, ROOT) == {"Success": 1}
    assert not _is_valid(znuny, session_id)


def test_an_agent_removing_a_customer_session_needs_admin(znuny: Znuny) -> None:
    session_id = _login(znuny, CUSTOMER)

    assert _remove(znuny, session_id, AGENT) == _error(
        "SessionRemove.AuthFail",
        "SessionRemove: Authorization failed! User needs to be in group admin.",
    )
    assert _remove(znuny, session_id, ROOT) == {"Success": 1}


def test_a_customer_removes_only_its_own_session(znuny: Znuny) -> None:
    own = _login(znuny, CUSTOMER)
    others = [_login(znuny, {"CustomerUserLogin": "customer2", "Password": "customer2"})]
    others.append(_login(znuny, AGENT))

    for session_id in others:
        assert _remove(znuny, session_id, CUSTOMER) == _error(
            "SessionRemove.AuthFail", "SessionRemove: Authorization failing!"
        )
        assert _is_valid(znuny, session_id)
    assert _remove(znuny, own, CUSTOMER) == {"Success": 1}
    assert not _is_valid(znuny, own)


def test_remove_with_a_json_array_is_an_empty_request(znuny: Znuny) -> None:
    session_id = _login(znuny, AGENT)

    assert _remove(znuny, session_id, [AGENT]) == _error(
        "SessionRemove.MissingParameter", "SessionRemove: The request is empty!"
    )


def test_remove_without_session_id(posted: Znuny) -> None:
    assert posted.call("POST", "/Remove", body=AGENT, service=POSTED) == _error(
        "SessionRemove.MissingParameter", "SessionRemove: SessionID parameter is missing!"
    )
    assert posted.call("POST", "/Remove", body=[AGENT], service=POSTED) == _error(
        "SessionRemove.MissingParameter", "SessionRemove: The request is empty!"
    )


def test_remove_via_a_posted_body(posted: Znuny) -> None:
    session_id = _login(posted, AGENT)

    answer = posted.call("POST", "/Remove", body={**AGENT, "SessionID": session_id}, service=POSTED)

    assert answer == {"Success": 1}
    assert not _is_valid(posted, session_id)


def test_a_session_keeps_the_user_agent_it_was_created_with(znuny: Znuny) -> None:
    agent = "python-requests/2.32.3 PyOTRS"
    created = znuny.request("POST", "/Session", body=AGENT, headers={"User-Agent": agent})
    session_id = created.json()["SessionID"]
    data = _session_data(znuny, session_id)  # read with another agent: the creator's stays
    assert data["UserRemoteUserAgent"] == agent
    bare = znuny.request("POST", "/Session", body=AGENT, headers={"User-Agent": ""})
    assert _session_data(znuny, bare.json()["SessionID"])["UserRemoteUserAgent"] == "none"
