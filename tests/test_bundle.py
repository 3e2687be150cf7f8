"""The bundle as a user gets it (issue 12): the PyInstaller one-folder build,
run with no virtualenv and no source tree on the path, from a folder of its
own. Anything that only works from a source checkout (a data file found
through ``__file__``, a migration script not bundled, escpos's capabilities,
reportlab's fonts, Qt's plugins) fails here.

The bundle is built when it is missing or older than the source (a few
minutes; ``./dev bundle`` does the same), never skipped. The Windows
installer script is compiled with makensis (``./dev test`` installs nsis).
"""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from counterapp.db.engine import script_directory
from tests.sync_support import free_port

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[1]


def _bundle_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle", ROOT / "installer" / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _bundle_module()


@pytest.fixture(scope="module")
def program() -> Path:
    if not bundle.is_fresh():
        bundle.build()  # never skipped: a missing or stale bundle is built
    assert bundle.PROGRAM.exists()
    return Path(bundle.PROGRAM)


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """What a user's shell has: no virtualenv, no source tree, a home of its own."""
    venv_bin = str(Path(sys.executable).parent)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "COUNTERAPP_HOME")
        and not k.startswith(("XDG_", "PYTEST"))
    }
    env.update(PATH=os.pathsep.join(path), HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    (tmp_path / "home").mkdir()
    return env


def run(program: Path, env: dict[str, str], cwd: Path, *args: str, timeout: float = 120):
    return subprocess.run(
        [str(program), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def test_version(program: Path, user_env: dict[str, str], tmp_path: Path) -> None:
    done = run(program, user_env, tmp_path, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("counterapp 0.")


def test_db_upgrade_into_an_empty_data_folder(program, user_env, tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run(program, user_env, tmp_path, "--data-dir", str(data), "db", "upgrade")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(data / "station.sqlite3") as db:
        (revision,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == script_directory().get_current_head()


def test_the_window_reaches_its_first_run_screen(program, user_env, tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    proc = subprocess.Popen(
        [str(program), "--data-dir", str(data), "station"],
        env=user_env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = data / "logs" / "counterapp.log"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if log.exists() and "first-run set-up shown" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.2)
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        assert "first-run set-up shown" in log.read_text(encoding="utf-8")
    finally:
        proc.kill()  # a SIGTERM this early can land before the window's event loop runs
        proc.wait(20)


def test_a_standalone_set_up_prints_to_a_pseudo_terminal_and_makes_a_pdf(
    program, user_env, tmp_path: Path
) -> None:
    """Set-up with the bundled demo reference data (argon2, migrations), a test
    page rendered by python-escpos from its bundled capabilities and sent to a
    pty, and the end-of-day PDF drawn with reportlab's bundled fonts."""
    data = tmp_path / "data"
    reference = next(bundle.BUNDLE.rglob("counterapp/demo/catalogue.json"))
    master, slave = pty.openpty()
    port = os.ttyname(slave)
    done = run(
        program, user_env, tmp_path, "--data-dir", str(data), "setup", "--standalone",
        "--reference", str(reference), "--receipt-printer", port,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads((data / "station.json").read_text())["devices"][0]["url"] == port

    done = run(program, user_env, tmp_path, "--data-dir", str(data), "devices", "test",
               "Receipt printer")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    received = b""
    while select.select([master], [], [], 2)[0]:
        received += os.read(master, 65536)
    assert b"\x1b@" in received and b"TEST PRINT" in received  # after a status query
    assert b"\x1dV" in received or b"\x1di" in received  # cut, from the printer profile
    os.close(master)
    os.close(slave)

    out = tmp_path / "eod"
    done = run(program, user_env, tmp_path, "--data-dir", str(data), "drawer", "eod",
               "--date", "2026-12-01", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = next(out.glob("end-of-day-*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.fixture
def served(program: Path, user_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(program),
            "--data-dir",
            str(tmp_path / "srv"),
            "server",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{tmp_path / 'server.sqlite3'}",
        ],  # fmt: skip
        env=user_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                httpx.get(f"{url}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(20)


def test_server_serves_its_openapi(served: str) -> None:
    spec = httpx.get(f"{served}/openapi.json", timeout=10).json()
    assert "/api/v1/register" in spec["paths"]
    assert "/api/v1/stations/{station_code}/receipt-gaps" in spec["paths"]
    health = httpx.get(f"{served}/api/v1/health", timeout=10).json()
    assert health == {"status": "ok", "database": "sqlite"}
    # Head office's pages come from templates and a stylesheet shipped in the bundle.
    login = httpx.get(f"{served}/hq/login", timeout=10)
    assert login.status_code == 200 and "<form" in login.text
    assert httpx.get(f"{served}/hq/static/hq.css", timeout=10).status_code == 200


def test_the_windows_installer_script_compiles(tmp_path: Path) -> None:
    """makensis checks the script (pages, sections, silent set-up, uninstaller).
    The payload is a stand-in: PyInstaller makes a Windows bundle only on Windows."""
    makensis = shutil.which("makensis")
    assert makensis, "makensis is missing: ./dev test installs the Debian package nsis"
    payload = tmp_path / "bundle"
    (payload / "_internal").mkdir(parents=True)
    (payload / "counterapp.exe").write_bytes(b"MZ stand-in")
    out = tmp_path / "counterapp-setup.exe"
    done = subprocess.run(
        [
            makensis,
            "-V2",
            "-DVERSION=0.0.0",
            f"-DBUNDLE_DIR={payload}",
            f"-DOUTFILE={out}",
            str(ROOT / "installer" / "counterapp.nsi"),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes()[:2] == b"MZ"
