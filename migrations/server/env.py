"""Alembic environment for the server's database (PostgreSQL or SQLite).

Apart from the station's (``migrations/env.py``): the two schemas evolve on
their own. Runs on a connection handed over in
``config.attributes["connection"]`` (the server migrates at start-up, see
``counterapp.server.migrate``) or on ``sqlalchemy.url``. Batch mode on SQLite.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from counterapp.server.migrate import server_metadata

config = context.config
target_metadata = server_metadata()


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
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
