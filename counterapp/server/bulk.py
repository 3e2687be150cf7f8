"""Writing a batch's rows fast, inside the batch's transaction.

On PostgreSQL rows go in with ``COPY`` (the fastest way in), and the
idempotent insert of received records is ``COPY`` into a temporary table
followed by ``INSERT … SELECT … ON CONFLICT (id) DO NOTHING RETURNING id``:
one statement decides which records are new. On SQLite, executemany is
already fast. Table and column names come from the models and are quoted
as identifiers (``psycopg.sql``); values always travel as parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session


@contextmanager
def _as_sqlalchemy_errors(statement: str) -> Iterator[None]:
    """psycopg's errors from the raw cursor, raised as SQLAlchemy's (an
    ``IntegrityError`` stays one), so callers handle one family of errors."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def _driver_connection(session: Session) -> Any:
    return session.connection().connection.driver_connection


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _copy(cur: Any, table_name: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table_name), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    with cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _adapter(table: Table) -> Callable[[str, Any], Any]:
    from psycopg.types.json import Jsonb
    from sqlalchemy import JSON

    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}

    def adapt(name: str, value: Any) -> Any:
        return Jsonb(value) if name in json_columns and value is not None else value

    return adapt


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert new rows (their keys are known not to exist)."""
    if not rows:
        return
    if not _is_postgresql(session):
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    adapt = _adapter(table)
    with _as_sqlalchemy_errors(f"COPY {table.name}"), _driver_connection(session).cursor() as cur:
        _copy(cur, table.name, columns, [tuple(adapt(c, r[c]) for c in columns) for r in rows])


def insert_new(
    session: Session, table: Table, rows: list[dict[str, Any]], key: str = "id"
) -> set[Any]:
    """Insert the rows whose ``key`` is not stored yet; the keys inserted.

    Rows go in ``key`` order, so two transactions inserting overlapping keys
    wait on each other in one order and never deadlock.
    """
    if not rows:
        return set()
    rows = sorted(rows, key=lambda r: r[key])
    if not _is_postgresql(session):
        stmt = (
            sqlite.insert(table)
            .on_conflict_do_nothing(index_elements=[key])
            .returning(table.c[key])
        )
        return set(session.scalars(stmt, rows))
    from psycopg import sql
    from sqlalchemy import column, select
    from sqlalchemy import table as table_clause
    from sqlalchemy.dialects import postgresql

    columns = list(rows[0])
    adapt = _adapter(table)
    with _driver_connection(session).cursor() as cur:
        cur.execute(
            sql.SQL(
                "CREATE TEMP TABLE incoming (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP"
            ).format(sql.Identifier(table.name))
        )
        _copy(cur, "incoming", columns, [tuple(adapt(c, r[c]) for c in columns) for r in rows])
    # Through SQLAlchemy (not the raw cursor), so its events see the statement.
    incoming = table_clause("incoming", *(column(c) for c in columns))
    stmt = (
        postgresql.insert(table)
        .from_select(columns, select(*incoming.c).order_by(incoming.c[key]))
        .on_conflict_do_nothing(index_elements=[key])
        .returning(table.c[key])
    )
    inserted = set(session.scalars(stmt))
    with _as_sqlalchemy_errors("DROP TABLE incoming"), _driver_connection(session).cursor() as cur:
        cur.execute("DROP TABLE incoming")
    return inserted
