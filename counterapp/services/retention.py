"""Personal data at the station, kept only as long as needed (issue 15, MFIPPA).

``redact_station`` removes the personal values of records that head office
holds (acknowledged) and that are older than the station's period for their
kind (``domain.retention``, the head-office setting ``personal_data_retention``):

- the copy sent (``outbox``): rewritten to its redacted form, which is what
  its hash always covered, so the station's chain still verifies;
- the station's own rows: a sale's form answers, the stored receipt's lines
  made from them and every print job of that receipt (in any state), the
  commissioner's log, registrations and intakes lose the personal values
  ("" in their place). A run looks for every copy still holding a value, not
  only for sales whose answers are still there: a copy missed once is found
  by the next run.

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


def _personal_lines(lines: list[tuple[int, Any]]) -> set[int]:
    """The receipt line indices made from a person's answers: lines whose answers
    have a personal key (cleared or not: the key stays when its value is cleared)."""
    out: set[int] = set()
    for line_no, detail in lines:
        answers = detail.get("answers") if isinstance(detail, dict) else None
        if isinstance(answers, dict) and any(is_personal_answer(k) for k in answers):
            out.add(line_no - 1)
    return out


def _receipt_holds(doc: Any, indices: set[int]) -> bool:
    """Whether a receipt document still holds a detail on one of the lines ``indices``."""
    lines = doc.get("lines") if isinstance(doc, dict) else None
    if not isinstance(lines, list):
        return False
    return any(
        0 <= i < len(lines) and isinstance(lines[i], dict) and lines[i].get("detail")
        for i in indices
    )


def _job_receipt(job: DeviceJob) -> Any:
    return job.document.get("receipt") if isinstance(job.document, dict) else None


def _clear_sale(s: Session, sale_id: str) -> list[str]:
    """Every copy of a sale's personal values the station holds: its form answers,
    the stored receipt's lines made from them (reprints) and every print job of
    that receipt, whatever its state; the fields cleared."""
    sale = s.get(Sale, sale_id)
    if sale is None:
        return []
    cleared: list[str] = []
    lines = list(s.scalars(select(SaleLine).where(SaleLine.sale_id == sale_id)))
    indices = _personal_lines([(line.line_no, line.detail) for line in lines])
    for line in lines:
        new, keys = _clear_answers(dict(line.detail or {}))
        if not keys:
            continue
        line.detail = new
        cleared += [f"lines[{line.line_no - 1}].detail.{k}" for k in keys]
    if not indices:
        return cleared
    if _receipt_holds(sale.receipt_doc, indices):
        sale.receipt_doc = _without_line_details(sale.receipt_doc, indices)
        cleared.append("receipt_doc")
    # A job left "printing" (a crash, a printer that never answered) too: it has
    # been rendered or never will be, and the next run would not come back to it.
    for job in s.scalars(
        select(DeviceJob).where(DeviceJob.reference == sale.receipt_no, DeviceJob.kind == "receipt")
    ):
        receipt = _job_receipt(job)
        if _receipt_holds(receipt, indices):
            job.document = {
                **(job.document or {}),
                "receipt": _without_line_details(receipt, indices),
            }
            cleared.append(f"device_job[{job.id}]")
    return cleared


def _without_line_details(doc: dict[str, Any] | None, indices: set[int]) -> dict[str, Any]:
    doc = dict(doc or {})
    lines = list(doc.get("lines", []))
    for i in indices:
        if 0 <= i < len(lines) and isinstance(lines[i], dict):
            lines[i] = {**lines[i], "detail": ""}
    return {**doc, "lines": lines} if lines else doc


def _sales_holding_personal(s: Session, before: datetime, pending: set[str]) -> set[str]:
    """The sales made before ``before`` (and acknowledged) of which the station still
    holds a personal value anywhere: in a line's answers, in the stored receipt or
    in a print job of it. Not only those whose answers are still there: a copy
    missed once (a job then printing, a run stopped half way) is found again."""
    by_sale: dict[str, list[tuple[int, Any]]] = {}
    docs: dict[str, tuple[str, Any]] = {}
    for sale_id, line_no, detail, receipt_no, doc in s.execute(
        select(
            SaleLine.sale_id, SaleLine.line_no, SaleLine.detail, Sale.receipt_no, Sale.receipt_doc
        )
        .join(Sale, SaleLine.sale_id == Sale.id)
        .where(Sale.completed_at < before, cast(SaleLine.detail, String).like('%"answers"%'))
    ):
        if sale_id in pending:
            continue
        by_sale.setdefault(sale_id, []).append((line_no, detail))
        docs[sale_id] = (receipt_no, doc)
    found: set[str] = set()
    waiting: dict[str, tuple[str, set[int]]] = {}  # receipt no → sale, its personal lines
    for sale_id, lines in by_sale.items():
        if any(_clear_answers(dict(d or {}))[1] for _n, d in lines if isinstance(d, dict)):
            found.add(sale_id)
            continue
        indices = _personal_lines(lines)
        if not indices:
            continue
        receipt_no, doc = docs[sale_id]
        if _receipt_holds(doc, indices):
            found.add(sale_id)
        else:
            waiting[receipt_no] = (sale_id, indices)
    if waiting:
        for job in s.scalars(
            select(DeviceJob).where(
                DeviceJob.kind == "receipt", DeviceJob.reference.in_(list(waiting))
            )
        ):
            sale_id, indices = waiting[job.reference]
            if _receipt_holds(_job_receipt(job), indices):
                found.add(sale_id)
    return found


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

        for sale_id in sorted(_sales_holding_personal(s, old("sale"), pending)):
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
