"""A selling station process for the print-job kill test: sells random sales (and
voids some of them) with the receipt printer set, as fast as a busy counter, until
the station has ``target`` sales; then exits 0. The test SIGKILLs it at random
moments and checks that every sale has its receipt job — never one without the other.

    python -m tests.sale_worker DB SEED TARGET
"""

from __future__ import annotations

import random
import sys

from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.domain.tender import TenderInput
from counterapp.services.approval import SupervisorApproval
from counterapp.services.corrections import VoidSale, void_sale
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale
from tests.fault_support import random_sale, seller_of

ROUTE = ReceiptRoute("Receipt printer", kick_drawer_on_cash=True)
SAM = SupervisorApproval("sam", "2468")


def main(argv: list[str]) -> int:
    db, seed, target = argv[0], int(argv[1]), int(argv[2])
    _engine, sf = open_database(db)
    staff, sold = seller_of(sf)
    rng = random.Random(seed)
    while sold < target:
        lines, tenders = random_sale(rng)
        result = complete_sale(
            UnitOfWork(sf),
            CompleteSale(
                staff,
                tuple(LineRequest(code, qty) for code, qty in lines),
                tuple(TenderInput(kind, cents) for kind, cents in tenders),
                receipt_route=ROUTE,
            ),
        )
        sold += 1
        if rng.random() < 0.15 and sold < target:
            void_sale(
                UnitOfWork(sf),
                VoidSale(staff, result.receipt_no, "Wrong service", SAM, ROUTE),
            )
            sold += 1
        print(f"sold {sold}", flush=True)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
