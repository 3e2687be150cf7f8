"""The server's database: what head office holds of every station's facts.

Its own ``MetaData``, apart from the station's: the two schemas evolve on
their own. ``received_record`` keeps every record exactly as it arrived (its
id is the idempotency key); ``sale``, ``sale_line``, ``tender`` and
``audit_entry`` are those records expanded for queries. Amounts are integer
cents (``BigInteger``: head-office sums span every station and year).

The schema is under Alembic (``migrations/server``, ``counterapp.server.migrate``)
and is brought up to date when the server starts; other server tables
(stations, reference data) live in their own modules on the same ``ServerBase``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    create_engine,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from counterapp.db.base import NAMING_CONVENTION
from counterapp.db.engine import WRITER, configure_sqlite
from counterapp.db.types import UTCDateTime

SUPPORTED_DIALECTS = ("sqlite", "postgresql")


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ReceivedRecord(ServerBase):
    """A record exactly as a station sent it; the primary key makes delivery idempotent."""

    __tablename__ = "received_record"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(BigInteger)  # the station's outbox order
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The station's record chain (issue 15, ``server.chain``); none before it.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class Sale(ServerBase):
    __tablename__ = "sale"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    station_code: Mapped[str] = mapped_column(String(16), index=True)
    site_code: Mapped[str] = mapped_column(String(8))
    seq: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str] = mapped_column(String(36))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    subtotal_cents: Mapped[int] = mapped_column(BigInteger)
    tax_cents: Mapped[int] = mapped_column(BigInteger)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    rounding_cents: Mapped[int] = mapped_column(BigInteger)
    change_cents: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(8), default="sale")  # sale|void|refund
    original_sale_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    approved_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    shift_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class SaleLine(ServerBase):
    __tablename__ = "sale_line"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    service_code: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_fee_cents: Mapped[int] = mapped_column(BigInteger)
    tax_code: Mapped[str] = mapped_column(String(8))
    tax_cents: Mapped[int] = mapped_column(BigInteger)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    gl_account: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class Tender(ServerBase):
    __tablename__ = "tender"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    tendered_cents: Mapped[int] = mapped_column(BigInteger)
    applied_cents: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(40))


class AuditEntry(ServerBase):
    __tablename__ = "audit_entry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    station_code: Mapped[str] = mapped_column(String(16), index=True)
    staff_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


# --- engines ---------------------------------------------------------------


def normalise_url(url: str | URL) -> URL:
    """The URL to use: ``postgresql://`` means psycopg 3 (the driver we ship)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED_DIALECTS:
        raise ValueError(
            f"the server stores its data in PostgreSQL or SQLite, not {parsed.get_backend_name()}"
        )
    return parsed


WRITE = WRITER  # sessions that write begin IMMEDIATE on SQLite


def make_server_engine(url: str | URL) -> Engine:
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return configure_sqlite(create_engine(parsed, connect_args={"check_same_thread": False}))
    return create_engine(parsed, pool_pre_ping=True)


def create_schema(engine: Engine) -> None:
    """Bring the schema up to date (Alembic, ``migrations/server``)."""
    from counterapp.server.migrate import upgrade_server

    upgrade_server(engine)


def session_factories(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """(readers, writers): writers' transactions take SQLite's write lock at BEGIN."""
    readers = sessionmaker(engine, expire_on_commit=False)
    writers = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)
    return readers, writers
