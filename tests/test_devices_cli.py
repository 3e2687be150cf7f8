"""``counterapp devices list|test|jobs|retry`` as an installer uses them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counterapp.cli import main
from counterapp.config import StationConfig
from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.domain.devices import DeviceRole, DeviceSettings
from counterapp.services import device_jobs
from devices.simulator import CUT_LINE, PoleDisplaySimulator, PrinterSimulator


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[tuple[Path, PrinterSimulator, PoleDisplaySimulator]]:
    with PrinterSimulator(on_line=None) as printer, PoleDisplaySimulator(on_line=None) as pole:
        config = StationConfig(data_dir=tmp_path)
        config.devices = [
            DeviceSettings("Receipt printer", url=printer.url, read_timeout_s=0.3),
            DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url, columns=20),
            DeviceSettings("Spare printer", url="/dev/ttyNOPE", columns=32),
        ]
        config.save()
        yield tmp_path, printer, pole


def test_devices_list_shows_each_device_and_what_it_says(counter, capsys) -> None:
    data_dir, printer, _pole = counter
    printer.status_mode = "paper_low"
    assert main(["--data-dir", str(data_dir), "devices", "list"]) == 0
    out = capsys.readouterr().out
    assert f"Receipt printer  [receipt_printer]  {printer.url}  9600 8N1 none" in out
    assert "Receipt printer: paper is running low" in out
    assert "Pole  [pole_display]" in out and "does not report its state" in out
    assert "Spare printer: port /dev/ttyNOPE does not exist" in out


def test_devices_test_prints_a_test_page_and_shows_a_test_frame(counter, capsys) -> None:
    data_dir, printer, pole = counter
    assert main(["--data-dir", str(data_dir), "devices", "test", "Receipt printer"]) == 0
    assert printer.wait_for(CUT_LINE)
    assert printer.lines[0] == "TEST PRINT"
    assert "Test sent to Receipt printer. Receipt printer: ready." in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "devices", "test", "Pole"]) == 0
    assert pole.wait_for_screen("TEST Pole", "Display OK")


def test_devices_test_says_why_it_failed(counter, capsys) -> None:
    data_dir, _printer, _pole = counter
    assert main(["--data-dir", str(data_dir), "devices", "test", "Spare printer"]) == 1
    assert "Test failed: Spare printer: port /dev/ttyNOPE does not exist" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "devices", "test", "Kitchen"]) == 2


def test_a_failed_job_is_listed_and_queued_again_from_the_shell(counter, capsys) -> None:
    data_dir, _printer, _pole = counter
    _engine, sf = open_database(StationConfig.load(data_dir).database_path)
    job = device_jobs.enqueue(
        UnitOfWork(sf), device_jobs.EnqueueJob("Spare printer", "raw", payload=b"x")
    )
    device_jobs.claim_next(UnitOfWork(sf), "Spare printer")
    device_jobs.mark_failed(UnitOfWork(sf), job.id, "Spare printer: out of paper")
    assert main(["--data-dir", str(data_dir), "devices", "jobs", "--failed"]) == 0
    assert f"{job.id}" in capsys.readouterr().out
    assert (
        main(["--data-dir", str(data_dir), "devices", "retry", job.id, "--to", "Receipt printer"])
        == 0
    )
    assert "Queued again for Receipt printer" in capsys.readouterr().out
    assert device_jobs.job_info(UnitOfWork(sf), job.id).device == "Receipt printer"


def test_devices_simulate_takes_its_own_options(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["devices", "simulate", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--display" in out and "--status" in out and "--tcp PORT" in out
