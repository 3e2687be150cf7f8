"""The station's chains, kept as rows are written (issue 15, ``domain.chain``).

``install(sessions)`` hooks the station's sessions: at every flush, each new
outbox entry and each new audit row is linked to the newest one before it
(in the order they were added) and hashed; ``chain_head`` keeps the newest
hash of each chain, in the same transaction. Nothing else in the services
changes: every place that writes an outbox entry or an audit row is covered.

``verify_audit`` walks the audit trail back from its head and names every row
edited (its hash no longer matches), deleted (a link points at nothing) or
slipped in (not on the chain).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from counterapp.db.models import AuditEntry, ChainHead, OutboxEntry
from counterapp.domain.chain import AUDIT_CHAIN, OUTBOX_CHAIN, audit_hash, record_hash
from counterapp.domain.retention import KINDS, SALT_KEY, personal_paths


def _moment(at: datetime | None) -> str | None:
    # As SQLite keeps it: the wall time, without the offset.
    return at.replace(tzinfo=None).isoformat(sep=" ") if at is not None else None


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    """An audit row's columns as JSON values (what its hash covers)."""
    return {
        "id": entry.id,
        "at": _moment(entry.at),
        "station_code": entry.station_code,
        "staff_id": entry.staff_id,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "detail": entry.detail or {},
    }


def _insert_order(obj: object) -> int:
    return int(inspect(obj).insert_order or 0)


_READ_HEADS = "SELECT name, hash, length FROM chain_head"
_WRITE_HEAD = (
    "INSERT INTO chain_head (name, hash, length) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, length = excluded.length"
)


def _link_new(session: Session, _context: Any, _instances: Any) -> None:
    new = [o for o in session.new if isinstance(o, (OutboxEntry, AuditEntry)) and o.hash is None]
    if not new:
        return
    new.sort(key=_insert_order)
    # Plain SQL on the flush's own DB-API connection, inside the writer's open
    # transaction: the ORM's and even Core's per-statement machinery would cost
    # more than the hashing (bench/chain.py).
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        _link(cursor, new)
    finally:
        cursor.close()


def _link(cursor: Any, new: list[OutboxEntry | AuditEntry]) -> None:
    heads = {n: (h, length) for n, h, length in cursor.execute(_READ_HEADS).fetchall()}
    written = []
    for name, kind in ((OUTBOX_CHAIN, OutboxEntry), (AUDIT_CHAIN, AuditEntry)):
        rows = [o for o in new if isinstance(o, kind)]
        if not rows:
            continue
        head, length = heads.get(name, (None, 0))
        for row in rows:
            row.prev_hash = head
            if isinstance(row, OutboxEntry):
                if (
                    row.kind in KINDS
                    and SALT_KEY not in row.payload
                    and personal_paths(row.kind, row.payload)
                ):
                    # Personal data: a salt of its own, so the record can be
                    # redacted later without changing its hash (domain.retention).
                    row.payload = {**row.payload, SALT_KEY: secrets.token_hex(16)}
                row.hash = record_hash(row.id, row.kind, row.payload, head)
            else:
                row.hash = audit_hash(audit_row(row), head)
            head, length = row.hash, length + 1
        written.append((name, head, length))
    cursor.executemany(_WRITE_HEAD, written)


def install(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    event.listen(sessions, "before_flush", _link_new)
    return sessions


@dataclass
class AuditCheck:
    rows: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_audit(session_factory: Callable[[], Session]) -> AuditCheck:
    """Every audit row on the chain, unchanged, none missing."""
    with session_factory() as session:
        head = session.get(ChainHead, AUDIT_CHAIN)
        rows = list(session.scalars(select(AuditEntry)))
    check = AuditCheck(rows=len(rows))
    by_hash = {r.hash: r for r in rows if r.hash}
    for r in rows:
        if r.hash is None:
            continue  # written before the chain existed (migration 1501)
        if audit_hash(audit_row(r), r.prev_hash) != r.hash:
            check.problems.append(f"audit row {r.id} ({r.action}) was changed after it was written")
    seen: set[str] = set()
    at = head.hash if head is not None else None
    walked = 0
    last_id = ""
    while at is not None:
        row = by_hash.get(at)
        if row is None:
            where = "the newest" if walked == 0 else f"the one before row {last_id}"
            check.problems.append(f"an audit row is missing: {where} (hash {at[:12]}…)")
            break
        if at in seen:
            check.problems.append(f"the audit chain loops at row {row.id}")
            break
        seen.add(at)
        walked += 1
        last_id = row.id
        at = row.prev_hash
    if head is not None and walked != head.length and not check.problems:
        check.problems.append(
            f"the audit chain has {walked} rows but {head.length} were written: rows are missing"
        )
    for r in rows:
        if (
            r.hash
            and r.hash not in seen
            and not any(p.startswith(f"audit row {r.id}") for p in check.problems)
        ):
            check.problems.append(f"audit row {r.id} ({r.action}) is not on the chain")
    return check
