"""The knowledge base in the portal: search lists the published, customer-visible articles
matching the words (the same the native API reads for a customer), an article page with its
files, and every other article is "not found", as in the API."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.kb.articles import NewFile, write_article
from polydesk.kb.service import KbArticleCreate, KbCategoryCreate, create_category
from polydesk.runtime import Runtime
from tests.web.pages import signed_in
from tests.web.portal.world import PASSWORD, build


@dataclass(frozen=True)
class Kb:
    public: int
    draft: int
    internal: int
    private_category: int


def _kb(runtime: Runtime) -> Kb:
    with unit_of_work(runtime.factory) as session:
        private_cmd = KbCategoryCreate(name="IT only", is_public=False)
        private = create_category(session, SYSTEM, private_cmd)
        store, limit = runtime.store, runtime.settings.max_upload_bytes

        def article(title: str, files: list[NewFile] | None = None, **fields: object) -> int:
            cmd = KbArticleCreate(title=title, content=f"{title}: step 1, step 2.", **fields)  # type: ignore[arg-type]
            return write_article(session, SYSTEM, store, cmd, files or [], max_bytes=limit).id

        guide = [NewFile("steps.pdf", "application/pdf", b"%PDF-1.4 steps")]
        return Kb(
            public=article("Reset your password", guide, description="Self-service reset"),
            draft=article("Password policy draft", is_published=False),
            internal=article("Password vault for agents", is_public=False),
            private_category=article("Password of the server room", category_id=private.id),
        )


def test_search_lists_only_what_customers_may_read(client: TestClient, runtime: Runtime) -> None:
    build(runtime)
    kb = _kb(runtime)
    signed_in(client, "cy", PASSWORD)
    page = client.get("/portal/kb", params={"q": "password"})
    assert page.status_code == 200
    assert f'href="/portal/kb/{kb.public}">Reset your password</a>' in page.text
    for hidden in ("Password policy draft", "Password vault", "server room"):
        assert hidden not in page.text
    assert "1 article match" in page.text
    native = client.get(f"/polydesk/v1/kb/articles/{kb.public}", auth=("cy", PASSWORD))
    assert native.status_code == 200
    none = client.get("/portal/kb", params={"q": "printer toner"})
    assert "0 articles" in none.text and "No articles match" in none.text
    everything = client.get("/portal/kb").text  # no words: the readable articles, newest first
    assert "Reset your password" in everything and "Password vault" not in everything


def test_an_article_page_with_its_files(client: TestClient, runtime: Runtime) -> None:
    build(runtime)
    kb = _kb(runtime)
    signed_in(client, "cy", PASSWORD)
    page = client.get(f"/portal/kb/{kb.public}")
    assert page.status_code == 200
    assert "<h1>Reset your password</h1>" in page.text and "step 1, step 2." in page.text
    link = f"/portal/kb/{kb.public}/files/"
    assert link in page.text and "steps.pdf" in page.text
    file_id = page.text.split(link, 1)[1].split('"', 1)[0]
    download = client.get(link + file_id)
    assert download.status_code == 200 and download.content == b"%PDF-1.4 steps"
    for hidden in (kb.draft, kb.internal, kb.private_category):
        assert client.get(f"/portal/kb/{hidden}").status_code == 404
        native = client.get(f"/polydesk/v1/kb/articles/{hidden}", auth=("cy", PASSWORD))
        assert native.status_code == 404
    assert client.get(f"/portal/kb/{kb.draft}/files/{file_id}").status_code == 404
    assert client.get("/portal/kb", params={"q": "x" * 201}).status_code == 400
