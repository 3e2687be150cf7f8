"""Safe upgrades of the station database at start-up (issue 12).

Before the station's migrations run on a database that needs them, the file is
copied with SQLite's online backup API into ``backups/`` beside it (the last
``KEEP_BACKUPS`` are kept). A migration that fails puts that copy back, so the
counter starts again on the software it had, and the error says so. A database
whose revision this software's Alembic history does not know was made by a
newer release: it is refused and never opened for writing.

Nothing here imports Qt; the CLI prints ``UpgradeRefused`` and exits non-zero,
the window shows it in a dialog.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

KEEP_BACKUPS = 5
BACKUP_DIR = "backups"


class UpgradeRefused(RuntimeError):
    """The station database cannot be used by this software; the message says
    why and what to do, in full sentences for an administrator."""


class DatabaseTooNew(UpgradeRefused):
    """The database was made by a newer counterapp."""


class MigrationFailed(UpgradeRefused):
    """A migration failed; the database was restored from its backup."""

    def __init__(self, message: str, backup: Path | None) -> None:
        super().__init__(message)
        self.backup = backup


@dataclass(frozen=True, slots=True)
class UpgradeResult:
    from_revision: str | None  # None: a new, empty database
    to_revision: str
    backup: Path | None  # the copy taken before migrating, if any


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / BACKUP_DIR


def first_row(db_path: Path, table: str, column: str) -> tuple[object, ...] | None:
    """The first row's ``column`` of ``table`` in the file, read without changing
    it; None when the file, the table or the row is not there."""
    db_path = Path(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute(f'SELECT "{column}" FROM "{table}" LIMIT 1').fetchone()
        return None if row is None else tuple(row)
    finally:
        conn.close()


def current_revision(db_path: Path) -> str | None:
    """The Alembic revision stored in the file, read without changing it
    (``None`` when the file is missing or was never migrated)."""
    row = first_row(db_path, "alembic_version", "version_num")
    return None if row is None else str(row[0])


def _copy(src_path: Path, dst_path: Path) -> None:
    """SQLite's online backup: a consistent copy even of a WAL database
    another process has open."""
    src = sqlite3.connect(str(src_path))
    try:
        dst = sqlite3.connect(str(dst_path))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def take_backup(
    db_path: Path, revision: str | None, *, keep: int = KEEP_BACKUPS, now: datetime | None = None
) -> Path:
    """Copy the database into ``backups/`` and keep only the newest ``keep``."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{Path(db_path).stem}-{stamp}-rev{revision or 'none'}.sqlite3"
    _copy(Path(db_path), target)
    prune_backups(db_path, keep)
    return target


def list_backups(db_path: Path) -> list[Path]:
    """The database's backups, oldest first (their names sort by time)."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{Path(db_path).stem}-*.sqlite3"))


def prune_backups(db_path: Path, keep: int) -> None:
    for old in list_backups(db_path)[: max(0, len(list_backups(db_path)) - keep)]:
        old.unlink(missing_ok=True)


def restore_backup(backup: Path, db_path: Path) -> None:
    """Write the backup back over the database through SQLite (its WAL too)."""
    _copy(Path(backup), Path(db_path))


def upgrade_with_backup(
    db_path: Path,
    migrate: Callable[[], None],
    script: ScriptDirectory,
    *,
    keep: int = KEEP_BACKUPS,
) -> UpgradeResult:
    """Bring ``db_path`` to the head of ``script`` through ``migrate``, safely.

    - no database yet: migrate, nothing to back up;
    - at head: nothing happens (no backup);
    - an older revision: back up, migrate, restore the backup if that fails;
    - a revision ``script`` does not know: refused, the file untouched.
    """
    db_path = Path(db_path)
    head = script.get_current_head()
    assert head is not None, "the station's Alembic history has no head"
    revision = current_revision(db_path)
    if revision is None:
        migrate()
        return UpgradeResult(None, head, None)
    if revision == head:
        return UpgradeResult(revision, head, None)
    known = {rev.revision for rev in script.walk_revisions()}
    if revision not in known:
        raise DatabaseTooNew(
            f"The station database {db_path} was made by a newer version of counterapp "
            f"(database revision {revision}; this version knows revisions up to {head}). "
            "It was not opened or changed. Install the newer counterapp on this PC, "
            "or ask IT for help."
        )
    backup = take_backup(db_path, revision, keep=keep)
    log.info("station database backed up before upgrading from %s: %s", revision, backup.name)
    try:
        migrate()
    except Exception as exc:
        log.exception("upgrading the station database from %s failed", revision)
        try:
            restore_backup(backup, db_path)
        except Exception as restore_exc:  # pragma: no cover - the disk itself failed
            raise MigrationFailed(
                f"Upgrading the station database {db_path} from revision {revision} to "
                f"{head} failed ({type(exc).__name__}: {exc}), and putting the backup back "
                f"failed too ({restore_exc}). Do not use this counter; the copy taken before "
                f"the upgrade is {backup}. Call IT.",
                backup,
            ) from exc
        raise MigrationFailed(
            f"Upgrading the station database {db_path} from revision {revision} to {head} "
            f"failed ({type(exc).__name__}: {exc}). The database was put back as it was "
            f"before the upgrade from the backup {backup}; nothing was lost. This version "
            "of counterapp cannot run on it: reinstall the previous version or call IT.",
            backup,
        ) from exc
    return UpgradeResult(revision, head, backup)
