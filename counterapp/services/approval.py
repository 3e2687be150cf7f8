"""A supervisor's approval at the associate's station: their own user name
and their password or PIN, checked here in the service layer. They cannot
approve their own work; a refused approval is audited in its own commit
(without the name typed), even though nothing else is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select

from counterapp.db.models import Staff, Station
from counterapp.db.uow import UnitOfWork
from counterapp.services import audit
from counterapp.services.auth import Role, StaffIdentity, verify_password
from counterapp.services.errors import NotPermitted

T = TypeVar("T")

APPROVER_ROLES = (Role.SUPERVISOR.value, Role.ADMIN.value)


class ApprovalRefused(NotPermitted):
    """The supervisor's credentials did not check out."""


@dataclass(frozen=True, slots=True)
class SupervisorApproval:
    username: str
    secret: str  # the supervisor's password or PIN, typed at this station


def approve(uow: UnitOfWork, approval: SupervisorApproval, who: StaffIdentity, what: str) -> Staff:
    staff = uow.session.scalars(
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
        raise ApprovalRefused(f"A {what} needs a supervisor's approval; that sign-in is not one.")
    if staff.id == who.id:
        raise NotPermitted(f"A supervisor cannot approve their own {what}; ask another supervisor.")
    return staff


def audit_refusal(uow: UnitOfWork, who: StaffIdentity, what: str, now: datetime) -> None:
    with uow:
        station_code = take_station_code(uow)
        audit.record(
            uow.session,
            station_code=station_code,
            staff_id=who.id,
            action="approval.refused",
            entity="sale",
            entity_id="",
            detail={"for": what},
            at=now,
        )
        uow.commit()


def take_station_code(uow: UnitOfWork) -> str:
    station = uow.session.scalars(select(Station)).first()
    return station.code if station else "?"


def guarded(
    uow: UnitOfWork, who: StaffIdentity, what: str, now: datetime, fn: Callable[[], T]
) -> T:
    """Run ``fn``; when the approval is refused, audit that, then re-raise."""
    try:
        return fn()
    except ApprovalRefused:
        audit_refusal(uow, who, what, now)
        raise
