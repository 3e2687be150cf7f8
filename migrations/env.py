"""Alembic environment for the station database.

Runs on a connection handed over in ``config.attributes["connection"]`` (the
app migrates at start-up) or on ``sqlalchemy.url``. Batch mode on SQLite.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from counterapp.db.models import Base
from counterapp.db.search_index import is_search_index

config = context.config
target_metadata = Base.metadata


def _include_name(name, type_, _parent_names) -> bool:  # type: ignore[no-untyped-def]
    # The FTS5 account index is made at start-up, not by migrations.
    return not (type_ == "table" and is_search_index(name))


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _configure_and_run(conn)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
