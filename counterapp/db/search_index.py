"""The full-text index behind the account name/address search (SQLite FTS5).

``account_fts`` indexes ``account.search_key`` (name and address, folded) as
an external-content FTS5 table kept current by triggers, so every writer —
the demo loader, replication from head office, a Core or ORM statement — keeps
it right without knowing it exists. It is made at start-up, not by a
migration: a later migration that rebuilds the ``account`` table (Alembic's
batch mode copies and drops it) also drops its triggers, and start-up puts
them back and rebuilds the index when it no longer matches the table.

Not part of the models (FTS5 tables and their shadow tables are SQLite's
own); ``is_search_index`` tells Alembic's comparison to leave them alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

FTS_TABLE = "account_fts"

_STATEMENTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_key, content='account', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON account BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_key) VALUES (new.rowid, new.search_key); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON account BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_key) "
    "VALUES ('delete', old.rowid, old.search_key); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON account BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_key) "
    "VALUES ('delete', old.rowid, old.search_key); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_key) VALUES (new.rowid, new.search_key); END",
)


TRIGGERS = (f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au")


class SuspendedIndex:
    """For a bulk load inside an open transaction on DB-API cursor ``cursor``:
    drop the triggers, and afterwards rebuild the index once and put them back
    (one rebuild is several times faster than a trigger per row)."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        self.active = bool(
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (f"{FTS_TABLE}_ai",)
            ).fetchone()
        )

    def __enter__(self) -> SuspendedIndex:
        if self.active:
            for trigger in TRIGGERS:
                self._cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if self.active and exc_type is None:
            self._cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            for statement in _STATEMENTS[1:]:
                self._cursor.execute(statement)


def is_search_index(name: str | None) -> bool:
    """The FTS tables and their shadow tables (``account_fts_data`` …)."""
    return bool(name) and str(name).startswith((FTS_TABLE, KB_FTS_TABLE))


def ensure_account_search(engine: Engine) -> bool:
    """Create the index and its triggers when missing; rebuild it when it does
    not cover the table. False when this SQLite has no FTS5 (the search then
    reads the table instead)."""
    with engine.begin() as conn:
        has_account = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account'"
        ).first()
        if has_account is None:
            return False
        try:
            existed = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (f"{FTS_TABLE}_ai",)
            ).first()
            for statement in _STATEMENTS:
                conn.exec_driver_sql(statement)
        except Exception as exc:  # no FTS5 compiled in: "no such module: fts5"
            if "fts5" in str(exc).lower():
                return False
            raise
        indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE}_docsize").scalar()
        rows = conn.exec_driver_sql("SELECT count(*) FROM account").scalar()
        if existed is None or indexed != rows:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True


# --- the knowledge base (issue 16) ---------------------------------------------
# ``kb_article_fts`` indexes the articles' words the same way (accents ignored,
# prefixes of 2 and 3 letters stored), one FTS column per section so a match in
# the title ranks above one in the body (``KB_WEIGHTS``, bm25's column weights).

KB_FTS_TABLE = "kb_article_fts"
KB_COLUMNS = (
    "language",  # "en"/"fr", matched as a token so a language filter costs nothing
    "title",
    "tags",
    "summary",
    "department",
    "bring",
    "fees",
    "hours",
    "eligibility",
    "body",
)
KB_WEIGHTS = (0.0, 12.0, 8.0, 4.0, 3.0, 2.0, 2.0, 1.0, 2.0, 1.0)
KB_TEXT_COLUMNS = KB_COLUMNS[1:]  # what the words typed are looked for in
_KB_COLS = ", ".join(KB_COLUMNS)
_KB_NEW = ", ".join(f"new.{c}" for c in KB_COLUMNS)
_KB_OLD = ", ".join(f"old.{c}" for c in KB_COLUMNS)
_KB_STATEMENTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {KB_FTS_TABLE} USING fts5("
    f"{_KB_COLS}, content='kb_article', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    f"CREATE TRIGGER IF NOT EXISTS {KB_FTS_TABLE}_ai AFTER INSERT ON kb_article BEGIN "
    f"INSERT INTO {KB_FTS_TABLE}(rowid, {_KB_COLS}) VALUES (new.rowid, {_KB_NEW}); END",
    f"CREATE TRIGGER IF NOT EXISTS {KB_FTS_TABLE}_ad AFTER DELETE ON kb_article BEGIN "
    f"INSERT INTO {KB_FTS_TABLE}({KB_FTS_TABLE}, rowid, {_KB_COLS}) "
    f"VALUES ('delete', old.rowid, {_KB_OLD}); END",
    f"CREATE TRIGGER IF NOT EXISTS {KB_FTS_TABLE}_au AFTER UPDATE ON kb_article BEGIN "
    f"INSERT INTO {KB_FTS_TABLE}({KB_FTS_TABLE}, rowid, {_KB_COLS}) "
    f"VALUES ('delete', old.rowid, {_KB_OLD}); "
    f"INSERT INTO {KB_FTS_TABLE}(rowid, {_KB_COLS}) VALUES (new.rowid, {_KB_NEW}); END",
)


def ensure_article_search(engine: Engine) -> bool:
    """The knowledge base's index and triggers (made at start-up, like the
    accounts' one: a migration that rebuilds ``kb_article`` drops its
    triggers). False when this SQLite has no FTS5 (the search reads the table)."""
    with engine.begin() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kb_article'"
        ).first()
        if has_table is None:
            return False
        made = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = ?", (KB_FTS_TABLE,)
        ).scalar()
        if made is not None and made != _KB_STATEMENTS[0].replace(" IF NOT EXISTS", ""):
            # An index of another shape (a newer or older release): made again.
            for trigger in ("ai", "ad", "au"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {KB_FTS_TABLE}_{trigger}")
            conn.exec_driver_sql(f"DROP TABLE {KB_FTS_TABLE}")
        try:
            existed = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (f"{KB_FTS_TABLE}_ai",)
            ).first()
            for statement in _KB_STATEMENTS:
                conn.exec_driver_sql(statement)
        except Exception as exc:  # no FTS5 compiled in
            if "fts5" in str(exc).lower():
                return False
            raise
        indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {KB_FTS_TABLE}_docsize").scalar()
        rows = conn.exec_driver_sql("SELECT count(*) FROM kb_article").scalar()
        if existed is None or indexed != rows:
            conn.exec_driver_sql(f"INSERT INTO {KB_FTS_TABLE}({KB_FTS_TABLE}) VALUES ('rebuild')")
        # One b-tree instead of the segments replication left (a few ms for thousands).
        conn.exec_driver_sql(f"INSERT INTO {KB_FTS_TABLE}({KB_FTS_TABLE}) VALUES ('optimize')")
    return True
