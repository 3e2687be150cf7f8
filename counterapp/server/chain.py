"""Head office's side of the record chains (issue 15, ``domain.chain``).

On arrival (``record_arrivals``, inside the batch's transaction) each new
record's hash is recomputed from its content and its link checked against the
station's head (``station_chain``): a record changed on the way or at the
station (*altered*), one whose predecessor never arrived (*missing*), one that
links back to an earlier record (*replayed*: a history replayed or reordered),
a hash already held for another station (*copied*), or a chained station
sending an unchained record (*unchained*) is kept — nothing is lost — and
written to ``chain_problem`` for finance. ``verify_all`` walks every station's
stored history again (``counterapp server verify``): it also finds records
altered or deleted in head office's own database, and lists the copies head
office refused (``record_refused_copies``: a record another station already
sent, sent again by a station in its own batch). ``check_receipt`` answers
whether a paper receipt's check code is the one head office holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import BigInteger, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from counterapp.domain.chain import check_code, normal_check_code, record_hash
from counterapp.server.db import ReceivedRecord, Sale, ServerBase, UTCDateTime
from counterapp.sync.wire import WireEntry


class StationChain(ServerBase):
    """The newest record head office holds of a station's chain."""

    __tablename__ = "station_chain"

    station_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    head_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    head_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    length: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChainProblem(ServerBase):
    """A break in a station's chain, for finance to look into."""

    __tablename__ = "chain_problem"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(16), index=True)
    record_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # altered|missing|replayed|copied|unchained
    detail: Mapped[str] = mapped_column(String(300))
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProblemView(BaseModel):
    station_code: str
    record_id: str
    seq: int
    kind: str
    detail: str
    found_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class _Link:
    record_id: str
    seq: int
    kind: str
    payload: dict[str, Any]
    prev_hash: str | None
    hash: str | None


def _check(
    links: Iterable[_Link],
    station_code: str,
    head: str | None,
    known: Any,
    elsewhere: Any,
) -> tuple[list[ProblemView], str | None, int]:
    """Walk ``links`` (in seq order) from ``head``; the problems, the new head, links seen."""
    problems: list[ProblemView] = []
    seen = 0

    def problem(link: _Link, kind: str, detail: str) -> None:
        problems.append(
            ProblemView(
                station_code=station_code,
                record_id=link.record_id,
                seq=link.seq,
                kind=kind,
                detail=detail[:300],
            )
        )

    for link in links:
        if link.hash is None:
            if head is not None:
                problem(link, "unchained", "a chained station sent a record without its hash")
            continue
        seen += 1
        if record_hash(link.record_id, link.kind, link.payload, link.prev_hash) != link.hash:
            problem(link, "altered", f"the {link.kind} record's content does not match its hash")
        other = elsewhere(link.hash)
        if other:
            problem(link, "copied", f"the same record hash is held for station {other}")
        if link.prev_hash != head:
            if link.prev_hash is not None and known(link.prev_hash):
                problem(
                    link,
                    "replayed",
                    "it follows an earlier record, not the newest: history replayed or reordered",
                )
            else:
                problem(link, "missing", "the record before it never arrived (or was removed)")
        head = link.hash
    return problems, head, seen


def record_arrivals(
    session: Session, station_code: str, entries: Sequence[WireEntry], now: datetime
) -> list[ProblemView]:
    """Check the new records of a batch against the station's chain; keep the problems."""
    chain = session.get(StationChain, station_code, with_for_update=True)
    if chain is None:
        chain = StationChain(station_code=station_code, head_hash=None, length=0, updated_at=now)
        session.add(chain)

    def known(prev: str) -> bool:
        return (
            session.scalar(
                select(ReceivedRecord.id).where(
                    ReceivedRecord.hash == prev, ReceivedRecord.station_code == station_code
                )
            )
            is not None
        )

    def elsewhere(own: str) -> str | None:
        return session.scalar(
            select(ReceivedRecord.station_code)
            .where(ReceivedRecord.hash == own, ReceivedRecord.station_code != station_code)
            .limit(1)
        )

    links = [
        _Link(e.id, e.seq, e.kind, e.payload, e.prev_hash, e.hash)
        for e in sorted(entries, key=lambda e: e.seq)
    ]
    problems, head, seen = _check(links, station_code, chain.head_hash, known, elsewhere)
    if seen:
        chain.head_hash = head
        chain.head_seq = max(e.seq for e in entries if e.hash is not None)
        chain.length += seen
        chain.updated_at = now
    for p in problems:
        session.add(ChainProblem(**p.model_dump(exclude={"found_at"}), found_at=now))
    return problems


def record_refused_copies(
    session: Session, station_code: str, entries: Sequence[WireEntry], now: datetime
) -> list[ProblemView]:
    """A refused batch's records that head office already holds for another
    station (the same record id, or the same hash): each kept once in
    ``chain_problem`` as *copied*, for the sending station, so finance sees it
    though the record itself is refused (a retry adds nothing). The new ones."""
    ids = sorted({e.id for e in entries})
    hashes = sorted({e.hash for e in entries if e.hash})
    found: dict[str, str] = {}  # the copy's record id -> the station that holds it
    if ids:
        for rid, other in session.execute(
            select(ReceivedRecord.id, ReceivedRecord.station_code).where(
                ReceivedRecord.id.in_(ids), ReceivedRecord.station_code != station_code
            )
        ):
            found[rid] = other
    if hashes:
        by_hash = {e.hash: e.id for e in entries if e.hash}
        for held, other in session.execute(
            select(ReceivedRecord.hash, ReceivedRecord.station_code).where(
                ReceivedRecord.hash.in_(hashes), ReceivedRecord.station_code != station_code
            )
        ):
            if held is not None:
                found.setdefault(by_hash[held], other)
    if not found:
        return []
    already = set(
        session.scalars(
            select(ChainProblem.record_id).where(
                ChainProblem.station_code == station_code,
                ChainProblem.kind == "copied",
                ChainProblem.record_id.in_(sorted(found)),
            )
        )
    )
    seqs = {e.id: e.seq for e in entries}
    new = [
        ProblemView(
            station_code=station_code,
            record_id=rid,
            seq=seqs[rid],
            kind="copied",
            detail=f"refused: the record is held for station {other} (the same record id "
            "or record hash); one of the two stations sent a copy",
        )
        for rid, other in sorted(found.items())
        if rid not in already
    ]
    for p in new:
        session.add(ChainProblem(**p.model_dump(exclude={"found_at"}), found_at=now))
    return new


def refused_copies(session: Session) -> list[ProblemView]:
    """The *copied* problems kept for records head office refused (not stored
    for the station that sent them): ``verify_all`` cannot walk them."""
    stored = select(ReceivedRecord.id).where(
        ReceivedRecord.id == ChainProblem.record_id,
        ReceivedRecord.station_code == ChainProblem.station_code,
    )
    rows = session.scalars(
        select(ChainProblem)
        .where(ChainProblem.kind == "copied", ~stored.exists())
        .order_by(ChainProblem.station_code, ChainProblem.id)
    )
    return [ProblemView.model_validate(r, from_attributes=True) for r in rows]


def verify_all(session: Session) -> list[ProblemView]:
    """Every station's stored history walked again, from its first record."""
    problems: list[ProblemView] = []
    stations = session.scalars(select(ReceivedRecord.station_code).distinct()).all()
    for code in sorted(stations):
        rows = session.execute(
            select(
                ReceivedRecord.id,
                ReceivedRecord.seq,
                ReceivedRecord.kind,
                ReceivedRecord.payload,
                ReceivedRecord.prev_hash,
                ReceivedRecord.hash,
            )
            .where(ReceivedRecord.station_code == code)
            .order_by(ReceivedRecord.seq)
        ).all()
        links = [_Link(*r) for r in rows]
        hashes = {link.hash for link in links if link.hash}
        owners: dict[str, str] = {}
        for other_code, other_hash in session.execute(
            select(ReceivedRecord.station_code, ReceivedRecord.hash).where(
                ReceivedRecord.station_code != code, ReceivedRecord.hash.in_(hashes)
            )
        ):
            if other_hash is not None:
                owners[other_hash] = other_code
        found, head, _seen = _check(links, code, None, hashes.__contains__, owners.get)
        problems += found
        chain = session.get(StationChain, code)
        if chain is not None and chain.head_hash != head:
            problems.append(
                ProblemView(
                    station_code=code,
                    record_id="",
                    seq=chain.head_seq or 0,
                    kind="missing",
                    detail="the newest record head office received is no longer stored",
                )
            )
    return problems + refused_copies(session)


def recorded_problems(session: Session, limit: int = 500) -> list[ProblemView]:
    rows = session.scalars(select(ChainProblem).order_by(ChainProblem.id.desc()).limit(limit))
    return [ProblemView.model_validate(r, from_attributes=True) for r in rows]


def problem_counts(session: Session) -> dict[str, int]:
    return dict(
        session.execute(
            select(ChainProblem.station_code, func.count()).group_by(ChainProblem.station_code)
        ).all()
    )


class ReceiptCheck(BaseModel):
    receipt_no: str
    genuine: bool
    reason: str
    station_code: str | None = None
    completed_at: datetime | None = None
    total_cents: int | None = None


def check_receipt(session: Session, receipt_no: str, code: str) -> ReceiptCheck | None:
    """Whether a paper receipt's check code is the one head office holds (None: unknown)."""
    sale = session.scalar(select(Sale).where(Sale.receipt_no == receipt_no.strip().upper()))
    if sale is None:
        return None
    stored = session.scalar(select(ReceivedRecord.hash).where(ReceivedRecord.id == sale.id))
    base: dict[str, Any] = {
        "receipt_no": sale.receipt_no,
        "station_code": sale.station_code,
        "completed_at": sale.completed_at,
        "total_cents": sale.total_cents,
    }
    if stored is None:
        return ReceiptCheck(
            **base, genuine=False, reason="this receipt was made before receipts had check codes"
        )
    if normal_check_code(code) == normal_check_code(check_code(stored)):
        return ReceiptCheck(**base, genuine=True, reason="the check code matches head office's")
    return ReceiptCheck(
        **base, genuine=False, reason="the check code does not match the receipt head office holds"
    )


def now_utc() -> datetime:
    return datetime.now(UTC)
