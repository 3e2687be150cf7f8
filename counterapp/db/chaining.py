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

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import instance_state

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


_READ_HEADS = "SELECT name, hash, length FROM chain_head"
_WRITE_HEAD = (
    "INSERT INTO chain_head (name, hash, length) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, length = excluded.length"
)
# In ``session.info``: the chain rows added since the last flush, in the order
# they were added (``_added``), and the transaction's DB-API connection with
# each chain's head as this transaction has written it (``_Heads``, kept for as
# long as that transaction is the innermost one: a new transaction or savepoint,
# or the end of one, is a different object, and the heads are read again).
_ADDED = "chain.added"
_HEADS = "chain.heads"


@dataclass(slots=True)
class _Heads:
    """Each chain's head, valid while ``transaction`` is the innermost one open."""

    transaction: object
    dbapi: Any
    heads: dict[str, tuple[str | None, int]]


def _added(session: Session, instance: object) -> None:
    # Session.add (and cascades, merge) of a new object: remembered so that the
    # flush does not scan ``session.new`` nor sort it (bench/chain.py).
    if isinstance(instance, (OutboxEntry, AuditEntry)):
        session.info.setdefault(_ADDED, []).append(instance)


def _link_new(session: Session, _context: Any, _instances: Any) -> None:
    added = session.info.pop(_ADDED, None)
    if not added:
        return
    new: list[OutboxEntry | AuditEntry] = []
    seen: set[int] = set()
    for row in added:
        # Still pending in this session (not expunged, not flushed by an earlier
        # flush that failed and was retried) and not hashed yet.
        if row.hash is None and instance_state(row).pending and id(row) not in seen:
            seen.add(id(row))
            new.append(row)
    if not new:
        return
    # The heads are read once per transaction (savepoint) and then kept here; this
    # hook writes every change to them, so the cache and the table agree. Plain SQL
    # on the transaction's own DB-API connection: the ORM's and even Core's
    # per-statement machinery would cost more than the hashing (bench/chain.py).
    transaction = session.get_nested_transaction() or session.get_transaction()
    cached: _Heads | None = session.info.get(_HEADS)
    if cached is None or cached.transaction is not transaction:
        dbapi = session.connection().connection.dbapi_connection
        assert dbapi is not None  # the transaction's connection is open
        heads = {n: (h, length) for n, h, length in dbapi.execute(_READ_HEADS).fetchall()}
        cached = session.info[_HEADS] = _Heads(transaction, dbapi, heads)
    _link(cached, new)


def _link(cached: _Heads, new: list[OutboxEntry | AuditEntry]) -> None:
    heads = dict(cached.heads)
    for row in new:
        name = OUTBOX_CHAIN if isinstance(row, OutboxEntry) else AUDIT_CHAIN
        head, length = heads.get(name, (None, 0))
        if isinstance(row, OutboxEntry):
            kind, payload = row.kind, row.payload
            paths = personal_paths(kind, payload) if kind in KINDS else []
            if paths and SALT_KEY not in payload:
                # Personal data: a salt of its own, so the record can be
                # redacted later without changing its hash (domain.retention).
                payload = row.payload = {**payload, SALT_KEY: secrets.token_hex(16)}
            digest = record_hash(row.id, kind, payload, head, paths=paths)
        else:
            digest = audit_hash(audit_row(row), head)
        row.prev_hash = head
        row.hash = digest
        heads[name] = (digest, length + 1)
    changed = [
        (n, h, length) for n, (h, length) in heads.items() if cached.heads.get(n) != (h, length)
    ]
    cached.dbapi.executemany(_WRITE_HEAD, changed)
    # Only once written: a failed write leaves the cache as the table is.
    cached.heads = heads


# The session events the chain listens to (bench/chain.py times them all).
HOOKS: tuple[tuple[str, str], ...] = (
    ("transient_to_pending", "_added"),
    ("before_flush", "_link_new"),
)


def install(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    for name, hook in HOOKS:
        event.listen(sessions, name, globals()[hook])
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
