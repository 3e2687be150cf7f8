"""The print job is part of the sale: a receipt (and the drawer kick for cash) is written
in the sale's own commit, so a station killed at any moment leaves either no sale or a
sale with its job queued — killed the way the replication tests kill the station."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.device_support import Template
from tests.sync_support import DemoStation

SEED = int(os.environ.get("COUNTERAPP_TEST_SEED", "20261201"))
TARGET = 60


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return Template(tmp_path_factory.mktemp("print-jobs-template"))


@pytest.fixture
def station(template: Template, tmp_path: Path):
    s = template.station(tmp_path)
    yield s
    s.engine.dispose()


def _ledger(path: Path) -> tuple[list[tuple[str, bool]], dict[str, set[str]]]:
    """Each sale's receipt number and whether cash changed hands; the jobs by reference."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sales = [
            (no, bool(cash))
            for no, cash in db.execute(
                "SELECT s.receipt_no, (SELECT count(*) FROM tender t WHERE t.sale_id = s.id "
                "AND t.kind = 'cash' AND t.applied_cents != 0) FROM sale s ORDER BY s.seq"
            )
        ]
        jobs: dict[str, set[str]] = {}
        for reference, kind in db.execute("SELECT reference, kind FROM device_job"):
            jobs.setdefault(reference, set()).add(kind)
    return sales, jobs


def _check(path: Path) -> int:
    sales, jobs = _ledger(path)
    for receipt_no, cash in sales:
        kinds = jobs.get(receipt_no, set())
        assert "receipt" in kinds, f"sale {receipt_no} was saved with no receipt job"
        assert ("drawer_kick" in kinds) == cash, f"sale {receipt_no}: drawer kick {kinds}"
    numbers = {no for no, _cash in sales}
    assert set(jobs) <= numbers, f"jobs without a sale: {set(jobs) - numbers}"
    return len(sales)


def test_a_station_killed_while_selling_never_has_a_sale_without_its_receipt_job(
    station: DemoStation,
) -> None:
    station.engine.dispose()
    rng = random.Random(SEED)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}

    def start(n: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.sale_worker", str(station.path), str(SEED + n),
             str(TARGET)],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip

    killed_at = []
    for n in range(8):
        worker = start(n)
        assert worker.stdout is not None
        # Start-up time varies with the machine's load: kill only once it sells, then at
        # a random moment of its selling (mid-commit sometimes, between sales others).
        first = worker.stdout.readline()
        if not first.startswith(b"sold"):
            break
        time.sleep(rng.uniform(0.0, 0.8))
        if worker.poll() is not None:
            break
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        killed_at.append(_check(station.path))
    worker = start(99)
    _out, err = worker.communicate(timeout=300)
    assert worker.returncode == 0, err.decode()[-2000:]

    assert sum(0 < n < TARGET for n in killed_at) >= 3, killed_at  # killed mid-day
    assert _check(station.path) == TARGET
    with sqlite3.connect(station.path) as db:
        seqs = [r[0] for r in db.execute("SELECT seq FROM sale ORDER BY seq")]
    assert seqs == list(range(1, TARGET + 1))  # receipt numbers stay gapless
