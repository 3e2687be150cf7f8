"""``counterapp setup`` (issue 12): the unattended set-up an administrator runs
on forty counter PCs, against a real server over HTTP, with a clear message
for every way it can fail — and nothing half set up when it does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counterapp import cli
from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.server import station_api
from counterapp.server.app import create_app
from counterapp.server.reference import publish_file
from counterapp.server.stations import add_station, revoke_station
from counterapp.services.auth import login
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.setup import needs_setup
from counterapp.sync import register as register_mod
from tests.sync_support import AppSwitch, Server, free_port, live_server, mounted


@pytest.fixture(scope="module")
def http() -> Iterator[tuple[AppSwitch, str]]:
    switch = AppSwitch()
    with live_server(switch, lifespan="off") as url:
        yield switch, url


@pytest.fixture
def server(http: tuple[AppSwitch, str], tmp_path: Path) -> Iterator[Server]:
    switch, url = http
    with mounted(switch, create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")) as app:
        publish_file(app.state.sessions[1], DEMO_CATALOGUE.read_text(encoding="utf-8"))
        yield Server(url, app)


def setup(folder: Path, *args: str) -> int:
    return cli.main(["--data-dir", str(folder), "setup", *args])


def head_office(server: Server, code: str, station: str = "WHB-02") -> list[str]:
    return ["--server", server.url, "--station", station, "--code", code]


def test_a_counter_pc_is_set_up_in_one_command(server: Server, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "pc"
    code = add_station(server.writers, "WHB-02", "WHB", "Counter 2")
    assert needs_setup(folder)
    argv = [*head_office(server, code), "--language", "fr", "--receipt-printer", "COM3"]
    assert setup(folder, *argv) == 0
    out = capsys.readouterr().out
    assert "Station WHB-02 is set up" in out and "Loading reference data" in out

    saved = json.loads((folder / "station.json").read_text(encoding="utf-8"))
    assert saved["server_url"] == server.url and saved["language"] == "fr"
    assert [(d["role"], d["url"]) for d in saved["devices"]] == [("receipt_printer", "COM3")]
    assert not needs_setup(folder)
    engine, sf = open_database(folder / "station.sqlite3")
    try:
        assert login(UnitOfWork(sf), "alex", "counter").username == "alex"
    finally:
        engine.dispose()

    # Running the same command again (a roll-out script run twice) does no harm.
    assert setup(folder, *argv) == 0


def test_a_standalone_office_loads_its_reference_file(tmp_path: Path) -> None:
    folder = tmp_path / "pc"
    assert setup(folder, "--standalone", "--reference", str(DEMO_CATALOGUE)) == 0
    saved = json.loads((folder / "station.json").read_text(encoding="utf-8"))
    assert saved["server_url"] == "" and not needs_setup(folder)


def _fails(folder: Path, argv: list[str], capsys, *expected: str) -> str:
    assert setup(folder, *argv) != 0
    err = capsys.readouterr().err
    for words in expected:
        assert words in err, err
    assert needs_setup(folder), "a failed set-up must leave the station not set up"
    assert not (folder / "station.json").exists()
    return err


def test_unreachable(tmp_path: Path, capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    argv = ["--server", url, "--station", "WHB-02", "--code", "ABCD-EFGH-JKMN"]
    _fails(tmp_path / "pc", argv, capsys, "cannot be reached", url)


NOT_WAITING = "do not match a registration waiting at head office: check both"


def test_wrong_code(server: Server, tmp_path: Path, capsys) -> None:
    # Without the right code the answer never says whether the station exists (issue 15).
    add_station(server.writers, "WHB-02", "WHB")
    argv = head_office(server, "ABCD-EFGH-JKMN")
    err = _fails(tmp_path / "pc", argv, capsys, NOT_WAITING, "new one-time code")
    said = next(line for line in err.splitlines() if NOT_WAITING in line)
    assert "WHB-02" not in said


def test_code_already_used(server: Server, tmp_path: Path, capsys) -> None:
    code = add_station(server.writers, "WHB-02", "WHB")
    assert setup(tmp_path / "first-pc", *head_office(server, code)) == 0
    _fails(tmp_path / "second-pc", head_office(server, code), capsys, "already used")


def test_code_expired(server: Server, tmp_path: Path, capsys) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=8)
    code = add_station(server.writers, "WHB-02", "WHB", now=long_ago)
    _fails(tmp_path / "pc", head_office(server, code), capsys, "has expired")


def test_station_revoked(server: Server, tmp_path: Path, capsys) -> None:
    code = add_station(server.writers, "WHB-02", "WHB")
    revoke_station(server.writers, "WHB-02")
    _fails(tmp_path / "pc", head_office(server, code), capsys, "was revoked", "replace")


def test_station_unknown(server: Server, tmp_path: Path, capsys) -> None:
    argv = head_office(server, "ABCD-EFGH-JKMN", station="WHB-77")
    _fails(tmp_path / "pc", argv, capsys, NOT_WAITING)


def test_server_too_new(server: Server, tmp_path: Path, capsys, monkeypatch) -> None:
    code = add_station(server.writers, "WHB-02", "WHB")
    monkeypatch.setattr(station_api, "MIN_STATION_PROTOCOL", 99)  # head office moved on
    _fails(tmp_path / "pc", head_office(server, code), capsys, "newer counterapp than this PC")


def test_server_too_old(server: Server, tmp_path: Path, capsys, monkeypatch) -> None:
    code = add_station(server.writers, "WHB-02", "WHB")
    monkeypatch.setattr(station_api, "PROTOCOL_VERSION", 0)  # the server speaks less
    monkeypatch.setattr(station_api, "MIN_STATION_PROTOCOL", 0)
    _fails(tmp_path / "pc", head_office(server, code), capsys, "server is older")


def test_server_answers_an_older_protocol(
    server: Server, tmp_path: Path, capsys, monkeypatch
) -> None:
    code = add_station(server.writers, "WHB-02", "WHB")
    # This station needs more than the server speaks.
    monkeypatch.setattr(register_mod, "MIN_SERVER_PROTOCOL", station_api.PROTOCOL_VERSION + 1)
    _fails(tmp_path / "pc", head_office(server, code), capsys, "older counterapp")


def test_not_a_counterapp_server(server: Server, tmp_path: Path, capsys) -> None:
    argv = ["--server", f"{server.url}/elsewhere", "--station", "WHB-02", "--code", "X"]
    _fails(tmp_path / "pc", argv, capsys, "not as a counterapp head-office server")


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--station", "WHB-02", "--code", "X"], "Server address"),
        (["--server", "counter.whitby", "--station", "WHB-02", "--code", "X"], "Server address"),
        (["--server", "http://h:1", "--code", "X"], "Station code"),
        (["--server", "http://h:1", "--station", "WHB-02"], "One-time code"),
        (["--standalone"], "Reference data"),
        (["--standalone", "--reference", "/nonexistent.json"], "Reference data"),
    ],
)
def test_bad_answers_name_the_field(tmp_path: Path, capsys, argv: list[str], field: str) -> None:
    assert setup(tmp_path / "pc", *argv) == 2
    assert field in capsys.readouterr().err
    assert needs_setup(tmp_path / "pc")
