"""Personal data at head office, kept only as long as needed (issue 15, MFIPPA).

``redact_head_office`` rewrites every received record whose retention period
(``personal_data_retention``, published by head office to the stations too;
``domain.retention``) has ended since it arrived to its redacted form, which
is what its chain hash always covered: ``counterapp server verify`` still
passes, and still finds any other change. The expanded sale lines lose their
personal form answers with it. Each record redacted is written to head
office's audit (``hq_audit``, ``privacy.redacted``: the record, its station and
the fields, never a value). A record whose hash no longer matches is left as
it is (it is evidence for finance) and reported; so is one hashed before
redaction existed (no salt).

Run by ``counterapp server redact`` (daily, from the server's scheduler: a
systemd timer or cron; see the README).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counterapp.domain.chain import record_hash
from counterapp.domain.retention import (
    KINDS,
    SALT_KEY,
    SETTING,
    Period,
    has_personal,
    is_personal_answer,
    path_name,
    personal_paths,
    policy,
    redacted_form,
)
from counterapp.server.db import ReceivedRecord, SaleLine
from counterapp.server.hq.auth import audit
from counterapp.server.programs import ProgramSeat
from counterapp.server.reference import ReferenceItem

ACTION = "privacy.redacted"
BATCH = 500


@dataclass
class HeadOfficeRedaction:
    redacted: dict[str, int] = field(default_factory=dict)
    before_salts: int = 0
    not_verifying: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.redacted.values())


def published_policy(session: Session) -> dict[str, Period]:
    item = session.scalar(
        select(ReferenceItem.data).where(
            ReferenceItem.entity == "setting",
            ReferenceItem.key == SETTING,
            ReferenceItem.deleted.is_(False),
        )
    )
    return dict(policy(item.get("value") if isinstance(item, dict) else None))


def _clear_lines(session: Session, sale_id: str) -> None:
    for line in session.scalars(select(SaleLine).where(SaleLine.sale_id == sale_id)):
        detail = dict(line.detail or {})
        answers = detail.get("answers")
        if not isinstance(answers, dict):
            continue
        keys = [k for k in answers if is_personal_answer(k)]
        if not keys:
            continue
        detail["answers"] = {**answers, **dict.fromkeys(keys, "")}
        if "receipt_detail" in detail:
            detail["receipt_detail"] = ""
        line.detail = detail


def redact_head_office(
    session_factory: Callable[[], Session],
    *,
    now: datetime | None = None,
    username: str = "(command line)",
    dry_run: bool = False,
) -> HeadOfficeRedaction:
    """Redact the records whose period has ended (see module doc)."""
    when = now or datetime.now(UTC)
    result = HeadOfficeRedaction()
    with session_factory() as session, session.begin():
        periods = published_policy(session)
        for kind in KINDS:
            cutoff = when - timedelta(days=periods[kind].days)
            ids = session.scalars(
                select(ReceivedRecord.id)
                .where(ReceivedRecord.kind == kind, ReceivedRecord.received_at < cutoff)
                .order_by(ReceivedRecord.station_code, ReceivedRecord.seq)
            ).all()
            for start in range(0, len(ids), BATCH):
                _redact_some(
                    session,
                    kind,
                    ids[start : start + BATCH],
                    periods,
                    result,
                    dry_run,
                    username,
                    when,
                )
                if not dry_run:
                    session.flush()
        _redact_expanded(session, periods, result, dry_run, username, when)
    return result


#: Head office's own tables filled from those records (issue 16): a request's
#: contact details and what the resident said, a program seat's participant. They
#: are not chained (the record they came from is), so they are cleared outright
#: after the same period as the record kind they came from.
SERVICE_REQUEST_PERSONAL = (
    "contact_name", "contact", "email", "phone", "address", "media_url",
    "summary", "description", "documents", "callback", "answer",
)  # fmt: skip


def _redact_expanded(
    session: Session,
    periods: dict[str, Period],
    result: HeadOfficeRedaction,
    dry_run: bool,
    username: str,
    when: datetime,
) -> None:
    from counterapp.server.service_requests import ServiceRequest

    cutoff = when - timedelta(days=periods["intake"].days)
    still_personal = or_(
        *(getattr(ServiceRequest, f) != "" for f in SERVICE_REQUEST_PERSONAL),
        ServiceRequest.lat.is_not(None),
        ServiceRequest.long.is_not(None),
    )  # a request redacted before is not read again, day after day
    for row in session.scalars(
        select(ServiceRequest).where(ServiceRequest.requested_at < cutoff, still_personal)
    ):
        fields = [f for f in SERVICE_REQUEST_PERSONAL if getattr(row, f)]
        if row.lat is not None or row.long is not None:
            fields.append("location")
        if not fields:
            continue
        result.redacted["service_request"] = result.redacted.get("service_request", 0) + 1
        if dry_run:
            continue
        for f in SERVICE_REQUEST_PERSONAL:
            setattr(row, f, "")
        row.lat = row.long = None
        audit(session, None, ACTION, "service_request", row.reference_no,
              {"fields": fields, "retention_days": periods["intake"].days},
              username=username, now=when)  # fmt: skip
    cutoff = when - timedelta(days=periods["registration"].days)
    for seat in session.scalars(
        select(ProgramSeat).where(
            ProgramSeat.enrolled_at < cutoff, ProgramSeat.participant_name != ""
        )
    ):
        result.redacted["program_seat"] = result.redacted.get("program_seat", 0) + 1
        if dry_run:
            continue
        seat.participant_name = ""
        audit(session, None, ACTION, "program_seat", seat.registration_id,
              {"fields": ["participant_name"], "retention_days": periods["registration"].days},
              username=username, now=when)  # fmt: skip


def _redact_some(
    session: Session,
    kind: str,
    ids: Sequence[str],
    periods: dict[str, Period],
    result: HeadOfficeRedaction,
    dry_run: bool,
    username: str,
    when: datetime,
) -> None:
    for rec in session.scalars(select(ReceivedRecord).where(ReceivedRecord.id.in_(ids))):
        payload = dict(rec.payload)
        if not has_personal(kind, payload):
            continue
        if SALT_KEY not in payload:
            result.before_salts += 1
            continue
        if rec.hash is None or record_hash(rec.id, kind, payload, rec.prev_hash) != rec.hash:
            result.not_verifying.append(rec.id)
            continue
        redacted = redacted_form(kind, payload)
        if record_hash(rec.id, kind, redacted, rec.prev_hash) != rec.hash:
            result.not_verifying.append(rec.id)
            continue
        result.redacted[kind] = result.redacted.get(kind, 0) + 1
        if dry_run:
            continue
        rec.payload = redacted
        if kind == "sale":
            _clear_lines(session, rec.id)
        audit(
            session,
            None,
            ACTION,
            kind,
            rec.id,
            {
                "station": rec.station_code,
                "fields": [path_name(p) for p in personal_paths(kind, payload)][:50],
                "retention_days": periods[kind].days,
            },
            username=username,
            now=when,
        )
