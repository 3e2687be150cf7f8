"""The server's schema under Alembic (``migrations/server``), migrated at start-up.

A database made before the server had migrations (``create_all``, the
foundation's tables only) is recognised and stamped at the first revision,
then upgraded like any other.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, inspect, text

SERVER_MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations" / "server"
FOUNDATION_REVISION = "s0001"  # the tables the server made with create_all before
MIGRATION_LOCK = 6_0601_2026  # PostgreSQL advisory lock held while migrating


def server_metadata() -> MetaData:
    """Every server table (each module's models registered on ``ServerBase``)."""
    from counterapp.server import (  # noqa: F401  (registers tables)
        chain,
        programs,
        queue,
        reference,
        service_requests,
        stations,
    )
    from counterapp.server.db import ServerBase
    from counterapp.server.hq import models, totals  # noqa: F401  (head office's tables)

    return ServerBase.metadata


def server_alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SERVER_MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def server_head() -> str:
    head = ScriptDirectory.from_config(server_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_server(engine: Engine, revision: str = "head") -> None:
    """Bring the server's database to ``revision`` (one transaction on PostgreSQL)."""
    cfg = server_alembic_config(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two server processes starting at once: one migrates, the other waits.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        tables = set(inspect(conn).get_table_names())
        if "received_record" in tables and "alembic_version" not in tables:
            command.stamp(cfg, FOUNDATION_REVISION)
        command.upgrade(cfg, revision)


def downgrade_server(engine: Engine, revision: str) -> None:
    cfg = server_alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
