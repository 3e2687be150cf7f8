"""The demo's head office goes with the station that started it.

A demo station that crashed or was killed used to leave its server running and
holding the port: the next demo on that port talked to the old server (and its
other data folder), and its station could not register ("this station code and
one-time code do not match"). The server now stops when its standard input
closes, which the system does however the station ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.sync_support import free_port
from ui.demo import _wait_for_server

ROOT = Path(__file__).resolve().parents[1]


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _wait(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_demo_station_leaves_no_server_holding_the_port(tmp_path: Path) -> None:
    port = free_port()
    station = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from ui.demo import _start_server
        server = _start_server(Path({str(tmp_path)!r}), {port}, wait=True)
        print(server.pid, flush=True)
        time.sleep(600)  # "the window": killed before it ends
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", station], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    server_pid = int(proc.stdout.readline())
    try:
        assert _answers(port), "the demo server answers while its station runs"
        proc.send_signal(signal.SIGKILL)  # no finally, no atexit: as a crash
        proc.wait(10)
        assert _wait(lambda: not _answers(port), 30), "the server still answers"
        gone = _wait(lambda: not Path(f"/proc/{server_pid}").exists(), 30)
        assert gone, "the server process outlived its station"
    finally:
        proc.kill()
        with contextlib.suppress(ProcessLookupError):
            os.kill(server_pid, signal.SIGKILL)


def test_the_server_stops_gracefully_when_its_input_closes(tmp_path: Path) -> None:
    port = free_port()
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    command = [
        sys.executable, "-m", "counterapp", "server", "--port", str(port),
        "--database-url", url, "--stop-with-stdin",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        command, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path
    )
    try:
        assert _wait_for_server(server, port), "the server did not start"
        assert server.stdin is not None
        server.stdin.close()
        assert server.wait(30) == 0  # uvicorn's own shutdown: exit status 0
        assert server.stderr is not None
        said = server.stderr.read().decode()
        assert "standard input closed: stopping" in said
        assert "Traceback" not in said
    finally:
        server.kill()
