"""Opening the station database: WAL, synchronous=FULL, migrations at start-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from counterapp.db.search_index import ensure_account_search, ensure_article_search

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own
    # transaction handling defers BEGIN and cannot do BEGIN IMMEDIATE).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _begin(conn: Any) -> None:
    # A transaction that will write takes the write lock at BEGIN ("IMMEDIATE"):
    # a deferred one that reads first and upgrades later fails with SQLITE_BUSY
    # without waiting when another writer got in between. Readers stay deferred
    # so they never wait on a writer (WAL).
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


# Execution option for a writer's connection or engine: BEGIN IMMEDIATE.
WRITER = {"sqlite_begin": "IMMEDIATE"}


def configure_sqlite(engine: Engine) -> Engine:
    """WAL, synchronous=FULL, foreign keys, a busy timeout, and BEGIN IMMEDIATE
    for writers: the station's database and the server's SQLite alike."""
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def make_engine(path: str | Path) -> Engine:
    """An engine on a SQLite file, configured for durability."""
    return configure_sqlite(create_engine(f"sqlite:///{Path(path)}", future=True))


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (Alembic cookbook: shared connection)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def open_database(path: str | Path) -> tuple[Engine, Callable[[], Session]]:
    """Open (creating if needed) and migrate the station database: backed up
    first, restored if a migration fails, refused if newer than this software
    (``counterapp.db.upgrade``; raises ``UpgradeRefused``)."""
    from counterapp.db.upgrade import upgrade_with_backup

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)

    def run_migrations() -> None:
        try:
            migrate(engine)
        finally:
            engine.dispose()  # no pooled connection holds the file while a backup is restored

    upgrade_with_backup(Path(path), run_migrations, script_directory())
    ensure_account_search(engine)  # the name/address index (issue 3)
    ensure_article_search(engine)  # the knowledge base's index (issue 16)
    from counterapp.db.chaining import install  # the record chains (issue 15)

    return engine, install(sessionmaker(engine, expire_on_commit=False))
