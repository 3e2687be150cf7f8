"""A supervisor approves at the associate's station: their own user name and
their password or PIN (checked by the service layer, not here)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counterapp.services.approval import SupervisorApproval


class ApprovalDialog(QDialog):
    def __init__(self, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Supervisor's approval"))
        self.setAccessibleName(self.tr("Supervisor's approval"))
        v = QVBoxLayout(self)
        reason = QLabel(why, self)
        reason.setWordWrap(True)
        v.addWidget(reason)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setObjectName("approvalUser")
        self.username.setAccessibleName(self.tr("Supervisor's user name"))
        self.secret = QLineEdit(self)
        self.secret.setObjectName("approvalSecret")
        self.secret.setAccessibleName(self.tr("Supervisor's password or PIN"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        user_label = QLabel(self.tr("&Supervisor:"), self)
        user_label.setBuddy(self.username)
        secret_label = QLabel(self.tr("&Password or PIN:"), self)
        secret_label.setBuddy(self.secret)
        form.addRow(user_label, self.username)
        form.addRow(secret_label, self.secret)
        v.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Approve"))
        self.ok.setAccessibleName(self.tr("Approve"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.username.setFocus()

    def approval(self) -> SupervisorApproval:
        return SupervisorApproval(self.username.text(), self.secret.text())
