"""Shared pieces of the sync benches: a scratch PostgreSQL database, the
server in a process of its own, a registered station."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
PG_ENV = "COUNTERAPP_TEST_PG"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url(given: str | None) -> str:
    return given or os.environ.get(PG_ENV, DEFAULT_PG)


@contextmanager
def scratch_database(admin: str, prefix: str) -> Iterator[str]:
    """A new PostgreSQL database; yields its SQLAlchemy URL; dropped after."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    url = make_url(admin)
    plain = url.set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(plain, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(drivername="postgresql+psycopg", database=name).render_as_string(False)
    finally:
        with psycopg.connect(plain, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server_process(database_url: str) -> Iterator[str]:
    """``counterapp server`` in its own process (as in production); yields its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "counterapp", "server", "--port", str(port)]
        + ["--database-url", database_url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def pg_version(database_url: str) -> str:
    url = make_url(database_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(url) as c:
        row = c.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"
