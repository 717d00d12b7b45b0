"""``get_kb_articles``: filters, visibility, paging, order, formats, errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.kb.service import KbArticleCreate, KbCategoryCreate, create_article, create_category
from tests.dialects.readydesk.conftest import ReadyDesk


def _ids(answer: str) -> list[int]:
    return [int(found) for found in re.findall(r"<id>(\d+)</id>", answer)]


@pytest.fixture
def articles(rd: ReadyDesk) -> list[int]:
    with unit_of_work(rd.runtime.factory) as session:
        printers = create_category(session, SYSTEM, KbCategoryCreate(name="Printers"))
        internal = create_category(
            session, SYSTEM, KbCategoryCreate(name="Internal", is_public=False)
        )
        made = [
            create_article(session, SYSTEM, KbArticleCreate(**fields))
            for fields in (
                {"title": "Paper jam", "content": "Open tray 2 & pull", "category_id": printers.id},
                {"title": "Toner", "keywords": "cartridge", "category_id": printers.id},
                {"title": "Draft", "is_published": False},
                {"title": "VPN", "content": "Use the client", "category_id": internal.id},
            )
        ]
        return [article.id for article in made]


def test_golden_formats(rd: ReadyDesk, articles: list[int]) -> None:
    assert rd.call("get_kb_articles", id=str(articles[0])) == (
        '<?xml version="1.0"?>\n<kb_articles>\n\t<article>\n'
        "\t\t<id>1</id>\n\t\t<title>Paper+jam</title>\n\t\t<category_id>1</category_id>\n"
        "\t\t<category>Printers</category>\n\t\t<keywords></keywords>\n"
        "\t\t<article>Open+tray+2+%26+pull</article>\n\t\t<public>Y</public>\n"
        "\t\t<published>Y</published>\n\t\t<added_by></added_by>\n\t\t<views>0</views>\n"
        "\t\t<date_added>5/1/2024 10:00:00 AM</date_added>\n"
        "\t\t<last_updated>5/1/2024 10:00:00 AM</last_updated>\n"
        "\t</article>\n</kb_articles>"
    )
    assert rd.call("get_kb_articles", fmt="delimited", id=str(articles[2])) == (
        "id=3&title=Draft&category_id=0&category=&keywords=&article=&public=Y&published=N"
        "&added_by=&views=0&date_added=5/1/2024 10:00:00 AM&last_updated=5/1/2024 10:00:00 AM"
    )
    answer = rd.call("get_kb_articles", fmt="json", keyword="cartridge")
    assert answer.startswith('{\n\t"kb_articles": [\n\t\t{\n\t\t\t"id" : "2",')
    assert rd.call("get_kb_articles", fmt="json", keyword="nothing") == (
        '{\n\t"kb_articles": [\n\t]\n}'
    )


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [0, 1, 2, 3]),
        ({"id": "*"}, [0, 1, 2, 3]),
        ({"id": "4,2"}, [1, 3]),
        ({"keyword": "TRAY"}, [0]),
        ({"keyword": "client vpn"}, [3]),
        ({"category": "printers"}, [0, 1]),
        ({"category": "Print*,Internal"}, [0, 1, 3]),
        ({"category": "Nowhere"}, []),
        ({"order": "TITLE DESC"}, [3, 1, 0, 2]),
        ({"id": "*", "count": "3", "page": "2"}, [3]),
    ],
)
def test_filters(
    rd: ReadyDesk, articles: list[int], variables: dict[str, Any], expected: list[int]
) -> None:
    assert _ids(rd.call("get_kb_articles", **variables)) == [articles[i] for i in expected]


def test_customer_key_reads_public_published_articles(rd: ReadyDesk, articles: list[int]) -> None:
    rd.key = rd.new_key(login="demo")
    assert _ids(rd.call("get_kb_articles")) == articles[:2]
    assert rd.call("get_kb_articles", fmt="delimited", count_only="Y") == "count=2"


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"order": "title; drop table kb_articles"}, "Invalid order"),
        ({"order": "content"}, "Invalid order"),
        ({"id": "1,,x"}, "Invalid id"),
        ({"page": "0", "id": "*", "count": "1"}, "Invalid page"),
    ],
)
def test_errors(rd: ReadyDesk, articles: list[int], variables: dict[str, str], error: str) -> None:
    assert f"<error>{error}" in rd.call("get_kb_articles", **variables)
