"""User::OutOfOffice over HTTP (spec §5.8): the CSV mapping's faults before authentication, the
operation's errors, and the agents' out-of-office windows read back from the core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.dialects.znuny.errors import OperationFault
from polydesk.dialects.znuny.ops.out_of_office import map_csv, normalise, parse_csv
from polydesk.users.schemas import UserUpdate
from polydesk.users.service import get_user_by_login, update_user
from polydesk.webservices.service import save_webservice
from tests.dialects.znuny.conftest import AGENT, CUSTOMER, NOW, ROOT, Znuny

SERVICE = "OutOfOffice"
ROUTE = "/OutOfOffice"
SEED_CSV = (
    "UserEmail,OutOfOffice,StartDate,EndDate\r\n"
    "root@localhost,1,,\r\n"
    "jd@test.znuny.com,1,2021-08-01,2021-07-31\n"
)
Window = tuple[datetime | None, datetime | None]


def _error(code: str, message: str) -> dict[str, Any]:
    return {"Error": {"ErrorCode": code, "ErrorMessage": message}}


def _post(znuny: Znuny, csv_text: Any, credentials: dict[str, str] | None = None) -> Any:
    body = {
        **(ROOT if credentials is None else credentials),
        "OutOfOfficeEntriesCSVString": csv_text,
    }
    return znuny.request("POST", ROUTE, body=body, service=SERVICE)


def _set(znuny: Znuny, csv_text: str) -> None:
    response = _post(znuny, csv_text)
    assert response.status_code == 200, response.text
    assert response.content == b'{"Success":1}'


def _window(znuny: Znuny, login: str) -> Window:
    with unit_of_work(znuny.runtime.factory) as session:
        user = get_user_by_login(session, login)
        assert user is not None
        return user.out_of_office_start, user.out_of_office_end


def _day(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


@pytest.fixture
def seeded(znuny: Znuny) -> Znuny:
    """root@localhost has Znuny's seed address; agent2 has a name to search for."""
    with unit_of_work(znuny.runtime.factory) as session:
        root = get_user_by_login(session, "root@localhost")
        assert root is not None
        root.email = "root@localhost"  # not an address the core's validator would take
        update_user(
            session,
            SYSTEM,
            znuny.users["agent2"],
            UserUpdate(first_name="Ada", last_name="Lovelace"),
        )
    return znuny


# --- the seed's examples ---------------------------------------------------------------------


def test_seed_request(seeded: Znuny) -> None:
    """The seed's valid request: root switches itself on (no dates: from now, open-ended);
    jd@test.znuny.com does not exist and is skipped."""
    body = {
        "OutOfOfficeEntriesCSVString": SEED_CSV,
        "UserLogin": "root@localhost",
        "Password": "root",
    }
    response = seeded.request("POST", ROUTE, body=body, service=SERVICE)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.content == b'{"Success":1}'
    assert _window(seeded, "root@localhost") == (NOW, None)


def test_seed_csv_example_1_german_dates_and_aliases(seeded: Znuny) -> None:
    _set(
        seeded,
        '"UserEmail","EndTime","StartTime","Enabled"\n'
        '"agent1@example.com","30.03.2016 01:02:03","20.03.2016 01:02:03","yes"\n',
    )

    assert _window(seeded, "agent1") == (_day(2016, 3, 20), _day(2016, 3, 30))


def test_seed_csv_example_2_logins(seeded: Znuny) -> None:
    _set(
        seeded,
        '"UserLogin","EndDate","StartDate","Enabled"\n"agent1","2016-03-30","2016-03-20","yes"',
    )

    assert _window(seeded, "agent1") == (_day(2016, 3, 20), _day(2016, 3, 30))


def test_end_before_start_is_kept(seeded: Znuny) -> None:
    _set(
        seeded,
        "UserEmail,OutOfOffice,StartDate,EndDate\r\nagent1@example.com,1,2021-08-01,2021-07-31",
    )

    assert _window(seeded, "agent1") == (_day(2021, 8, 1), _day(2021, 7, 31))


# --- entries ---------------------------------------------------------------------------------


def test_no_switches_off(seeded: Znuny) -> None:
    _set(seeded, "UserLogin,OutOfOffice,StartDate,EndDate\nagent1,1,2024-11-20,2024-11-30")
    assert _window(seeded, "agent1") == (_day(2024, 11, 20), _day(2024, 11, 30))

    _set(seeded, "UserLogin,OutOfOffice\nagent1,no")

    assert _window(seeded, "agent1") == (None, None)


@pytest.mark.parametrize("flag", ["", "0", "no"])
def test_false_flags_switch_off(seeded: Znuny, flag: str) -> None:
    _set(seeded, "UserLogin,OutOfOffice,StartDate\nagent1,1,2024-11-20")

    _set(seeded, f"UserLogin,OutOfOffice,StartDate\nagent1,{flag},2024-11-20")

    assert _window(seeded, "agent1") == (None, None)


@pytest.mark.parametrize("flag", ["1", "yes", "Yes", "true", "on"])
def test_other_flags_are_perl_true(seeded: Znuny, flag: str) -> None:
    _set(seeded, f"UserLogin,OutOfOffice,StartDate,EndDate\nagent1,{flag},2024-11-20,2024-12-01")

    assert _window(seeded, "agent1") == (_day(2024, 11, 20), _day(2024, 12, 1))


def test_end_is_not_read_without_a_valid_start(seeded: Znuny) -> None:
    _set(seeded, "UserLogin,OutOfOffice,StartDate,EndDate\nagent1,1,soon,2024-12-01")

    assert _window(seeded, "agent1") == (NOW, None)


def test_start_without_end_is_open_ended(seeded: Znuny) -> None:
    _set(seeded, "UserLogin,OutOfOffice,StartDate,EndDate\nagent1,1,2024-11-25,")

    assert _window(seeded, "agent1") == (_day(2024, 11, 25), None)


def test_switching_on_again_without_dates_keeps_the_window(seeded: Znuny) -> None:
    _set(seeded, "UserLogin,OutOfOffice,StartDate,EndDate\nagent1,1,2024-11-20,2024-11-30")

    with frozen(NOW + timedelta(days=1)):
        _set(seeded, "UserLogin,OutOfOffice\nagent1,1")

    assert _window(seeded, "agent1") == (_day(2024, 11, 20), _day(2024, 11, 30))


def test_user_search_with_spaces_finds_one_agent(seeded: Znuny) -> None:
    _set(seeded, 'UserSearch,Enabled,StartDate,EndDate\n"Ada   Lovelace",yes,2024-11-24,2024-11-27')

    assert _window(seeded, "agent2") == (_day(2024, 11, 24), _day(2024, 11, 27))
    assert _window(seeded, "agent1") == (None, None)


def test_entries_that_match_no_single_agent_are_skipped(seeded: Znuny) -> None:
    _set(
        seeded,
        "UserLogin,UserSearch,UserEmail,OutOfOffice,StartDate\n"
        ",agent,,1,2024-11-20\n"  # agent1 and agent2: not unique
        "customer1,,,1,2024-11-20\n"  # a customer, not an agent
        ",,customer2@example.com,1,2024-11-20\n"
        "nobody,,,1,2024-11-20\n"
        ",,,1,2024-11-20\n"  # no user named at all
        "\n"
        "agent1,,,1,2024-11-21\n",
    )

    assert _window(seeded, "agent1") == (_day(2024, 11, 21), None)
    assert _window(seeded, "agent2") == (None, None)
    assert _window(seeded, "customer1") == (None, None)
    assert _window(seeded, "customer2") == (None, None)


def test_user_search_wins_over_email_and_login(seeded: Znuny) -> None:
    _set(
        seeded,
        "UserSearch,UserEmail,UserLogin,OutOfOffice,StartDate\n"
        "Lovelace,agent1@example.com,agent1,1,2024-11-20\n",
    )

    assert _window(seeded, "agent2") == (_day(2024, 11, 20), None)
    assert _window(seeded, "agent1") == (None, None)


def test_email_and_login_ignore_case(seeded: Znuny) -> None:
    _set(
        seeded,
        "UserEmail,UserLogin,OutOfOffice,StartDate\n"
        "AGENT1@Example.com,,1,2024-11-20\n"
        ",Agent2,1,2024-11-22\n",
    )

    assert _window(seeded, "agent1") == (_day(2024, 11, 20), None)
    assert _window(seeded, "agent2") == (_day(2024, 11, 22), None)


def test_comments_crlf_and_quoted_fields(seeded: Znuny) -> None:
    _set(
        seeded,
        "# exported from the HR system\r\n"
        "UserLogin,OutOfOffice,StartDate,EndDate,Note\r\n"
        "# agent2 stays in\r\n"
        '"agent1","1","2024-12-24","2024-12-31","holidays, ""finally"""\r\n'
        "\r\n\r\n",
    )

    assert _window(seeded, "agent1") == (_day(2024, 12, 24), _day(2024, 12, 31))


def test_with_a_session_in_a_header(seeded: Znuny) -> None:
    session_id = seeded.call("POST", "/Session", body=ROOT)["SessionID"]
    body = {"OutOfOfficeEntriesCSVString": "UserLogin,OutOfOffice\nagent1,yes"}

    answer = seeded.call(
        "POST", ROUTE, body=body, headers={"X-OTRS-Header-SessionID": session_id}, service=SERVICE
    )

    assert answer == {"Success": 1}
    assert _window(seeded, "agent1") == (NOW, None)


# --- faults of the mapping, before authentication --------------------------------------------


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        (None, "Parameter OutOfOfficeEntriesCSVString is missing."),
        ("", "Parameter OutOfOfficeEntriesCSVString is missing."),
        ("INVALID", "CSV in parameter OutOfOfficeEntriesCSVString does not contain any entries."),
        (
            "UserLogin,OutOfOffice\r\n\r\n",
            "CSV in parameter OutOfOfficeEntriesCSVString does not contain any entries.",
        ),
        (
            "UserLogin,OutOfOffice\n# agent1,1\n",
            "CSV in parameter OutOfOfficeEntriesCSVString does not contain any entries.",
        ),
        (
            '"UserLogin,OutOfOffice\nagent1,1\n',
            "Error while parsing CSV string of parameter OutOfOfficeEntriesCSVString.",
        ),
        (
            "# only a comment\n",
            "Error while parsing CSV string of parameter OutOfOfficeEntriesCSVString.",
        ),
        (
            'UserLogin,OutOfOffice\nagent1,"1"x\n',  # rows before a bad one are lost too
            "Error while parsing CSV string of parameter OutOfOfficeEntriesCSVString.",
        ),
    ],
)
def test_mapping_faults_come_before_authentication(
    seeded: Znuny, csv_text: str | None, message: str
) -> None:
    body = {} if csv_text is None else {"OutOfOfficeEntriesCSVString": csv_text}
    response = seeded.request("POST", ROUTE, body=body or None, service=SERVICE)

    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=UTF-8"
    assert response.content == (b'{"faultcode":"Server","faultstring":"' + message.encode() + b'"}')


def test_missing_csv_with_credentials_is_still_a_fault(seeded: Znuny) -> None:
    response = seeded.request("POST", ROUTE, body=ROOT, service=SERVICE)

    assert response.status_code == 500
    assert response.content == (
        b'{"faultcode":"Server","faultstring":"Parameter OutOfOfficeEntriesCSVString is missing."}'
    )


# --- errors of the operation -----------------------------------------------------------------

VALID_CSV = "UserLogin,OutOfOffice,StartDate\nagent2,1,2024-11-20"


@pytest.mark.parametrize(
    "credentials",
    [
        {},
        {"UserLogin": "root@localhost", "Password": "wrong"},
        {"UserLogin": "root@localhost"},
        {"SessionID": "tMtTFDg1PxCX51dWnjue4W5oQtNsFd0k", **ROOT},
    ],
)
def test_auth_fail(seeded: Znuny, credentials: dict[str, str]) -> None:
    response = _post(seeded, VALID_CSV, credentials)

    assert response.status_code == 200
    assert response.content == (
        b'{"Error":{"ErrorCode":"OutOfOffice.AuthFail",'
        b'"ErrorMessage":"OutOfOffice: Authentication failed."}}'
    )
    assert _window(seeded, "agent2") == (None, None)


def test_a_customer_is_refused(seeded: Znuny) -> None:
    assert _post(seeded, VALID_CSV, CUSTOMER).json() == _error(
        "OutOfOffice.AuthFail", "OutOfOffice: User needs to be an agent."
    )
    assert _window(seeded, "agent2") == (None, None)


def test_an_agent_needs_admin(seeded: Znuny) -> None:
    response = _post(seeded, VALID_CSV, AGENT)

    assert response.status_code == 200
    assert response.content == (
        b'{"Error":{"ErrorCode":"OutOfOffice.AuthFail",'
        b'"ErrorMessage":"OutOfOffice: User needs to be in group admin."}}'
    )
    assert _window(seeded, "agent2") == (None, None)


# --- a service without the inbound mapping ---------------------------------------------------


@pytest.fixture
def unmapped(seeded: Znuny) -> Znuny:
    operations = {"OutOfOffice": {"type": "User::OutOfOffice", "route": ROUTE, "methods": ["POST"]}}
    with unit_of_work(seeded.runtime.factory) as session:
        save_webservice(
            session,
            SYSTEM,
            name="OutOfOfficeRaw",
            config={"transport": "REST", "operations": operations},
        )
    return seeded


def test_without_mapping_the_entries_come_as_sent(unmapped: Znuny) -> None:
    entries = [
        {
            "UserLogin": "agent1",
            "OutOfOffice": 1,
            "StartDate": "2024-11-20",
            "EndDate": "2024-11-22",
        },
        "not an entry",
    ]
    body = {**ROOT, "OutOfOfficeEntries": entries, "OutOfOfficeEntriesCSVString": "ignored"}

    assert unmapped.call("POST", ROUTE, body=body, service="OutOfOfficeRaw") == {"Success": 1}
    assert _window(unmapped, "agent1") == (_day(2024, 11, 20), _day(2024, 11, 22))


def test_without_mapping_and_entries_is_a_fault_after_auth(unmapped: Znuny) -> None:
    body = {"OutOfOfficeEntriesCSVString": SEED_CSV}
    assert unmapped.call("POST", ROUTE, body=body, service="OutOfOfficeRaw") == _error(
        "OutOfOffice.AuthFail", "OutOfOffice: Authentication failed."
    )

    response = unmapped.request("POST", ROUTE, body={**ROOT, **body}, service="OutOfOfficeRaw")

    assert response.status_code == 500
    message = "Payload does not contain out-of-office entries or they could not be parsed."
    assert response.json() == {"faultcode": "Server", "faultstring": message}


# --- the mapping step on its own --------------------------------------------------------------


def test_normalise() -> None:
    assert normalise("a\r\nb\rc") == "a\nb\nc\n"
    assert normalise("a\n\n\n") == "a\n"
    assert normalise("#x\na\n#y\n") == "a\n"
    assert normalise("a\n # not a comment\n") == "a\n # not a comment\n"


def test_parse_csv() -> None:
    assert parse_csv('a,b\n"c",d\n\n"e ""f""",g\n') == [
        ["a", "b"],
        ["c", "d"],
        [""],
        ['e "f"', "g"],
    ]
    assert parse_csv('"a\nb",c\n') == [["a\nb", "c"]]
    assert parse_csv('a,b\n"c"d,e\n') == []  # any error loses everything, as CSV2Array
    assert parse_csv('a,b\n"c,d\n') == []


def test_map_csv_zips_cells_by_header() -> None:
    entries = map_csv(
        "EMail,UserEmail,StartTime,StartDate,Enabled,Extra\n"
        "alias@x,,01.02.2024 10:00:00,,no,1\n"  # an empty main column is not replaced
        "alias@y\n"  # missing cells are null: the aliases fill in
    )

    assert entries == [
        {
            "UserLogin": None,
            "UserSearch": None,
            "UserEmail": "",
            "StartDate": "",
            "EndDate": None,
            "OutOfOffice": 0,
        },
        {
            "UserLogin": None,
            "UserSearch": None,
            "UserEmail": "alias@y",
            "StartDate": None,
            "EndDate": None,
            "OutOfOffice": None,
        },
    ]


def test_map_csv_rewrites_german_dates_and_yes_no() -> None:
    (entry,) = map_csv(
        "UserLogin,StartDate,EndDate,OutOfOffice\na,20/03/2016 01:02:03,2016-03-30,yes\n"
    )

    assert entry["StartDate"] == "2016-03-20"
    assert entry["EndDate"] == "2016-03-30"
    assert entry["OutOfOffice"] == 1


def test_map_csv_faults() -> None:
    with pytest.raises(OperationFault, match="does not contain any entries"):
        map_csv("UserLogin")
    with pytest.raises(OperationFault, match="is missing"):
        map_csv(["UserLogin\nagent1"])
