"""``get_kb_articles`` on a knowledge base written only by a site file through the CLI
(``polydesk config apply``): categories by path, articles by title, their flags, and a change
of the file seen by the next call."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from tests.dialects.readydesk.public import PublicReadyDesk

Cli = Callable[..., CliResult]

SITE = """\
kb_categories:
  - path: Printers
    description: Every printer
  - path: Printers/Laser
  - path: Internal
    public: false
kb_articles:
  - title: Paper jam
    category: Printers/Laser
    content: Open tray 2 & pull
    keywords: tray
  - title: Toner
    category: Printers
    keywords: cartridge
  - title: Draft
    published: false
  - title: VPN
    category: Internal
    content: Use the client
"""


def _titles(answer: str) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", answer)


def _apply(cli_run: Cli, tmp_path: Path, text: str) -> list[dict[str, object]]:
    site = tmp_path / "site.yml"
    site.write_text(text, encoding="utf-8")
    code, out, err = cli_run("config", "apply", str(site))
    assert code == 0, err
    steps: list[dict[str, object]] = out[-1]["steps"]  # type: ignore[assignment]
    return steps


def test_articles_of_a_site_file_are_listed(
    public_rd: PublicReadyDesk, cli_run: Cli, tmp_path: Path
) -> None:
    rd = public_rd
    steps = _apply(cli_run, tmp_path, SITE)
    assert [step["action"] for step in steps] == ["create"] * 7

    assert _titles(rd.call("get_kb_articles", order="TITLE")) == [
        "Draft",
        "Paper+jam",
        "Toner",
        "VPN",
    ]
    jam = rd.call("get_kb_articles", keyword="TRAY")
    assert "<category>Laser</category>" in jam
    assert "<article>Open+tray+2+%26+pull</article>" in jam
    assert "<published>Y</published>" in jam and "<public>Y</public>" in jam
    assert _titles(rd.call("get_kb_articles", category="Laser,Internal")) == ["Paper+jam", "VPN"]
    draft = rd.call("get_kb_articles", fmt="delimited", keyword="draft")
    assert "&category_id=0&category=&" in draft and "&published=N&" in draft

    rd.key = rd.new_key(login="demo")  # a customer: public, published, public category only
    assert _titles(rd.call("get_kb_articles")) == ["Paper+jam", "Toner"]


def test_a_changed_file_changes_what_is_listed(
    public_rd: PublicReadyDesk, cli_run: Cli, tmp_path: Path
) -> None:
    rd = public_rd
    _apply(cli_run, tmp_path, SITE)
    steps = _apply(
        cli_run,
        tmp_path,
        "kb_categories:\n  - path: Internal\n    public: true\n"
        "kb_articles:\n  - title: Draft\n    published: true\n    category: Printers\n",
    )

    assert [(step["name"], step["action"]) for step in steps] == [
        ("Internal", "update"),
        ("Draft", "update"),
    ]
    rd.key = rd.new_key(login="demo")
    assert _titles(rd.call("get_kb_articles", order="TITLE")) == [
        "Draft",
        "Paper+jam",
        "Toner",
        "VPN",
    ]
    assert _titles(rd.call("get_kb_articles", category="printers", order="TITLE")) == [
        "Draft",
        "Toner",
    ]
