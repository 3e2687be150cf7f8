"""Seed the waitlist tour's demo station (``i16-waitlist-offer.txt``): alex's
drawer open, swim lessons full (3 seats here), Ana Silva and Ben Okafor on the
waitlist. Usage: .venv/bin/python tests/tours/i16_seed_waitlist.py DEMO_DATA_DIR"""

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services import drawer
from counterapp.services.auth import login
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale

engine, sf = open_database(Path(sys.argv[1]) / "station.sqlite3")
alex = login(UnitOfWork(sf), "alex", "counter")
drawer.open_shift(UnitOfWork(sf), drawer.OpenShift(alex, CashCount.of({"20": 5})))


def swim(name):
    return LineRequest(
        "REG-SWIM",
        detail={"answers": {"participant_name": name, "participant_birth_date": "2016-05-04"}},
    )


now = datetime.now(UTC) - timedelta(hours=2)
for i, (lines, tenders) in enumerate(
    [
        (
            (swim("Léa Roy"), swim("Omar Ali"), swim("Mei Chen")),
            (TenderInput(TenderKind.DEBIT, 29400),),
        ),
        ((swim("Ana Silva"),), ()),
        ((swim("Ben Okafor"),), ()),
    ]
):
    r = complete_sale(
        UnitOfWork(sf), CompleteSale(alex, lines, tenders), now=now + timedelta(minutes=i)
    )
    print(r.receipt_no, [ln.detail for ln in r.receipt.lines])
engine.dispose()
