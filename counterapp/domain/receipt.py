"""The receipt as a document: what the renderers (ESC/POS, PDF) lay out.

Built from a committed sale; stored so any receipt can be reprinted later.
Plain data, no I/O. Amounts are integer cents.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    description: str
    amount_cents: int
    quantity: int = 1
    detail: str = ""  # a second, smaller line (account, document type …)


@dataclass(frozen=True, slots=True)
class ReceiptTender:
    label: str  # "Cash", "Debit" …
    amount_cents: int  # tendered (handed over)
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Receipt:
    receipt_no: str  # SITE-STATION-SEQ
    site_name: str  # "Service Whitby"
    address_lines: tuple[str, ...]
    issued_at: str  # local time, already formatted "2026-11-23 14:05"
    associate: str  # display name (first name + initial), never a full record
    lines: tuple[ReceiptLine, ...]
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    rounding_cents: int
    tenders: tuple[ReceiptTender, ...]
    change_cents: int
    footer: tuple[str, ...] = field(default_factory=tuple)
    copy: bool = False
    void: bool = False
    refund: bool = False  # money handed back (a refund record of its own)
    # A short satisfaction survey (the reports' CSAT), printed as a QR code.
    survey_url: str = ""
    # The record chain's short code (issue 15): head office checks a paper
    # receipt by its number and this code.
    check_code: str = ""

    @property
    def code_data(self) -> str:
        """What the receipt's QR code holds: the number, then the check code."""
        return f"{self.receipt_no} {self.check_code}" if self.check_code else self.receipt_no

    # The town's GST/HST registration number, printed when HST is charged.
    hst_registration: str = ""
    # The visitor's language (issue 13): the printed words, money and time follow it.
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Receipt:
        return cls(
            receipt_no=d["receipt_no"],
            site_name=d["site_name"],
            address_lines=tuple(d["address_lines"]),
            issued_at=d["issued_at"],
            associate=d["associate"],
            lines=tuple(ReceiptLine(**x) for x in d["lines"]),
            subtotal_cents=d["subtotal_cents"],
            tax_cents=d["tax_cents"],
            total_cents=d["total_cents"],
            rounding_cents=d["rounding_cents"],
            tenders=tuple(ReceiptTender(**x) for x in d["tenders"]),
            change_cents=d["change_cents"],
            footer=tuple(d.get("footer", ())),
            copy=d.get("copy", False),
            void=d.get("void", False),
            survey_url=d.get("survey_url", ""),
            refund=d.get("refund", False),
            check_code=d.get("check_code", ""),
            hst_registration=d.get("hst_registration", ""),
            language=d.get("language", "en"),
        )
