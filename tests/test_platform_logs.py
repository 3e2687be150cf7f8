"""Platform paths and logs (issue 12): the data folder, logs and backups where
each platform keeps them; COM ports and /dev/tty* both accepted; logs rotate
and never hold what a visitor told the counter."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from counterapp import cli, config, logs
from counterapp.config import StationConfig, default_data_dir, default_log_dir
from counterapp.db.upgrade import backup_dir
from counterapp.domain.devices import DeviceRole, DeviceSettings
from counterapp.services.sales import LineRequest
from tests.counter_support import AFFIDAVIT_CHECKLIST


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("COUNTERAPP_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return monkeypatch


def test_windows_keeps_data_logs_and_backups_under_localappdata(clean_env, tmp_path) -> None:
    clean_env.setattr(config, "_platform", lambda: "win32")
    clean_env.setenv("LOCALAPPDATA", r"C:\Users\clerk\AppData\Local")
    data = default_data_dir()
    assert data == Path(r"C:\Users\clerk\AppData\Local") / "counterapp"
    assert default_log_dir(data) == data / "logs"
    assert backup_dir(StationConfig(data_dir=data).database_path) == data / "backups"


def test_linux_follows_xdg(clean_env, tmp_path) -> None:
    clean_env.setattr(config, "_platform", lambda: "linux")
    home = tmp_path / "home"
    assert default_data_dir() == home / ".local" / "share" / "counterapp"
    assert default_log_dir(default_data_dir()) == home / ".local" / "state" / "counterapp" / "logs"
    clean_env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    clean_env.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    assert default_data_dir() == tmp_path / "xdg-data" / "counterapp"
    assert default_log_dir(default_data_dir()) == tmp_path / "xdg-state" / "counterapp" / "logs"
    # A data folder named on purpose (--data-dir, the demo) keeps its logs inside it.
    assert default_log_dir(tmp_path / "elsewhere") == tmp_path / "elsewhere" / "logs"
    clean_env.setenv("COUNTERAPP_HOME", str(tmp_path / "portable"))
    assert default_data_dir() == tmp_path / "portable"
    assert default_log_dir(default_data_dir()) == tmp_path / "portable" / "logs"


@pytest.mark.parametrize("port", ["COM3", "/dev/ttyUSB0", "/dev/ttyS1", "socket://10.1.2.3:9100"])
def test_both_kinds_of_serial_port_are_accepted_in_settings(tmp_path: Path, port: str) -> None:
    printer = DeviceSettings(
        name="Receipt printer", role=DeviceRole.RECEIPT_PRINTER.value, url=port
    )
    assert printer.problems() == []
    StationConfig(data_dir=tmp_path, devices=[printer]).save()
    assert StationConfig.load(tmp_path).device_list()[0].url == port


def test_the_log_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / "counterapp.log"
    for n in range(200):
        logging.getLogger("counterapp.test").info("receipt WHB-01-%06d printed", n)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["counterapp.log"] + [f"counterapp.log.{i}" for i in range(1, logs.BACKUPS + 1)]
    assert all(p.stat().st_size <= 2_000 for p in (tmp_path / "logs").iterdir())
    assert "WHB-01-000199" in path.read_text(encoding="utf-8")  # identifiers stay readable


NAME = "Marguerite Okafor-Tremblay"
ID_DIGITS = "7305"


def test_selling_to_a_named_deponent_leaves_no_personal_data_in_the_log(
    tmp_path: Path, demo_counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With -v, SQL logging switched on by someone debugging, and an error whose
    text carries the record's values, the log still holds none of them."""
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "-v", "db", "upgrade"]) == 0
    log_file = data / "logs" / "counterapp.log"
    engine_log = logging.getLogger("sqlalchemy.engine")
    monkeypatch.setattr(engine_log, "level", engine_log.level)  # restored after the test
    engine_log.setLevel(logging.INFO)  # echo, as when debugging

    answers = {"deponent_name": NAME, "id_type": "Passport", "id_last_digits": ID_DIGITS}
    line = LineRequest(
        "COM-AFF", 1, checklist_ticked=AFFIDAVIT_CHECKLIST, detail={"answers": answers}
    )
    from counterapp.domain.tender import TenderInput, TenderKind

    result = demo_counter.sell(demo_counter.alex, (line,), (TenderInput(TenderKind.CASH, 5000),))
    log = logging.getLogger("counterapp.sync.client")
    log.info("sold %s", result.receipt_no)
    log.warning("batch refused: %s", {"kind": "sale", "detail": {"answers": answers}})
    log.warning(
        "push stopped: duplicate key (deponent_name)=(%s) email=%s phone %s",
        NAME,
        "m.okafor@example.ca",
        "905-555-0142",
    )
    try:
        raise ValueError(f"deponent_name='{NAME}' card 4520 1234 5678 9012")
    except ValueError:
        log.exception("device job failed")
    for handler in logging.getLogger().handlers:
        handler.flush()

    text = log_file.read_text(encoding="utf-8")
    assert result.receipt_no in text  # the log says what happened…
    assert "device job failed" in text and "ValueError" in text
    for personal in (
        NAME,
        "Marguerite",
        "Okafor",
        "m.okafor@example.ca",
        "905-555-0142",
        "4520 1234 5678 9012",
        f"'{ID_DIGITS}'",
    ):
        assert personal not in text, personal  # …and nothing about who


@pytest.mark.parametrize(
    "key",
    [
        "participant_birth_date",
        "participant_name",
        "guardian_name",
        "guardianPhone",
        "child_dob",
        "ownerName",
        "contact_email",
        "applicant_address_line",
        "deponent",
        "id_last_digits",
        "summary",
        "callback",
        "spouse_sin",
    ],
)
@pytest.mark.parametrize("form", ['"{k}": "{v}"', "'{k}': '{v}'", "{k}={v}", "{k}: {v}"])
def test_a_compound_key_holding_a_personal_field_is_masked(key: str, form: str) -> None:
    """``"participant_birth_date": "2016-04-02"`` went through unmasked (no word
    boundary before "birth"): any key one of whose words is personal is masked."""
    value = "2016-04-02 Zacharie"
    line = "batch refused: total_cents=5 " + form.format(k=key, v=value) + ", receipt_no=WHB-01"
    out = logs.redact(line)
    assert "2016-04-02" not in out and "Zacharie" not in out, out
    assert "total_cents=5" in out and "receipt_no=WHB-01" in out


def test_keys_naming_no_person_are_left_alone() -> None:
    line = "paid_at=2026-01-02 sale_id=01a2 kind=sale station_code=WHB-01 receipt_no=WHB-01-000003"
    assert logs.redact(line) == line


@pytest.fixture
def demo_counter(tmp_path: Path):
    from tests.counter_support import counter_from, make_template

    (tmp_path / "template").mkdir()
    (tmp_path / "counter").mkdir()
    template = make_template(tmp_path / "template")
    with counter_from(template, tmp_path / "counter") as counter:
        yield counter
