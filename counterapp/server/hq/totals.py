"""Running totals of the sales head office holds, per quarter hour, station
and kind, kept in the same transaction that stores the sales
(``apply_batch``), so the finance day and the GL file read a few thousand
sums instead of every line of every sale.

A quarter hour in UTC: every time zone's day starts on one, so a day in any
zone is a whole number of buckets. Sums are plain sums of the stored (signed)
amounts, so the totals equal the sales to the cent; each sale is added once
(only records new to the server are expanded).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from counterapp.server.db import ServerBase, UTCDateTime


class HqLineTotal(ServerBase):
    """Lines of one quarter hour, station, sale kind, service and GL account."""

    __tablename__ = "hq_line_total"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    bucket: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    site_code: Mapped[str] = mapped_column(String(8))
    station_code: Mapped[str] = mapped_column(String(16))
    sale_kind: Mapped[str] = mapped_column(String(8))
    service_code: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(120))
    gl_account: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(60))
    quantity: Mapped[int] = mapped_column(BigInteger)  # sales count up, voids and refunds down
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    tax_cents: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint(
            "bucket",
            "station_code",
            "sale_kind",
            "service_code",
            "description",
            "gl_account",
            "department",
            name="uq_hq_line_total_key",
        ),
    )


class HqSaleTotal(ServerBase):
    """Sales of one quarter hour, station and kind (``tender_kind`` ""), and
    what each tender kind applied to them."""

    __tablename__ = "hq_sale_total"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    bucket: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    site_code: Mapped[str] = mapped_column(String(8))
    station_code: Mapped[str] = mapped_column(String(16))
    sale_kind: Mapped[str] = mapped_column(String(8))
    tender_kind: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(BigInteger)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    tax_cents: Mapped[int] = mapped_column(BigInteger)
    rounding_cents: Mapped[int] = mapped_column(BigInteger)
    applied_cents: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint(
            "bucket", "station_code", "sale_kind", "tender_kind", name="uq_hq_sale_total_key"
        ),
    )


LINE_KEY = (
    "bucket",
    "station_code",
    "sale_kind",
    "service_code",
    "description",
    "gl_account",
    "department",
)
SALE_KEY = ("bucket", "station_code", "sale_kind", "tender_kind")


def bucket_of(at: datetime) -> datetime:
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    return at.replace(minute=at.minute - at.minute % 15, second=0, microsecond=0)


def _at(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def add_sales(
    session: Session,
    sales: Iterable[dict[str, Any]],
    lines: Iterable[dict[str, Any]],
    tenders: Iterable[dict[str, Any]],
) -> None:
    """Add sales (rows as stored: ``sale``, ``sale_line``, ``tender``) to the totals."""
    by_id: dict[str, dict[str, Any]] = {s["id"]: s for s in sales}
    if not by_id:
        return
    sale_sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    site: dict[str, str] = {}
    for s in by_id.values():
        site[s["station_code"]] = s["site_code"]
        key = (bucket_of(_at(s["completed_at"])), s["station_code"], s.get("kind", "sale"), "")
        acc = sale_sums[key]
        acc[0] += 1
        acc[1] += int(s["total_cents"])
        acc[2] += int(s["tax_cents"])
        acc[3] += int(s["rounding_cents"])
    for t in tenders:
        s = by_id[t["sale_id"]]
        tkey = (
            bucket_of(_at(s["completed_at"])),
            s["station_code"],
            s.get("kind", "sale"),
            t["kind"],
        )
        sale_sums[tkey][4] += int(t["applied_cents"])
    line_sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for ln in lines:
        s = by_id[ln["sale_id"]]
        kind = s.get("kind", "sale")
        lkey = (
            bucket_of(_at(s["completed_at"])),
            s["station_code"],
            kind,
            ln["service_code"],
            ln["description"],
            ln["gl_account"],
            ln["department"],
        )
        acc = line_sums[lkey]
        qty = int(ln["quantity"])
        acc[0] += qty if kind == "sale" else -abs(qty)
        acc[1] += int(ln["amount_cents"])
        acc[2] += int(ln["tax_cents"])
    _add(session, HqSaleTotal, SALE_KEY, SALE_SUMS, sale_sums, site)
    _add(session, HqLineTotal, LINE_KEY, LINE_SUMS, line_sums, site)


SALE_SUMS = ("count", "total_cents", "tax_cents", "rounding_cents", "applied_cents")
LINE_SUMS = ("quantity", "amount_cents", "tax_cents")


def _add(
    session: Session,
    model: type[ServerBase],
    key: tuple[str, ...],
    sums: tuple[str, ...],
    values: dict[tuple[Any, ...], list[int]],
    site: dict[str, str],
) -> None:
    """``INSERT … ON CONFLICT (key) DO UPDATE SET sum = sum + excluded.sum``."""
    if not values:
        return
    rows = [
        {
            **dict(zip(key, k, strict=True)),
            "site_code": site[k[1]],
            **dict(zip(sums, v, strict=True)),
        }
        for k, v in values.items()
    ]
    dialect = session.get_bind().dialect.name
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
    cols = model.__table__.c
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=list(key), set_={c: cols[c] + stmt.excluded[c] for c in sums}
        ),
        sorted(rows, key=lambda r: tuple(str(r[c]) for c in key)),  # one lock order
    )
