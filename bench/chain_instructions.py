"""Bench: what the record chain (issue 15) adds to a sale, in instructions.

Run on purpose, not by pytest (needs valgrind; about eight minutes on two cores):

    .venv/bin/python bench/chain_instructions.py [--sales 300]

A sale's time on a shared machine wanders by more than the chain costs
(``bench/chain.py`` measures time). Instructions counted by valgrind's
callgrind do not wander: the same program and input count the same, whatever
else the machine does. This runs four programs under callgrind: a station with
the chain and one without, each selling 0 and ``--sales`` visits after the same
set-up and warm-up (with the garbage collector frozen, so that no collection
lands in one run and not the other). Per sale: (count after N sales − count
after 0) / N, on each station. The chain's share of a sale's instructions,
times the sale's measured time on this machine, is what the chain adds.

Not quite the same count every run: SQLite checkpoints its write-ahead log every
thousand pages or so, and whether one falls in the measured sales differs between
the stations; 300 sales hold that to about ±1 % of the chain's share (100 sales
once gave 257 thousand where others give 417).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere
sys.path.insert(0, str(ROOT / "bench"))


def _sell(chained: bool, sales: int) -> None:
    """The program run under callgrind: set up, warm up, then ``sales`` sales."""
    import gc

    import chain as bench  # bench/chain.py: the same station and the same sale

    with tempfile.TemporaryDirectory() as tmp:
        station = bench._station(Path(tmp), chained)
        for _ in range(30):
            bench._sell(*station)
        gc.collect()
        gc.freeze()
        gc.disable()
        for _ in range(sales):
            bench._sell(*station)


def _count(chained: bool, sales: int, out: Path) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--run", "chain" if chained else "plain", str(sales),
        ],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    found = re.search(r"^totals:\s*(\d+)", out.read_text(), re.MULTILINE)
    assert found, f"no totals in {out}"
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=300)
    parser.add_argument("--run", nargs=2, metavar=("KIND", "SALES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _sell(args.run[0] == "chain", int(args.run[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(c, n) for c in (True, False) for n in (0, args.sales)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            counts = dict(
                zip(
                    jobs,
                    pool.map(lambda j: _count(j[0], j[1], Path(tmp) / f"{j[0]}-{j[1]}.out"), jobs),
                    strict=True,
                )
            )
    per = {c: (counts[(c, args.sales)] - counts[(c, 0)]) / args.sales for c in (True, False)}
    share = per[True] / per[False] - 1
    # A sale's time on this machine now, to turn the share into milliseconds.
    sys.argv = [sys.argv[0]]
    import chain as bench

    with tempfile.TemporaryDirectory() as tmp:
        station = bench._station(Path(tmp), False)
        for _ in range(20):
            bench._sell(*station)
        took = statistics.median(bench._sell(*station) for _ in range(200))
    print(f"{args.sales} sales each under callgrind (two lines, cash)")
    print(f"with chain     {per[True] / 1e6:8.3f} million instructions per sale")
    print(f"without chain  {per[False] / 1e6:8.3f} million instructions per sale")
    print(f"the chain's share: {share:+.2%} ({(per[True] - per[False]) / 1e3:,.0f} thousand)")
    print(
        f"a sale without the chain takes {took:.3f} ms here (median of 200): the chain adds "
        f"about {share * took:.3f} ms"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} ({time.strftime('%Y-%m-%d %H:%M')})")


if __name__ == "__main__":
    main()
