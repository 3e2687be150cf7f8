"""Start-up of the demo to the sign-in window, after its first run.

    .venv/bin/python bench/startup.py            # 5 timed starts, port 8899
    .venv/bin/python bench/startup.py --runs 10 --port 8802

Runs ``counterapp demo`` once to create its data (not timed), then starts it
again ``--runs`` times, each time from the process start to the moment the
sign-in window is on screen (the app prints it when ``COUNTERAPP_STARTUP_PROBE``
is set and closes again). Offscreen unless ``QT_QPA_PLATFORM`` says otherwise.
Target: 2 s or less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_once(data_dir: Path, port: int) -> float:
    env = {**os.environ, "COUNTERAPP_STARTUP_PROBE": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "counterapp", "--data-dir", str(data_dir), "demo",
         "--port", str(port)],  # fmt: skip
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("startup-probe "):
            return float(line.split()[1]) - t0
    raise SystemExit(f"the demo did not show the sign-in window:\n{proc.stdout}\n{proc.stderr}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--port", type=int, default=8899)
    ap.add_argument("--dir", type=Path, default=None, help="demo data folder (default: temporary)")
    args = ap.parse_args()
    data_dir = args.dir or Path(tempfile.mkdtemp(prefix="counterapp-startup-"))
    print(f"demo data in {data_dir}; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    first = start_once(data_dir, args.port)
    print(f"first run (creates the demo data, not counted): {first:.2f} s")
    times = [start_once(data_dir, args.port) for _ in range(args.runs)]
    for i, t in enumerate(times, 1):
        print(f"run {i}: {t:.2f} s")
    print(
        f"start-up to the sign-in window: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s (target <= 2 s)"
    )


if __name__ == "__main__":
    main()
