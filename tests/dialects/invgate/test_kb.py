"""Knowledge base articles: ``kb.articles`` (POST, GET, PUT, DELETE), their files, the lists
by category, ids and keywords (the core's full-text index) - golden shapes from the seed's
tables, who may read and write, bad input that changes nothing, the OAuth scope, and the same
articles read through ReadyDesk and the native API."""

from __future__ import annotations

import re
from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.credentials.service import create_api_key
from polydesk.db.uow import unit_of_work
from polydesk.models.attachments import Attachment
from polydesk.models.content import KbArticle
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.scoped import bearer as scoped_bearer
from tests.dialects.readydesk.calls import readydesk_call
from tests.queries import sql_statements

CARLA, ALICE = basic("carla", "pw"), basic("alice", "pw")
#: KB dates are epoch integers (the seed types them STRING; see SPEC.md).
EPOCHS = {"creation_date": "INTEGER", "last_update_date": "INTEGER"}


def _fields(endpoint: str) -> dict[str, str]:
    return {**response_fields("GET", endpoint), **EPOCHS}


def _category(invgate: InvGate, name: str = "Printers", **extra: Any) -> int:
    body = invgate.ok("POST", "kb.categories", data={"name": name, **extra})
    return int(body["category_id"])


def _article(invgate: InvGate, category: int, title: str, content: str = "", **extra: Any) -> int:
    form = {
        "title": title,
        "content": content or title,
        "category_id": category,
        "author_id": invgate.users["api"],
        **extra,
    }
    ident: int = invgate.ok("POST", "kb.articles", data=form)["article_id"]
    return ident


def _count(invgate: InvGate) -> tuple[int, int]:
    return state.count(invgate, KbArticle), state.count(invgate, Attachment)


def test_an_article_with_a_file_reads_back_in_the_seeds_shape(invgate: InvGate) -> None:
    category = _category(invgate)
    form = {
        "title": "Paper jam",
        "content": "<p>Open tray 2</p>",
        "category_id": category,
        "author_id": invgate.users["api"],
        "responsible_id": invgate.users["alice"],
        "description": "Jams",
        "is_private": 0,
    }
    created = invgate.ok(
        "POST", "kb.articles", data=form, files=[("attachments[]", ("jam.png", b"PNG"))]
    )

    ident = created["article_id"]
    state.check_ok(created, "POST", "kb.articles")
    [row] = invgate.ok("GET", "kb.articles")
    check_row(row, _fields("kb.articles"))
    assert {k: row[k] for k in ("id", "title", "content", "category_id", "is_private")} == {
        "id": ident,
        "title": "Paper jam",
        "content": "<p>Open tray 2</p>",
        "category_id": category,
        "is_private": False,
    }
    assert (row["author_id"], row["responsible_id"]) == (
        invgate.users["api"],
        invgate.users["alice"],
    )
    assert (row["views"], row["rating"], row["solved_requests"]) == (0, None, 0)
    [file] = row["attachments"]
    assert set(file) == {"id", "name", "url"} and file["name"] == "jam.png"
    download = invgate.client.get(file["url"], headers=API_AUTH)
    assert download.status_code == 200 and download.content == b"PNG"
    files = invgate.ok("GET", "kb.articles.attachments", {"article_id": ident})
    check_row(files[0], response_fields("GET", "kb.articles.attachments"))
    assert files == [{**file, "status": "OK"}]


def test_lists_page_sort_and_filter(invgate: InvGate) -> None:
    printers, network = _category(invgate), _category(invgate, "Network")
    first = _article(invgate, printers, "Toner")
    second = _article(invgate, network, "VPN")
    third = _article(invgate, printers, "Drum", is_private=1)
    invgate.ok(
        "PUT",
        "kb.articles",
        data={"id": first, "author_id": invgate.users["api"], "title": "Toner (new)"},
    )

    def ids(endpoint: str, params: Any) -> list[int]:
        return [row["id"] for row in invgate.ok("GET", endpoint, params)]

    assert ids("kb.articles", {"limit": 2, "offset": 1}) == [second, third]
    assert ids("kb.articles", {"order_by": "last_update_date", "sort_by": "desc"})[0] == first
    assert ids("kb.articles.by.category", {"category_id": printers}) == [first, third]
    assert ids("kb.articles.by.category", {"category_id": printers, "visibility": 1}) == [third]
    assert ids("kb.articles.by.category", {"category_id": printers, "visibility": 3}) == [first]
    assert ids("kb.articles.by.ids", [("ids[]", third), ("ids[]", 999), ("ids[]", first)]) == [
        first,
        third,
    ]
    for row in invgate.ok("GET", "kb.articles.by.ids", [("ids[]", first)]):
        check_row(row, _fields("kb.articles.by.ids"))
    missing = invgate.ok("GET", "kb.articles.by.category", {"category_id": printers})
    check_row(missing[0], _fields("kb.articles.by.category"))
    unknown = invgate.call("GET", "kb.articles.by.category", {"category_id": 999}).json()
    assert (unknown["status"], unknown["error"]) == ("ERROR", "kb_category.not_found")


def test_keyword_search_uses_the_full_text_index_and_scores(invgate: InvGate) -> None:
    printers = _category(invgate)
    jam = _article(invgate, printers, "Printer paper jam", "Open the printer and pull the paper")
    toner = _article(invgate, printers, "Toner", "Replace the printer cartridge")
    _article(invgate, printers, "VPN", "Install the client")

    with sql_statements(invgate.runtime.engine) as seen:
        found = invgate.ok("GET", "kb.articles.by.keywords", {"keywords": "printer jam"})

    assert [row["id"] for row in found] == [jam, toner]
    assert [row["search_scoring"] for row in found] == [1.0, 0.5]  # share of the keywords
    for row in found:
        check_row(row, _fields("kb.articles.by.keywords"))
    searched = " ".join(seen)
    index = "search_fts_kb MATCH" in searched or "kb_articles.tsv @@" in searched  # PostgreSQL
    assert index and " LIKE " not in searched.upper()
    strict = {"keywords": "printer jam", "min_search_scoring": 0.99}
    assert [row["id"] for row in invgate.ok("GET", "kb.articles.by.keywords", strict)] == [jam]
    assert invgate.ok("GET", "kb.articles.by.keywords", {"keywords": "print", "limit": 1})[0][
        "id"
    ] in (jam, toner)
    invgate.ok(
        "PUT",
        "kb.articles",
        data={"id": toner, "author_id": invgate.users["api"], "content": "Shake the cartridge"},
    )
    cartridges = invgate.ok("GET", "kb.articles.by.keywords", {"keywords": "shake"})
    assert [row["id"] for row in cartridges] == [toner]  # the index follows changes
    bad = invgate.call("GET", "kb.articles.by.keywords", {"keywords": "x", "min_search_scoring": 2})
    assert bad.status_code == 428


def test_customers_read_only_public_articles(invgate: InvGate) -> None:
    printers = _category(invgate)
    public = _article(invgate, printers, "Toner help")
    private = _article(invgate, printers, "Toner internals", is_private=1)

    listed = invgate.ok("GET", "kb.articles", headers=CARLA)
    by_ids = invgate.ok("GET", "kb.articles.by.ids", [("ids[]", private)], headers=CARLA)
    searched = invgate.ok("GET", "kb.articles.by.keywords", {"keywords": "toner"}, headers=CARLA)
    files = invgate.call("GET", "kb.articles.attachments", {"article_id": private}, headers=CARLA)

    assert [row["id"] for row in listed] == [public] and by_ids == []
    assert [row["id"] for row in searched] == [public]
    assert files.json()["error"] == "kb_article.not_found"


def test_who_may_write(invgate: InvGate) -> None:
    printers = _category(invgate)
    form = {"title": "Mine", "content": "x", "category_id": printers}
    mine = invgate.ok(
        "POST", "kb.articles", data={**form, "author_id": invgate.users["alice"]}, headers=ALICE
    )["article_id"]
    before = _count(invgate)

    as_admin = invgate.call(
        "POST", "kb.articles", data={**form, "author_id": invgate.users["api"]}, headers=ALICE
    )
    customer = invgate.call(
        "POST", "kb.articles", data={**form, "author_id": invgate.users["carla"]}, headers=CARLA
    )
    agent_edit = invgate.call(
        "PUT",
        "kb.articles",
        data={"id": mine, "title": "New", "author_id": invgate.users["alice"]},
        headers=ALICE,
    )
    agent_delete = invgate.call("DELETE", "kb.articles", {"id": mine}, headers=ALICE)

    assert [r.status_code for r in (as_admin, customer, agent_edit, agent_delete)] == [403] * 4
    assert _count(invgate) == before
    added = invgate.ok(
        "POST",
        "kb.articles.attachments",
        data={"article_id": mine, "author_id": invgate.users["alice"]},
        files=[("attachments[]", ("a.txt", b"a"))],
        headers=ALICE,
    )
    assert added["status"] == "OK"


def test_bad_input_changes_nothing(invgate: InvGate) -> None:
    printers = _category(invgate)
    ident = _article(invgate, printers, "Toner")
    before = _count(invgate)
    api = invgate.users["api"]

    unknown_category = invgate.call(
        "POST",
        "kb.articles",
        data={"title": "x", "content": "x", "category_id": 999, "author_id": api},
    )
    no_title = invgate.call(
        "POST", "kb.articles", data={"content": "x", "category_id": printers, "author_id": api}
    )
    as_values = invgate.call(
        "POST",
        "kb.articles.attachments",
        data={"article_id": ident, "author_id": api, "attachments[]": "1"},
    )
    unknown_file = invgate.call(
        "DELETE", "kb.articles.attachments", {"article_id": ident, "attachment_id": 999}
    )
    unknown_article = invgate.call("DELETE", "kb.articles", {"id": 999})

    assert unknown_category.json()["error"] == "kb_category.not_found"
    assert no_title.status_code == 428 and as_values.status_code == 428
    assert unknown_file.json()["error"] == "attachment.not_found"
    assert unknown_article.json() == {
        "status": "ERROR",
        "error": "kb_article.not_found",
        "info": "kb_article 999 not found",
    }
    assert _count(invgate) == before


def test_update_delete_and_files(invgate: InvGate) -> None:
    printers, network = _category(invgate), _category(invgate, "Network")
    ident = _article(invgate, printers, "Toner")
    api = invgate.users["api"]
    invgate.ok(
        "POST",
        "kb.articles.attachments",
        data={"article_id": ident, "author_id": api},
        files=[("attachments[]", ("a.txt", b"a")), ("attachments[]", ("b.txt", b"b"))],
    )
    files = invgate.ok("GET", "kb.articles.attachments", {"article_id": ident})

    changed = invgate.ok(
        "PUT",
        "kb.articles",
        data={"id": ident, "author_id": api, "category_id": network, "is_private": 1},
    )
    removed = invgate.ok(
        "DELETE", "kb.articles.attachments", {"article_id": ident, "attachment_id": files[0]["id"]}
    )
    [row] = invgate.ok("GET", "kb.articles.by.ids", [("ids[]", ident)])

    state.check_ok(changed, "PUT", "kb.articles")
    state.check_ok(removed, "DELETE", "kb.articles.attachments")
    assert (row["category_id"], row["is_private"]) == (network, True)
    assert [f["name"] for f in row["attachments"]] == ["b.txt"]
    deleted = invgate.ok("DELETE", "kb.articles", {"id": ident})
    state.check_ok(deleted, "DELETE", "kb.articles")
    assert _count(invgate) == (0, 0)


def test_a_token_needs_the_kb_scope(invgate: InvGate) -> None:
    scopes = ["api.v1.kb.articles:get", "api.v1.kb.articles:post"]
    bearer = scoped_bearer(invgate, scopes[0], registered=scopes)
    category = _category(invgate)

    read = invgate.call("GET", "kb.articles", headers=bearer)
    write = invgate.call(
        "POST",
        "kb.articles",
        data={
            "title": "x",
            "content": "x",
            "category_id": category,
            "author_id": invgate.users["api"],
        },
        headers=bearer,
    )

    assert read.status_code == 200
    assert write.status_code == 403 and write.json() == {
        "error": "The access token does not have the scope api.v1.kb.articles:post",
        "status": 403,
    }


def test_an_invgate_article_reads_through_readydesk_and_the_native_api(invgate: InvGate) -> None:
    ident = _article(invgate, _category(invgate), "Printer offline", "Restart the spooler")
    with unit_of_work(invgate.runtime.factory) as session:
        key = create_api_key(
            session, SYSTEM, dialect="readydesk", allowed_ips=[], user_id=invgate.users["api"]
        )

    answer = readydesk_call(invgate.client, key, "get_kb_articles", id=str(ident))
    native = invgate.client.get(f"/polydesk/v1/kb/articles/{ident}", headers=API_AUTH).json()

    assert re.findall(r"<id>(\d+)</id>", answer) == [str(ident)]
    assert "<title>Printer+offline</title>" in answer and "<category>Printers</category>" in answer
    assert (native["title"], native["content"], native["author_id"]) == (
        "Printer offline",
        "Restart the spooler",
        invgate.users["api"],
    )
