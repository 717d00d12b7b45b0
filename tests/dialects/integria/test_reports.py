"""Golden tests for the figures: get_stats, get_incidents_summary, get_tickets_count, the cron
and the mail queue (spec §3.30, §3.31, §3.34, §3.35, §7)."""

from __future__ import annotations

from datetime import timedelta

from polydesk.core.actor import Role
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.models.jobs import JobStatus, OutgoingMail, PeriodicRun
from tests.dialects.integria.conftest import NOW, Integria
from tests.factories import make_user

EMPTY_E = "<xml>\n<data></data>\n</xml>\n"


def _e(value: object) -> str:
    return f"<xml>\n<data>{value}</data>\n</xml>\n"


def _create(integria: Integria, params: str = "Disk full,2,3,Server is down,,0,,,0,1") -> str:
    return integria.call("create_incident", params)


def _tickets(integria: Integria) -> None:
    """1: group 2, priority 3, New, an hour old, then closed now; 2: group 3, priority 1, New;
    3: group 2, priority 3, created closed now."""
    with frozen(NOW - timedelta(hours=1)):
        assert _create(integria) == "1"
    assert integria.call("update_incident", "1,Disk full,Server is down,,2,3,1,7,,0,0") == "1"
    assert _create(integria, "Printer jam,3,1,,,0,,,0,1") == "2"
    assert _create(integria, "Old news,2,3,,,0,,,0,7") == "3"


# --- get_stats ---------------------------------------------------------------------------------


def test_get_stats_on_an_empty_install(integria: Integria) -> None:
    expected = {
        "total_incidents": "0", "opened": "0", "closed": "0", "avg_life": "0",
        "avg_worktime": "0", "avg_scoring": "N/A", "sla_compliance": "100",
    }  # fmt: skip
    for metric, value in expected.items():
        assert integria.call("get_stats", metric) == value, metric
        assert integria.call("get_stats", metric, return_type="xml") == _e(value), metric


def test_get_stats_metrics(integria: Integria) -> None:
    _tickets(integria)
    assert integria.call("create_workunit", "2,Looked at it,0.5,0,1,0") != ""
    assert integria.call("get_stats", "total_incidents") == "3"
    assert integria.call("get_stats", "opened") == "1"
    assert integria.call("get_stats", "closed") == "2"  # closed = status code 7
    # Seconds, as integers: (3600 + 0) / 2 closed tickets; 1800 s of work over 3 tickets.
    assert integria.call("get_stats", "avg_life") == "1800"
    assert integria.call("get_stats", "avg_worktime") == "600"
    assert integria.call("get_stats", "avg_scoring") == "N/A"
    assert integria.call("get_stats", "sla_compliance") == "100"  # no SLA on any ticket
    assert integria.call("get_stats", "closed", return_type="xml") == _e(2)
    assert integria.call("get_stats", "closed", return_type="junk") == "2"  # falls back to CSV


def test_get_stats_filters(integria: Integria) -> None:
    _tickets(integria)
    # The status list is a list (use another token to pass commas inside it).
    assert integria.call("get_stats", "total_incidents|;||;|1,7", token="|;|") == "3"
    assert integria.call("get_stats", "total_incidents|;||;|7", token="|;|") == "2"
    assert integria.call("get_stats", "total_incidents,,1") == "1"
    assert integria.call("get_stats", "total_incidents,,,,2") == "2"  # group 2
    assert integria.call("get_stats", "total_incidents,,,,1") == "3"  # group 1 is every group
    assert integria.call("get_stats", "opened,,,,3") == "1"
    assert integria.call("get_stats", "total_incidents", search_priority="1") == "1"
    assert integria.call("get_stats", "total_incidents", search_priority="3") == "2"
    assert integria.call("get_stats", "total_incidents,,,nobody") == "0"


def test_get_stats_unknown_metric(integria: Integria) -> None:
    for params in ("bogus", ""):
        assert integria.call("get_stats", params) == ""
        assert integria.call("get_stats", params, return_type="xml") == EMPTY_E
        assert integria.call("get_stats", params, return_type="junk") == ""


# --- get_incidents_summary ---------------------------------------------------------------------


def test_get_incidents_summary(integria: Integria) -> None:
    assert _create(integria) == "1"
    assert integria.call("get_incidents_summary") == (
        "NEW,1\nUNCONFIRMED,0\nASSIGNED,0\nREOPENED,0\nVERIFIED,0\nPENDING_THIRD_PERSON,0\n"
        "CLOSED,0\nNOT_CLOSED,1\nTOTAL,1\n"
    )
    for status in ("2", "3", "4", "5", "6", "7", "7"):
        assert _create(integria, f"T,2,3,,,0,,,0,{status}") != "-1"
    assert integria.call("get_incidents_summary") == (
        "NEW,1\nUNCONFIRMED,1\nASSIGNED,1\nREOPENED,1\nVERIFIED,1\nPENDING_THIRD_PERSON,1\n"
        "CLOSED,2\nNOT_CLOSED,6\nTOTAL,8\n"
    )
    assert integria.call("get_incidents_summary", return_type="xml") == (
        "<xml>\n<new>1</new>\n<unconfirmed>1</unconfirmed>\n<assigned>1</assigned>\n"
        "<reopened>1</reopened>\n<verified>1</verified>\n"
        "<pending_third_person>1</pending_third_person>\n<closed>2</closed>\n"
        "<not_closed>6</not_closed>\n<total>8</total>\n</xml>\n"
    )
    assert integria.call("get_incidents_summary", return_type="junk") == ""


def test_get_incidents_summary_one_field(integria: Integria) -> None:
    _tickets(integria)
    assert integria.call("get_incidents_summary", "not_closed") == "1"
    assert integria.call("get_incidents_summary", "not_closed", return_type="xml") == _e(1)
    assert integria.call("get_incidents_summary", "closed") == "2"
    assert integria.call("get_incidents_summary", "total", return_type="xml") == _e(3)
    assert integria.call("get_incidents_summary", "bogus") == ""
    assert integria.call("get_incidents_summary", "bogus", return_type="xml") == EMPTY_E
    assert integria.call("get_incidents_summary", "NEW") == ""  # lowercase names only


def test_get_incidents_summary_counts_what_the_caller_sees(integria: Integria) -> None:
    _tickets(integria)
    with unit_of_work(integria.runtime.factory) as session:
        make_user(session, Role.AGENT, login="agent", password="secret")
    assert _create(integria, "Mine,2,3,,,0,,agent,0,1") == "4"
    assert integria.call("get_incidents_summary", user="agent", password="secret") == (
        "NEW,1\nUNCONFIRMED,0\nASSIGNED,0\nREOPENED,0\nVERIFIED,0\nPENDING_THIRD_PERSON,0\n"
        "CLOSED,0\nNOT_CLOSED,1\nTOTAL,1\n"
    )


# --- get_tickets_count -------------------------------------------------------------------------


def test_get_tickets_count(integria: Integria) -> None:
    assert integria.call("get_tickets_count", "prioridad|;|30", token="|;|") == "[]"
    assert _create(integria) == "1"
    expected = '[{"prioridad":"3","n_incidents":1}]'
    assert integria.call("get_tickets_count", "prioridad|;|30", token="|;|") == expected
    # Always JSON, whatever return_type says.
    for return_type in ("xml", "json", "junk"):
        assert (
            integria.call(
                "get_tickets_count", "prioridad|;|30", token="|;|", return_type=return_type
            )
            == expected
        )


def test_get_tickets_count_fields_and_days(integria: Integria) -> None:
    with frozen(NOW - timedelta(days=40)):
        assert _create(integria, "Old,3,1,,,0,,,0,7") == "1"
    assert _create(integria) == "2"
    assert _create(integria, "Other,4,3,,,0,,admin,0,3") == "3"
    count = lambda params: integria.call("get_tickets_count", params, token="|;|")  # noqa: E731
    assert count("prioridad|;|30") == '[{"prioridad":"3","n_incidents":2}]'
    assert count("prioridad|;|0") == (
        '[{"prioridad":"1","n_incidents":1},{"prioridad":"3","n_incidents":2}]'
    )
    assert count("prioridad") == count("prioridad|;|0")
    assert count("estado|;|30") == '[{"estado":"1","n_incidents":1},{"estado":"3","n_incidents":1}]'
    assert count("id_grupo|;|0") == (
        '[{"id_grupo":"2","n_incidents":1},{"id_grupo":"3","n_incidents":1},'
        '{"id_grupo":"4","n_incidents":1}]'
    )
    assert count("id_usuario|;|30") == (
        '[{"id_usuario":"","n_incidents":1},{"id_usuario":"admin","n_incidents":1}]'
    )
    assert count("bogus|;|30") == ""


# --- cron and mail queue -----------------------------------------------------------------------


def test_cron_executions_on_a_fresh_install(integria: Integria) -> None:
    assert integria.call("get_last_cron_execution") == "-1"
    assert integria.call("get_previous_cron_execution") == "-1"
    assert integria.call("get_last_cron_execution", return_type="xml") == (
        "<xml>\n<cronjob>\n<last_exec>-1</last_exec>\n</cronjob>\n</xml>\n"
    )
    assert integria.call("get_previous_cron_execution", return_type="xml") == (
        "<xml>\n<cronjob>\n<previous_exec>-1</previous_exec>\n</cronjob>\n</xml>\n"
    )
    assert integria.call("get_last_cron_execution", return_type="junk") == "-1"


def test_cron_executions_in_minutes(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        session.add(
            PeriodicRun(
                name="tick",
                last_started_at=NOW - timedelta(minutes=3),
                previous_started_at=NOW - timedelta(minutes=10, seconds=20),
            )
        )
    assert integria.call("get_last_cron_execution") == "3"
    assert integria.call("get_previous_cron_execution") == "10"
    assert integria.call("get_last_cron_execution", return_type="xml") == (
        "<xml>\n<cronjob>\n<last_exec>3</last_exec>\n</cronjob>\n</xml>\n"
    )
    assert integria.call("get_previous_cron_execution", return_type="xml") == (
        "<xml>\n<cronjob>\n<previous_exec>10</previous_exec>\n</cronjob>\n</xml>\n"
    )


def _mail(status: JobStatus) -> OutgoingMail:
    return OutgoingMail(
        from_address="desk@example.com", to_addresses="a@example.com", subject="s", body="b",
        status=status, next_attempt_at=NOW, created_at=NOW,
    )  # fmt: skip


def test_get_num_queued_emails(integria: Integria) -> None:
    assert integria.call("get_num_queued_emails") == "0"
    assert integria.call("get_num_queued_emails", return_type="xml") == (
        "<xml>\n<pending_mail>\n<num>0</num>\n</pending_mail>\n</xml>\n"
    )
    with unit_of_work(integria.runtime.factory) as session:
        session.add_all([_mail(JobStatus.PENDING), _mail(JobStatus.PENDING)])
    assert integria.call("get_num_queued_emails") == "2"
    assert integria.call("get_num_queued_emails", return_type="xml") == (
        "<xml>\n<pending_mail>\n<num>2</num>\n</pending_mail>\n</xml>\n"
    )
    assert integria.call("get_num_queued_emails", return_type="junk") == "2"
