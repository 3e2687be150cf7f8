"""A station speaks only for itself (issue 15): what a batch's records
*reference* must be the sending station's own.

``wire.identity_problems`` checks what a record says it is (its receipt or
reference number, its site). This checks, against what head office holds,
every id in a record that names something a station owns:

- a void's or refund's ``original_sale_id``: a station voids and refunds only
  its own sales (``services.corrections`` finds the original in the station's
  own database: "No receipt … at this station");
- a ``shift_id`` (a sale's, a cash movement's, a count's, a sign-off's, an
  adjustment's): a drawer's shift is the station's;
- a stock issue's, commissioning log's or registration's ``sale_id`` and
  ``sale_line_id``: the sale the form, the log entry or the seat was sold with;
- a registration's ``registration_id``: a seat is cancelled at the station that
  holds it (``services.registrations``: "That registration is not at this
  station");
- a sale's line and tender ids, which head office keys on: an id already held
  for another record is named, with its station (``KeyTaken``).

A reference head office does not hold (yet) is accepted: the record it names
may still be on its way, and nothing can be claimed through it until it
arrives. Queue tickets (``ticket_id``) are the site's, not a station's, and
are not checked here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.server.db import ReceivedRecord, Sale, SaleLine, Tender
from counterapp.server.programs import ProgramSeat
from counterapp.sync.wire import (
    Batch,
    CashMovementPayload,
    ClaimRefused,
    CommissioningLogPayload,
    RecordPayload,
    RegistrationPayload,
    SalePayload,
    ShiftAdjustmentPayload,
    ShiftClosePayload,
    ShiftCountPayload,
    StockIssuePayload,
)

_CHUNK = 5000  # ids per IN list (SQLite's parameter limit is 32,766)
_SHIFT_KINDS = (ShiftAdjustmentPayload, ShiftClosePayload, ShiftCountPayload, CashMovementPayload)


class KeyTaken(Exception):
    """A new record uses an id head office already holds for another record (409)."""

    def __init__(self, problems: list[str], *, foreign: bool) -> None:
        self.problems = problems
        self.foreign = foreign  # another station's id: a security event
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"batch refused, nothing applied: {problems[0]}{more}")


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


def _record_owners(session: Session, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """record id -> (station, kind) of the records head office holds."""
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        for rid, station, kind in session.execute(
            select(ReceivedRecord.id, ReceivedRecord.station_code, ReceivedRecord.kind).where(
                ReceivedRecord.id.in_(chunk)
            )
        ):
            out[rid] = (station, kind)
    return out


def _part_owners(session: Session, table: Any, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """line or tender id -> (its sale's id, the sale's station)."""
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        for pid, sale_id, station in session.execute(
            select(table.id, table.sale_id, Sale.station_code)
            .join(Sale, Sale.id == table.sale_id)
            .where(table.id.in_(chunk))
        ):
            out[pid] = (sale_id, station)
    return out


def _seat_owners(session: Session, ids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(ids):
        for rid, station in session.execute(
            select(ProgramSeat.registration_id, ProgramSeat.station_code).where(
                ProgramSeat.registration_id.in_(chunk)
            )
        ):
            out[rid] = station
    return out


def _references(p: RecordPayload) -> Iterator[tuple[str, str, str]]:
    """(field, id, what) of every record ``p`` references: what is "record" or "line"."""
    if isinstance(p, SalePayload):
        if p.kind != "sale" and p.original_sale_id:
            yield "original_sale_id", p.original_sale_id, "record"
        if p.shift_id:
            yield "shift_id", p.shift_id, "record"
    elif isinstance(p, _SHIFT_KINDS):
        yield "shift_id", p.shift_id, "record"
    elif isinstance(p, StockIssuePayload | CommissioningLogPayload | RegistrationPayload):
        if p.sale_id:
            yield "sale_id", p.sale_id, "record"
        if p.sale_line_id:
            yield "sale_line_id", p.sale_line_id, "line"


def check_ownership(session: Session, batch: Batch, payloads: Sequence[RecordPayload]) -> None:
    """Refuse the batch (``ClaimRefused``, 422) if a record references another
    station's sale, shift or seat; (``KeyTaken``, 409) if a new sale's line or
    tender id is already another record's. Runs in the batch's transaction,
    before anything of it is written."""
    me = batch.station_code
    refs = [
        (i, field, rid, what) for i, p in enumerate(payloads) for field, rid, what in _references(p)
    ]
    records = _record_owners(session, (rid for _, _, rid, what in refs if what == "record"))
    lines = _part_owners(session, SaleLine, (rid for _, _, rid, what in refs if what == "line"))
    seats = _seat_owners(
        session, (p.registration_id for p in payloads if isinstance(p, RegistrationPayload))
    )

    def name(i: int) -> str:
        e = batch.entries[i]
        return f"entry {i} (id {e.id}, {e.kind})"

    claims: list[str] = []
    for i, field, rid, what in refs:
        if what == "record" and rid in records and records[rid][0] != me:
            station, kind = records[rid]
            claims.append(
                f"{name(i)}: {field} {rid} is station {station}'s {kind}, not station {me}'s: "
                "a station acts only on its own records"
            )
        elif what == "line" and rid in lines and lines[rid][1] != me:
            claims.append(
                f"{name(i)}: {field} {rid} is a line of station {lines[rid][1]}'s sale, not "
                f"station {me}'s: a station acts only on its own records"
            )
    for i, p in enumerate(payloads):
        if isinstance(p, RegistrationPayload) and seats.get(p.registration_id, me) != me:
            claims.append(
                f"{name(i)}: registration_id {p.registration_id} is a seat sold at station "
                f"{seats[p.registration_id]}, not station {me}: a registration changes only "
                "at the station that holds it"
            )
    if claims:
        raise ClaimRefused(claims)

    sales = [(i, p) for i, p in enumerate(payloads) if isinstance(p, SalePayload)]
    taken: list[str] = []
    foreign = False
    for table, part in ((SaleLine, "lines"), (Tender, "tenders")):
        parts: list[tuple[int, int, str, str]] = [
            (i, k, x_id, p.id)
            for i, p in sales
            for k, x_id in enumerate(
                [x.id for x in p.lines] if part == "lines" else [t.id for t in p.tenders]
            )
        ]
        held = _part_owners(session, table, (pid for _, _, pid, _ in parts))
        for i, k, pid, sale_id in parts:
            if pid in held and held[pid][0] != sale_id:
                other_sale, station = held[pid]
                whose = "another" if station == me else f"station {station}'s"
                foreign = foreign or station != me
                taken.append(
                    f"{name(i)}: {part}[{k}].id {pid} is already used by {whose} sale "
                    f"{other_sale}: ids are the station's own, made once"
                )
    if taken:
        raise KeyTaken(taken, foreign=foreign)
