"""The eligibility checklist an associate ticks before a service joins the visit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from counterapp.services.catalogue import ServiceInfo
from ui.language import current_language


class ChecklistDialog(QDialog):
    """Every item must be ticked; OK stays disabled until they are."""

    def __init__(self, service: ServiceInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(self.tr("Eligibility checklist"))
        self.setAccessibleName(self.tr("Eligibility checklist"))
        layout = QVBoxLayout(self)
        language = current_language()  # head office's text in the window's language
        heading = QLabel(
            self.tr("Before %1, confirm each item:").replace("%1", service.name_in(language)), self
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.boxes: list[QCheckBox] = []
        for i, item in enumerate(service.checklist_in(language), start=1):
            # Catalogue text is head-office data, shown as it is; the number
            # gives a keyboard shortcut (Alt+1 …).
            box = QCheckBox(f"&{i}  {item}" if i < 10 else item, self)
            box.setAccessibleName(item)
            box.toggled.connect(self._update)
            layout.addWidget(box)
            self.boxes.append(box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Add to visit"))
        self.ok.setAccessibleName(self.tr("Add to visit"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        if self.boxes:
            self.boxes[0].setFocus()

    def _update(self) -> None:
        self.ok.setEnabled(all(b.isChecked() for b in self.boxes))

    def ticked(self) -> tuple[str, ...]:
        return tuple(
            item
            for item, box in zip(self.service.checklist, self.boxes, strict=True)
            if box.isChecked()
        )
