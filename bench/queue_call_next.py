"""Call-next round trip and event delivery on the site's shared queue.

Starts ``counterapp server`` in its own process on loopback, issues 300
tickets, then 10 stations (threads, each with its own HTTP connection and its
own server-sent-event listener) call next and close until the lobby is
empty. Prints the call-next round trip (p50/p95/p99/max) and how long each
"called" event took to reach every station.

    .venv/bin/python bench/queue_call_next.py
    .venv/bin/python bench/queue_call_next.py --database-url postgresql://postgres@127.0.0.1/bench
    .venv/bin/python bench/queue_call_next.py --stations 10 --waiting 300

Targets (issue 5): p99 ≤ 50 ms; every event delivered to every station ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from counterapp.ids import uuid7  # noqa: E402
from counterapp.queue.engine import NoOneWaiting  # noqa: E402
from counterapp.queue.remote import ChangeListener, RemoteQueue  # noqa: E402
from counterapp.queue.views import Actor, QueueChange  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stations", type=int, default=10)
    ap.add_argument("--waiting", type=int, default=300)
    ap.add_argument("--database-url", default=None, help="default: a SQLite file in a temp dir")
    ap.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="seconds a visit takes at a desk (each station waits 0–2× this, at random, "
        "after closing): 0 = every station calls back to back (the worst case)",
    )
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'server.sqlite3'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "counterapp", "server", "--port", str(port), "--database-url", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("the server did not start")
                return 1
            time.sleep(0.2)
        site = f"B{uuid7()[-6:]}"[:8]
        print(
            f"server: {url.split('@')[-1]}  site {site}  stations {args.stations}  "
            f"waiting {args.waiting}  cpus {os.cpu_count()}"
        )

        greeter = Actor(staff_id=uuid7(), username="gail", role="greeter", station_code="B-00")
        q = RemoteQueue(base, site, timeout_s=10)
        t0 = time.perf_counter()
        for i in range(args.waiting):
            q.issue(greeter, request_id=uuid7(), category="TCLRI"[i % 5])
        issue_s = time.perf_counter() - t0
        print(
            f"issued {args.waiting} tickets in {issue_s:.2f} s "
            f"({issue_s / args.waiting * 1000:.1f} ms each, one greeter)"
        )

        sent: dict[str, float] = {}
        received: dict[str, list[float]] = {}
        lock = threading.Lock()
        ups = [threading.Event() for _ in range(args.stations)]

        def heard(changes: list[QueueChange]) -> None:
            now = time.perf_counter()
            with lock:
                for c in changes:
                    if c.kind == "called":
                        received.setdefault(c.ticket_id or "", []).append(now)

        listeners = [
            ChangeListener(base, site, heard, lambda up, i=i: ups[i].set() if up else None)
            for i in range(args.stations)
        ]
        for listener in listeners:
            listener.start()
        if not all(u.wait(10) for u in ups):
            print("not every station's event stream came up")
            return 1

        round_trips: list[float] = []
        start = threading.Barrier(args.stations)

        def station(n: int) -> None:
            who = Actor(
                staff_id=uuid7(),
                username=f"desk{n}",
                role="associate",
                station_code=f"B-{n:02d}",
                counter=f"Counter {n}",
            )
            mine = RemoteQueue(base, site, timeout_s=10)
            rng = random.Random(n)
            start.wait()
            while True:
                t = time.perf_counter()
                try:
                    ticket = mine.call_next(who)
                except NoOneWaiting:
                    return
                done = time.perf_counter()
                with lock:
                    round_trips.append(done - t)
                    sent[ticket.id] = t
                mine.close(who, ticket.id)
                if args.pace:
                    time.sleep(rng.uniform(0, 2 * args.pace))

        threads = [threading.Thread(target=station, args=(n,)) for n in range(args.stations)]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        time.sleep(1.5)  # let the last events arrive
        for listener in listeners:
            listener.stop()

        ms = [r * 1000 for r in round_trips]
        how = f"a visit of 0-{2 * args.pace:g} s" if args.pace else "back to back"
        print(
            f"call-next round trips: {len(ms)} in {wall:.2f} s "
            f"({args.stations} stations, each call followed by a close, {how})"
        )
        print(
            f"  p50 {pct(ms, 50):.1f} ms  p95 {pct(ms, 95):.1f} ms  "
            f"p99 {pct(ms, 99):.1f} ms  max {max(ms):.1f} ms  mean {statistics.mean(ms):.1f} ms"
        )
        lat = []
        complete = 0
        for ticket_id, t_sent in sent.items():
            got = received.get(ticket_id, [])
            if len(got) >= args.stations:
                complete += 1
            lat.extend((g - t_sent) * 1000 for g in got)
        print(
            f"'called' events delivered to all {args.stations} stations: "
            f"{complete}/{len(sent)} tickets"
        )
        if lat:
            print(
                f"  delivery after the call was sent: p50 {pct(lat, 50):.1f} ms  "
                f"p99 {pct(lat, 99):.1f} ms  max {max(lat):.1f} ms"
            )
        return 0
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        tmp.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
