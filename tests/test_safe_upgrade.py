"""Safe upgrades at start-up (issue 12): an older station database is backed up
with SQLite's online backup before it is migrated; a failing migration puts the
backup back and says so; a database newer than the software is refused and
never touched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from counterapp import cli
from counterapp.db import engine as engine_mod
from counterapp.db.engine import make_engine, migrate, open_database, script_directory
from counterapp.db.models import Station
from counterapp.db.uow import UnitOfWork
from counterapp.db.upgrade import (
    KEEP_BACKUPS,
    DatabaseTooNew,
    MigrationFailed,
    current_revision,
    list_backups,
    take_backup,
)
from counterapp.services.auth import hash_password, login

# The release before this one stopped at this revision (the device job queue,
# issue 4); the current history goes on from there.
PREVIOUS_RELEASE = "0401"


def _older_database(path: Path) -> None:
    """A station file made by the previous release's migrations, with a day's data in it."""
    engine = make_engine(path)
    migrate(engine, PREVIOUS_RELEASE)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO station (code, site_code, site_name, address_lines, last_receipt_seq) "
            "VALUES ('WHB-01', 'WHB', 'Service Whitby', '[\"575 Rossland Rd E\"]', 41)"
        )
        conn.exec_driver_sql(
            "INSERT INTO staff (id, username, display_name, role, password_hash, "
            "is_commissioner, active) VALUES (?, 'alex', 'Alex Martin', 'associate', ?, 1, 1)",
            ("0190aaaa-0000-7000-8000-000000000001", hash_password("counter")),
        )
    engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_older_database_is_backed_up_then_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    _older_database(db)
    assert current_revision(db) == PREVIOUS_RELEASE

    engine, sf = open_database(db)  # what start-up does
    try:
        head = script_directory().get_current_head()
        assert current_revision(db) == head != PREVIOUS_RELEASE
        with UnitOfWork(sf, readonly=True) as uow:
            station = uow.session.scalars(select(Station)).one()
            assert (station.code, station.last_receipt_seq) == ("WHB-01", 41)
        assert login(UnitOfWork(sf), "alex", "counter").username == "alex"
    finally:
        engine.dispose()

    backups = list_backups(db)
    assert len(backups) == 1 and backups[0].parent == tmp_path / "backups"
    assert f"rev{PREVIOUS_RELEASE}" in backups[0].name
    # The backup is the database as it was: the old revision, the same rows.
    assert current_revision(backups[0]) == PREVIOUS_RELEASE
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT last_receipt_seq FROM station").fetchone() == (41,)

    # Starting again on an up-to-date database takes no further backup.
    engine, _ = open_database(db)
    engine.dispose()
    assert list_backups(db) == backups


def test_a_new_database_needs_no_backup(tmp_path: Path) -> None:
    engine, _ = open_database(tmp_path / "station.sqlite3")
    engine.dispose()
    assert list_backups(tmp_path / "station.sqlite3") == []


def test_only_the_last_few_backups_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    _older_database(db)
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    made = [take_backup(db, "0401", now=start + timedelta(days=i)) for i in range(KEEP_BACKUPS + 3)]
    assert list_backups(db) == made[-KEEP_BACKUPS:]


BROKEN_MIGRATION = '''"""A migration that fails half way, after part of it was committed."""
import sqlalchemy as sa
from alembic import op

revision = "9901"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    bind = op.get_bind()
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql("UPDATE station SET site_name = 'DAMAGED'")
    bind.exec_driver_sql("BEGIN")
    raise RuntimeError("cannot convert column tender.amount")


def downgrade() -> None:
    pass
'''


@pytest.fixture
def broken_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This software's migrations plus one more that fails (the next release's bug)."""
    head = script_directory().get_current_head()
    folder = tmp_path / "migrations"
    shutil.copytree(engine_mod.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9901_broken.py").write_text(
        BROKEN_MIGRATION.format(head=head), encoding="utf-8"
    )
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", folder)
    return folder


def test_a_failing_migration_restores_the_backup_and_says_so(
    tmp_path: Path, broken_release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "station.sqlite3"
    _older_database(db)
    engine = make_engine(db)
    migrate(engine, "0601")  # the current release, which the broken one upgrades from
    engine.dispose()

    with pytest.raises(MigrationFailed) as failed:
        open_database(db)
    message = str(failed.value)
    assert "from revision 0601 to 9901 failed" in message
    assert "cannot convert column tender.amount" in message
    assert "put back as it was" in message and str(failed.value.backup) in message

    # As before the upgrade: the old revision, the old rows, nothing half done.
    assert current_revision(db) == "0601"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT site_name FROM station").fetchone() == ("Service Whitby",)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables

    # The command line says it too, on stderr, and exits non-zero.
    assert cli.main(["--data-dir", str(data), "db", "upgrade"]) != 0
    err = capsys.readouterr().err
    assert "put back as it was" in err and "Database is up to date" not in err
    assert current_revision(db) == "0601"


def test_a_database_newer_than_the_software_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "station.sqlite3"
    engine, _ = open_database(db)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '2401'")
        conn.exec_driver_sql("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)")
    engine.dispose()
    before = _digest(db)

    with pytest.raises(DatabaseTooNew) as refused:
        open_database(db)
    assert "newer version of counterapp" in str(refused.value)
    assert "2401" in str(refused.value) and "not opened or changed" in str(refused.value)

    assert cli.main(["--data-dir", str(data), "db", "upgrade"]) != 0
    assert "newer version of counterapp" in capsys.readouterr().err

    assert _digest(db) == before
    assert current_revision(db) == "2401"
    assert list_backups(db) == []


def test_the_window_shows_why_it_cannot_start(
    tmp_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from counterapp.config import StationConfig
    from ui import app as ui_app

    db = tmp_path / "station.sqlite3"
    engine, _ = open_database(db)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '2401'")
    engine.dispose()
    before = _digest(db)

    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text() + "\n" + box.informativeText())
            box.accept()
        else:
            QTimer.singleShot(50, read_and_close)

    QTimer.singleShot(50, read_and_close)
    StationConfig(data_dir=tmp_path).save()  # a station that was set up (no first-run set-up)
    assert ui_app.run_station(StationConfig(data_dir=tmp_path)) != 0
    assert seen and "newer version of counterapp" in seen[0]
    assert _digest(db) == before
