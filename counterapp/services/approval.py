"""A supervisor's approval at the counter — the one rule for every use.

Voids, refunds, a tender over its limit, opening the drawer with no sale, a
paid-out, a shift's sign-off and its later correction all ask here, and the
rule is the same for each:

- the supervisor types their **own** user name and their password **or** PIN
  at the station where the work is done;
- the account must be active and a supervisor's (or an administrator's);
- a supervisor never approves **their own** transaction (their own sale's
  void, their own no-sale, their own shift);
- every refusal is written to the audit, in its own commit, even though
  nothing else is (``guarded``); the name typed is not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import Staff, Station
from counterapp.db.uow import UnitOfWork
from counterapp.i18n import Message
from counterapp.services import audit
from counterapp.services.auth import Role, StaffIdentity, verify_password
from counterapp.services.errors import NotPermitted, ServiceError

T = TypeVar("T")

APPROVER_ROLES = (Role.SUPERVISOR.value, Role.ADMIN.value)


# What needs a supervisor, as messages say it (``what`` is also the audit's word).
ACTIONS = {
    "refund": Message("refund"),
    "void": Message("void"),
    "no-sale": Message("no-sale"),
    "paid-out": Message("paid-out"),
    "pickup": Message("cash pickup"),
    "shift sign-off": Message("shift sign-off"),
    "shift correction": Message("shift correction"),
    "tender over the limit": Message("tender over the limit"),
}


def action_words(what: str) -> Message | str:
    """``what`` as a message the window translates (as it is when not a known action)."""
    return ACTIONS.get(what, what)


class ApprovalNeeded(ServiceError):
    """The work goes through once a supervisor approves it (ask, then send it again)."""


class ApprovalRefused(NotPermitted):
    """The approval did not check out: wrong credentials, not a supervisor, or their own."""


@dataclass(frozen=True, slots=True)
class SupervisorApproval:
    username: str
    secret: str  # the supervisor's password or PIN, typed at this station

    @property
    def password(self) -> str:  # the drawer's forms call it that
        return self.secret


def check_approval(
    session: Session, approval: SupervisorApproval, *, what: str, owner_id: str
) -> Staff:
    """The approving supervisor, or ``ApprovalRefused`` saying why (the one rule above).

    ``owner_id`` is whose transaction it is (the associate selling, the shift's
    associate): that person cannot approve it.
    """
    staff = session.scalars(
        select(Staff).where(Staff.username == approval.username.strip().lower())
    ).first()
    ok = (
        staff is not None
        and staff.active
        and (
            verify_password(staff.password_hash, approval.secret)
            or verify_password(staff.pin_hash, approval.secret)
        )
    )
    if not ok or staff is None:
        raise ApprovalRefused(
            "The supervisor's user name, password or PIN is not right. Nothing was changed."
        )
    if staff.role not in APPROVER_ROLES:
        raise ApprovalRefused(
            "A {what} needs a supervisor's approval; that sign-in is not one.",
            what=action_words(what),
        )
    if staff.id == owner_id:
        raise ApprovalRefused(
            "A supervisor cannot approve their own {what}; ask another supervisor.",
            what=action_words(what),
        )
    return staff


def approve(uow: UnitOfWork, approval: SupervisorApproval, who: StaffIdentity, what: str) -> Staff:
    """``check_approval`` for ``who``'s own transaction."""
    return check_approval(uow.session, approval, what=what, owner_id=who.id)


def audit_refusal(uow: UnitOfWork, who_id: str, what: str, now: datetime) -> None:
    with uow:
        station_code = take_station_code(uow)
        audit.record(
            uow.session,
            station_code=station_code,
            staff_id=who_id,
            action="approval.refused",
            entity="approval",
            entity_id="",
            detail={"for": what},
            at=now,
        )
        uow.commit()


def take_station_code(uow: UnitOfWork) -> str:
    station = uow.session.scalars(select(Station)).first()
    return station.code if station else "?"


def guarded(
    uow: UnitOfWork, who: StaffIdentity | str, what: str, now: datetime, fn: Callable[[], T]
) -> T:
    """Run ``fn``; when the approval is refused, audit that, then re-raise."""
    try:
        return fn()
    except ApprovalRefused:
        audit_refusal(uow, who if isinstance(who, str) else who.id, what, now)
        raise
