"""Stations as head office knows them: registration, credentials, last contact.

An administrator adds a station (``add_station``) and reads out the one-time
code it returns; the station sends that code with a secret it made
(``register``) and from then on proves itself with the secret on every call
(``authenticate``). Only hashes are stored: of the one-time code and of the
secret. ``revoke`` shuts a station out; adding it again issues a new code.

A one-time code is single use, expires, and is voided after a few wrong
tries, so it cannot be guessed online.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy import BigInteger, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from counterapp.server.db import ReceivedRecord, ServerBase, UTCDateTime
from counterapp.server.db import Sale as ServerSale
from counterapp.sync.protocol import (
    REFUSAL_CODE_EXPIRED,
    REFUSAL_CODE_USED,
    REFUSAL_REVOKED,
    REFUSAL_WRONG_CODE,
    RegisterRequest,
    secret_hash,
)

CODE_VALID_FOR = timedelta(days=7)
MAX_CODE_TRIES = 5
# No 0/O, 1/I/L: read aloud over the phone to whoever installs the counter PC.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class ServerStation(ServerBase):
    """A counter PC head office knows, its credential's hash and what it last said."""

    __tablename__ = "station"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    one_time_code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    code_tries: Mapped[int] = mapped_column(Integer, default=0)
    credential_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    backlog: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # as last reported
    last_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # newest outbox seq
    reference_version: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    protocol: Mapped[int | None] = mapped_column(Integer, nullable=True)
    schema_revision: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Replacing a counter PC (issue 12): the last receipt number the station said it
    # had handed out, and where a replacement PC goes on from (set by ``replace_station``).
    receipts_reported: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    receipt_floor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StationRefused(Exception):
    """Why a call is refused; ``status`` is the HTTP status to answer with."""

    def __init__(
        self, status: int, message: str, reason: str = "", *, log_reason: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason  # a REFUSAL_* word for registrations (issue 12)
        self.log_reason = log_reason or message  # what the log says (may say more)


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _normal_code(code: str) -> str:
    return "".join(code.upper().split()).replace("-", "")


def add_station(
    session_factory: Callable[[], Session],
    code: str,
    site_code: str,
    name: str = "",
    *,
    now: datetime | None = None,
) -> str:
    """Add a station (or re-issue one: its old credential stops working and a
    revocation is lifted). Returns the one-time code, shown once."""
    if not 1 <= len(code) <= 16 or not 1 <= len(site_code) <= 8:
        raise ValueError("a station code has 1 to 16 characters and a site code 1 to 8")
    now = now or datetime.now(UTC)
    one_time = _new_code()
    with session_factory() as session, session.begin():
        station = session.get(ServerStation, code, with_for_update=True)
        if station is None:
            station = ServerStation(code=code, code_tries=0)
            session.add(station)
        station.site_code = site_code
        station.name = name
        station.one_time_code_hash = secret_hash(_normal_code(one_time))
        station.code_expires_at = now + CODE_VALID_FOR
        station.code_tries = 0
        station.credential_hash = None
        station.registered_at = None
        station.revoked_at = None
    return one_time


def revoke_station(
    session_factory: Callable[[], Session], code: str, *, now: datetime | None = None
) -> None:
    with session_factory() as session, session.begin():
        station = session.get(ServerStation, code, with_for_update=True)
        if station is None:
            raise LookupError(f"no station {code!r}")
        station.revoked_at = now or datetime.now(UTC)
        # The credential's and the code's hashes stay (never accepted again:
        # ``revoked_at``) so only a caller who shows one is told it was revoked.


NOT_WAITING = (
    "this station code and one-time code do not match a registration waiting at head "
    "office: check both (a code is good for {days} days, once, and stops after "
    "{tries} wrong tries), or ask an administrator for a new one-time code"
)


def register(
    session_factory: Callable[[], Session], req: RegisterRequest, *, now: datetime | None = None
) -> ServerStation:
    """Trade a one-time code for a credential. Repeating the same request
    (its answer was lost) succeeds again; anything else after the code was
    used is refused.

    Station codes cannot be found by trying them: an unknown station, a wrong
    code and a code no longer valid get one answer (403, ``NOT_WAITING``). Only a
    caller who shows the station's one-time code (or its credential) learns
    more: that the code expired, was already used by another PC, or that the
    station was revoked. The log keeps the true reason."""
    now = now or datetime.now(UTC)
    code = req.station_code
    new_code = "ask an administrator for a new one-time code"
    with session_factory() as session, session.begin():
        station = session.get(ServerStation, code, with_for_update=True)
        stored_code = station.one_time_code_hash if station is not None else None
        # Compared even when the station is unknown, so the answer takes as long.
        shown = secret_hash(_normal_code(req.one_time_code))
        proved = hmac.compare_digest(stored_code or "0" * 64, shown) and stored_code is not None
        if station is None or not proved:
            if (
                station is not None
                and station.credential_hash is not None
                and station.revoked_at is None
                and hmac.compare_digest(station.credential_hash, secret_hash(req.secret))
            ):
                session.expunge(station)
                return station  # the same registration again, its code since voided
            reason = "unknown station" if station is None else "wrong or void one-time code"
            if station is not None and stored_code is not None and station.credential_hash is None:
                station.code_tries += 1
                if station.code_tries >= MAX_CODE_TRIES:
                    station.one_time_code_hash = None  # guessing stops here
                session.commit()
            raise StationRefused(
                403,
                NOT_WAITING.format(days=CODE_VALID_FOR.days, tries=MAX_CODE_TRIES),
                REFUSAL_WRONG_CODE,
                log_reason=f"{reason} for {code[:16]!r}",
            )
        # The caller knows this station's one-time code: it may be told why not.
        if station.revoked_at is not None:
            raise StationRefused(
                403,
                f"station {code} was revoked by head office: an administrator must "
                f"replace it ('counterapp server station replace {code}') to get a new code",
                REFUSAL_REVOKED,
            )
        wanted = secret_hash(req.secret)
        if station.credential_hash is not None:
            if hmac.compare_digest(station.credential_hash, wanted):
                session.expunge(station)
                return station  # the same registration again
            raise StationRefused(
                409,
                f"the one-time code for station {code} was already used by another PC; "
                f"if this PC replaces it, {new_code} "
                f"('counterapp server station replace {code}')",
                REFUSAL_CODE_USED,
            )
        if station.code_expires_at is not None and station.code_expires_at < now:
            station.one_time_code_hash = None
            session.commit()
            raise StationRefused(
                403, f"the one-time code for station {code} has expired: {new_code}",
                REFUSAL_CODE_EXPIRED,
            )  # fmt: skip
        # The code's hash is kept: a second PC showing it is told it was used.
        station.code_expires_at = None
        station.credential_hash = wanted
        station.registered_at = now
        station.last_contact_at = now
        session.flush()
        session.expunge(station)
        return station


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated station."""

    code: str
    site_code: str


NOT_ACCEPTED = (
    "this station's credential is not accepted by head office: "
    "register it again with a new one-time code from an administrator"
)


def authenticate(
    session_factory: Callable[[], Session], station_code: str | None, secret: str | None
) -> Caller:
    """The station proven by its secret, or ``StationRefused``.

    An unknown station and a wrong secret get the same answer (station codes
    cannot be found by trying them); the log keeps the true reason. Only a
    station that proves itself learns that it was revoked.
    """
    if not station_code or not secret:
        raise StationRefused(
            401, "this station is not registered with the server: run 'counterapp sync register'"
        )
    with session_factory() as session:
        row = session.execute(
            select(
                ServerStation.site_code, ServerStation.credential_hash, ServerStation.revoked_at
            ).where(ServerStation.code == station_code[:16])
        ).one_or_none()
    stored = row[1] if row is not None else None
    # Compared even when the station is unknown, so the answer takes as long.
    good = hmac.compare_digest(stored or "0" * 64, secret_hash(secret)) and stored is not None
    if row is None or not good:
        raise StationRefused(
            401,
            NOT_ACCEPTED,
            log_reason=f"{'unknown station' if row is None else 'wrong secret for station'} "
            f"{station_code[:16]!r}",
        )
    site_code, _stored, revoked_at = row
    if revoked_at is not None:
        raise StationRefused(
            403, f"station {station_code} was revoked by head office; ask an administrator"
        )
    return Caller(station_code, site_code)


def record_contact(
    session_factory: Callable[[], Session],
    caller: Caller,
    *,
    backlog: int | None = None,
    last_seq: int | None = None,
    reference_version: int | None = None,
    protocol: int | None = None,
    schema_revision: str | None = None,
    receipts_reported: int | None = None,
) -> None:
    """Remember when a station last spoke and what it said about itself."""
    values: dict[str, Any] = {"last_contact_at": datetime.now(UTC)}
    for name, value in (
        ("backlog", backlog),
        ("last_seq", last_seq),
        ("reference_version", reference_version),
        ("protocol", protocol),
        ("schema_revision", schema_revision),
        ("receipts_reported", receipts_reported),
    ):
        if value is not None:
            values[name] = value
    with session_factory() as session, session.begin():
        station = session.get(ServerStation, caller.code)
        if station is not None:
            if last_seq is not None and station.last_seq is not None:
                values["last_seq"] = max(last_seq, station.last_seq)  # batches may arrive late
            if receipts_reported is not None and station.receipts_reported is not None:
                values["receipts_reported"] = max(receipts_reported, station.receipts_reported)
            for name, value in values.items():
                setattr(station, name, value)


class StationView(BaseModel):
    """A station as the head-office list shows it."""

    code: str
    site_code: str
    name: str
    state: str  # awaiting registration | registered | revoked
    registered_at: datetime | None
    last_contact_at: datetime | None
    backlog: int | None
    last_seq: int | None
    records_received: int
    reference_version: int | None
    protocol: int | None
    schema_revision: str | None


def list_stations(session: Session) -> list[StationView]:
    received = dict(
        session.execute(
            select(ReceivedRecord.station_code, func.count()).group_by(ReceivedRecord.station_code)
        ).all()
    )
    out = []
    for st in session.scalars(select(ServerStation).order_by(ServerStation.code)):
        if st.revoked_at is not None:
            state = "revoked"
        elif st.credential_hash is not None:
            state = "registered"
        else:
            state = "awaiting registration"
        out.append(
            StationView(
                code=st.code,
                site_code=st.site_code,
                name=st.name,
                state=state,
                registered_at=st.registered_at,
                last_contact_at=st.last_contact_at,
                backlog=st.backlog,
                last_seq=st.last_seq,
                records_received=int(received.get(st.code, 0)),
                reference_version=st.reference_version,
                protocol=st.protocol,
                schema_revision=st.schema_revision,
            )
        )
    return out


# --- replacing a counter PC (issue 12) -----------------------------------------


def receipts_held(session: Session, station_code: str) -> int:
    """The highest receipt number head office holds from this station (0: none)."""
    return int(
        session.scalar(
            select(func.max(ServerSale.seq)).where(ServerSale.station_code == station_code)
        )
        or 0
    )


def _continue_after(session: Session, station: ServerStation) -> int:
    return max(
        receipts_held(session, station.code),
        station.receipts_reported or 0,
        station.receipt_floor or 0,
    )


def continue_after(session_factory: Callable[[], Session], station_code: str) -> int:
    """The receipt number after which a station (a new PC, or the same one
    registering again) goes on: the last one head office holds, the last one
    the station reported having used, or where an administrator set it."""
    with session_factory() as session:
        station = session.get(ServerStation, station_code)
        return 0 if station is None else _continue_after(session, station)


@dataclass(frozen=True, slots=True)
class Replacement:
    station_code: str
    one_time_code: str
    last_held: int  # the last receipt number head office holds
    last_reported: int  # the last one the old PC said it had handed out
    continues_after: int  # the new PC's first receipt is this + 1


def replace_station(
    session_factory: Callable[[], Session],
    code: str,
    *,
    continue_after_seq: int | None = None,
    now: datetime | None = None,
) -> Replacement:
    """A new counter PC becomes station ``code``: in one transaction the old
    PC's credential stops working, a one-time code is issued for the new one,
    and the receipt number it will continue after is fixed (never lower than
    what head office holds or was told; higher if the administrator knows the
    old PC printed more, from its paper roll)."""
    now = now or datetime.now(UTC)
    one_time = _new_code()
    with session_factory() as session, session.begin():
        station = session.get(ServerStation, code, with_for_update=True)
        if station is None:
            raise LookupError(
                f"head office has no station {code!r}: add it with 'counterapp server station add'"
            )
        held = receipts_held(session, code)
        reported = station.receipts_reported or 0
        floor = max(held, reported, station.receipt_floor or 0, continue_after_seq or 0)
        station.one_time_code_hash = secret_hash(_normal_code(one_time))
        station.code_expires_at = now + CODE_VALID_FOR
        station.code_tries = 0
        station.credential_hash = None  # the old PC is shut out from now on
        station.registered_at = None
        station.revoked_at = None
        station.receipt_floor = floor
        station.replaced_at = now
    return Replacement(code, one_time, held, reported, floor)


class ReceiptGap(BaseModel):
    """Receipt numbers of a station that head office never received."""

    first_seq: int
    last_seq: int
    first_receipt_no: str
    last_receipt_no: str
    count: int


class ReceiptGaps(BaseModel):
    station_code: str
    last_held: int  # the highest receipt number received
    expected_up_to: int  # the highest number known to have been handed out
    missing: int  # how many numbers never arrived, in all
    gaps: list[ReceiptGap]


def _receipt_no(station_code: str, seq: int) -> str:
    return f"{station_code}-{seq:06d}"  # as services.sales numbers them


def receipt_gaps(session: Session, station_code: str) -> ReceiptGaps:
    """The numbers from 1 to the last one known to be used (received, reported
    by the station, or where a replaced PC stopped) that head office does not
    hold, as ranges: finance follows these up (a dead PC's unsent sales)."""
    station = session.get(ServerStation, station_code)
    if station is None:
        raise LookupError(f"head office has no station {station_code!r}")
    held = receipts_held(session, station_code)
    upper = max(held, station.receipts_reported or 0, station.receipt_floor or 0)
    # Each held number with the one before it: a jump of more than one is a gap.
    previous = func.lag(ServerSale.seq).over(order_by=ServerSale.seq)
    pairs = (
        select(ServerSale.seq.label("seq"), previous.label("prev"))
        .where(ServerSale.station_code == station_code)
        .subquery()
    )
    ranges: list[tuple[int, int]] = [
        (int(prev or 0) + 1, int(seq) - 1)
        for seq, prev in session.execute(
            select(pairs.c.seq, pairs.c.prev)
            .where(pairs.c.seq - func.coalesce(pairs.c.prev, 0) > 1)
            .order_by(pairs.c.seq)
        )
    ]
    if upper > held:
        ranges.append((held + 1, upper))
    gaps = [
        ReceiptGap(
            first_seq=a,
            last_seq=b,
            first_receipt_no=_receipt_no(station_code, a),
            last_receipt_no=_receipt_no(station_code, b),
            count=b - a + 1,
        )
        for a, b in ranges
    ]
    return ReceiptGaps(
        station_code=station_code,
        last_held=held,
        expected_up_to=upper,
        missing=sum(g.count for g in gaps),
        gaps=gaps,
    )


def install_receipt_gaps(app: FastAPI, readers: Callable[[], Session]) -> None:
    """``GET /api/v1/stations/{code}/receipt-gaps``: finance's follow-up list
    (a head-office read view: a user's session or API token, ``stations.read``)."""
    from fastapi import Depends

    from counterapp.server.hq.auth import require  # here: hq's views import this module

    @app.get(
        "/api/v1/stations/{station_code}/receipt-gaps",
        response_model=ReceiptGaps,
        dependencies=[Depends(require("stations.read"))],
    )
    def station_receipt_gaps(station_code: str) -> ReceiptGaps:
        with readers() as session:
            try:
                return receipt_gaps(session, station_code)
            except LookupError as exc:
                raise HTTPException(404, detail=str(exc)) from None
