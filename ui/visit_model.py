"""The visit (cart) as a Qt table model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from counterapp.domain.money import percent_of
from counterapp.services.accounts import AccountView
from counterapp.services.catalogue import ServiceInfo
from counterapp.services.sales import LineRequest
from ui.language import current_language, format_cents

Index = QModelIndex | QPersistentModelIndex


@dataclass
class VisitLine:
    service: ServiceInfo
    quantity: int = 1
    checklist_ticked: tuple[str, ...] = field(default_factory=tuple)
    # A payment against an account: which account, how much.
    account: AccountView | None = None
    payment_cents: int | None = None  # also: a fee the catalogue's rule computed
    answers: dict[str, str] = field(default_factory=dict)  # the service's form

    @property
    def unit_cents(self) -> int:
        return self.payment_cents if self.payment_cents is not None else self.service.fee_cents

    @property
    def amount_cents(self) -> int:
        return self.unit_cents * self.quantity

    @property
    def description(self) -> str:
        name = self.service.name_in(current_language())  # head office's, in the window's
        if self.account is None:
            return name
        return f"{name} — {self.account.display_number}"

    @property
    def tax_cents(self) -> int:
        return percent_of(self.amount_cents, self.service.tax_basis_points)

    def request(self) -> LineRequest:
        if self.account is not None:
            return LineRequest(
                self.service.code,
                account_number=self.account.number,
                amount_cents=self.payment_cents,
            )
        detail = {"answers": dict(self.answers)} if self.answers else {}
        return LineRequest(self.service.code, self.quantity, self.checklist_ticked, detail)


class VisitModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[VisitLine] = []
        self._headers = [
            self.tr("Service"),
            self.tr("Qty"),
            self.tr("Fee"),
            self.tr("HST"),
            self.tr("Amount"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                line.description,
                str(line.quantity),
                format_cents(line.unit_cents),
                format_cents(line.tax_cents) if line.tax_cents else "",
                format_cents(line.amount_cents + line.tax_cents),
            ][col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return line.description  # the whole name, should the column be narrow
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def add(self, line: VisitLine) -> None:
        row = len(self.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.append(line)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.lines[row]
            self.endRemoveRows()

    def change_quantity(self, row: int, delta: int) -> None:
        if 0 <= row < len(self.lines):
            line = self.lines[row]
            if line.account is not None or line.answers:
                return  # one payment or one form per line; add another line instead
            line.quantity = max(1, min(99, line.quantity + delta))
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def clear(self) -> None:
        self.beginResetModel()
        self.lines = []
        self.endResetModel()

    def total_cents(self) -> int:
        return sum(line.amount_cents + line.tax_cents for line in self.lines)

    def payments_on(self, account_id: str) -> tuple[LineRequest, ...]:
        """The visit's payment lines on one account (checked together with a new one)."""
        return tuple(
            line.request()
            for line in self.lines
            if line.account is not None and line.account.id == account_id
        )

    def requests(self) -> tuple[LineRequest, ...]:
        return tuple(line.request() for line in self.lines)
