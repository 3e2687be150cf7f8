"""Pushing the station's outbox to the server (ARCHITECTURE.md, decision 3).

Entries go in outbox order, in batches, with the record id as the
idempotency key. An entry is marked acknowledged only after the server
answered that it holds it; anything short of that (no answer, a timeout, a
5xx) leaves it pending and the next push sends it again — harmless, since the
server stores a record once. Nothing is deleted before it is acknowledged;
acknowledged entries are pruned after a configurable number of days
(``prune_acked``). Every call carries the station's credential and protocol
version (``sync.transport``).

The station's engine begins every transaction with ``BEGIN IMMEDIATE`` (it
takes the write lock), so the database is read and written in short
transactions and never held across a network call.

No Qt: ``Pusher`` reports through a plain callback, called on its own thread;
the window adapts it to a signal.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from pydantic import ValidationError
from sqlalchemy import String, delete, func, select, type_coerce, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from counterapp.db.models import OutboxEntry, Station, SyncState
from counterapp.db.uow import UnitOfWork
from counterapp.sync.protocol import StationCredential
from counterapp.sync.tls import station_client
from counterapp.sync.transport import Stop as _Stop
from counterapp.sync.transport import (
    request_headers,
    resolve_credential,
    send,
    station_data_dir,
)
from counterapp.sync.wire import Batch, BatchAck, WireEntry, describe_errors

log = logging.getLogger(__name__)

BATCHES_PATH = "/api/v1/batches"

SessionFactory = Callable[[], Session]


@dataclass(frozen=True, slots=True)
class PushResult:
    """What one push did. ``error`` is a one-line reason when it stopped early."""

    sent: int  # entries posted, including a batch whose answer never came
    stored: int  # entries the server stored for the first time
    duplicates: int  # entries the server already held (a repeat is harmless)
    remaining: int  # entries still waiting for an acknowledgement
    error: str | None = None
    offline: bool = False  # the server could not be reached at all

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the window shows about delivery to head office: up to date,
    ``pending`` waiting, offline since ``offline_since``, or ``last_error``."""

    pending: int
    last_error: str | None
    last_success_at: datetime | None
    offline_since: datetime | None = None  # set while the server cannot be reached


# --- queries -----------------------------------------------------------------


def pending_count(session_factory: SessionFactory) -> int:
    """Outbox entries the server has not acknowledged yet."""
    with UnitOfWork(session_factory) as uow:
        return (
            uow.session.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
            )
            or 0
        )


def last_acked_at(session_factory: SessionFactory) -> datetime | None:
    """When the server last acknowledged an entry (UTC), or None if never."""
    with UnitOfWork(session_factory) as uow:
        at = uow.session.scalar(select(func.max(OutboxEntry.acked_at)))
    return _utc(at) if at is not None else None


def record_outcome(
    session_factory: SessionFactory,
    error: str | None,
    *,
    offline: bool = False,
    contacted: bool = True,
) -> None:
    """Remember how the last talk with the server went (``sync_summary``).
    ``contacted=False``: there was nothing to send, so no talk at all."""
    now = datetime.now(UTC)
    if error is None and not contacted:
        with UnitOfWork(session_factory, readonly=True) as uow:
            state = uow.session.get(SyncState, 1)
            if state is None or (state.offline_since is None and state.last_error is None):
                return  # nothing to remember: no write, no disk sync
    with UnitOfWork(session_factory) as uow:
        state = uow.session.get(SyncState, 1)
        if state is None:
            state = SyncState(id=1, reference_version=0, reference_entities="")
            uow.session.add(state)
        if error is None and not contacted:
            state.offline_since, state.last_error = None, None
        elif error is None:
            state.last_contact_at, state.offline_since, state.last_error = now, None, None
        elif offline:
            state.offline_since = state.offline_since or now
            state.last_error = error[:500]
        else:  # the server answered and said no, or the station could not ask
            if contacted:
                state.last_contact_at = now
            state.offline_since = None
            state.last_error = error[:500]
        uow.commit()


@dataclass(frozen=True, slots=True)
class SyncSummary:
    """Where the station stands with head office (``counterapp sync status``)."""

    pending: int
    acked: int  # acknowledged entries still kept locally
    last_acked_at: datetime | None
    last_contact_at: datetime | None
    offline_since: datetime | None
    last_error: str | None
    reference_version: int
    last_pull_at: datetime | None

    @property
    def headline(self) -> str:
        if self.offline_since is not None:
            return f"offline since {self.offline_since:%Y-%m-%d %H:%M} UTC, {self.pending} waiting"
        if self.last_error:
            return f"error: {self.last_error} ({self.pending} waiting)"
        if self.pending:
            return f"{self.pending} waiting"
        return "up to date"


def sync_summary(session_factory: SessionFactory) -> SyncSummary:
    with UnitOfWork(session_factory, readonly=True) as uow:
        s = uow.session
        pending, acked = s.execute(
            select(
                func.count().filter(OutboxEntry.acked_at.is_(None)),
                func.count().filter(OutboxEntry.acked_at.is_not(None)),
            )
        ).one()
        last = s.scalar(select(func.max(OutboxEntry.acked_at)))
        state = s.get(SyncState, 1)
        return SyncSummary(
            pending=pending or 0,
            acked=acked or 0,
            last_acked_at=_utc(last) if last else None,
            last_contact_at=_maybe_utc(state.last_contact_at if state else None),
            offline_since=_maybe_utc(state.offline_since if state else None),
            last_error=state.last_error if state else None,
            reference_version=state.reference_version if state else 0,
            last_pull_at=_maybe_utc(state.last_pull_at if state else None),
        )


def prune_acked(
    session_factory: SessionFactory, keep_days: float, *, now: datetime | None = None
) -> int:
    """Delete outbox entries acknowledged more than ``keep_days`` ago; returns
    how many. Entries not acknowledged are never touched. The records
    themselves (sales, audit entries) stay: only the copies sent are pruned."""
    if keep_days < 0:
        raise ValueError("keep_days cannot be negative")
    cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)
    with UnitOfWork(session_factory) as uow:
        result = uow.session.execute(
            delete(OutboxEntry).where(
                OutboxEntry.acked_at.is_not(None),
                OutboxEntry.acked_at < cutoff.replace(tzinfo=None),
            )
        )
        uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def _maybe_utc(value: datetime | None) -> datetime | None:
    return _utc(value) if value is not None else None


# --- one push ----------------------------------------------------------------


def push_pending(
    session_factory: SessionFactory,
    server_url: str,
    *,
    batch_size: int = 200,
    client: httpx.Client | None = None,
    timeout_s: float = 10.0,
    credential: StationCredential | None = None,
) -> PushResult:
    """Send every unacknowledged outbox entry to the server, oldest first.

    Returns when all are acknowledged or at the first batch that does not go
    through. Never raises for the network or the server's answer: ``error``
    says why it stopped and the entries stay pending. ``timeout_s`` applies to
    the client made here; a ``client`` passed in keeps its own timeouts.
    ``credential`` defaults to the one in the station's data folder (beside
    its database). The outcome is remembered for ``sync_summary``.
    """
    if not 1 <= batch_size <= 1000:
        raise ValueError("batch_size must be between 1 and 1000")
    url = server_url.rstrip("/") + BATCHES_PATH
    own_client = client is None
    http = (
        client
        if client is not None
        else station_client(station_data_dir(session_factory), timeout=timeout_s)
    )
    sent = stored = duplicates = 0
    error: str | None = None
    offline = False
    try:
        cred = resolve_credential(session_factory, credential)
        station_code = _station_code(session_factory)
        while True:
            entries = _next_batch(session_factory, batch_size)
            if not entries:
                break
            sent += len(entries)
            headers = request_headers(session_factory, cred)
            ack = _post(http, url, Batch(station_code=station_code, entries=entries), headers)
            _mark_acked(session_factory, entries, ack)
            stored += ack.stored
            duplicates += ack.duplicates
    except _Stop as stop:
        error = str(stop)
        offline = stop.offline
    finally:
        if own_client:
            http.close()
    remaining = pending_count(session_factory)
    record_outcome(session_factory, error, offline=offline, contacted=sent > 0)
    if error:
        log.warning("push stopped: %s (%d pending)", error, remaining)
    elif sent:
        log.info("pushed %d entries: %d stored, %d duplicates", sent, stored, duplicates)
    return PushResult(sent, stored, duplicates, remaining, error, offline)


def _station_code(session_factory: SessionFactory) -> str:
    with UnitOfWork(session_factory) as uow:
        code = uow.session.scalar(select(Station.code))
    if code is None:
        raise _Stop("this station has no identity yet: load its reference data first")
    return code


def _next_batch(session_factory: SessionFactory, batch_size: int) -> list[WireEntry]:
    # A read: it must not wait for (or hold up) a sale being saved.
    with UnitOfWork(session_factory, readonly=True) as uow:
        rows = uow.session.execute(
            select(
                OutboxEntry.id,
                OutboxEntry.seq,
                OutboxEntry.kind,
                # As stored ("YYYY-MM-DD HH:MM:SS.ffffff", UTC): fromisoformat
                # reads it far faster than the SQLite dialect's own parser.
                type_coerce(OutboxEntry.created_at, String),
                OutboxEntry.payload,
                OutboxEntry.prev_hash,
                OutboxEntry.hash,
            )
            .where(OutboxEntry.acked_at.is_(None))
            .order_by(OutboxEntry.seq)
            .limit(batch_size)
        ).all()
    entries = []
    for record_id, seq, kind, created_at, payload, prev_hash, own_hash in rows:
        try:
            entries.append(
                WireEntry.model_validate(
                    {
                        "id": record_id,
                        "seq": seq,
                        "kind": kind,
                        "created_at": _utc(datetime.fromisoformat(created_at)),
                        "payload": payload,
                        **({"prev_hash": prev_hash} if prev_hash else {}),
                        **({"hash": own_hash} if own_hash else {}),
                    }
                )
            )
        except ValidationError as exc:
            raise _Stop(f"outbox entry {seq} cannot be sent: {describe_errors(exc)}") from None
    return entries


def _post(http: httpx.Client, url: str, batch: Batch, headers: dict[str, str]) -> BatchAck:
    response = send(
        http,
        "POST",
        url,
        refused="server refused the batch",
        content=batch.model_dump_json(),  # straight to bytes: no dict, no second encoder
        headers={**headers, "Content-Type": "application/json"},
    )
    try:
        return BatchAck.model_validate_json(response.content)
    except ValidationError:
        raise _Stop(
            f"server answered {response.status_code} without an acknowledgement; "
            "is the address a counterapp server?"
        ) from None


def _mark_acked(
    session_factory: SessionFactory, entries: Sequence[WireEntry], ack: BatchAck
) -> None:
    sent_ids = [e.id for e in entries]
    acked = set(ack.acked).intersection(sent_ids)
    if acked:
        with UnitOfWork(session_factory) as uow:
            uow.session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id.in_(acked), OutboxEntry.acked_at.is_(None))
                .values(acked_at=datetime.now(UTC))
            )
            uow.commit()
    if len(acked) < len(sent_ids):
        raise _Stop(f"server acknowledged {len(acked)} of {len(sent_ids)} entries")


def _utc(value: datetime) -> datetime:
    # The station stores UTC; SQLite gives it back without its time zone.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# --- pushing in the background ------------------------------------------------


def retry_delay(failures: int, interval_s: float, max_interval_s: float) -> float:
    """Seconds until the next push: the interval, doubled after each failure in a row, capped."""
    if failures <= 0:
        return interval_s
    return min(interval_s * 2 ** min(failures, 32), max_interval_s)


StatusCallback = Callable[[SyncStatus], None]


class Pusher:
    """Runs ``push_pending`` on a background thread, every ``interval_s``
    seconds, sooner on ``push_now()``, later after failures (exponential
    backoff up to ``max_interval_s``). Every ``pull_interval_s`` (None: never)
    it also pulls head office's reference data (``sync.pull``).

    Status callbacks (``on_status``) are called on the pusher's thread after
    every attempt.
    """

    def __init__(
        self,
        session_factory: SessionFactory,
        server_url: str,
        *,
        interval_s: float = 30.0,
        max_interval_s: float = 600.0,
        batch_size: int = 200,
        timeout_s: float = 10.0,
        client: httpx.Client | None = None,
        credential: StationCredential | None = None,
        pull_interval_s: float | None = None,
        keep_acked_days: float | None = None,
    ) -> None:
        self._credential = credential
        self._keep_acked_days = keep_acked_days
        self._last_prune: float | None = None
        self._pull_interval_s = pull_interval_s
        self._last_pull: float | None = None
        self._session_factory = session_factory
        self._server_url = server_url
        self._interval_s = interval_s
        self._max_interval_s = max(max_interval_s, interval_s)
        self._batch_size = batch_size
        self._timeout_s = timeout_s
        self._client = client
        self._callbacks: list[StatusCallback] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._status = SyncStatus(pending=0, last_error=None, last_success_at=None)

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def on_status(self, callback: StatusCallback) -> None:
        """Call ``callback(SyncStatus)`` after every push (on the pusher's thread)."""
        with self._lock:
            self._callbacks.append(callback)

    def off_status(self, callback: StatusCallback) -> None:
        """Stop calling ``callback`` (a window that closed)."""
        with self._lock:
            self._callbacks = [c for c in self._callbacks if c != callback]

    def start(self) -> None:
        """Start pushing (the first push runs at once)."""
        if self.running:
            return
        self._stopping.clear()
        self._wake.set()
        self._thread = threading.Thread(target=self._run, name="counterapp-pusher", daemon=True)
        self._thread.start()

    def push_now(self) -> None:
        """Push as soon as the current push (if any) is done, ignoring the backoff."""
        self._wake.set()

    def stop(self, timeout_s: float | None = None) -> None:
        """Stop after the current push; wait for it (at most ``timeout_s``)."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout_s if timeout_s is not None else self._timeout_s + 5.0)
        self._thread = None

    def _run(self) -> None:
        own_client = self._client is None
        http = (
            self._client
            if self._client is not None
            else station_client(station_data_dir(self._session_factory), timeout=self._timeout_s)
        )
        try:
            while not self._stopping.is_set():
                self._wake.wait(retry_delay(self._failures, self._interval_s, self._max_interval_s))
                self._wake.clear()
                if self._stopping.is_set():
                    break
                self._push_once(http)
        finally:
            if own_client:
                http.close()

    def _push_once(self, http: httpx.Client) -> None:
        previous = self.status
        try:
            result = push_pending(
                self._session_factory,
                self._server_url,
                batch_size=self._batch_size,
                client=http,
                timeout_s=self._timeout_s,
                credential=self._credential,
            )
            pending, error, offline = result.remaining, result.error, result.offline
            if error is None and self._pull_due():
                error, offline = self._pull(http)
            self._prune_if_due()
        except Exception as exc:  # the thread must outlive a bad push; say what kind
            # A database error's text holds the statement's parameters: no traceback.
            log.error(
                "push failed: %s", type(exc).__name__, exc_info=not isinstance(exc, SQLAlchemyError)
            )
            pending, error = previous.pending, f"push failed: {type(exc).__name__}"
            offline = False
        if error is None:
            self._failures = 0
            status = SyncStatus(pending, None, datetime.now(UTC))
        else:
            self._failures += 1
            since = (previous.offline_since or datetime.now(UTC)) if offline else None
            status = SyncStatus(pending, error, previous.last_success_at, since)
        with self._lock:
            self._status = status
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(status)
            except Exception:
                log.exception("sync status callback failed")

    def _pull_due(self) -> bool:
        if self._pull_interval_s is None:
            return False
        return (
            self._last_pull is None or time.monotonic() - self._last_pull >= self._pull_interval_s
        )

    def _pull(self, http: httpx.Client) -> tuple[str | None, bool]:
        from counterapp.sync.pull import pull_changes

        result = pull_changes(
            self._session_factory, self._server_url, credential=self._credential, client=http
        )
        if result.error is None:
            self._last_pull = time.monotonic()
        return result.error, result.offline

    def _prune_if_due(self) -> None:
        # Hourly is plenty: pruning keeps the file small, it is not urgent.
        if self._last_prune is not None and time.monotonic() - self._last_prune < 3600:
            return
        self._last_prune = time.monotonic()
        if self._keep_acked_days is not None:
            pruned = prune_acked(self._session_factory, self._keep_acked_days)
            if pruned:
                log.info("pruned %d acknowledged outbox entries", pruned)
        # Personal data head office holds, past the station's period (issue 15).
        from counterapp.services.retention import redact_station

        try:
            redacted = redact_station(self._session_factory, by="sync")
        except Exception as exc:  # a statement's parameters may hold personal data: no traceback
            log.error(
                "redacting personal data failed (%s); tried again in an hour", type(exc).__name__
            )
        else:
            if redacted.total or redacted.rows:
                log.info(
                    "redacted the personal data of %d records sent and %d of the station's own",
                    redacted.total,
                    redacted.rows,
                )
