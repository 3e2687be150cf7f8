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
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counterapp.db.base import Base
from counterapp.db.types import UTCDateTime
from counterapp.domain.accounts import search_key


def _account_search_key(context: Any) -> str:
    params = context.get_current_parameters()
    return search_key(params.get("holder_name", ""), params.get("address", ""))


class Station(Base):
    """This counter PC's identity. Exactly one row; receipt numbers come from it."""

    __tablename__ = "station"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # "WHB-01"
    site_code: Mapped[str] = mapped_column(String(8))  # "WHB"
    site_name: Mapped[str] = mapped_column(String(80))  # "Service Whitby"
    address_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_receipt_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Intake reference numbers, gapless per station like receipts (issue 3).
    last_intake_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))  # associate|greeter|supervisor|admin
    password_hash: Mapped[str] = mapped_column(String(200))
    is_commissioner: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A supervisor's short PIN for approving at someone else's station (argon2).
    pin_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)


class StaffPreference(Base):
    """What a user chose for this station's window (issue 13): kept here, not on
    ``staff``, because head office's pull rewrites staff rows."""

    __tablename__ = "staff_preference"

    staff_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(5))  # "en" | "fr"; None: never chosen
    theme: Mapped[str | None] = mapped_column(String(16))  # "standard" | "high_contrast" (1304)
    text_size: Mapped[str | None] = mapped_column(String(16))  # "normal" | "large" | "larger"


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
    # Head-office rules as data: account kind and payment limits, fee shape,
    # the form's fields, numbered stock (see counterapp.domain.fees).
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # French from head office (issue 13): "" (or an item missing) shows the English.
    name_fr: Mapped[str] = mapped_column(String(120), default="", server_default="")
    category_fr: Mapped[str] = mapped_column(String(40), default="", server_default="")
    checklist_fr: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


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
    number: Mapped[str] = mapped_column(String(40), index=True)  # digits only, check digit last
    holder_name: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(160), default="")
    balance_cents: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open|paid|closed
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=0, index=True)  # server change version
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Name and address folded (lower case, no accents) for the as-you-type
    # search; filled by a column default on insert (Core or ORM) and by an ORM
    # event on update. A Core UPDATE of name or address must set it too.
    search_key: Mapped[str] = mapped_column(
        String(300), default=_account_search_key, server_default=""
    )

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
    # The audit trail's chain (issue 15, ``counterapp.db.chaining``): set at flush.
    # Not indexed: nothing looks a row up by its hash, and an index would cost
    # every audit row an insert at a random place (migration 1502).
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


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
    # The station's record chain (issue 15, ``counterapp.domain.chain``): set at flush.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ChainHead(Base):
    """The newest hash of each chain ("outbox", "audit") and how many links it has."""

    __tablename__ = "chain_head"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    length: Mapped[int] = mapped_column(Integer, default=0)


# --- Drawers, shifts and end of day (issue 7) ---------------------------------------
# Facts about a drawer are appended, never edited: a shift is opened (with its
# counted float), cash moves out (pickups, paid-outs), the associate submits a
# blind count, a supervisor signs off; a correction after that is an adjusting
# entry of its own. ``Shift.status`` is the one value that changes (open →
# counted → closed), in the same commit as the fact that changes it.


class Shift(Base):
    """One associate's time on one drawer, from the counted float to the sign-off."""

    __tablename__ = "shift"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    drawer_code: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    status: Mapped[str] = mapped_column(String(8), index=True)  # open|counted|closed
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    float_cents: Mapped[int] = mapped_column(Integer)
    float_count: Mapped[dict[str, Any]] = mapped_column(JSON)  # CashCount.to_dict()
    # Policy at the time the drawer opened (station settings), so a later
    # change of settings never changes what this shift was held to.
    pickup_limit_cents: Mapped[int] = mapped_column(Integer)
    reason_threshold_cents: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CashMovement(Base):
    """Cash out of the drawer without a sale: a pickup (drop to the safe) or a paid-out."""

    __tablename__ = "cash_movement"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # pickup|paid_out
    seq: Mapped[int] = mapped_column(Integer)  # per shift: pickup slip 1, 2, …
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    gl_account: Mapped[str] = mapped_column(String(32), default="")
    count: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # pickups: by denomination


class ShiftCount(Base):
    """The associate's blind count at close, with what was expected, fixed at that moment."""

    __tablename__ = "shift_count"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    cash_count: Mapped[dict[str, Any]] = mapped_column(JSON)  # CashCount.to_dict()
    cheques: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{reference, amount_cents}]
    counted: Mapped[dict[str, int]] = mapped_column(JSON)  # tender kind → cents
    expected: Mapped[dict[str, int]] = mapped_column(JSON)  # tender kind → cents
    over_short_cents: Mapped[int] = mapped_column(Integer)


class ShiftClose(Base):
    """The supervisor's sign-off; holds the Z report and deposit slip as issued."""

    __tablename__ = "shift_close"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    supervisor_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    over_short_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    z_report: Mapped[dict[str, Any]] = mapped_column(JSON)
    deposit: Mapped[dict[str, Any]] = mapped_column(JSON)


class ShiftAdjustment(Base):
    """A supervisor's correction of a closed shift's count: a new entry, never an edit."""

    __tablename__ = "shift_adjustment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    supervisor_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    tender_kind: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(Integer)  # + found more, − found less
    reason: Mapped[str] = mapped_column(String(200))


# --- the walk-in queue (issue 5): a one-desk office's local queue ------------
# The tables are defined once (counterapp.queue.tables) for the station and the
# site server alike; here they join the station's metadata (and its migrations).
from counterapp.queue.tables import queue_tables  # noqa: E402

QUEUE_TABLES = queue_tables(Base.metadata)


@event.listens_for(Account, "before_update")
def _refresh_account_search_key(_mapper: Any, _conn: Any, target: Account) -> None:
    target.search_key = search_key(target.holder_name, target.address)


class AccountPayment(Base):
    """Money this station took against an account (negative for a void or a
    refund), written in the sale's commit. The balance shown is the account's
    balance as of its last update minus these payments made after it."""

    __tablename__ = "account_payment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id"), index=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    sale_line_id: Mapped[str] = mapped_column(String(36))
    amount_cents: Mapped[int] = mapped_column(Integer)
    paid_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StockIssue(Base):
    """A numbered form or tag used at this station: issued with a sale line,
    or spoiled (recorded, never reused). One row per number, ever."""

    __tablename__ = "stock_issue"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    stock_kind: Mapped[str] = mapped_column(String(24))
    number: Mapped[str] = mapped_column(String(24))  # prefix and number: "WD-260501"
    block_id: Mapped[str] = mapped_column(ForeignKey("stock_block.id"))
    status: Mapped[str] = mapped_column(String(8))  # issued|spoiled
    sale_id: Mapped[str | None] = mapped_column(ForeignKey("sale.id"), nullable=True)
    sale_line_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("stock_kind", "number"),)


class CommissioningLogEntry(Base):
    """The commissioner's log: one entry per document commissioned."""

    __tablename__ = "commissioning_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    sale_line_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    station_code: Mapped[str] = mapped_column(String(16))
    document_type: Mapped[str] = mapped_column(String(120))
    deponent_name: Mapped[str] = mapped_column(String(120))
    id_type: Mapped[str] = mapped_column(String(60))
    id_last_digits: Mapped[str] = mapped_column(String(4))
    commissioner_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))


class Registration(Base):
    """A seat in a recreation program taken at this station, or a place on its
    waitlist when the program is full. Cancelling keeps the row and says when
    and by which refund."""

    __tablename__ = "registration"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("service.code"), index=True)
    participant_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12))  # enrolled|waitlisted
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"))
    sale_line_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_sale_id: Mapped[str | None] = mapped_column(ForeignKey("sale.id"), nullable=True)


class WaitlistOffer(Base):
    """A freed seat offered to the first person on a program's waitlist
    (issue 16): ``open`` holds the seat until ``expires_at``; then
    ``accepted`` (paid at the desk), ``declined`` or ``lapsed``, and the seat
    goes to the next person."""

    __tablename__ = "waitlist_offer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    registration_id: Mapped[str] = mapped_column(ForeignKey("registration.id"), unique=True)
    service_code: Mapped[str] = mapped_column(String(32), index=True)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="open")  # open|accepted|declined|lapsed
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    accepted_registration_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Intake(Base):
    """A request, complaint or hand-delivered letter taken at the counter,
    with the reference number the visitor keeps and the owning department."""

    __tablename__ = "intake"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reference_no: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # request|complaint|correspondence
    department: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(1000), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact: Mapped[str] = mapped_column(String(120), default="")  # phone or e-mail
    status: Mapped[str] = mapped_column(String(40), default="Received")
    status_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    station_code: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # A warm hand-off (issue 16): documents the visitor left or showed, described,
    # and how and when the department should call back.
    documents: Mapped[str] = mapped_column(Text, default="", server_default="")
    callback: Mapped[str] = mapped_column(String(120), default="", server_default="")


class IntakeUpdate(Base):
    """The owning department's latest status and answer for a reference number,
    as head office sends it down (issue 16): for this station's intakes and for
    those taken elsewhere, so any counter can answer "how is it going?"."""

    __tablename__ = "intake_update"

    reference_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(40))
    status_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=0)


class TenderLimit(Base):
    """Head office's limit per kind of tender: an amount handed over above it
    needs a supervisor's approval (cash over $3,000, say)."""

    __tablename__ = "tender_limit"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    approval_over_cents: Mapped[int] = mapped_column(Integer)


class DeviceJob(Base):
    """One piece of work for a counter device (print, drawer kick, display update),
    kept until it is done so a fault never loses it (ARCHITECTURE.md, decision 6).

    A job names its target ``device`` (a name from the station's device settings)
    and carries either a ``document`` (``kind`` says how to render it, at run time,
    for whichever printer the job is sent to) or ``payload`` bytes sent as they are.
    ``state``: queued → printing → done | failed (with ``reason``); a failed job
    can be queued again, to the same or another device.
    """

    __tablename__ = "device_job"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid7: FIFO order
    device: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(24))  # receipt|drawer_kick|display|raw|…
    reference: Mapped[str] = mapped_column(String(40), default="")  # receipt/ticket number
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    # A newer queued job with the same key replaces older queued ones (display frames).
    coalesce_key: Mapped[str] = mapped_column(String(40), default="")
    staff_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    not_before: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


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
    # The sections a resident asks about (issue 16); "" when head office gave none.
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    department: Mapped[str] = mapped_column(String(60), default="", server_default="")
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    bring: Mapped[str] = mapped_column(Text, default="", server_default="")
    fees: Mapped[str] = mapped_column(Text, default="", server_default="")
    hours: Mapped[str] = mapped_column(Text, default="", server_default="")
    eligibility: Mapped[str] = mapped_column(Text, default="", server_default="")
    key_points: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # A French article: the id of the English one it translates (issue 13).
    translation_of: Mapped[str] = mapped_column(String(36), default="", server_default="")


class Inquiry(Base):
    """A tier-1 inquiry answered at the counter from a knowledge-base article:
    which article, who answered and when, never who asked (issue 16)."""

    __tablename__ = "inquiry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(36))
    article_title: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(5))
    tier: Mapped[int] = mapped_column(Integer, default=1)
    outcome: Mapped[str] = mapped_column(String(16), default="resolved")
    ticket_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    channel: Mapped[str] = mapped_column(String(16), default="desk")  # desk | greeter
    station_code: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
