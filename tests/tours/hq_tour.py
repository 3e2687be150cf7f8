"""A tour of head office in Chromium, with a screenshot of every page a
finance clerk, an administrator and a manager use.

    .venv/bin/python tests/tours/hq_tour.py [--out /tmp/hq-tour]

Two stations run a day (drawers, sales, a void, a refund, a paid-out, a
pickup, counts and sign-offs) and push it to a fresh server; the site's queue
runs a morning; then the tour signs in as each role. Look for: the day's net
equal to the stations' Z reports, a deposit flagged as differing, the queue
charts with the standard line, a service form answering a mistake at the
field, the review of a fee change as a difference, the French day.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from counterapp.queue.views import Actor  # noqa: E402
from counterapp.server.app import create_app  # noqa: E402
from counterapp.server.reference import items_from_file, publish  # noqa: E402
from counterapp.services.reference import DEMO_CATALOGUE  # noqa: E402
from tests.browser_support import browser, sign_in, submit  # noqa: E402
from tests.drawer_support import make_desk_template  # noqa: E402
from tests.hq_support import (  # noqa: E402
    DAY,
    MORNING,
    PASSWORD,
    add_role_users,
    queue_morning,
    two_stations_pushed,
)
from tests.sync_support import live_server  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/hq-tour")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("COUNTERAPP_TZ", "America/Toronto")
    folder = Path(tempfile.mkdtemp(prefix="hq-tour-"))
    app = create_app(f"sqlite:///{folder / 'server.sqlite3'}")
    add_role_users(app)
    template = make_desk_template(folder)
    with live_server(app) as url, browser() as b:
        two_stations_pushed(template, folder, app, url)
        data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
        publish(app.state.sessions[1], items_from_file(data, app.state.sessions[0]))
        actors = [
            Actor(staff_id=f"s{i}", username=n, role="associate", station_code="WHB-01")
            for i, n in enumerate(("greeter", "alex", "jordan"))
        ]
        queue_morning(app, "WHB", actors, MORNING)
        period = f"from={DAY}&to={DAY}"

        def shot(page: object, name: str) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
            print(path)

        ctx = b.new_context(viewport={"width": 1366, "height": 900}, locale="en-CA")
        page = ctx.new_page()
        page.goto(f"{url}/hq/login")
        shot(page, "01-sign-in")
        sign_in(page, url, "fran", PASSWORD)
        page.goto(f"{url}/hq/finance/day?{period}")
        shot(page, "02-finance-day")
        page.goto(f"{url}/hq/finance/shifts?{period}")
        shot(page, "03-finance-shifts")
        page.goto(f"{url}/hq/finance/deposits?{period}")
        first = page.locator("form[action^='/hq/finance/deposits/']").first
        first.get_by_label("Amount on the statement").fill("100.00")
        first.get_by_label("Statement date").fill("2026-12-01")
        submit(page, first.get_by_role("button", name="Mark received"))
        shot(page, "04-deposit-error")
        first = page.locator("form[action^='/hq/finance/deposits/']").first
        first.get_by_label("Note (needed when the amounts differ)").fill("Bank counted less")
        submit(page, first.get_by_role("button", name="Mark received"))
        shot(page, "05-deposits-flagged")
        page.goto(f"{url}/hq/finance/corrections?{period}")
        shot(page, "06-voids-refunds")
        page.goto(f"{url}/hq/finance/gl?{period}")
        shot(page, "07-gl")
        page.goto(f"{url}/hq/finance/stations")
        shot(page, "08-station-health")
        page.goto(f"{url}/hq/queue?{period}")
        shot(page, "09-queue-figures")
        page.goto(f"{url}/hq/admin/users")
        shot(page, "10-finance-refused-users")
        ctx.close()

        ctx = b.new_context(viewport={"width": 1366, "height": 900}, locale="en-CA")
        page = ctx.new_page()
        sign_in(page, url, "ada", PASSWORD)
        page.goto(f"{url}/hq/admin/reference?kind=service")
        shot(page, "11-catalogue")
        page.goto(f"{url}/hq/admin/reference/service/CER-TAX")
        page.get_by_role("textbox", name="Fee (required)").fill("fifty-five")
        page.get_by_role("textbox", name="Tier (required)").fill("9")
        submit(page, page.get_by_role("button", name="Save as draft"))
        shot(page, "12-service-form-errors")
        page.get_by_role("textbox", name="Fee (required)").fill("55.00")
        page.get_by_role("textbox", name="Tier (required)").fill("2")
        submit(page, page.get_by_role("button", name="Save as draft"))
        shot(page, "13-review-difference")
        page.goto(f"{url}/hq/admin/drafts")
        shot(page, "14-drafts")
        page.goto(f"{url}/hq/admin/stations")
        page.get_by_label("Station code").fill("WHB-03")
        page.get_by_label("Site code").fill("WHB")
        page.get_by_label("Name", exact=True).fill("Counter 3")
        submit(page, page.get_by_role("button", name="Add the station"))
        shot(page, "15-station-added-code")
        page.goto(f"{url}/hq/admin/audit")
        shot(page, "16-audit")
        ctx.close()

        ctx = b.new_context(
            viewport={"width": 1366, "height": 900},
            locale="fr-CA",
            extra_http_headers={"Accept-Language": "fr-CA"},
        )
        page = ctx.new_page()
        sign_in(page, url, "mia", PASSWORD)
        page.goto(f"{url}/hq/finance/day?{period}")
        shot(page, "17-french-day")
        page.goto(f"{url}/hq/queue?{period}")
        shot(page, "18-french-queue")
        ctx.close()
    app.state.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
