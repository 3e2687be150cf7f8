"""The bundle's size on disk and its start-up to the first window (issue 12).

    .venv/bin/python bench/bundle_startup.py [--runs 5] [--platform offscreen]

Builds nothing: run ``./dev bundle`` first. Start-up is measured from starting
the program on an empty data folder until its log says the first window (the
first-run set-up) is being shown, with Qt's offscreen platform unless told
otherwise. "Cold" drops the kernel's page cache first (needs root and a kernel
that allows it; the script says when it could not, and then the first run is
only "first after build"); "warm" runs follow at once.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installer"))
import bundle  # noqa: E402


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def one_start(platform: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        log = data / "logs" / "counterapp.log"
        env = {**os.environ, "QT_QPA_PLATFORM": platform, "HOME": tmp}
        env.pop("VIRTUAL_ENV", None)
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(bundle.PROGRAM), "--data-dir", str(data), "station"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                if log.exists() and "first-run set-up shown" in log.read_text(encoding="utf-8"):
                    return time.perf_counter() - started
                if proc.poll() is not None or time.perf_counter() - started > 120:
                    raise SystemExit("the bundle did not reach its first window")
                time.sleep(0.005)
        finally:
            proc.kill()  # a SIGTERM this early can land before the window's event loop runs
            proc.wait(20)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--platform", default="offscreen")
    args = ap.parse_args()
    if not bundle.PROGRAM.exists():
        raise SystemExit("no bundle: run ./dev bundle first")
    files = sum(1 for p in bundle.BUNDLE.rglob("*") if p.is_file())
    print(f"bundle: {bundle.BUNDLE}")
    print(f"size on disk: {bundle.size_bytes() / 1e6:.1f} MB in {files} files")
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    cold = drop_caches()
    first = one_start(args.platform)
    label = "cold (page cache dropped)" if cold else "first run (page cache NOT dropped)"
    print(f"start-up to first window, {label}: {first:.2f} s")
    warm = [one_start(args.platform) for _ in range(args.runs)]
    median = statistics.median(warm)
    print(
        f"start-up to first window, warm, {args.runs} runs: median {median:.2f} s, "
        f"min {min(warm):.2f} s, max {max(warm):.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
