"""Open311 keys in a real browser (Chromium through Playwright): the
administrator makes a key for the town's CRM (a mistake first, answered at
the field), the CRM files a request with it, the administrator revokes it and
the CRM's next call is refused; other roles never see the page."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counterapp.server.app import create_app
from counterapp.server.reference import items_from_file, publish
from counterapp.services.reference import DEMO_CATALOGUE
from tests.browser_support import browser, require_chromium, sign_in, submit
from tests.hq_support import PASSWORD, add_role_users
from tests.open311_client import Client, Open311Error
from tests.sync_support import live_server


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_chromium()
    folder = tmp_path_factory.mktemp("open311-hq")
    app = create_app(f"sqlite:///{folder / 'server.sqlite3'}")
    add_role_users(app)
    data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    publish(app.state.sessions[1], [i for i in items_from_file(data) if i.entity == "service"])
    with live_server(app) as url, browser() as b:
        yield {"app": app, "url": url, "browser": b, "folder": folder}
    app.state.engine.dispose()


def _page(hq: dict[str, Any], locale: str = "en-CA") -> Any:
    context = hq["browser"].new_context(
        locale=locale, extra_http_headers={"Accept-Language": locale}
    )
    return context.new_page()


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("COUNTERAPP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_the_administrator_makes_a_key_the_crm_uses_it_and_a_revoke_stops_it(
    hq: dict[str, Any],
) -> None:
    page = _page(hq)
    sign_in(page, hq["url"], "ada", PASSWORD)
    nav = page.get_by_role("navigation", name="Head office")
    submit(page, nav.get_by_role("link", name="Open311 keys"))
    assert page.get_by_role("heading", name="Open311 keys").is_visible()
    assert page.locator("#discovery").inner_text().endswith("/open311/discovery.xml")

    # A name of spaces is answered at the field; nothing is made.
    page.get_by_label("System").fill("   ")
    submit(page, page.get_by_role("button", name="Make the key"))
    field = page.get_by_label("System")
    assert field.get_attribute("aria-invalid") == "true"
    assert "1 to 80 characters" in page.locator("#name-error").inner_text()
    assert "No keys yet." in page.locator("#keys").inner_text()

    field.fill("Dynamics 365")
    submit(page, page.get_by_role("button", name="Make the key"))
    key = page.locator("#new-key .secret").inner_text().strip()
    assert key.startswith("o311_")
    _shot(page, "open311-key-made.png")
    row = page.locator('#keys tr[data-key-name="Dynamics 365"]')
    assert "in use" in row.inner_text() and "never" in row.inner_text()

    crm = Client(f"{hq['url']}/open311/v2", key)
    made = crm.create("request-community-services", description="Arena door will not lock")
    assert made["service_request_id"].startswith("SR-O311-")
    # Sending the form again (a reload) makes no second key for the system.
    page.reload()
    assert "already has a key in use" in page.locator("#name-error").inner_text()
    page.goto(hq["url"] + "/hq/admin/open311")
    assert page.locator('#keys tr[data-key-name="Dynamics 365"]').count() == 1
    assert "never" not in page.locator('#keys tr[data-key-name="Dynamics 365"]').inner_text()
    assert key not in page.content()  # shown once only

    submit(page, page.get_by_role("button", name="Revoke the key of Dynamics 365"))
    assert page.get_by_role("status").inner_text().startswith("The key is revoked")
    assert "revoked" in page.locator('#keys tr[data-key-name="Dynamics 365"]').inner_text()
    _shot(page, "open311-key-revoked.png")
    with pytest.raises(Open311Error) as refused:
        crm.requests()
    assert refused.value.status == 403 and "api_key" in refused.value.descriptions


@pytest.mark.parametrize("username", ["fran", "mia"])
def test_only_the_administrator_manages_keys(hq: dict[str, Any], username: str) -> None:
    page = _page(hq)
    sign_in(page, hq["url"], username, PASSWORD)
    links = page.get_by_role("navigation", name="Head office").get_by_role("link").all_inner_texts()
    assert "Open311 keys" not in links
    answer = page.goto(hq["url"] + "/hq/admin/open311")
    assert answer is not None and answer.status == 403


def test_the_page_in_french(hq: dict[str, Any]) -> None:
    page = _page(hq, "fr-CA")
    sign_in(page, hq["url"], "ada", PASSWORD)
    page.goto(hq["url"] + "/hq/admin/open311")
    assert page.get_by_role("heading", name="Clés Open311").is_visible()
    assert page.get_by_label("Système").is_visible()
    assert page.get_by_role("button", name="Créer la clé").is_visible()
