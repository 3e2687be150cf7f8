"""Head office sees what is missing in French (issue 13) in a real browser (Debian's
Chromium through Playwright): the count on the catalogue page, the list with each
untranslated text and a link to the item's form; adding the French through the
form, reviewing and publishing it takes the item off the list."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counterapp.server.app import create_app
from counterapp.server.reference import publish_file
from counterapp.services.reference import DEMO_CATALOGUE
from tests.browser_support import browser, require_chromium, sign_in, submit
from tests.hq_support import PASSWORD, add_role_users
from tests.sync_support import live_server

SHOTS = os.environ.get("COUNTERAPP_SHOTS", "")  # a folder: screenshots to look at


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_chromium()
    folder = tmp_path_factory.mktemp("hq-french")
    app = create_app(f"sqlite:///{folder / 'server.sqlite3'}")
    add_role_users(app)
    publish_file(app.state.sessions[1], DEMO_CATALOGUE.read_text(encoding="utf-8"))
    with live_server(app) as url, browser() as b:
        yield {"url": url, "browser": b}
    app.state.engine.dispose()


def _page(hq: dict[str, Any], locale: str = "en-CA") -> Any:
    context = hq["browser"].new_context(
        locale=locale, extra_http_headers={"Accept-Language": locale}
    )
    page = context.new_page()
    sign_in(page, hq["url"], "ada", PASSWORD)  # an administrator edits reference data
    return page


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_the_missing_french_list_leads_to_the_form_and_empties_once_published(
    hq: dict[str, Any],
) -> None:
    page = _page(hq)
    answer = page.goto(hq["url"] + "/hq/admin/reference")
    assert answer is not None and answer.status == 200
    link = page.locator("#missing-french")
    assert link.inner_text() == "Missing French: 2"
    submit(page, link)
    assert page.url.endswith("/hq/admin/missing-french")
    assert page.locator("#missing-count").inner_text() == (
        "Published texts without French: 2. Stations show them in English."
    )
    rows = page.get_by_role("table", name="Missing French").locator("tbody tr")
    assert rows.count() == 2
    texts = [rows.nth(i).inner_text() for i in range(2)]
    assert "BK-WIT" in texts[0] and "Name" in texts[0] and "Ceremony witness (each)" in texts[0]
    assert "FOI-REQ" in texts[1] and "Form label pages" in texts[1] and "Pages copied" in texts[1]
    _shot(page, "missing-french-en.png")

    # The link opens the item's form; its French name is a field of its own.
    submit(page, rows.nth(0).get_by_role("link", name="BK-WIT"))
    assert page.url.endswith("/hq/admin/reference/service/BK-WIT")
    page.get_by_label("Name in French").fill("Témoin pour une cérémonie (chacun)")
    rules = page.get_by_label("Fee rules, form and stock (JSON)")
    assert json.loads(rules.input_value() or "{}") == {}
    submit(page, page.get_by_role("button", name="Save as draft"))
    assert "/hq/admin/drafts/" in page.url
    assert "Témoin pour une cérémonie (chacun)" in page.content()
    page.goto(hq["url"] + "/hq/admin/drafts")
    page.locator('input[name="draft"]').first.check()
    submit(page, page.get_by_role("button", name="Publish the chosen drafts"))

    page.goto(hq["url"] + "/hq/admin/missing-french")
    rows = page.get_by_role("table", name="Missing French").locator("tbody tr")
    assert rows.count() == 1 and "FOI-REQ" in rows.nth(0).inner_text()
    page.goto(hq["url"] + "/hq/admin/reference")
    assert page.locator("#missing-french").inner_text() == "Missing French: 1"


def test_the_list_reads_in_french(hq: dict[str, Any]) -> None:
    page = _page(hq, "fr-CA")
    answer = page.goto(hq["url"] + "/hq/admin/missing-french")
    assert answer is not None and answer.status == 200
    assert page.locator("h1").inner_text() == "Français manquant"
    table = page.get_by_role("table", name="Français manquant")
    text = table.inner_text()
    assert "Libellé du champ pages" in text and "Pages copied" in text
    assert page.inner_text("#missing-count").startswith("Textes publiés sans français : ")
    _shot(page, "missing-french-fr.png")
