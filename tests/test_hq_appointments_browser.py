"""Appointments booked at head office, in a real browser (Chromium through
Playwright): a manager books a resident who phoned (a missing name first,
answered at the field), fills a slot to its capacity, moves and cancels;
the site queue's own book holds the result, as the greeter sees it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from counterapp.server.app import create_app
from counterapp.server.reference import Publish, publish
from tests.browser_support import browser, require_chromium, sign_in, submit
from tests.hq_support import PASSWORD, add_role_users
from tests.sync_support import live_server


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_chromium()
    folder = tmp_path_factory.mktemp("hq-appointments")
    app = create_app(f"sqlite:///{folder / 'server.sqlite3'}")
    add_role_users(app)
    publish(
        app.state.sessions[1],
        [
            Publish(
                "site",
                {"site_code": "WHB", "site_name": "Service Whitby", "address_lines": []},
                site_code="WHB",
            )
        ],
    )
    with live_server(app) as url, browser() as b:
        yield {"app": app, "url": url, "browser": b}
    app.state.engine.dispose()


def _page(hq: dict[str, Any]) -> Any:
    return hq["browser"].new_context(locale="en-CA").new_page()


def _row(page: Any, slot: str) -> tuple[int, int]:
    cells = page.locator(f'#slots tr[data-slot="{slot}"] td').all_inner_texts()
    return int(cells[1]), int(cells[2])


def test_a_manager_books_moves_and_cancels_and_the_sites_book_holds_it(
    hq: dict[str, Any],
) -> None:
    app = hq["app"]
    settings = app.state.queue_sites.settings
    letter = settings.categories[0].letter
    day = (datetime.now(settings.zone) + timedelta(days=7)).date().isoformat()
    page = _page(hq)
    sign_in(page, hq["url"], "mia", PASSWORD)
    submit(
        page,
        page.get_by_role("navigation", name="Head office").get_by_role("link", name="Appointments"),
    )
    page.get_by_label("Site", exact=True).select_option("WHB")
    page.get_by_label("Day", exact=True).fill(day)
    page.get_by_label("Category", exact=True).select_option(letter)
    submit(page, page.get_by_role("button", name="Show"))
    capacity = settings.appointment_capacity
    first, second = page.locator("#slots tbody tr").nth(0), page.locator("#slots tbody tr").nth(1)
    first_slot = first.get_attribute("data-slot")
    second_slot = second.get_attribute("data-slot")
    assert _row(page, first_slot) == (0, capacity)

    # No name: answered at the field, nothing booked.
    page.get_by_label("Phone or e-mail", exact=True).fill("905-555-0142")
    submit(page, page.get_by_role("button", name="Book", exact=True))
    assert page.get_by_label("Resident's name", exact=True).get_attribute("aria-invalid") == "true"
    assert "Enter the resident's name." in page.locator("#visitor_name-error").inner_text()
    assert _row(page, first_slot) == (0, capacity)

    page.get_by_label("Resident's name", exact=True).fill("Pat Singh")
    submit(page, page.get_by_role("button", name="Book", exact=True))
    assert page.get_by_role("status").inner_text() == "The appointment is booked."
    assert _row(page, first_slot) == (1, capacity - 1)
    # Fill the slot: a full slot is no longer offered.
    for n in range(capacity - 1):
        page.get_by_label("Time", exact=True).select_option(
            label=f"{first_slot} ({capacity - 1 - n} free)"
        )
        page.get_by_label("Resident's name", exact=True).fill(f"Lee Wong {n}")
        page.get_by_label("Phone or e-mail", exact=True).fill("lee@example.org")
        submit(page, page.get_by_role("button", name="Book", exact=True))
    assert _row(page, first_slot) == (capacity, 0)
    offered = page.get_by_label("Time", exact=True).locator("option").all_inner_texts()
    assert not any(o.startswith(first_slot) for o in offered)

    # Move Pat to the next slot, cancel Lee.
    page.get_by_label("New time for Pat Singh").select_option(label=second_slot)
    submit(page, page.get_by_role("button", name="Move the appointment of Pat Singh"))
    assert page.get_by_role("status").inner_text() == "The appointment is moved."
    assert _row(page, first_slot) == (capacity - 1, 1)
    assert _row(page, second_slot) == (1, capacity - 1)
    submit(page, page.get_by_role("button", name="Cancel the appointment of Lee Wong 0"))
    assert "cancelled" in page.get_by_role("status").inner_text()
    assert _row(page, first_slot) == (capacity - 2, 2)

    shots = os.environ.get("COUNTERAPP_SHOTS")
    if shots:
        page.screenshot(path=f"{shots}/hq-appointments.png", full_page=True)

    # The site's own book (what the greeter's screen reads).
    engine = app.state.queue_sites.engine("WHB")
    with app.state.sessions[0]() as s:
        booked = {a.visitor_name: a for a in engine.appointments_of_day(s, day=day)}
    pat = booked["Pat Singh"]
    assert pat.status == "booked" and pat.contact == "905-555-0142"
    assert pat.at.astimezone(settings.zone).strftime("%H:%M") == second_slot
    assert pat.at.tzinfo is not None and pat.at.astimezone(UTC) > datetime.now(UTC)
    assert booked["Lee Wong 0"].status == "cancelled"


def test_finance_and_administrators_do_not_book(hq: dict[str, Any]) -> None:
    for username in ("fran", "ada"):
        page = _page(hq)
        sign_in(page, hq["url"], username, PASSWORD)
        answer = page.goto(hq["url"] + "/hq/appointments")
        assert answer is not None and answer.status == 403
