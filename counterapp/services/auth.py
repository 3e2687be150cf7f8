"""Signing in: argon2 password hashes, roles, a clear message when it fails."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from counterapp.db.models import Staff, Station
from counterapp.db.uow import UnitOfWork
from counterapp.services import audit
from counterapp.services.errors import ServiceError

_hasher = PasswordHasher()


class Role(StrEnum):
    ASSOCIATE = "associate"
    GREETER = "greeter"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class LoginError(ServiceError):
    pass


@dataclass(frozen=True, slots=True)
class StaffIdentity:
    """Who is signed in at this station: what the service layer needs to check."""

    id: str
    username: str
    display_name: str
    role: Role
    is_commissioner: bool

    @property
    def receipt_name(self) -> str:
        """First name and initial, the most a receipt shows of staff."""
        parts = self.display_name.split()
        if len(parts) < 2:
            return self.display_name
        return f"{parts[0]} {parts[-1][0]}."


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, secret: str) -> bool:
    """True when ``secret`` matches the argon2 ``password_hash`` (False for no hash)."""
    if not password_hash or not secret:
        return False
    try:
        return _hasher.verify(password_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def login(uow: UnitOfWork, username: str, password: str) -> StaffIdentity:
    """Check the credentials; record the attempt (without the password) in the audit."""
    with uow:
        station = uow.session.scalars(select(Station)).first()
        station_code = station.code if station else "?"
        staff = uow.session.scalars(
            select(Staff).where(Staff.username == username.strip().lower())
        ).first()
        ok = False
        if staff is not None and staff.active:
            try:
                ok = _hasher.verify(staff.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok:
            # No user name in the audit: a mistyped password is often typed there.
            audit.record(
                uow.session,
                station_code=station_code,
                staff_id=None,
                action="login.failed",
                entity="staff",
                entity_id=staff.id if staff else "",
            )
            uow.commit()
            raise LoginError("Wrong user name or password. Check both and try again.")
        assert staff is not None
        audit.record(
            uow.session,
            station_code=station_code,
            staff_id=staff.id,
            action="login",
            entity="staff",
            entity_id=staff.id,
        )
        uow.commit()
        return StaffIdentity(
            id=staff.id,
            username=staff.username,
            display_name=staff.display_name,
            role=Role(staff.role),
            is_commissioner=staff.is_commissioner,
        )


IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10


def idle_lock_minutes(uow: UnitOfWork) -> int:
    """Minutes without a key or a click before the station locks (site setting
    ``idle_lock_minutes``; 0 never locks; 10 when head office set none)."""
    from counterapp.db.models import SiteSetting

    with uow:
        value = uow.session.scalars(
            select(SiteSetting.value).where(SiteSetting.name == IDLE_LOCK_SETTING)
        ).first()
    try:
        return max(0, int(value)) if value is not None else DEFAULT_IDLE_LOCK_MINUTES
    except (TypeError, ValueError):
        return DEFAULT_IDLE_LOCK_MINUTES


SESSION_ACTIONS = frozenset({"logout", "lock", "unlock"})


def record_session(uow: UnitOfWork, staff: StaffIdentity, action: str) -> None:
    """Audit a sign-out, a lock or an unlock of the station by ``staff``."""
    if action not in SESSION_ACTIONS:
        raise ValueError(action)
    with uow:
        station = uow.session.scalars(select(Station)).first()
        audit.record(
            uow.session,
            station_code=station.code if station else "?",
            staff_id=staff.id,
            action=action,
            entity="staff",
            entity_id=staff.id,
        )
        uow.commit()


def unlock(uow: UnitOfWork, staff: StaffIdentity, password: str) -> StaffIdentity:
    """The locked user's password again; any other user signs in (switch user)."""
    identity = login(uow, staff.username, password)
    record_session(uow, identity, "unlock")
    return identity
