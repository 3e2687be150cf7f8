"""The server's own schema under Alembic (``migrations/server``), on SQLite
and PostgreSQL: one line of history, models equal migrations, down and up,
and a database made before migrations existed is taken over."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from counterapp.server.db import ReceivedRecord, Sale, make_server_engine
from counterapp.server.migrate import (
    FOUNDATION_REVISION,
    current_revision,
    downgrade_server,
    server_alembic_config,
    server_head,
    server_metadata,
    upgrade_server,
)
from tests.sync_support import scratch_database


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, server_metadata()))


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Engine:
    engine = make_server_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield engine
    engine.dispose()


def test_server_migrations_have_one_line_of_history() -> None:
    script = ScriptDirectory.from_config(server_alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    assert all(r.down_revision is not None for r in revisions[:-1])


def test_server_models_equal_migrations_on_sqlite(sqlite_engine: Engine) -> None:
    upgrade_server(sqlite_engine)
    assert current_revision(sqlite_engine) == server_head()
    assert _differences(sqlite_engine) == []


@pytest.mark.postgres
def test_server_models_equal_migrations_on_postgresql() -> None:
    with scratch_database("counterapp_migrations") as url:
        engine = make_server_engine(url)
        try:
            upgrade_server(engine)
            assert current_revision(engine) == server_head()
            assert _differences(engine) == []
            downgrade_server(engine, "base")
            assert set(inspect(engine).get_table_names()) == {"alembic_version"}
            upgrade_server(engine)
            assert _differences(engine) == []
        finally:
            engine.dispose()


def test_server_migrations_go_down_to_empty_and_back_up(sqlite_engine: Engine) -> None:
    upgrade_server(sqlite_engine)
    downgrade_server(sqlite_engine, "base")
    assert set(inspect(sqlite_engine).get_table_names()) == {"alembic_version"}
    upgrade_server(sqlite_engine)
    assert _differences(sqlite_engine) == []


def test_a_server_database_from_before_migrations_is_taken_over_with_its_data(
    sqlite_engine: Engine,
) -> None:
    # What create_all made before the server had migrations: the foundation's
    # tables as they were then (revision s0001's), without Alembic's own table.
    upgrade_server(sqlite_engine, FOUNDATION_REVISION)
    with sqlite_engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    with sqlite_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO received_record (id, station_code, kind, seq, payload, received_at) "
                "VALUES ('r-1', 'WHB-01', 'audit', 1, '{}', '2026-03-14 15:30:00')"
            )
        )

    upgrade_server(sqlite_engine)

    assert current_revision(sqlite_engine) == server_head()
    assert _differences(sqlite_engine) == []
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM received_record")).scalars().all() == ["r-1"]
    assert {ReceivedRecord.__tablename__, Sale.__tablename__} <= set(
        inspect(sqlite_engine).get_table_names()
    )


@pytest.mark.postgres
def test_two_servers_starting_at_once_migrate_once() -> None:
    import threading

    with scratch_database("counterapp_migrations") as url:
        engines = [make_server_engine(url) for _ in range(2)]
        errors: list[BaseException] = []

        def start(engine: Engine) -> None:
            try:
                upgrade_server(engine)
            except BaseException as exc:  # the test reports it below
                errors.append(exc)

        try:
            threads = [threading.Thread(target=start, args=(e,)) for e in engines]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            assert errors == []
            assert current_revision(engines[0]) == server_head()
            assert _differences(engines[0]) == []
        finally:
            for e in engines:
                e.dispose()
