"""The station's database file: durable settings, migrations both ways, record ids."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from counterapp.db.engine import alembic_config, downgrade, make_engine, migrate, open_database
from counterapp.db.models import Base
from counterapp.db.search_index import is_search_index
from counterapp.ids import uuid7

# Every table the models declare: the foundation's (a sale, its lines and
# tenders, the audit, the outbox, the catalogue, staff, the station) and any
# a later migration adds.
STATION_TABLES = set(Base.metadata.tables)
assert {"station", "staff", "service", "sale", "sale_line", "tender", "audit_entry", "outbox"} <= (
    STATION_TABLES
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.sqlite3"


def _tables(engine: Engine) -> set[str]:
    # Less the account search index start-up makes (FTS5, not a model; issue 3).
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    return {n for n in names if not is_search_index(n)}


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _assert_durable(conn: Connection) -> None:
    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_station_file_survives_a_power_cut_wal_and_synchronous_full(db_path: Path) -> None:
    engine, _ = open_database(db_path)
    try:
        # Every pooled connection, not only the first: hold one connection
        # checked out (its transaction ended) while a second one is opened.
        with engine.connect() as first:
            _assert_durable(first)
            first.rollback()
            with engine.connect() as second:
                assert second.connection.dbapi_connection is not first.connection.dbapi_connection
                _assert_durable(second)
    finally:
        engine.dispose()


def test_migrations_have_one_line_of_history() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    # Linear: no merge points, no branches.
    assert all(not isinstance(r.down_revision, tuple) for r in script.walk_revisions())


def test_a_new_station_file_is_migrated_to_head_at_start_up(db_path: Path) -> None:
    engine, _ = open_database(db_path)
    try:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert db_path.exists()
        assert _revision(engine) == head
        assert _tables(engine) == STATION_TABLES
    finally:
        engine.dispose()


def test_migrations_go_down_to_empty_and_back_up_on_a_real_file(db_path: Path) -> None:
    engine = make_engine(db_path)
    try:
        migrate(engine)
        head = _revision(engine)
        assert _tables(engine) == STATION_TABLES

        downgrade(engine, "base")
        assert _revision(engine) is None
        assert _tables(engine) == set()

        migrate(engine)
        assert _revision(engine) == head
        assert _tables(engine) == STATION_TABLES
    finally:
        engine.dispose()


def test_reopening_a_station_file_at_head_keeps_it_as_it_was(db_path: Path) -> None:
    engine, _ = open_database(db_path)
    engine.dispose()
    engine, _ = open_database(db_path)  # start-up again: nothing to migrate
    try:
        assert _tables(engine) == STATION_TABLES
    finally:
        engine.dispose()


def _schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_models_equal_migrations(db_path: Path) -> None:
    """What ``alembic check`` does: autogenerate against a migrated file finds nothing."""
    engine = make_engine(db_path)
    try:
        assert _schema_diff(engine) != []  # the comparison does see a missing schema
        migrate(engine)
        assert _schema_diff(engine) == []
    finally:
        engine.dispose()


def test_record_ids_never_repeat() -> None:
    ids = [uuid7() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)


def test_record_ids_sort_in_the_order_they_were_made() -> None:
    ids = [uuid7() for _ in range(20_000)]  # many share a millisecond
    assert ids == sorted(ids)
    assert [uuid.UUID(i).int for i in ids] == sorted(uuid.UUID(i).int for i in ids)


def test_record_ids_are_standard_uuid7() -> None:
    u = uuid.UUID(uuid7())
    assert u.version == 7
    assert u.variant == uuid.RFC_4122
    assert len(str(u)) == 36
