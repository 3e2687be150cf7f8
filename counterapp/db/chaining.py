"""The station's chains, kept as rows are written (issue 15, ``domain.chain``).

``install(sessions)`` hooks the station's sessions: at every flush, each new
outbox entry and each new audit row is linked to the newest one before it
(in the order they were added) and hashed; ``chain_head`` keeps the newest
hash of each chain, in the same transaction. Nothing else in the services
changes: every place that writes an outbox entry or an audit row is covered.

``verify_audit`` walks the audit trail back from its head and names every row
edited (its hash no longer matches), deleted (a link points at nothing) or
slipped in (not on the chain). A row without a hash passes only as one of the
rows written before the chain began, pinned by migration 1504 (none on a
station made with the chain); a missing head is itself a problem.
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
from counterapp.domain.chain import (
    AUDIT_CHAIN,
    AUDIT_LEGACY,
    OUTBOX_CHAIN,
    audit_hash,
    legacy_audit_digest,
    record_hash,
)
from counterapp.domain.retention import KINDS, SALT_KEY, personal_paths


def _moment(at: datetime | None) -> str | None:
    # As SQLite keeps it: the wall time, without the offset.
    return at.replace(tzinfo=None).isoformat(sep=" ") if at is not None else None


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    """An audit row's columns as JSON values (what its hash covers)."""
    return _audit_values(
        entry.id, entry.at, entry.station_code, entry.staff_id, entry.action,
        entry.entity, entry.entity_id, entry.detail,
    )  # fmt: skip


def _audit_values(
    id: str | None,  # noqa: A002 (the column's name)
    at: datetime | None,
    station_code: str | None,
    staff_id: str | None,
    action: str | None,
    entity: str | None,
    entity_id: str | None,
    detail: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "id": id,
        "at": _moment(at),
        "station_code": station_code,
        "staff_id": staff_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": detail or {},
    }


def _pending_audit_row(values: dict[str, Any]) -> dict[str, Any]:
    """``audit_row`` of a pending row, from its ``__dict__`` (a column never set is
    None there as through the attribute; its default is only applied by the INSERT)."""
    get = values.get
    return _audit_values(
        get("id"), get("at"), get("station_code"), get("staff_id"), get("action"),
        get("entity"), get("entity_id"), get("detail"),
    )  # fmt: skip


_READ_HEADS = "SELECT name, hash, length FROM chain_head"
# The head's write is a compare-and-set: it changes the head only if the head is
# still what this connection last saw (see ``link_pending``).
_MOVE_HEAD = (
    "UPDATE chain_head SET hash = ?, length = ? WHERE name = ? AND hash IS ? AND length = ?"
)
_FIRST_HEAD = (
    "INSERT INTO chain_head (name, hash, length) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"
)
# In ``session.info``: the chain rows added since the last flush, in the order
# they were added (``_added``).
_ADDED = "chain.added"
# In the pooled DB-API connection's ``info`` (kept across transactions): each
# chain's head as this connection last read or wrote it. Only a guess, never
# trusted: the write checks it (``_MOVE_HEAD``).
_HEADS = "chain.heads"

Heads = dict[str, tuple[str | None, int]]
Row = OutboxEntry | AuditEntry


def _added(session: Session, instance: object) -> None:
    # Session.add (and cascades, merge) of a new object: remembered so that the
    # flush does not scan ``session.new`` nor sort it (bench/chain.py).
    if isinstance(instance, (OutboxEntry, AuditEntry)):
        session.info.setdefault(_ADDED, []).append(instance)


def link_pending(session: Session, *_flush: Any) -> None:
    """Links and hashes the chain rows added to ``session`` since they were last
    linked. Every flush does it first (``before_flush``); a service may do it
    sooner: a sale's check code is then known before the sale's own row is first
    written, so that row is written once (``services.sales.write_sale``). Does
    nothing on sessions the chain is not installed on."""
    added = session.info.pop(_ADDED, None)
    if not added:
        return
    chains: dict[str, list[Row]] = {}
    seen: set[int] = set()
    for row in added:
        # Still pending in this session (not expunged, not flushed by an earlier
        # flush that failed and was retried) and not hashed yet.
        if row.__dict__.get("hash") is None and instance_state(row).pending and id(row) not in seen:
            seen.add(id(row))
            name = OUTBOX_CHAIN if isinstance(row, OutboxEntry) else AUDIT_CHAIN
            chains.setdefault(name, []).append(row)
    if not chains:
        return
    # Plain SQL on the transaction's own DB-API connection: the ORM's and even
    # Core's per-statement machinery would cost more than the hashing
    # (bench/chain.py). The heads are not read at every transaction: the rows are
    # linked to this connection's last known heads, and each head's write only
    # takes if the head is still that one. When one did not (another connection or
    # process wrote since, or a transaction or savepoint holding this connection's
    # write was rolled back), the heads are read again, now under the database's
    # write lock (taken by that write), and that chain's rows linked again.
    fairy = session.connection().connection
    dbapi = fairy.dbapi_connection
    assert dbapi is not None  # the transaction's connection is open
    known: Heads | None = fairy.info.pop(_HEADS, None)
    if known is None:
        known = _read_heads(dbapi)
    moved = {name: _hash_rows(rows, known.get(name)) for name, rows in chains.items()}
    if not _move_heads(dbapi, known, moved):
        known = _read_heads(dbapi)
        for name, rows in chains.items():
            if known.get(name) == moved[name]:
                continue  # this chain's write took (its new head's hash covers these rows)
            moved[name] = _hash_rows(rows, known.get(name))
            if not _move_heads(dbapi, known, {name: moved[name]}):
                # Cannot happen: the first write took the database's write lock.
                raise RuntimeError(f"the {name} chain's head changed while it was written")
    known.update(moved)
    # Only once every head is written: a failed write leaves no guess behind.
    fairy.info[_HEADS] = known


def _read_heads(dbapi: Any) -> Heads:
    return {n: (h, length) for n, h, length in dbapi.execute(_READ_HEADS).fetchall()}


def _hash_rows(rows: list[Row], head: tuple[str | None, int] | None) -> tuple[str | None, int]:
    """Links and hashes one chain's new rows after ``head``; the chain's new head."""
    prev, length = head if head is not None else (None, 0)
    for row in rows:
        values = row.__dict__  # a pending row's: every value set is there
        if isinstance(row, OutboxEntry):
            kind, payload = row.kind, row.payload
            paths = personal_paths(kind, payload) if kind in KINDS else []
            if paths and SALT_KEY not in payload:
                # Personal data: a salt of its own, so the record can be
                # redacted later without changing its hash (domain.retention).
                payload = row.payload = {**payload, SALT_KEY: secrets.token_hex(16)}
            digest = record_hash(row.id, kind, payload, prev, paths=paths)
        else:
            digest = audit_hash(_pending_audit_row(values), prev)
        # Straight into the pending row's state: its INSERT takes every value set
        # there, and the attributes' change tracking (for an UPDATE) would cost
        # more than the rest of the row's linking (bench/chain.py).
        values["prev_hash"] = prev
        values["hash"] = digest
        prev = digest
        length += 1
    return prev, length


def _move_heads(dbapi: Any, known: Heads, moved: Heads) -> bool:
    """Writes each chain's new head (``moved``) if its head is still the ``known`` one
    (no head yet: none); whether every one of them was written."""
    updates = [(*head, name, *known[name]) for name, head in moved.items() if name in known]
    written = int(dbapi.executemany(_MOVE_HEAD, updates).rowcount) if updates else 0
    for name, head in moved.items():
        if name not in known:
            written += int(dbapi.execute(_FIRST_HEAD, (name, *head)).rowcount)
    return written == len(moved)


# The session events the chain listens to (bench/chain.py times them all).
HOOKS: tuple[tuple[str, str], ...] = (
    ("transient_to_pending", "_added"),
    ("before_flush", "link_pending"),
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
    """Every audit row on the chain, unchanged, none missing; the only rows without
    a hash are those written before the chain began, unchanged (migration 1504)."""
    with session_factory() as session:
        head = session.get(ChainHead, AUDIT_CHAIN)
        legacy = session.get(ChainHead, AUDIT_LEGACY)
        rows = list(session.scalars(select(AuditEntry)))
    check = AuditCheck(rows=len(rows))
    _check_unhashed(check, [r for r in rows if r.hash is None], legacy)
    by_hash = {r.hash: r for r in rows if r.hash}
    for r in rows:
        if r.hash is not None and audit_hash(audit_row(r), r.prev_hash) != r.hash:
            check.problems.append(f"audit row {r.id} ({r.action}) was changed after it was written")
    if head is None:
        # Made with the chain (or at migration 1504): the head is there from then on,
        # even before the first row.
        check.problems.append(
            "the audit chain's head (chain_head 'audit') is missing: rows may have been "
            "removed or the chain rewritten"
        )
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
        if walked < head.length:
            check.problems.append(
                f"the audit chain has {walked} rows but {head.length} were written: "
                "rows are missing"
            )
        else:
            check.problems.append(
                f"the audit chain has {walked} rows but only {head.length} were written: "
                "rows were added"
            )
    for r in rows:
        if (
            r.hash
            and r.hash not in seen
            and not any(p.startswith(f"audit row {r.id}") for p in check.problems)
        ):
            check.problems.append(f"audit row {r.id} ({r.action}) is not on the chain")
    return check


def _check_unhashed(
    check: AuditCheck, unhashed: list[AuditEntry], legacy: ChainHead | None
) -> None:
    """The rows without a hash must be exactly those pinned when the chain began."""
    if legacy is None:
        check.problems.append(
            "the record of the audit rows written before the chain began "
            f"(chain_head '{AUDIT_LEGACY}') is missing"
        )
    elif len(unhashed) == legacy.length and (
        legacy_audit_digest(audit_row(r) for r in unhashed) == legacy.hash
    ):
        return
    elif legacy.length:
        # One hash over them all: which one is not known.
        check.problems.append(
            f"the audit rows without a hash are not the {legacy.length} written before the "
            f"chain began ({len(unhashed)} now): one was added, removed or changed"
        )
        return
    for r in unhashed:
        check.problems.append(
            f"audit row {r.id} ({r.action}) has no hash: it was not written before the chain began"
        )
