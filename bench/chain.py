"""Bench: what the record chain (issue 15) adds to a sale.

Run on purpose, not by pytest:

    .venv/bin/python bench/chain.py [--sales 1000] [--dir /path/on/the/real/disk]

Completes ``--sales`` visits through ``complete_sale`` on two station files
made the same way: one with the chain hooked to its sessions (as the station
runs), one without; the two are interleaved in rounds (alternating which
goes first) so the machine's load falls on both alike. Prints each side's
median and p99, the difference of the medians, the median of each round's
difference, and the time spent in the chain's own code (its session hooks and
``link_pending`` where a service calls it), timed in rounds of its own after the
paired ones (``--sales`` / 2): the timers would otherwise add to the chained
side what they cost. Also times the hashing alone
(``record_hash`` of a real sale's payload) and a chain walk (``counterapp
audit verify``).

On a shared machine a sale's time wanders by more than the chain costs; the
instructions counted by ``bench/chain_instructions.py`` (callgrind) do not.

The target (the issue): the chain adds at most 0.2 ms to a sale.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from counterapp.db import chaining  # noqa: E402
from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.models import OutboxEntry, SiteSetting  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.domain.chain import record_hash  # noqa: E402
from counterapp.domain.retention import SALT_KEY  # noqa: E402
from counterapp.domain.tender import TenderInput, TenderKind  # noqa: E402
from counterapp.services.auth import StaffIdentity, login  # noqa: E402
from counterapp.services.reference import load_demo  # noqa: E402
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale  # noqa: E402
from counterapp.services.site import DRAWERS_NONE, DRAWERS_SETTING  # noqa: E402


def _station(folder: Path, chained: bool) -> tuple[Callable[[], Session], StaffIdentity]:
    _engine, sf = open_database(folder / "station.sqlite3")
    if not chained:
        for name, hook in chaining.HOOKS:
            event.remove(sf, name, getattr(chaining, hook))
    load_demo(UnitOfWork(sf))
    # The chain is what is measured, not the drawer: a drawerless station (issue 10's
    # explicit site setting), as the sync tests' stations are.
    with UnitOfWork(sf) as uow:
        uow.session.merge(SiteSetting(name=DRAWERS_SETTING, value=DRAWERS_NONE))
        uow.commit()
    staff = login(UnitOfWork(sf), "alex", "counter")
    return sf, staff


def _sell(sf: Callable[[], Session], staff: StaffIdentity) -> float:
    cmd = CompleteSale(
        staff,
        (LineRequest("RNT-ROOM", 1), LineRequest("PMT-PARK", 1)),
        (TenderInput(TenderKind.CASH, 20000),),
    )
    start = time.perf_counter()
    complete_sale(UnitOfWork(sf), cmd)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        (root / "chained").mkdir()
        (root / "plain").mkdir()
        spent: list[float] = []

        def timed(original: Callable[..., None]) -> Callable[..., None]:
            def hook(*a: object) -> None:
                start = time.perf_counter()
                original(*a)
                spent.append((time.perf_counter() - start) * 1000)

            return hook

        chained = _station(root / "chained", True)
        plain = _station(root / "plain", False)
        for _ in range(20):  # warm both up
            _sell(*chained)
            _sell(*plain)
        with_chain: list[float] = []
        without: list[float] = []
        paired: list[float] = []
        for i in range(args.sales):
            # Each round sells on both, in alternating order (neither always goes
            # first). The chain's hooks are not timed here: a timer around each of
            # a sale's ten or so hook calls would be counted as the chain's.
            if i % 2:
                a = _sell(*chained)
                b = _sell(*plain)
            else:
                b = _sell(*plain)
                a = _sell(*chained)
            with_chain.append(a)
            without.append(b)
            paired.append(a - b)
        # Then the chain's own time, in rounds of their own: every hook timed (the
        # flush's and the session's own events), also where a service links the
        # chain itself (``link_pending`` in write_sale).
        sf_chained = chained[0]
        originals = {hook: getattr(chaining, hook) for _name, hook in chaining.HOOKS}
        for name, hook in chaining.HOOKS:
            event.remove(sf_chained, name, originals[hook])
            setattr(chaining, hook, timed(originals[hook]))
            event.listen(sf_chained, name, getattr(chaining, hook))
        in_hook: list[float] = []
        for _ in range(max(1, args.sales // 2)):
            spent.clear()
            _sell(*chained)
            in_hook.append(sum(spent))
        for name, hook in chaining.HOOKS:
            event.remove(sf_chained, name, getattr(chaining, hook))
            setattr(chaining, hook, originals[hook])
            event.listen(sf_chained, name, originals[hook])

        def summary(name: str, xs: list[float]) -> str:
            xs = sorted(xs)
            p99 = xs[min(len(xs) - 1, int(len(xs) * 0.99))]
            return f"{name:<14} median {statistics.median(xs):7.3f} ms   p99 {p99:7.3f} ms"

        print(f"{args.sales} sales each (two lines, cash), interleaved")
        print(summary("with chain", with_chain))
        print(summary("without chain", without))
        diff = statistics.median(with_chain) - statistics.median(without)
        print(f"difference of medians (noisy on a shared machine): {diff:+.3f} ms per sale")
        print(
            f"median of the rounds' differences (the same round's two sales): "
            f"{statistics.median(paired):+.3f} ms per sale"
        )
        hooked = sorted(in_hook)
        print(
            f"time spent in the chain's hooks per sale (its outbox and audit rows, head row): "
            f"median {statistics.median(hooked):.3f} ms, p99 "
            f"{hooked[min(len(hooked) - 1, int(len(hooked) * 0.99))]:.3f} ms"
        )
        print(f"load average while measuring: {os.getloadavg()[0]:.1f}")

        sf, _staff = chained
        with sf() as s:
            sale = s.query(OutboxEntry).filter(OutboxEntry.kind == "sale").first()
            assert sale is not None
            payload, rid = sale.payload, sale.id
        n = 5000
        start = time.perf_counter()
        for _ in range(n):
            record_hash(rid, "sale", payload, "0" * 64)
        per = (time.perf_counter() - start) / n * 1000
        print(f"hashing one sale record alone: {per:.4f} ms")
        # A sale holding personal data (issue 15, item 6) is hashed over its redacted
        # form: a salted digest per personal answer, computed at every hash.
        personal = copy.deepcopy(payload)
        for sold in personal["lines"]:
            sold["detail"] = {
                **sold["detail"],
                "answers": {
                    "deponent_name": "Marguerite Tremblay",
                    "id_type": "Passport",
                    "id_last_digits": "4821",
                },
                "receipt_detail": "Deponent: Marguerite Tremblay",
            }
        personal[SALT_KEY] = "ab" * 16
        start = time.perf_counter()
        for _ in range(n):
            record_hash(rid, "sale", personal, "0" * 64)
        per_personal = (time.perf_counter() - start) / n * 1000
        print(
            f"hashing one sale record with personal data (two lines of answers, salted "
            f"digests): {per_personal:.4f} ms"
        )
        start = time.perf_counter()
        check = chaining.verify_audit(sf)
        took = (time.perf_counter() - start) * 1000
        print(f"audit verify over {check.rows} rows: {took:.1f} ms (intact: {check.intact})")


if __name__ == "__main__":
    main()
