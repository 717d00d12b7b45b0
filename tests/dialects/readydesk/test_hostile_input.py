"""Hostile input on ``/API/default.aspx`` (issue 12): every answer is ReadyDesk's ``response``
envelope at HTTP 200, with ``error`` for anything refused, never a crash, and nothing is
written. One sweep sends bad values, one variable at a time, to every action."""

from __future__ import annotations

import json

import httpx

from polydesk.dialects.readydesk.registry import actions
from tests.dialects.hostile import BAD_IDS, NUL, unchanged
from tests.dialects.readydesk.conftest import API_PATH, ReadyDesk

#: Variables read as ids or numbers get every bad number; those naming rows (a customer's
#: login may well be "9223372036854775808") and dates get NUL.
NUMBER_VARIABLES = ("tid", "id", "start_tid", "page")
NAME_VARIABLES = ("cid", "uid", "company", "supervisor", "group", "assigned_to", "start_date")
SWEEP = ("9223372036854775808", "²", NUL)  # the bad-id test below sends all of BAD_IDS
ERROR = '<?xml version="1.0"?><response><error>'


def _answer(response: httpx.Response) -> str:
    """An XML answer at HTTP 200: a ``response`` envelope or an action's own list."""
    assert response.status_code == 200, response.text
    assert response.text.startswith('<?xml version="1.0"?>'), response.text
    return response.text


def test_every_action_answers_bad_values_in_the_envelope(rd: ReadyDesk) -> None:
    with unchanged(rd.runtime.engine):
        for action in sorted(actions()):
            sweep = [(n, bad) for n in NUMBER_VARIABLES for bad in SWEEP]
            for name, bad in [*sweep, *((n, NUL) for n in NAME_VARIABLES)]:
                params = {"key": rd.key, "action": action, name: bad}
                _answer(rd.client.get(API_PATH, params=params))


def test_bad_ids_are_invalid_variables(rd: ReadyDesk) -> None:
    with unchanged(rd.runtime.engine):
        for bad in BAD_IDS:
            answer = rd.call("get_tickets", tid=bad)
            assert answer.startswith(f"{ERROR}Invalid tid"), (bad, answer)
            answer = rd.call("update_ticket", tid=bad, subject="x")
            assert answer.startswith(f"{ERROR}Invalid tid"), (bad, answer)
            answer = json.loads(rd.call("get_tickets", fmt="json", tid=bad))
            assert answer["response"][0]["error"].startswith("Invalid tid"), answer
            delimited = rd.call("get_tickets", fmt="delimited", tid=bad)
            assert delimited.startswith("error=Invalid+tid"), delimited


def test_nul_in_text_is_an_error_answer(rd: ReadyDesk) -> None:
    added = rd.call("add_ticket", cid="demo", subject="Printer", summary="Smoke")
    tid = added.split("<added_ticket>")[1].split("<")[0]
    with unchanged(rd.runtime.engine):
        for variables in (
            {"cid": "demo", "subject": f"Print{NUL}er", "summary": "x"},
            {"cid": "demo", "subject": "Printer", "summary": f"x{NUL}"},
            {"cid": f"de{NUL}mo", "subject": "Printer", "summary": "x"},
        ):
            assert rd.call("add_ticket", **variables).startswith(ERROR), variables
        assert rd.call("update_ticket", tid=tid, subject=f"a{NUL}").startswith(ERROR)
        assert rd.call("get_tickets", keyword=f"a{NUL}").startswith(ERROR)
        assert rd.call("get_tickets", tid=tid).count("<ticket>") == 1


def test_nul_or_invalid_utf8_in_the_key_and_the_body(rd: ReadyDesk) -> None:
    with unchanged(rd.runtime.engine):
        for query in (
            "key=%00&action=get_tickets",
            f"key={rd.key}%00&action=get_tickets",
            "key=%FF%FE&action=get_tickets",
            f"key={rd.key}&action=get_tickets%00",
            f"key={rd.key}&action=get_tickets&output=%FF",
        ):
            assert _answer(rd.client.get(f"{API_PATH}?{query}")).startswith(ERROR), query
        body = f"key={rd.key}&action=add_ticket&cid=demo&subject=\xff\x00&summary=%00".encode(
            "latin-1"
        )
        response = rd.client.post(
            API_PATH, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert _answer(response).startswith(ERROR)
