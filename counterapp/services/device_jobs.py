"""The device job queue: print, drawer and display work kept in the station database.

A job is generic: a target ``device`` (a name from the station's device
settings), a ``kind`` (``receipt``, ``drawer_kick``, ``display``, ``ticket``,
``now_serving`` …) and either a ``document`` (JSON, rendered for the device
when the job runs) or ``payload`` bytes. States: ``queued`` → ``printing`` →
``done`` (the device answered after it), ``sent`` (it took the bytes but gave
no status answer: sent, not confirmed) or ``failed`` with a reason an
associate can act on. A failed or unconfirmed job is never lost: ``retry_job``
queues it again, to the same or to another device of the same role.

``add_job`` (and ``queue_receipt``, ``queue_drawer_kick``) only add to a
session, so a caller can enqueue in the same commit as the change that wants
the paper (a no-sale's audit entry, a ticket). After the commit, tell the
running queue (``counterapp.device_lanes.DeviceLanes.wake``).

The worker's side — ``claim_next``, ``mark_done``, ``mark_failed``,
``recover_interrupted`` — is used by ``DeviceLanes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from counterapp.db.models import DeviceJob, Station
from counterapp.db.uow import UnitOfWork
from counterapp.domain.devices import DeviceRole
from counterapp.domain.receipt import Receipt
from counterapp.ids import uuid7
from counterapp.services import audit
from counterapp.services.approval import (
    ApprovalNeeded,
    SupervisorApproval,
    check_approval,
    guarded,
)
from counterapp.services.auth import StaffIdentity
from counterapp.services.errors import ServiceError

REASON_LENGTH = 300
#: Kinds where only the newest matters: a newer frame replaces one not yet shown, and a
#: frame is never sent again (the display or sign shows the next one).
FRAME_KINDS = ("display", "now_serving")


class JobState(StrEnum):
    QUEUED = "queued"
    PRINTING = "printing"  # being sent to the device now (for a display: being shown)
    DONE = "done"  # sent, and the device answered a status request after it
    SENT = "sent"  # sent, but the device gave no status answer: not confirmed
    FAILED = "failed"


#: States a person may send again (Ctrl+P, the print queue's Retry / Send to).
RETRYABLE = (JobState.FAILED, JobState.SENT)


@dataclass(frozen=True, slots=True)
class JobInfo:
    """A job as the queue screen shows it (no document, no bytes)."""

    id: str
    device: str
    kind: str
    reference: str
    state: JobState
    reason: str
    attempts: int
    max_attempts: int
    created_at: datetime  # aware, UTC
    finished_at: datetime | None

    @property
    def can_retry(self) -> bool:
        return self.state in RETRYABLE and self.kind not in FRAME_KINDS


@dataclass(frozen=True, slots=True)
class JobToRun:
    """What the worker needs to run a claimed job."""

    id: str
    device: str
    kind: str
    reference: str
    document: dict[str, Any] | None
    payload: bytes | None
    attempts: int  # including this one
    max_attempts: int


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; every time stored here is UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _info(job: DeviceJob) -> JobInfo:
    return JobInfo(
        id=job.id,
        device=job.device,
        kind=job.kind,
        reference=job.reference,
        state=JobState(job.state),
        reason=job.reason,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        created_at=_utc(job.created_at) or job.created_at,
        finished_at=_utc(job.finished_at),
    )


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


# --- adding jobs (in the caller's transaction) -------------------------------------------


def add_job(
    session: Session,
    *,
    device: str,
    kind: str,
    document: dict[str, Any] | None = None,
    payload: bytes | None = None,
    reference: str = "",
    max_attempts: int = 1,
    coalesce_key: str = "",
    staff_id: str | None = None,
    now: datetime | None = None,
) -> str:
    """Add a queued job to ``session`` (no commit); return its id.

    ``max_attempts`` > 1 lets the worker try again by itself when the port
    could not even be opened (busy, plugged back in a moment later); a job
    that failed after bytes went out is never repeated without a person.
    ``coalesce_key``: queued jobs with the same key are dropped in favour of
    this one (a display only needs its newest frame).
    """
    if not device:
        raise ServiceError("No device chosen for this job.")
    if document is None and payload is None:
        raise ServiceError("A device job needs a document or bytes to send.")
    if max_attempts < 1:
        raise ServiceError("A device job needs at least one attempt.")
    if coalesce_key:
        session.execute(
            delete(DeviceJob).where(
                DeviceJob.coalesce_key == coalesce_key,
                DeviceJob.state.in_([JobState.QUEUED, JobState.FAILED, JobState.SENT]),
            )
        )
    job = DeviceJob(
        id=uuid7(),
        device=device,
        kind=kind,
        reference=reference[:40],
        document=document,
        payload=payload,
        state=JobState.QUEUED.value,
        reason="",
        attempts=0,
        max_attempts=max_attempts,
        coalesce_key=coalesce_key,
        staff_id=staff_id,
        created_at=_now(now),
    )
    session.add(job)
    return job.id


def queue_receipt(
    session: Session,
    receipt: Receipt,
    *,
    device: str,
    kick_drawer: bool = False,
    staff_id: str | None = None,
) -> list[str]:
    """Queue a receipt (and, first, the drawer kick for cash); return the job ids.

    The kick goes first and on its own: the drawer must open to give change
    even when the printer is out of paper.
    """
    ids = []
    if kick_drawer:
        ids.append(
            queue_drawer_kick(
                session, device=device, reference=receipt.receipt_no, staff_id=staff_id
            )
        )
    ids.append(
        add_job(
            session,
            device=device,
            kind="receipt",
            document={"receipt": receipt.to_dict()},
            reference=receipt.receipt_no,
            max_attempts=2,
            staff_id=staff_id,
        )
    )
    return ids


def queue_drawer_kick(
    session: Session, *, device: str, reference: str = "", staff_id: str | None = None
) -> str:
    """Queue the pulse that opens the cash drawer wired to printer ``device``."""
    return add_job(
        session,
        device=device,
        kind="drawer_kick",
        document={},
        reference=reference,
        max_attempts=2,
        staff_id=staff_id,
    )


def queue_ticket(
    session: Session,
    ticket: dict[str, Any],
    *,
    device: str,
    reference: str,
    staff_id: str | None = None,
) -> str:
    """Queue a walk-in queue ticket (``printing.escpos_ticket.QueueTicket.to_dict()``)
    on ticket printer ``device``, laid out for that printer when it runs."""
    return add_job(
        session,
        device=device,
        kind="ticket",
        document={"ticket": ticket},
        reference=reference,
        max_attempts=2,
        staff_id=staff_id,
    )


def queue_now_serving(
    session: Session,
    *,
    device: str,
    ticket: str,
    counter: str,
    recall: bool = False,
    language: str = "en",
) -> str:
    """Queue a call for the now-serving sign ``device``, announced in ``language`` (the
    ticket's visitor language, issue 13). A newer call *from the same counter* replaces
    one not yet shown (a recall replaces the call); calls from different counters are
    all shown, so no visitor's call is lost to another desk's."""
    return add_job(
        session,
        device=device,
        kind="now_serving",
        document={"ticket": ticket, "counter": counter, "recall": recall, "language": language},
        reference=ticket,
        coalesce_key=f"sign:{device}:{counter}"[:40],
    )


@dataclass(frozen=True, slots=True)
class ReceiptRoute:
    """Where a transaction's receipt goes, decided by the window from the station's
    device settings and carried on the command, so the service queues the receipt (and
    the drawer kick for cash) in the transaction's own commit."""

    device: str  # the receipt printer's name
    kick_drawer_on_cash: bool = True


def queue_transaction_receipt(
    session: Session,
    route: ReceiptRoute | None,
    receipt: Receipt,
    *,
    cash: bool,
    staff_id: str | None,
) -> list[str]:
    """A sale's, void's or refund's receipt (and kick) in the caller's transaction; [] when
    the station has no receipt printer (``route`` None)."""
    if route is None or not route.device:
        return []
    return queue_receipt(
        session,
        receipt,
        device=route.device,
        kick_drawer=cash and route.kick_drawer_on_cash,
        staff_id=staff_id,
    )


def queue_display(session: Session, *, device: str, top: str, bottom: str) -> str:
    """Queue a pole-display frame; older frames not yet shown are dropped."""
    return add_job(
        session,
        device=device,
        kind="display",
        document={"top": top, "bottom": bottom},
        coalesce_key=f"display:{device}"[:40],
    )


def show_on_display(uow: UnitOfWork, *, device: str, top: str, bottom: str) -> str:
    """Queue a pole-display frame and commit (``queue_display`` in its own unit of work)."""
    with uow:
        job_id = queue_display(uow.session, device=device, top=top, bottom=bottom)
        uow.commit()
    return job_id


@dataclass(frozen=True, slots=True)
class EnqueueJob:
    device: str
    kind: str
    document: dict[str, Any] | None = None
    payload: bytes | None = None
    reference: str = ""
    max_attempts: int = 1
    coalesce_key: str = ""
    staff_id: str | None = None


def enqueue(uow: UnitOfWork, cmd: EnqueueJob) -> JobInfo:
    """Add one job and commit."""
    with uow:
        job_id = add_job(
            uow.session,
            device=cmd.device,
            kind=cmd.kind,
            document=cmd.document,
            payload=cmd.payload,
            reference=cmd.reference,
            max_attempts=cmd.max_attempts,
            coalesce_key=cmd.coalesce_key,
            staff_id=cmd.staff_id,
        )
        uow.session.flush()
        info = _info(uow.session.get_one(DeviceJob, job_id))
        uow.commit()
    return info


@dataclass(frozen=True, slots=True)
class PrintReceipt:
    receipt: Receipt
    device: str
    kick_drawer: bool = False
    staff_id: str | None = None


def print_receipt(uow: UnitOfWork, cmd: PrintReceipt) -> list[str]:
    """Queue a receipt (a sale's or a reprint) and commit; return the job ids."""
    with uow:
        ids = queue_receipt(
            uow.session,
            cmd.receipt,
            device=cmd.device,
            kick_drawer=cmd.kick_drawer,
            staff_id=cmd.staff_id,
        )
        uow.commit()
    return ids


# --- the drawer opened with no sale ------------------------------------------------------


NO_SALE_REASONS = ("Make change", "Check the drawer", "Other")


@dataclass(frozen=True, slots=True)
class NoSale:
    """Open the drawer with no sale. ``staff`` is who is signed in; a supervisor who is
    not ``staff`` approves at the counter (the one approval rule, ``services.approval``)."""

    staff: StaffIdentity
    device: str
    reason: str = "Make change"
    supervisor_username: str = ""
    supervisor_password: str = ""  # their password or PIN


def open_drawer_no_sale(uow: UnitOfWork, cmd: NoSale, *, now: datetime | None = None) -> str:
    """Queue a drawer kick and record the no-sale (audit + outbox) in the same commit.

    Returns the job id. The audit action ``drawer.no_sale`` is what the
    end-of-shift count lists.
    """
    if cmd.reason not in NO_SALE_REASONS:
        raise ServiceError(
            "Choose a reason for opening the drawer: {reasons}.", reasons=", ".join(NO_SALE_REASONS)
        )
    if not cmd.supervisor_username.strip():
        raise ApprovalNeeded("Opening the drawer without a sale needs a supervisor's approval.")
    when = _now(now)
    return guarded(uow, cmd.staff, "no-sale", when, lambda: _no_sale(uow, cmd, when))


def _no_sale(uow: UnitOfWork, cmd: NoSale, now: datetime) -> str:
    approval = SupervisorApproval(cmd.supervisor_username, cmd.supervisor_password)
    with uow:
        station = uow.session.scalars(select(Station)).first()
        approver = check_approval(uow.session, approval, what="no-sale", owner_id=cmd.staff.id).id
        job_id = queue_drawer_kick(
            uow.session, device=cmd.device, reference="no sale", staff_id=cmd.staff.id
        )
        audit.record(
            uow.session,
            station_code=station.code if station else "?",
            staff_id=cmd.staff.id,
            action="drawer.no_sale",
            entity="device_job",
            entity_id=job_id,
            detail={"device": cmd.device, "approved_by": approver, "reason": cmd.reason},
            at=now,
        )
        uow.commit()
    return job_id


# --- the worker's side ------------------------------------------------------------------


def claim_next(uow: UnitOfWork, device: str, *, now: datetime | None = None) -> JobToRun | None:
    """Take the oldest queued job for ``device`` that is due, marking it ``printing``."""
    now = _now(now)
    with uow:
        s = uow.session
        job = s.scalars(
            select(DeviceJob)
            .where(DeviceJob.device == device, DeviceJob.state == JobState.QUEUED)
            .where((DeviceJob.not_before.is_(None)) | (DeviceJob.not_before <= now))
            .order_by(DeviceJob.id)
            .limit(1)
        ).first()
        if job is None:
            return None
        job.state = JobState.PRINTING.value
        job.attempts += 1
        job.started_at = now
        job.not_before = None
        run = JobToRun(
            id=job.id,
            device=job.device,
            kind=job.kind,
            reference=job.reference,
            document=job.document,
            payload=job.payload,
            attempts=job.attempts,
            max_attempts=job.max_attempts,
        )
        uow.commit()
    return run


def next_due(uow: UnitOfWork, device: str) -> datetime | None:
    """When the earliest waiting retry for ``device`` becomes due (None: nothing waits)."""
    with uow:
        return uow.session.scalars(
            select(DeviceJob.not_before)
            .where(DeviceJob.device == device, DeviceJob.state == JobState.QUEUED)
            .where(DeviceJob.not_before.is_not(None))
            .order_by(DeviceJob.not_before)
            .limit(1)
        ).first()


def _finish(
    uow: UnitOfWork, job_id: str, state: JobState, reason: str, now: datetime | None
) -> JobInfo:
    with uow:
        job = uow.session.get_one(DeviceJob, job_id)
        job.state = state.value
        job.reason = reason[:REASON_LENGTH]
        job.finished_at = _now(now)
        info = _info(job)
        if job.coalesce_key:
            uow.session.delete(job)  # a frame once sent is of no further use
        uow.commit()
    return info


def mark_done(uow: UnitOfWork, job_id: str, *, now: datetime | None = None) -> JobInfo:
    """Sent, and the device answered a status request after it."""
    return _finish(uow, job_id, JobState.DONE, "", now)


def mark_sent(uow: UnitOfWork, job_id: str, reason: str, *, now: datetime | None = None) -> JobInfo:
    """The device took every byte but gave no status answer: "sent, not confirmed"."""
    return _finish(uow, job_id, JobState.SENT, reason, now)


def mark_failed(
    uow: UnitOfWork,
    job_id: str,
    reason: str,
    *,
    retry_after_s: float | None = None,
    now: datetime | None = None,
) -> JobInfo:
    """Record why the job failed. With ``retry_after_s`` (and attempts left) it goes back
    in the queue to be tried again then; otherwise it stays failed until a person retries."""
    now = _now(now)
    with uow:
        job = uow.session.get_one(DeviceJob, job_id)
        job.reason = reason[:REASON_LENGTH]
        if retry_after_s is not None and job.attempts < job.max_attempts:
            job.state = JobState.QUEUED.value
            job.not_before = now + timedelta(seconds=retry_after_s)
        else:
            job.state = JobState.FAILED.value
            job.finished_at = now
        info = _info(job)
        if job.coalesce_key and info.state is JobState.FAILED:
            # A frame is superseded by the next one; the device's status line shows the fault.
            uow.session.delete(job)
        uow.commit()
    return info


def recover_interrupted(uow: UnitOfWork, *, now: datetime | None = None) -> int:
    """At start-up: jobs left ``printing`` by a crash or power cut are marked failed.

    Not re-sent by themselves: half a receipt may already be on the paper, and
    a person decides whether to reprint.
    """
    with uow:
        result = uow.session.execute(
            update(DeviceJob)
            .where(DeviceJob.state == JobState.PRINTING)
            .values(
                state=JobState.FAILED.value,
                reason="The station stopped while this was being sent; check the device "
                "and retry if it did not come out.",
                finished_at=_now(now),
            )
        )
        uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def fail_unknown_devices(
    uow: UnitOfWork, known: set[str], *, now: datetime | None = None
) -> list[JobInfo]:
    """Queued jobs for devices this station no longer has fail (they can be sent elsewhere)."""
    with uow:
        jobs = list(
            uow.session.scalars(
                select(DeviceJob).where(
                    DeviceJob.state == JobState.QUEUED, DeviceJob.device.not_in(known)
                )
            )
        )
        for job in jobs:
            job.state = JobState.FAILED.value
            job.reason = f"No device called {job.device!r} is set up at this station"
            job.finished_at = _now(now)
        infos = [_info(job) for job in jobs]
        uow.commit()
    return infos


# --- people's side: list, retry, send elsewhere ----------------------------------------


#: The device role each kind of job is for; a job is sent again only to a device of it.
KIND_ROLES = {
    "receipt": DeviceRole.RECEIPT_PRINTER,
    "drawer_kick": DeviceRole.RECEIPT_PRINTER,
    "z_report": DeviceRole.RECEIPT_PRINTER,
    "drawer_slip": DeviceRole.RECEIPT_PRINTER,
    "ticket": DeviceRole.TICKET_PRINTER,
    "display": DeviceRole.POLE_DISPLAY,
    "now_serving": DeviceRole.NOW_SERVING,
}


def role_of_kind(kind: str) -> DeviceRole | None:
    """The role a ``kind`` of job is for (None: any device, a test page or raw bytes)."""
    return KIND_ROLES.get(kind)


@dataclass(frozen=True, slots=True)
class RetryJob:
    job_id: str
    device: str | None = None  # another device to send it to; None = the same one
    # The station's devices, name -> role: another device must have the job's role.
    roles: dict[str, str] = field(default_factory=dict)


def retry_job(uow: UnitOfWork, cmd: RetryJob) -> JobInfo:
    """Queue a failed job again, to its device or to ``cmd.device``."""
    with uow:
        job = uow.session.get(DeviceJob, cmd.job_id)
        if job is None:
            raise ServiceError("That job is no longer in the queue.")
        if job.state not in RETRYABLE:
            raise ServiceError(
                "Only a failed or unconfirmed job can be sent again (this one is {state}).",
                state=job.state,
            )
        if job.kind in FRAME_KINDS:
            raise ServiceError("A display frame is not repeated; the display shows the next one.")
        if cmd.device and cmd.device != job.device:
            want = role_of_kind(job.kind)
            have = cmd.roles.get(cmd.device)
            if cmd.roles and have is None:
                raise ServiceError(
                    "No device called '{device}' is set up at this station.", device=cmd.device
                )
            if want is not None and have is not None and have != want.value:
                raise ServiceError(
                    "{device} is not a {role}: this {job} goes only to a device of that role.",
                    device=cmd.device,
                    role=want.value.replace("_", " "),
                    job=job.kind.replace("_", " "),
                )
            job.device = cmd.device
        job.state = JobState.QUEUED.value
        job.reason = ""
        job.attempts = 0
        job.not_before = None
        job.finished_at = None
        info = _info(job)
        uow.commit()
    return info


def list_jobs(
    uow: UnitOfWork,
    *,
    states: tuple[JobState, ...] = (),
    kinds_excluded: tuple[str, ...] = FRAME_KINDS,
    limit: int = 100,
) -> list[JobInfo]:
    """Newest first; display frames left out unless asked for (there are many)."""
    with uow:
        q = select(DeviceJob).order_by(DeviceJob.id.desc()).limit(limit)
        if states:
            q = q.where(DeviceJob.state.in_([s.value for s in states]))
        if kinds_excluded:
            q = q.where(DeviceJob.kind.not_in(kinds_excluded))
        return [_info(job) for job in uow.session.scalars(q)]


def job_info(uow: UnitOfWork, job_id: str) -> JobInfo:
    with uow:
        job = uow.session.get(DeviceJob, job_id)
        if job is None:
            raise ServiceError("That job is no longer in the queue.")
        return _info(job)


def prune_done(uow: UnitOfWork, *, older_than: timedelta = timedelta(days=7)) -> int:
    """Forget finished display frames and done jobs older than ``older_than``."""
    cutoff = datetime.now(UTC) - older_than
    with uow:
        result = uow.session.execute(
            delete(DeviceJob).where(
                DeviceJob.state.in_([JobState.DONE, JobState.SENT]),
                DeviceJob.finished_at < cutoff,
            )
        )
        uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)
