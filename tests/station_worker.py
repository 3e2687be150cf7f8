"""A station process for the kill test: sells random sales and pushes them,
until the station has ``target`` sales and the server has acknowledged
everything; then exits 0. The test SIGKILLs it at random moments and starts
it again on the same database file.

    python -m tests.station_worker DB SERVER_URL SEED TARGET
"""

from __future__ import annotations

import random
import sys
import threading
import time

import httpx

from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.domain.tender import TenderInput
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale
from counterapp.sync.client import pending_count, push_pending
from tests.fault_support import random_sale, seller_of


def main(argv: list[str]) -> int:
    db, url, seed, target = argv[0], argv[1], int(argv[2]), int(argv[3])
    _engine, sf = open_database(db)
    staff, sold = seller_of(sf)
    rng = random.Random(seed)
    done = threading.Event()

    def pushing() -> None:
        sizes = random.Random(seed + 1)
        with httpx.Client(timeout=1.0) as client:
            while not done.is_set():
                push_pending(sf, url, batch_size=sizes.randint(1, 30), client=client)
                time.sleep(0.01)

    pusher = threading.Thread(target=pushing, daemon=True)
    pusher.start()
    while sold < target:
        lines, tenders = random_sale(rng)
        complete_sale(
            UnitOfWork(sf),
            CompleteSale(
                staff,
                tuple(LineRequest(code, qty) for code, qty in lines),
                tuple(TenderInput(kind, cents) for kind, cents in tenders),
            ),
        )
        sold += 1
        print(f"sold {sold}", flush=True)
        time.sleep(rng.uniform(0, 0.01))  # a busy counter, not a load test
    done.set()
    pusher.join(10)
    with httpx.Client(timeout=1.0) as client:
        while pending_count(sf):
            push_pending(sf, url, batch_size=50, client=client)
    print("all acknowledged", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
