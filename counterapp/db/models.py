"""The station's local database: typed SQLAlchemy 2.0 models.

Facts recorded at the counter (sales, lines, tenders, audit entries) are
append-only; reference data (catalogue, staff, tax rates) flows down from head
office. Amounts are integer cents. Relationships are ``lazy="raise"`` so no
query hides behind an attribute access.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counterapp.db.base import Base


class Station(Base):
    """This counter PC's identity. Exactly one row; receipt numbers come from it."""

    __tablename__ = "station"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # "WHB-01"
    site_code: Mapped[str] = mapped_column(String(8))  # "WHB"
    site_name: Mapped[str] = mapped_column(String(80))  # "Service Whitby"
    address_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_receipt_seq: Mapped[int] = mapped_column(Integer, default=0)


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))  # associate|greeter|supervisor|admin
    password_hash: Mapped[str] = mapped_column(String(200))
    is_commissioner: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TaxRate(Base):
    __tablename__ = "tax_rate"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # "HST", "EX"
    name: Mapped[str] = mapped_column(String(40))
    basis_points: Mapped[int] = mapped_column(Integer)  # 1300 = 13 %


class Service(Base):
    """One item of the catalogue (head-office data, not code)."""

    __tablename__ = "service"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(40))  # "Commissioning", "Licences" …
    kind: Mapped[str] = mapped_column(String(24))  # commissioning|payment|licence|…
    fee_cents: Mapped[int] = mapped_column(Integer)
    tax_code: Mapped[str] = mapped_column(ForeignKey("tax_rate.code"))
    gl_account: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(60))
    tier: Mapped[int] = mapped_column(Integer)  # 1 inquiry, 2 transaction, 3 delivery
    coverage: Mapped[str] = mapped_column(String(8))  # full|partial|none
    requires_commissioner: Mapped[bool] = mapped_column(Boolean, default=False)
    checklist: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Sale(Base):
    __tablename__ = "sale"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    # "sale"; "void" and "refund" are new records that reference the original
    # (nothing is edited or deleted) and carry negative lines and tenders.
    kind: Mapped[str] = mapped_column(String(8), default="sale", server_default="sale")
    original_sale_id: Mapped[str | None] = mapped_column(
        ForeignKey("sale.id"), nullable=True, index=True
    )
    reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    # The drawer shift the money went into (end-of-day issue owns the shift table).
    shift_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    seq: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    subtotal_cents: Mapped[int] = mapped_column(Integer)
    tax_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    rounding_cents: Mapped[int] = mapped_column(Integer)
    change_cents: Mapped[int] = mapped_column(Integer)
    receipt_doc: Mapped[dict[str, Any]] = mapped_column(JSON)  # the stored receipt document

    lines: Mapped[list[SaleLine]] = relationship(
        back_populates="sale", lazy="raise", order_by="SaleLine.line_no"
    )
    tenders: Mapped[list[Tender]] = relationship(
        back_populates="sale", lazy="raise", order_by="Tender.seq"
    )


class SaleLine(Base):
    __tablename__ = "sale_line"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    service_code: Mapped[str] = mapped_column(ForeignKey("service.code"))
    description: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_fee_cents: Mapped[int] = mapped_column(Integer)
    tax_code: Mapped[str] = mapped_column(String(8))
    tax_cents: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(Integer)  # quantity × unit fee, before tax
    gl_account: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    sale: Mapped[Sale] = relationship(back_populates="lines", lazy="raise")


class Tender(Base):
    __tablename__ = "tender"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    tendered_cents: Mapped[int] = mapped_column(Integer)
    applied_cents: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(40), default="")

    sale: Mapped[Sale] = relationship(back_populates="tenders", lazy="raise")


class Account(Base):
    """An account a visitor pays against (head-office data, flows down):
    a tax roll, a utility account, a parking or by-law ticket, an invoice, a
    membership. ``balance_cents`` is as of ``as_of`` (the last pull); a station
    shows it minus its own unsent payments."""

    __tablename__ = "account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # tax_roll|utility|ticket|invoice|membership
    number: Mapped[str] = mapped_column(String(40))  # roll/ticket/invoice number, digits only
    holder_name: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(160), default="")
    balance_cents: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open|paid|closed
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=0, index=True)  # server change version
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (UniqueConstraint("kind", "number"),)


class StockBlock(Base):
    """A block of numbered stock (marriage licence forms, dog tags) handed to
    this station by head office, so issuing offline never collides."""

    __tablename__ = "stock_block"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    stock_kind: Mapped[str] = mapped_column(String(24))  # "marriage_licence", "dog_tag"
    station_code: Mapped[str] = mapped_column(String(16))
    first_no: Mapped[int] = mapped_column(Integer)
    last_no: Mapped[int] = mapped_column(Integer)
    next_no: Mapped[int] = mapped_column(Integer)  # next number to issue; > last_no when used up
    prefix: Mapped[str] = mapped_column(String(8), default="")


class AuditEntry(Base):
    """Who did what, when, at which station. No personal data in ``detail``."""

    __tablename__ = "audit_entry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    station_code: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    action: Mapped[str] = mapped_column(String(40))  # "sale.completed", "login.failed" …
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxEntry(Base):
    """A fact waiting to reach head office, written in the same commit as the fact.

    ``seq`` orders delivery; ``id`` (the record's own id) is the idempotency key
    on the server. Nothing is deleted until ``acked_at`` is set.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(24))  # "sale", "audit"
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    acked_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True, index=True
    )


# --- replication to and from head office (issue 6) ----------------------------


class SyncState(Base):
    """One row: where this station stands with head office.

    ``reference_version`` is the newest change version applied (written in
    the same commit as the changes, so an interrupted pull resumes there);
    ``reference_entities`` the kinds this software applied them for (a newer
    station that knows more kinds loads everything again). The rest is the
    last push's outcome, for the window and ``counterapp sync status``.
    """

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference_version: Mapped[int] = mapped_column(Integer, default=0)
    reference_entities: Mapped[str] = mapped_column(String(400), default="")
    last_pull_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_contact_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    offline_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)


class SiteSetting(Base):
    """A setting head office makes for this site (flows down)."""

    __tablename__ = "site_setting"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=0)


class KbArticle(Base):
    """A knowledge-base article for the counter (flows down from head office)."""

    __tablename__ = "kb_article"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(200), default="")
    service_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=0, index=True)
