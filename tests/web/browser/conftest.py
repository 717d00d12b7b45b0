"""Browser tests of the web UI: a real ``polydesk serve`` on a fresh database with the demo
data (set up through the CLI, as a new install is), driven by Debian's Chromium through
Playwright. One browser and one server per test session (per xdist worker); a new browser
context (cookies, storage) per test. Each test leaves a screenshot of its last page in
``test-artifacts/screenshots/`` (gitignored).

Chromium comes from Debian (``apt-get install chromium``; scripts/test installs it when it runs
as root); Playwright's own browser download is never used. Without /usr/bin/chromium these
tests are skipped, saying why."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.isolation import worker_database
from tests.servers import running_servers

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
ADMIN_PASSWORD = "adminpw"
#: Logins the setup makes, with their passwords: the demo's two, and an agent in no help desk.
AGENT, CUSTOMER, NO_DESK = ("agent", "agent"), ("customer", "customer"), ("nodesk", "nodesk")


@dataclass(frozen=True)
class Site:
    base: str  # http://127.0.0.1:PORT
    database_url: str


def _cli(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "polydesk", *args], env=env, capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]


@pytest.fixture(scope="session")
def _web_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database of the browser tests' own: SQLite, or a sibling of the PostgreSQL
    test database when POLYDESK_TEST_DATABASE_URL is set."""
    url = os.environ.get("POLYDESK_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}"
        return
    with worker_database(url, f"web_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}") as own:
        yield own


@pytest.fixture(scope="session")
def site(_web_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install Debian's chromium (scripts/test does as root)")
    data_dir = tmp_path_factory.mktemp("web-data")
    env = {
        **os.environ,
        "POLYDESK_DATABASE_URL": _web_database,
        "POLYDESK_DATA_DIR": str(data_dir),
        "POLYDESK_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    _cli(env, "demo", "--tickets", "40")
    _cli(env, "user", "create", NO_DESK[0], "--password", NO_DESK[1], "--name", "Noa Desk")
    with running_servers(_web_database, [data_dir]) as (base,):
        yield Site(base, _web_database)


@pytest.fixture(scope="session")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A page in a fresh browser context, and the browser console's errors seen on it."""

    page: Any
    errors: list[str]


@pytest.fixture
def tab(browser: Any, site: Site, request: pytest.FixtureRequest) -> Iterator[Tab]:
    context = browser.new_context(base_url=site.base, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []

    def console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield Tab(page, errors)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def sign_in(page: Any, login: str, password: str) -> None:
    """Sign in through the form, as a person does."""
    page.goto("/")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
