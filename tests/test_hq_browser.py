"""Head office in a real browser (Debian's Chromium through Playwright): each
role signs in from the keyboard and is refused what it may not do; the
finance day matches the stations' Z reports; an administrator changes a fee
(a mistake first, answered at the field), reviews the difference and
publishes it, a station pulls it and sells at the new price; the pages have
landmarks, a skip link and a label on every field, in English and French."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from counterapp.domain.cash_count import CashCount
from counterapp.server.app import create_app
from counterapp.server.reference import items_from_file, publish
from counterapp.services import drawer
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.sync.pull import pull_changes
from tests.browser_support import browser, require_chromium, sign_in, submit
from tests.drawer_support import make_desk_template
from tests.hq_support import CASH, DAY, PASSWORD, StationDay, add_role_users, two_stations_pushed
from tests.sync_support import live_server, station_credential


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_chromium()
    folder = tmp_path_factory.mktemp("hq")
    mp = pytest.MonkeyPatch()
    mp.setenv("COUNTERAPP_TZ", "America/Toronto")
    app = create_app(f"sqlite:///{folder / 'server.sqlite3'}")
    add_role_users(app)
    template = make_desk_template(folder)
    with live_server(app) as url:
        days = two_stations_pushed(template, folder, app, url)
        # Head office's catalogue: the demo's services and tax codes.
        data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
        items = [i for i in items_from_file(data) if i.entity in ("service", "tax_rate")]
        publish(app.state.sessions[1], items)
        with browser() as b:
            yield {"app": app, "url": url, "days": days, "browser": b}
    for d in days:
        d.desk.engine.dispose()
    app.state.engine.dispose()
    mp.undo()


def _page(hq: dict[str, Any], locale: str = "en-CA") -> Any:
    context = hq["browser"].new_context(
        locale=locale, extra_http_headers={"Accept-Language": locale}
    )
    return context.new_page()


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        ("fran", "/hq/finance/deposits", "/hq/admin/users"),
        ("ada", "/hq/admin/drafts", "/hq/finance/day"),
        ("mia", "/hq/queue", "/hq/admin/reference/service/new"),
    ],
)
def test_each_role_signs_in_and_is_refused_what_it_may_not_do(
    hq: dict[str, Any], username: str, allowed: str, refused: str
) -> None:
    page = _page(hq)
    sign_in(page, hq["url"], username, PASSWORD)
    assert "/hq/login" not in page.url
    ok = page.goto(hq["url"] + allowed)
    assert ok is not None and ok.status == 200
    no = page.goto(hq["url"] + refused)
    assert no is not None and no.status == 403
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    # The navigation offers only what the role may open.
    links = page.get_by_role("navigation", name="Head office").get_by_role("link").all_inner_texts()
    assert ("Users" in links) == (username == "ada")
    assert ("Deposits" in links) == (username in ("fran", "mia"))
    # A manager sees the deposits but no button to mark one.
    if username == "mia":
        page.goto(f"{hq['url']}/hq/finance/deposits?from={DAY}&to={DAY}")
        assert page.get_by_role("button", name="Mark received").count() == 0
    page.context.close()


def test_the_finance_day_matches_the_stations_z_reports(hq: dict[str, Any]) -> None:
    days: list[StationDay] = hq["days"]
    z = [r for d in days for r in d.z_reports]
    net = sum(r["sales_cents"] - r["voids_cents"] - r["refunds_cents"] for r in z)
    page = _page(hq)
    sign_in(page, hq["url"], "fran", PASSWORD)
    page.goto(f"{hq['url']}/hq/finance/day")
    page.get_by_label("From").fill(DAY)
    page.get_by_label("To").fill(DAY)
    submit(page, page.get_by_role("button", name="Show"))
    cell = page.locator("#net")
    assert int(cell.get_attribute("data-cents") or "x") == net
    assert cell.inner_text() == f"${net // 100:,}.{net % 100:02d}"
    shifts = page.goto(f"{hq['url']}/hq/finance/shifts?from={DAY}&to={DAY}")
    assert shifts is not None and shifts.status == 200
    assert page.locator("#shifts tbody tr").count() == len(z)
    assert page.get_by_text("agree", exact=True).count() == len(z)
    page.context.close()


def test_a_fee_changed_in_the_browser_reaches_a_station_and_sells_at_the_new_price(
    hq: dict[str, Any],
) -> None:
    page = _page(hq)
    sign_in(page, hq["url"], "ada", PASSWORD)
    page.goto(f"{hq['url']}/hq/admin/reference/service/CER-TAX")
    page.get_by_role("textbox", name="Fee (required)").fill("fifty-five")
    submit(page, page.get_by_role("button", name="Save as draft"))
    # Nothing saved; the field says why and is marked invalid.
    assert page.get_by_role("alert").is_visible()
    assert (
        page.get_by_role("textbox", name="Fee (required)").get_attribute("aria-invalid") == "true"
    )
    assert "is not an amount" in page.locator("#f-fee_cents-error").inner_text()
    page.get_by_role("textbox", name="Fee (required)").fill("55.00")
    submit(page, page.get_by_role("button", name="Save as draft"))
    # The review shows the difference, field by field.
    row = page.locator('#diff tr[data-field="fee_cents"]')
    assert row.locator("del").inner_text() == "$50.00"
    assert row.locator("ins").inner_text() == "$55.00"
    assert page.locator("#diff tbody tr").count() == 1
    submit(page, page.get_by_role("button", name="Publish this change"))
    assert "Published: reference data is now at version" in page.get_by_role("status").inner_text()
    page.context.close()

    desk = hq["days"][0].desk
    pulled = pull_changes(desk.session_factory, hq["url"], credential=station_credential("WHB-01"))
    assert pulled.error is None, pulled.error
    drawer.open_shift(desk.uow(), drawer.OpenShift(desk.alex, CashCount.of({"20": 5})))
    sale = desk.sell(desk.alex, (("CER-TAX", 1),), ((CASH, 6_000),))
    assert sale.receipt.total_cents == 5_500


def test_pages_have_landmarks_a_skip_link_and_a_label_on_every_field(hq: dict[str, Any]) -> None:
    page = _page(hq)
    sign_in(page, hq["url"], "fran", PASSWORD)
    for path in (
        "/hq/finance/day",
        f"/hq/finance/deposits?from={DAY}&to={DAY}",
        "/hq/queue",
        "/hq/account",
    ):
        page.goto(hq["url"] + path)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("main").count() == 1 and page.get_by_role("banner").count() == 1
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Skip to main content", path
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                .map(e => e.name)"""
        )
        assert unlabelled == [], (path, unlabelled)
        tables = page.evaluate(
            "() => [...document.querySelectorAll('table')].filter(t => !t.caption).length"
        )
        assert tables == 0, path
    page.context.close()


def test_a_french_browser_gets_french_pages(hq: dict[str, Any]) -> None:
    page = _page(hq, "fr-CA")
    page.goto(f"{hq['url']}/hq/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Ouvrir une session au siège").is_visible()
    sign_in(page, hq["url"], "fran", PASSWORD)
    page.goto(f"{hq['url']}/hq/finance/day?from={DAY}&to={DAY}")
    assert page.get_by_role("heading", name="L'argent de la journée").is_visible()
    net = page.locator("#net").inner_text()
    assert net.endswith("\u00a0$") and "," in net  # 1 234,56 $
    no = page.goto(f"{hq['url']}/hq/admin/users")
    assert no is not None and no.status == 403
    assert page.get_by_role("heading", name="Non permis").is_visible()
    page.context.close()
