"""Breaks in a station's record chain are shown to finance (issue 15): a
record altered in a station's file, one deleted, and a record copied from
another station appear on head office's station-health page, with what is
wrong, in a real browser (Debian's Chromium through Playwright), in English
and in French; a station whose chain is intact shows nothing to look into."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from counterapp.domain.tender import TenderKind
from counterapp.server.app import create_app
from counterapp.sync.client import push_pending
from tests.browser_support import browser, require_chromium, sign_in
from tests.hq_support import PASSWORD, add_role_users
from tests.sync_support import (
    DemoStation,
    enrol,
    live_server,
    make_station_template,
    open_station_copy,
    post_batch,
)


def _sell(station: DemoStation, n: int) -> None:
    for _ in range(n):
        station.sell((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),))


def _tamper(station: DemoStation, sql: str, *args: Any) -> None:
    station.engine.dispose()
    with sqlite3.connect(station.path) as db:
        db.execute(sql, args)


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_chromium()
    folder = tmp_path_factory.mktemp("hq-chain")
    app = create_app(f"sqlite:///{folder / 'server.sqlite3'}")
    add_role_users(app)
    for code in ("WHB-01", "WHB-02", "WHB-03"):
        enrol(app, code)
    stations = []
    with live_server(app) as url:
        for code in ("WHB-01", "WHB-02", "WHB-03"):
            template = make_station_template(folder / code, code)
            stations.append(open_station_copy(*template, folder / code / "station"))
        tampered, intact, copier = stations
        # WHB-01: a sale altered in the station's file, and a record deleted.
        _sell(tampered, 3)
        entries = tampered.outbox()
        sale = next(e for e in entries if e.kind == "sale")
        payload = dict(sale.payload)
        payload["staff_id"] = "00000000-0000-7000-8000-000000000000"  # someone else sold it
        _tamper(
            tampered, "UPDATE outbox SET payload = ? WHERE id = ?", json.dumps(payload), sale.id
        )
        _tamper(tampered, "DELETE FROM outbox WHERE id = ?", entries[3].id)
        assert push_pending(tampered.session_factory, url).error is None
        # WHB-02: an intact history.
        _sell(intact, 2)
        assert push_pending(intact.session_factory, url).error is None
        # WHB-03 presents a record under WHB-02's record hash.
        theirs = intact.outbox()[0]
        own: dict[str, Any] = {
            "id": "01a23391-eb4f-7000-9fa1-342cbe681ee2",
            "at": "2026-11-23T15:30:00+00:00",
            "station_code": "WHB-03",
            "staff_id": None,
            "action": "login.failed",
            "entity": "staff",
            "entity_id": "",
            "detail": {},
        }
        entry = {
            "id": own["id"],
            "seq": 1,
            "kind": "audit",
            "created_at": own["at"],
            "payload": own,
            "prev_hash": None,
            "hash": theirs.hash,
        }
        body = {"station_code": "WHB-03", "entries": [entry]}
        assert post_batch(url, body, "WHB-03").status_code == 200
        with browser() as b:
            yield {"url": url, "browser": b, "altered": sale.id, "deleted": entries[3]}
    for st in stations:
        st.engine.dispose()
    app.state.engine.dispose()


def _stations_page(hq: dict[str, Any], locale: str = "en-CA") -> Any:
    context = hq["browser"].new_context(
        locale=locale, extra_http_headers={"Accept-Language": locale}
    )
    page = context.new_page()
    sign_in(page, hq["url"], "fran", PASSWORD)  # finance
    answer = page.goto(hq["url"] + "/hq/finance/stations")
    assert answer is not None and answer.status == 200
    return page


def test_finance_sees_each_break_with_what_is_wrong(hq: dict[str, Any]) -> None:
    page = _stations_page(hq)
    tampered = page.locator('tr[data-station="WHB-01"]')
    text = tampered.inner_text()
    assert "breaks in the record chain" in text
    altered = tampered.locator('li[data-kind="altered"]')
    assert altered.count() == 1
    assert "no longer matches its hash" in altered.inner_text()
    assert hq["altered"] in altered.inner_text()
    missing = tampered.locator('li[data-kind="missing"]')
    assert missing.count() == 1
    assert "never arrived or was removed" in missing.inner_text()
    # The record after the gap names its place in the station's order.
    assert f"number {hq['deleted'].seq + 1} " in missing.inner_text()

    copier = page.locator('tr[data-station="WHB-03"]')
    assert copier.locator('li[data-kind="copied"]').count() == 1
    assert "held for another station" in copier.inner_text()

    intact = page.locator('tr[data-station="WHB-02"]')
    assert "breaks in the record chain" not in intact.inner_text()
    assert intact.locator("li").count() == 0
    # (its backlog is as it said when it sent: "behind" until its next contact)
    # The list is reachable by name for a screen reader.
    assert page.get_by_role("list", name="Breaks in the record chain").count() == 2


def test_the_breaks_read_in_french(hq: dict[str, Any]) -> None:
    page = _stations_page(hq, "fr-CA")
    text = page.locator('tr[data-station="WHB-01"]').inner_text()
    assert "ruptures dans la chaîne des enregistrements" in text
    assert "son contenu ne correspond plus à son empreinte" in text
