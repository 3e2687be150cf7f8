"""What travels from a station to the server (ARCHITECTURE.md, decision 3).

A station sends its outbox as a ``Batch`` of ``WireEntry``; the server answers
with a ``BatchAck``. Each entry's ``payload`` is checked against the typed model
of its kind (``SalePayload`` mirrors ``services.sales.sale_payload``,
``AuditPayload`` mirrors ``services.audit.record``) and a sale must balance.
Amounts are integer cents: ``StrictInt`` refuses a float, even ``50.0``.

``check_batch`` is the server's gate: a batch that breaks any rule is refused
whole, with a message naming the entry, and nothing of it is applied.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from counterapp.domain.tender import TenderKind

MAX_BATCH_ENTRIES = 1000

# Record ids are UUIDv7 strings made on the station, in canonical (lower-case,
# hyphenated) form: the server compares ids as text, so "A1…" and "a1…" must
# not both be accepted as the same record.
RecordId = Annotated[
    str,
    StringConstraints(
        strict=True,
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    ),
]
Cents = Annotated[StrictInt, Field(ge=0)]
SignedCents = StrictInt  # cash rounding may be negative
Count = Annotated[StrictInt, Field(ge=1)]


def _length(max_length: int, *, min_length: int = 0) -> StringConstraints:
    # Lengths match the server's columns, so a long value is refused here with
    # a message instead of failing in the database.
    return StringConstraints(strict=True, min_length=min_length, max_length=max_length)


StationCode = Annotated[str, _length(16, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordPayload(_Strict):
    """What every record kind's payload has: its id and the station it was made at."""

    id: RecordId
    station_code: StationCode


class WireEntry(_Strict):
    """One outbox entry as sent: ``id`` is the record id and the idempotency key."""

    id: RecordId
    seq: Count  # the station's outbox order
    kind: Annotated[str, _length(16, min_length=1)]  # a key of PAYLOAD_MODELS (server column)
    created_at: AwareDatetime
    payload: dict[str, Any]


class Batch(_Strict):
    station_code: StationCode
    entries: list[WireEntry] = Field(min_length=1, max_length=MAX_BATCH_ENTRIES)


class BatchAck(BaseModel):
    """Every id of the batch the server now holds; ``stored`` new, ``duplicates`` already had."""

    # A station reads this: it ignores what a newer server adds.
    model_config = ConfigDict(extra="ignore", frozen=True)

    acked: list[str]
    stored: int
    duplicates: int


class SaleLinePayload(_Strict):
    # Amounts are signed: a void or a refund carries them negative. The sale's
    # own validator checks the sign against its kind.
    id: RecordId
    line_no: Count
    service_code: Annotated[str, _length(32, min_length=1)]
    description: Annotated[str, _length(120)]
    quantity: Count
    unit_fee_cents: SignedCents
    tax_code: Annotated[str, _length(8, min_length=1)]
    tax_cents: SignedCents
    amount_cents: SignedCents
    gl_account: Annotated[str, _length(32)]
    department: Annotated[str, _length(60)]
    detail: dict[str, Any]

    @model_validator(mode="after")
    def _amount_is_quantity_times_fee(self) -> SaleLinePayload:
        if self.amount_cents != self.quantity * self.unit_fee_cents:
            raise ValueError(
                f"line {self.line_no}: amount {self.amount_cents} is not "
                f"quantity {self.quantity} × fee {self.unit_fee_cents}"
            )
        return self


class TenderPayload(_Strict):
    id: RecordId
    seq: Count
    kind: TenderKind
    # Positive on a sale, negative on a void or refund (money handed back).
    tendered_cents: SignedCents
    # 0 is possible: cash handed over for a 1-2 cent balance that rounds to 0.
    applied_cents: SignedCents
    reference: Annotated[str, _length(40)]


class SalePayload(RecordPayload):
    """A completed sale: the wire format of kind "sale" (``services.sales.sale_payload``)."""

    id: RecordId
    receipt_no: Annotated[str, _length(32, min_length=1)]
    station_code: StationCode
    site_code: Annotated[str, _length(8, min_length=1)]
    seq: Count  # the receipt number's sequence at the station
    staff_id: Annotated[str, _length(36, min_length=1)]
    completed_at: AwareDatetime
    subtotal_cents: SignedCents
    tax_cents: SignedCents
    total_cents: SignedCents
    rounding_cents: SignedCents
    change_cents: Cents
    lines: list[SaleLinePayload] = Field(min_length=1)
    tenders: list[TenderPayload]  # none only when there is nothing to pay (checked below)
    # "sale"; voids and refunds are records of their own referencing the original.
    kind: Literal["sale", "void", "refund"] = "sale"
    original_sale_id: RecordId | None = None
    reason: Annotated[str, _length(200)] = ""
    approved_by: Annotated[str, _length(36)] | None = None
    shift_id: Annotated[str, _length(36)] | None = None

    @model_validator(mode="after")
    def _tendered_unless_free(self) -> SalePayload:
        if not self.tenders and self.total_cents != 0:
            raise ValueError("a sale with something to pay needs at least one tender")
        return self

    @model_validator(mode="after")
    def _signs_follow_the_kind(self) -> SalePayload:
        # A sale takes money in; a void or a refund hands it back, references
        # the original sale and says why and who approved it.
        if self.kind == "sale":
            if any(
                x.amount_cents < 0 or x.tax_cents < 0 or x.unit_fee_cents < 0 for x in self.lines
            ):
                raise ValueError("a sale's line amounts cannot be negative")
            if any(t.tendered_cents <= 0 or t.applied_cents < 0 for t in self.tenders):
                raise ValueError("a sale's tenders must be more than zero")
            return self
        if any(x.amount_cents > 0 or x.tax_cents > 0 for x in self.lines):
            raise ValueError(f"a {self.kind}'s line amounts cannot be positive")
        if any(t.tendered_cents >= 0 or t.applied_cents > 0 for t in self.tenders):
            raise ValueError(f"a {self.kind}'s tenders hand money back: they must be negative")
        if self.change_cents != 0:
            raise ValueError(f"a {self.kind} gives no change")
        if self.original_sale_id is None:
            raise ValueError(f"a {self.kind} must reference the original sale")
        if not self.reason.strip():
            raise ValueError(f"a {self.kind} needs a reason")
        if not self.approved_by:
            raise ValueError(f"a {self.kind} needs the approving supervisor")
        return self

    @model_validator(mode="after")
    def _balances(self) -> SalePayload:
        lines_amount = sum(line.amount_cents for line in self.lines)
        if lines_amount != self.subtotal_cents:
            raise ValueError(
                f"lines add up to {lines_amount} cents but the subtotal is {self.subtotal_cents}"
            )
        lines_tax = sum(line.tax_cents for line in self.lines)
        if lines_tax != self.tax_cents:
            raise ValueError(
                f"line taxes add up to {lines_tax} cents but the tax is {self.tax_cents}"
            )
        if self.total_cents != self.subtotal_cents + self.tax_cents:
            raise ValueError(
                f"total {self.total_cents} is not subtotal {self.subtotal_cents} "
                f"+ tax {self.tax_cents}"
            )
        applied = sum(t.applied_cents for t in self.tenders)
        due = self.total_cents + self.rounding_cents
        if applied != due:
            raise ValueError(
                f"tenders apply {applied} cents but total {self.total_cents} "
                f"+ rounding {self.rounding_cents} = {due}"
            )
        change = sum(t.tendered_cents for t in self.tenders) - applied
        if change != self.change_cents:
            raise ValueError(
                f"tendered minus applied is {change} cents but the change is {self.change_cents}"
            )
        return self


class AuditPayload(RecordPayload):
    """Who did what, when, where: the wire format of kind "audit" (``services.audit.record``)."""

    id: RecordId
    at: AwareDatetime
    station_code: StationCode
    staff_id: Annotated[str, _length(36, min_length=1)] | None
    action: Annotated[str, _length(40, min_length=1)]
    entity: Annotated[str, _length(40)]
    entity_id: Annotated[str, _length(36)]  # "" when a failed login names no known staff
    detail: dict[str, Any]


# --- drawers and shifts (end of day) ---------------------------------------------------
# ``services.drawer`` writes these; each is a fact of its own (a shift opened,
# cash moved out, the blind count, the sign-off, a correction), never an update.

StaffId = Annotated[str, _length(36, min_length=1)]
Reason = Annotated[str, _length(200)]


class ShiftPayload(RecordPayload):
    """A drawer opened with its counted float (kind "shift")."""

    site_code: Annotated[str, _length(8, min_length=1)]
    drawer_code: Annotated[str, _length(16, min_length=1)]
    staff_id: StaffId
    opened_at: AwareDatetime
    float_cents: Annotated[StrictInt, Field(gt=0)]
    float_count: dict[str, dict[str, StrictInt]]


class CashMovementPayload(RecordPayload):
    """A pickup to the safe or a paid-out (kind "cash_movement")."""

    shift_id: RecordId
    kind: Literal["pickup", "paid_out"]
    seq: Count
    at: AwareDatetime
    staff_id: StaffId
    amount_cents: Annotated[StrictInt, Field(gt=0)]
    reason: Reason
    gl_account: Annotated[str, _length(32)]
    count: dict[str, dict[str, StrictInt]]


class ChequeCountPayload(_Strict):
    reference: Annotated[str, _length(40)]
    amount_cents: Annotated[StrictInt, Field(gt=0)]


class ShiftCountPayload(RecordPayload):
    """The associate's blind count with the expected figures fixed at that moment."""

    shift_id: RecordId
    at: AwareDatetime
    staff_id: StaffId
    cash_count: dict[str, dict[str, StrictInt]]
    cheques: list[ChequeCountPayload]
    counted: dict[str, SignedCents]
    expected: dict[str, SignedCents]
    over_short_cents: SignedCents

    @model_validator(mode="after")
    def _over_short_adds_up(self) -> ShiftCountPayload:
        kinds = set(self.counted) | set(self.expected)
        diff = sum(self.counted.get(k, 0) - self.expected.get(k, 0) for k in kinds)
        if diff != self.over_short_cents:
            raise ValueError(
                f"counted minus expected is {diff} cents but over/short is {self.over_short_cents}"
            )
        return self


class ShiftClosePayload(RecordPayload):
    """The supervisor's sign-off, with the Z report and deposit slip as issued."""

    shift_id: RecordId
    at: AwareDatetime
    supervisor_id: StaffId
    over_short_cents: SignedCents
    reason: Reason
    z_report: dict[str, Any]
    deposit: dict[str, Any]


class ShiftAdjustmentPayload(RecordPayload):
    """A supervisor's correction of a closed shift's count."""

    shift_id: RecordId
    at: AwareDatetime
    supervisor_id: StaffId
    tender_kind: TenderKind
    amount_cents: SignedCents
    reason: Annotated[str, _length(200, min_length=1)]


class QueueEventPayload(RecordPayload):
    """One event of a walk-in ticket's timeline (``counterapp.queue.engine``): issued,
    called, recalled, served, transferred, parked, resumed, closed, no_show, expired,
    backup.
    No visitor name: the ticket label and ids only."""

    id: RecordId
    station_code: StationCode
    site_code: Annotated[str, _length(8, min_length=1)]
    seq: Annotated[StrictInt, Field(ge=0)]
    ticket_id: RecordId | None
    ticket: Annotated[str, _length(12)]
    kind: Annotated[str, _length(16, min_length=1)]
    at: AwareDatetime
    staff_id: Annotated[str, _length(36)] | None
    category: Annotated[str, _length(4)]
    detail: dict[str, Any]


class StockIssuePayload(RecordPayload):
    """A numbered form or tag issued with a sale line, or spoiled (``services.issuing``)."""

    stock_kind: Annotated[str, _length(24, min_length=1)]
    number: Annotated[str, _length(24, min_length=1)]
    status: Literal["issued", "spoiled"]
    sale_id: RecordId | None
    sale_line_id: RecordId | None
    staff_id: Annotated[str, _length(36, min_length=1)]
    at: AwareDatetime
    reason: Annotated[str, _length(200)]

    @model_validator(mode="after")
    def _issued_with_a_sale_spoiled_with_a_reason(self) -> StockIssuePayload:
        if self.status == "issued" and self.sale_id is None:
            raise ValueError("issued stock belongs to a sale")
        if self.status == "spoiled" and not self.reason.strip():
            raise ValueError("a spoiled form needs a reason")
        return self


class CommissioningLogPayload(RecordPayload):
    """One entry of the commissioner's log (``services.issuing``)."""

    sale_id: RecordId
    sale_line_id: RecordId
    at: AwareDatetime
    document_type: Annotated[str, _length(120, min_length=1)]
    deponent_name: Annotated[str, _length(120, min_length=1)]
    id_type: Annotated[str, _length(60, min_length=1)]
    id_last_digits: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]{3,4}$")]
    commissioner_id: Annotated[str, _length(36, min_length=1)]


class IntakePayload(RecordPayload):
    """A request, complaint or letter received at the counter (``services.intake``)."""

    reference_no: Annotated[str, _length(32, min_length=1)]
    kind: Literal["request", "complaint", "correspondence"]
    department: Annotated[str, _length(60, min_length=1)]
    subject: Annotated[str, _length(120, min_length=1)]
    summary: Annotated[str, _length(1000)]
    contact_name: Annotated[str, _length(120)]
    contact: Annotated[str, _length(120)]
    staff_id: Annotated[str, _length(36, min_length=1)]
    at: AwareDatetime
    # A warm hand-off (issue 16); absent from stations before it.
    documents: Annotated[str, _length(1000)] = ""
    callback: Annotated[str, _length(120)] = ""


class RegistrationPayload(RecordPayload):
    """A program seat or waitlist place taken at the counter (``services.registrations``);
    head office settles seats oversold while offline."""

    registration_id: RecordId  # the seat; a cancellation is a record of its own
    service_code: Annotated[str, _length(32, min_length=1)]
    participant_name: Annotated[str, _length(120, min_length=1)]
    status: Literal["enrolled", "waitlisted", "cancelled"]
    sale_id: RecordId
    sale_line_id: RecordId
    at: AwareDatetime


class InquiryPayload(RecordPayload):
    """A tier-1 inquiry answered from a knowledge-base article (``services.knowledge``):
    the article and who answered, never who asked."""

    article_id: Annotated[str, _length(36, min_length=1)]
    article_title: Annotated[str, _length(200, min_length=1)]
    department: Annotated[str, _length(60)]
    language: Literal["en", "fr"]
    tier: Literal[1]
    outcome: Literal["resolved"]
    ticket_id: RecordId | None
    channel: Literal["desk", "greeter"]
    staff_id: Annotated[str, _length(36, min_length=1)]
    at: AwareDatetime


# Every kind of record a station may send, with the model its payload must
# match. A kind's model needs ``id`` and ``station_code`` (see RecordPayload).
# The server keeps every record in ``received_record``; kinds with a table of
# their own (sale, audit) are also expanded there.
PAYLOAD_MODELS: dict[str, type[RecordPayload]] = {
    "sale": SalePayload,
    "audit": AuditPayload,
    "shift": ShiftPayload,
    "cash_movement": CashMovementPayload,
    "shift_count": ShiftCountPayload,
    "shift_close": ShiftClosePayload,
    "shift_adjustment": ShiftAdjustmentPayload,
    "queue_event": QueueEventPayload,
    "stock_issue": StockIssuePayload,
    "commission_log": CommissioningLogPayload,
    "intake": IntakePayload,
    "registration": RegistrationPayload,
    "inquiry": InquiryPayload,
}


class BatchRejected(ValueError):
    """A batch that breaks a rule. ``str()`` names the entry; ``problems`` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"batch refused, nothing applied: {problems[0]}{more}")


def describe_errors(exc: ValidationError) -> str:
    """Pydantic errors as one line of "where: what", without the input values
    (they may hold personal data, and this message can end up in a log)."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def check_batch(batch: Batch) -> list[RecordPayload]:
    """The typed payload of every entry, in order, or ``BatchRejected``.

    Checks what the models cannot see alone: each payload belongs to its entry
    (same id) and to the sending station, and no id appears twice.
    """
    problems: list[str] = []
    typed: list[RecordPayload] = []
    seen: set[str] = set()
    for i, entry in enumerate(batch.entries):
        name = f"entry {i} (id {entry.id}, {entry.kind})"
        if entry.id in seen:
            problems.append(f"{name}: the id appears twice in the batch")
        seen.add(entry.id)
        model = PAYLOAD_MODELS.get(entry.kind)
        if model is None:
            problems.append(f"{name}: this server does not know records of kind {entry.kind!r}")
            continue
        try:
            payload = model.model_validate(entry.payload)
        except ValidationError as exc:
            problems.append(f"{name}: {describe_errors(exc)}")
            continue
        if payload.id != entry.id:
            problems.append(f"{name}: the payload is record {payload.id}, not {entry.id}")
        if payload.station_code != batch.station_code:
            problems.append(
                f"{name}: recorded at station {payload.station_code}, "
                f"but the batch comes from {batch.station_code}"
            )
        typed.append(payload)
    if problems:
        raise BatchRejected(problems)
    return typed
