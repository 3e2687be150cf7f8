"""Head office's finance figures equal the stations' own Z reports to the
cent: two real station files run a day (drawers, sales, a void, a refund, a
paid-out, a pickup, counts and sign-offs), push to a real server (SQLite and
PostgreSQL), and the finance API, pages and GL file are compared with what
each station printed."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from counterapp.server.app import create_app
from counterapp.server.hq.views.finance import FinanceDay, FinanceShift
from counterapp.services import drawer
from tests.drawer_support import make_desk_template
from tests.hq_support import (
    DAY,
    add_role_users,
    bearer,
    signed_in,
    token_for,
    two_stations_pushed,
)
from tests.sync_support import live_server, scratch_database


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_desk_template(tmp_path_factory.mktemp("desk"))


@pytest.fixture(params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, str]]:
    monkeypatch.setenv("COUNTERAPP_TZ", "America/Toronto")
    if request.param == "sqlite":
        app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
        with live_server(app) as url:
            yield app, url
        app.state.engine.dispose()
    else:
        with scratch_database("counterapp_hq") as db_url:
            app = create_app(db_url)
            with live_server(app) as url:
                yield app, url
            app.state.engine.dispose()


def _sum_z(z_reports: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = defaultdict(int)
    gl: dict[tuple[str, str], int] = defaultdict(int)
    tenders: dict[str, int] = defaultdict(int)
    for z in z_reports:
        for k in ("sales_count", "sales_cents", "voids_count", "voids_cents", "refunds_count",
                  "refunds_cents", "tax_cents", "rounding_cents", "over_short_cents"):  # fmt: skip
            out[k] += z[k]
        for g in z["gl"]:
            gl[(g["gl_account"], g["department"])] += g["amount_cents"]
        for t in z["tenders"]:
            tenders[t["kind"]] += t["net_cents"]
    out["gl"] = {k: v for k, v in gl.items() if v}
    out["tenders"] = {k: v for k, v in tenders.items() if v}
    return out


def test_the_day_at_head_office_is_the_sum_of_the_stations_z_reports(
    server: tuple[Any, str], template: Path, tmp_path: Path
) -> None:
    app, url = server
    add_role_users(app)
    days = two_stations_pushed(template, tmp_path, app, url)
    z = _sum_z([r for d in days for r in d.z_reports])
    assert z["voids_count"] == 2 and z["refunds_count"] == 2 and z["over_short_cents"] == -1_000

    token = token_for(app, "fran")
    day = httpx.get(
        f"{url}/hq/api/finance/day", params={"from": DAY, "to": DAY}, headers=bearer(token)
    ).json()
    # The answer is what the published API declares (``FinanceDay``), key for key.
    assert set(day) == {f.alias or n for n, f in FinanceDay.model_fields.items()}
    FinanceDay.model_validate(day)
    assert day["sales_count"] == z["sales_count"]
    assert day["sales_cents"] == z["sales_cents"]
    assert day["voids_count"] == z["voids_count"] and day["voids_cents"] == z["voids_cents"]
    assert day["refunds_count"] == z["refunds_count"] and day["refunds_cents"] == z["refunds_cents"]
    assert day["tax_cents"] == z["tax_cents"] and day["rounding_cents"] == z["rounding_cents"]
    assert day["net_cents"] == z["sales_cents"] - z["voids_cents"] - z["refunds_cents"]
    assert {
        (g["gl_account"], g["department"]): g["amount_cents"]
        for g in day["by_gl"]
        if g["amount_cents"]
    } == z["gl"]
    assert {t["kind"]: t["applied_cents"] for t in day["by_tender"] if t["applied_cents"]} == z[
        "tenders"
    ]
    assert sum(s["amount_cents"] for s in day["by_service"]) == sum(z["gl"].values())
    assert sum(d["amount_cents"] for d in day["by_department"]) == sum(z["gl"].values())

    # Every shift: the station's expected, counted and over/short, and head
    # office's own figures from the sales it received agree with them.
    shifts = httpx.get(
        f"{url}/hq/api/finance/shifts", params={"from": DAY, "to": DAY}, headers=bearer(token)
    ).json()
    assert len(shifts) == 4 and all(s["status"] == "closed" for s in shifts), [
        (s["status"], s["expected"], s["records_expected"]) for s in shifts
    ]
    assert all(s["records_agree"] for s in shifts)
    for s in shifts:
        assert set(s) == set(FinanceShift.model_fields)
        FinanceShift.model_validate(s)
    z_by_shift = {r["shift_id"]: r for d in days for r in d.z_reports}
    for s in shifts:
        zr = z_by_shift[s["shift_id"]]
        assert s["over_short_cents"] == zr["over_short_cents"]
        assert {t["kind"]: t["expected_cents"] for t in zr["tenders"]} == {
            k: v for k, v in s["expected"].items() if v or k == "cash"
        }
        assert {t["kind"]: t["counted_cents"] for t in zr["tenders"]} == {
            k: v for k, v in s["counted"].items() if v or k == "cash"
        }
        assert s["supervisor"] == "Sam Supervisor" or s["supervisor"]
        assert (s["reason"] != "") == (s["over_short_cents"] != 0)

    # The page a clerk reads shows the same net, to the cent.
    client, _csrf = signed_in(url, "fran")
    page = client.get("/hq/finance/day", params={"from": DAY, "to": DAY}).text
    net = re.search(r'id="net" data-cents="(-?\d+)"', page)
    assert net and int(net.group(1)) == day["net_cents"]


def test_the_gl_file_is_each_stations_own_gl_export(
    server: tuple[Any, str], template: Path, tmp_path: Path
) -> None:
    from datetime import date
    from zoneinfo import ZoneInfo

    app, url = server
    add_role_users(app)
    days = two_stations_pushed(template, tmp_path, app, url)
    token = token_for(app, "fran")
    answer = httpx.get(
        f"{url}/hq/finance/gl.csv", params={"from": DAY, "to": DAY}, headers=bearer(token)
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    for d in days:
        own = drawer.gl_export(
            d.desk.uow(), date.fromisoformat(DAY), tz=ZoneInfo("America/Toronto")
        )
        station_rows = list(csv.DictReader(io.StringIO(own.csv)))
        hq_rows = [r for r in rows if r["site"] == own.site_code]
        assert hq_rows == station_rows, own.site_code
    debit = sum(int(r["debit"].replace(".", "")) for r in rows)
    credit = sum(int(r["credit"].replace(".", "")) for r in rows)
    assert debit == credit > 0


def test_deposits_are_matched_against_the_bank_and_differences_flagged(
    server: tuple[Any, str], template: Path, tmp_path: Path
) -> None:
    app, url = server
    add_role_users(app)
    days = two_stations_pushed(template, tmp_path, app, url)
    slips = {d["shift_id"]: d["total_cents"] for day in days for d in day.deposits}
    client, csrf = signed_in(url, "fran")
    page = client.get("/hq/finance/deposits", params={"from": DAY, "to": DAY}).text
    for shift_id, cents in slips.items():
        assert f'data-shift="{shift_id}"' in page
        assert f'data-cents="{cents}"' in page
    first, second = list(slips)[:2]
    # Without the CSRF token: refused, nothing marked.
    refused = client.post(
        f"/hq/finance/deposits/{first}", data={"bank_amount": "1.00", "bank_date": DAY}
    )
    assert refused.status_code == 403
    # A different amount with no note: the field says why.
    wrong = f"{(slips[first] - 500) / 100:.2f}"
    answer = client.post(
        f"/hq/finance/deposits/{first}?from={DAY}&to={DAY}",
        data={"csrf_token": csrf, "bank_amount": wrong, "bank_date": "2026-12-01"},
    )
    assert answer.status_code == 422
    assert "The bank&#39;s amount differs from the slip" in answer.text
    answer = client.post(
        f"/hq/finance/deposits/{first}?from={DAY}&to={DAY}",
        data={
            "csrf_token": csrf,
            "bank_amount": wrong,
            "bank_date": "2026-12-01",
            "note": "Bank counted $5 less",
        },
    )
    assert answer.status_code == 303  # back to the list
    exact = f"{slips[second] / 100:.2f}"
    client.post(
        f"/hq/finance/deposits/{second}",
        data={"csrf_token": csrf, "bank_amount": exact, "bank_date": "2026-12-01"},
    )
    page = client.get("/hq/finance/deposits", params={"from": DAY, "to": DAY}).text
    assert "-$5.00 differs" in page
    assert page.count("matches") == 1
    assert "2 of 4 not yet matched" in page
    # A manager reads the deposits but may not mark one.
    mia, mia_csrf = signed_in(url, "mia")
    assert mia.get("/hq/finance/deposits").status_code == 200
    assert (
        mia.post(
            f"/hq/finance/deposits/{second}",
            data={"csrf_token": mia_csrf, "bank_amount": "1", "bank_date": DAY},
        ).status_code
        == 403
    )
    # Audited: who, when, the amounts.
    ada, _ = signed_in(url, "ada")
    audit = ada.get("/hq/admin/audit", params={"action": "deposit"}).text
    assert audit.count("deposit.received") == 2 and "fran" in audit


def test_voids_refunds_and_station_health(
    server: tuple[Any, str], template: Path, tmp_path: Path
) -> None:
    app, url = server
    add_role_users(app)
    two_stations_pushed(template, tmp_path, app, url)
    client, _ = signed_in(url, "fran")
    page = client.get("/hq/finance/corrections", params={"from": DAY, "to": DAY}).text
    assert page.count("Keyed twice") == 2 and page.count("Half the booking cancelled") == 2
    assert "Sam" in page  # the approving supervisor, by name
    # A gap: delete one receipt at head office, as if it never arrived.
    from sqlalchemy import delete, select

    from counterapp.server.db import Sale, SaleLine, Tender

    with app.state.sessions[1]() as s, s.begin():
        victim = s.scalars(
            select(Sale.id).where(Sale.station_code == "OSH-01", Sale.seq == 2)
        ).one()
        s.execute(delete(SaleLine).where(SaleLine.sale_id == victim))
        s.execute(delete(Tender).where(Tender.sale_id == victim))
        s.execute(delete(Sale).where(Sale.id == victim))
    health = client.get("/hq/finance/stations").text
    osh = health[health.index('data-station="OSH-01"') :].split("</tr>")[0]
    whb = health[health.index('data-station="WHB-01"') :].split("</tr>")[0]
    assert "1 receipt numbers missing" in osh and ":</span> 2" in osh
    assert "missing" not in whb
