"""A department's answer to a request taken at a counter (issue 16): head
office sets the status (and the answer the resident is given) of an intake it
received, and publishes it as reference data (``intake_status``), so every
station's status look-up shows it — where the request was taken and at any
other counter the resident walks up to.

Called by ``counterapp server intake-status`` and by the town's systems
through the server; the department never edits what the counter recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.server.db import ReceivedRecord
from counterapp.server.reference import Publish, PublishResult, ReferenceRejected, publish
from counterapp.server.service_requests import KINDS, apply_status, closed_word


class UnknownReference(LookupError):
    """No intake with that reference number has reached head office."""


def normalise_reference(text: str) -> str:
    return "".join(text.split()).upper()


def find_intake(session: Session, reference_no: str) -> dict[str, Any] | None:
    """The intake record as the station sent it, or None."""
    number = normalise_reference(reference_no)
    row = session.scalars(
        select(ReceivedRecord.payload).where(
            ReceivedRecord.kind == "intake",
            ReceivedRecord.payload["reference_no"].as_string() == number,
        )
    ).first()
    return dict(row) if row is not None else None


def set_intake_status(
    session_factory: Callable[[], Session],
    reference_no: str,
    status: str,
    *,
    answer: str = "",
    now: datetime | None = None,
) -> PublishResult:
    """Publish the department's status (and answer) for ``reference_no``.

    ``UnknownReference`` when no station has sent that intake;
    ``ReferenceRejected`` naming the field when the status or answer is not
    acceptable (empty, too long)."""
    when = now or datetime.now(UTC)
    with session_factory() as session:
        intake = find_intake(session, reference_no)
    if intake is None:
        raise UnknownReference(
            f"No request {normalise_reference(reference_no)} has reached head office."
        )
    item = {
        "reference_no": intake["reference_no"],
        "kind": intake["kind"],
        "department": intake["department"],
        "subject": intake["subject"],
        "status": " ".join(status.split()),
        "status_at": when.isoformat(),
        "answer": answer.strip(),
        "received_at": intake["at"],
    }
    if not item["status"]:
        raise ReferenceRejected("intake_status: status: give the new status")
    if intake["kind"] in KINDS:  # the Open311 view of it (``service_requests``)
        with session_factory() as session, session.begin():
            apply_status(
                session,
                intake["reference_no"],
                state=closed_word(item["status"]),
                shown=item["status"][:40],
                answer=item["answer"],
                when=when,
            )
    return publish(session_factory, [Publish("intake_status", item)], now=when)
