"""Personal data at the station, kept only as long as needed (issue 15, MFIPPA).

``redact_station`` removes the personal values of records that head office
holds (acknowledged) and that are older than the station's period for their
kind (``domain.retention``, the head-office setting ``personal_data_retention``):

- the copy sent (``outbox``): rewritten to its redacted form, which is what
  its hash always covered, so the station's chain still verifies;
- the station's own rows: a sale's form answers and receipt lines,
  the commissioner's log, registrations and intakes lose the personal values
  ("" in their place).

Every record redacted gets an audit row (``privacy.redacted``: which fields,
never their values), chained and sent to head office like any other. A record
not yet acknowledged is never touched. Run by the sync loop (hourly, with the
pruning of acknowledged entries) and by ``counterapp privacy redact``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from counterapp.db.models import (
    CommissioningLogEntry,
    DeviceJob,
    Intake,
    OutboxEntry,
    Registration,
    Sale,
    SaleLine,
    Station,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.chain import record_hash
from counterapp.domain.retention import (
    KINDS,
    SALT_KEY,
    SETTING,
    TOP_LEVEL,
    has_personal,
    is_personal_answer,
    path_name,
    personal_paths,
    policy,
    redacted_form,
)
from counterapp.services import audit
from counterapp.services.site import setting

ACTION = "privacy.redacted"
log = logging.getLogger(__name__)


@dataclass
class Redaction:
    """What one run did: records redacted per kind, and those left alone and why."""

    redacted: dict[str, int] = field(default_factory=dict)
    rows: int = 0  # the station's own rows cleared
    before_salts: int = 0  # hashed before redaction existed: left as they are
    not_verifying: list[str] = field(default_factory=list)  # ids whose hash no longer matches

    @property
    def total(self) -> int:
        return sum(self.redacted.values())


def _naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def _clear_answers(detail: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    answers = detail.get("answers")
    if not isinstance(answers, dict):
        return detail, []
    keys = [k for k, v in answers.items() if is_personal_answer(k) and v not in ("", None)]
    if not keys:
        return detail, []
    new = {**detail, "answers": {**answers, **dict.fromkeys(keys, "")}}
    if new.get("receipt_detail"):
        new["receipt_detail"] = ""
        keys.append("receipt_detail")
    return new, keys


def _clear_sale(s: Session, sale_id: str) -> list[str]:
    """A sale's form answers and the receipt lines made from them; the fields cleared."""
    sale = s.get(Sale, sale_id)
    if sale is None:
        return []
    cleared: list[str] = []
    indices: set[int] = set()
    for line in s.scalars(select(SaleLine).where(SaleLine.sale_id == sale_id)):
        new, keys = _clear_answers(dict(line.detail or {}))
        if not keys:
            continue
        line.detail = new
        cleared += [f"lines[{line.line_no - 1}].detail.{k}" for k in keys]
        indices.add(line.line_no - 1)
    if not indices:
        return cleared
    # The stored receipt (reprints) and the receipt's print jobs: its lines made from them.
    sale.receipt_doc = _without_line_details(sale.receipt_doc, indices)
    for job in s.scalars(
        select(DeviceJob).where(
            DeviceJob.reference == sale.receipt_no,
            DeviceJob.kind == "receipt",
            DeviceJob.state != "printing",
        )
    ):
        if isinstance(job.document, dict) and isinstance(job.document.get("receipt"), dict):
            receipt = _without_line_details(job.document["receipt"], indices)
            job.document = {**job.document, "receipt": receipt}
    return cleared


def _without_line_details(doc: dict[str, Any] | None, indices: set[int]) -> dict[str, Any]:
    doc = dict(doc or {})
    lines = list(doc.get("lines", []))
    for i in indices:
        if 0 <= i < len(lines) and isinstance(lines[i], dict):
            lines[i] = {**lines[i], "detail": ""}
    return {**doc, "lines": lines} if lines else doc


def _clear_columns(row: Any, names: tuple[str, ...]) -> list[str]:
    cleared = [n for n in names if getattr(row, n, "")]
    for n in cleared:
        setattr(row, n, "")
    return cleared


def redact_station(
    session_factory: Callable[[], Session],
    *,
    now: datetime | None = None,
    by: str = "sync",
    staff_id: str | None = None,
) -> Redaction:
    """Redact what head office holds and the station no longer needs (see module doc)."""
    when = now or datetime.now(UTC)
    result = Redaction()
    with UnitOfWork(session_factory) as uow:
        s = uow.session
        # Freed bytes are overwritten, not left in the file (Windows' SQLite keeps them).
        s.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        station_code = s.scalars(select(Station.code)).one()
        periods = policy(setting(s, SETTING))
        cutoffs = {k: _naive(when - timedelta(days=periods[k].station_days)) for k in KINDS}
        oldest = max(cutoffs.values())
        pending: set[str] = set()
        for e_id, payload in s.execute(
            select(OutboxEntry.id, OutboxEntry.payload).where(OutboxEntry.acked_at.is_(None))
        ):
            pending.add(e_id)
            for key in ("sale_id", "registration_id"):
                if isinstance(payload.get(key), str):
                    pending.add(payload[key])
        done: dict[tuple[str, str], list[str]] = {}

        # 1. The copies sent: their redacted form is what their hash covers.
        for entry in s.scalars(
            select(OutboxEntry).where(
                OutboxEntry.kind.in_(KINDS),
                OutboxEntry.acked_at.is_not(None),
                OutboxEntry.created_at < oldest,
            )
        ):
            if _naive(entry.created_at) >= cutoffs[entry.kind]:
                continue
            payload = dict(entry.payload)
            if not has_personal(entry.kind, payload):
                continue
            if SALT_KEY not in payload:
                result.before_salts += 1
                continue
            if record_hash(entry.id, entry.kind, payload, entry.prev_hash) != entry.hash:
                result.not_verifying.append(entry.id)  # evidence: left as it is
                continue
            redacted = redacted_form(entry.kind, payload)
            if record_hash(entry.id, entry.kind, redacted, entry.prev_hash) != entry.hash:
                result.not_verifying.append(entry.id)  # never write what would break the chain
                continue
            entry.payload = redacted
            names = [path_name(p) for p in personal_paths(entry.kind, payload)]
            done[("outbox", entry.id)] = names
            result.redacted[entry.kind] = result.redacted.get(entry.kind, 0) + 1

        # 2. The station's own rows (also those whose sent copy was pruned long ago).
        def old(kind: str) -> datetime:
            return cutoffs[kind]

        with_answers = {
            sale_id
            for sale_id, detail in s.execute(
                select(SaleLine.sale_id, SaleLine.detail)
                .join(Sale, SaleLine.sale_id == Sale.id)
                .where(
                    Sale.completed_at < old("sale"),
                    cast(SaleLine.detail, String).like('%"answers"%'),
                )
            )
            if sale_id not in pending and _clear_answers(dict(detail or {}))[1]
        }
        for sale_id in sorted(with_answers):
            cleared = _clear_sale(s, sale_id)
            if cleared:
                done[("sale", sale_id)] = cleared
        tables: tuple[tuple[str, Any, Any], ...] = (
            ("commission_log", CommissioningLogEntry, CommissioningLogEntry.at),
            ("registration", Registration, Registration.at),
            ("intake", Intake, Intake.at),
        )
        for kind, model, at in tables:
            columns = TOP_LEVEL[kind]
            for row in s.scalars(select(model).where(at < old(kind))):
                if row.id in pending or getattr(row, "sale_id", None) in pending:
                    continue
                cleared = _clear_columns(row, columns)
                if cleared:
                    done[(model.__tablename__, row.id)] = cleared

        for (entity, entity_id), fields in done.items():
            if entity != "outbox":
                result.rows += 1
            audit.record(
                s,
                station_code=station_code,
                staff_id=staff_id,
                action=ACTION,
                entity=entity,
                entity_id=entity_id,
                detail={"fields": fields[:50], "by": by},
                at=when,
            )
        uow.commit()
        bind = s.get_bind()
    if done:
        _fold_log(bind)
    return result


def _fold_log(bind: Any) -> None:
    """Fold the write-ahead log into the file and empty it: the old pages in it
    still hold what was just redacted. Best effort: a busy reader only delays it."""
    try:
        with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception as exc:  # the next run folds it
        log.info("the write-ahead log is folded in later (%s)", type(exc).__name__)
