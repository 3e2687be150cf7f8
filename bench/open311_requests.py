"""Bench: Open311 GeoReport v2 `GET requests` as a town's CRM pulls them.

Run on purpose, not by pytest:

    .venv/bin/python bench/open311_requests.py [--requests 20000] [--rounds 30] [--db URL]

Makes a server database (SQLite in a temporary folder, or ``--db`` such as
``postgresql://127.0.0.1/bench``, which must be empty), adds ``--requests``
service requests spread over a year across eight departments, and times,
through the real ASGI application (httpx's ASGI transport, no network):

- a day's requests (`start_date`/`end_date`), XML and JSON;
- one department's open requests in the default 90 days (at most 1,000);
- one request by its id.

Prints p50/p99 in milliseconds for each.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import httpx  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

from counterapp.server.app import create_app  # noqa: E402
from counterapp.server.service_requests import ServiceRequest, add_key, service_code  # noqa: E402

DEPARTMENTS = (
    "Public Works", "By-law Services", "Animal Services", "Community Services",
    "Clerk's Office", "Finance – Revenue", "Planning & Development", "Fire Services",
)  # fmt: skip


def fill(app: object, n: int) -> tuple[str, str, datetime]:
    engine = app.state.engine  # type: ignore[attr-defined]
    factory = sessionmaker(engine)
    end = datetime.now(UTC)
    rows = []
    for i in range(n):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)]
        kind = "request" if i % 3 else "complaint"
        at = end - timedelta(minutes=(n - i) * 525_600 // n)
        rows.append(
            {
                "id": f"00000000-0000-7000-8000-{i:012d}",
                "reference_no": f"SR-BEN-01-{i:06d}",
                "kind": kind,
                "department": dept,
                "service_code": service_code(kind, dept),
                "subject": f"Request {i}",
                "summary": "Pothole on the corner, about 30 cm across. " * 3,
                "documents": "",
                "callback": "Phone after 4 pm",
                "description": f"Request {i}\n\n" + "Pothole on the corner. " * 5,
                "contact_name": "Resident",
                "contact": "905-555-0100",
                "email": "",
                "phone": "",
                "address": "",
                "lat": None,
                "long": None,
                "media_url": "",
                "source": "counter",
                "station_code": "BEN-01",
                "api_key_id": None,
                "requested_at": at,
                "status": "closed" if i % 4 == 0 else "open",
                "status_text": "Received",
                "answer": "",
                "updated_at": at,
            }
        )
    with factory() as s, s.begin():
        for start in range(0, n, 5000):
            s.execute(insert(ServiceRequest), rows[start : start + 5000])
        key = add_key(s, "bench", "bench")
    return key, rows[n // 2]["reference_no"], rows[n // 2]["requested_at"]


async def timed(
    client: httpx.AsyncClient, url: str, params: dict[str, str], rounds: int
) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        answer = await client.get(url, params=params)
        out.append((time.perf_counter() - t) * 1000)
        assert answer.status_code == 200, answer.text[:300]
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--db", default="")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app(url)
        key, one, at = fill(app, args.requests)
        day = at.date()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            cases = {
                "a day's requests (xml)": ("/open311/v2/requests.xml", {
                    "api_key": key, "start_date": f"{day}T00:00:00Z",
                    "end_date": f"{day + timedelta(days=1)}T00:00:00Z"}),
                "a day's requests (json)": ("/open311/v2/requests.json", {
                    "api_key": key, "start_date": f"{day}T00:00:00Z",
                    "end_date": f"{day + timedelta(days=1)}T00:00:00Z"}),
                "a department's open, 90 days (xml)": ("/open311/v2/requests.xml", {
                    "api_key": key, "service_code": service_code("request", "Public Works"),
                    "status": "open"}),
                "one request by id (xml)": (f"/open311/v2/requests/{one}.xml", {"api_key": key}),
            }  # fmt: skip
            print(
                f"{args.requests} requests, {app.state.engine.dialect.name}, {args.rounds} rounds"
            )
            for name, (path, params) in cases.items():
                await timed(client, path, params, 2)  # warm
                ms = await timed(client, path, params, args.rounds)
                print(
                    f"  {name:40s} p50 {statistics.median(ms):7.1f} ms  p99 {p(ms, 0.99):7.1f} ms"
                )
        app.state.engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
