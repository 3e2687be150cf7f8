"""The sign-in dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counterapp.services.auth import LoginError, StaffIdentity, login
from counterapp.services.changes import Change, changes
from counterapp.services.preferences import remember_language, staff_language
from ui.context import StationContext
from ui.language import LANGUAGE_NAMES, current_language, set_language
from ui.ops import database_lane


class LoginDialog(QDialog):
    """Sign in, and choose the window's language (remembered for this user)."""

    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._ops = database_lane()
        self.identity: StaffIdentity | None = None
        self.language_chosen = False  # True once the user picked a language here

        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.language = QComboBox(self)
        self.language.setObjectName("signInLanguage")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)  # each language named in itself
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.language.currentIndexChanged.connect(self._language_picked)

        form = QFormLayout()
        self.user_label = QLabel(self)
        self.user_label.setBuddy(self.username)
        self.pass_label = QLabel(self)
        self.pass_label.setBuddy(self.password)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        form.addRow(self.user_label, self.username)
        form.addRow(self.pass_label, self.password)
        form.addRow(self.language_label, self.language)

        self.buttons = QDialogButtonBox(self)
        self.sign_in = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in.setObjectName("signIn")
        self.sign_in.setDefault(True)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._retranslate()
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("counterapp — sign in"))
        self.setAccessibleName(self.tr("Sign in"))
        self.username.setAccessibleName(self.tr("User name"))
        self.password.setAccessibleName(self.tr("Password"))
        self.message.setAccessibleName(self.tr("Sign-in message"))
        self.language.setAccessibleName(self.tr("Language of the window"))
        self.language.setAccessibleDescription(
            self.tr("Remembered for you at this station; Counter menu, Language changes it later")
        )
        self.user_label.setText(self.tr("&User name:"))
        self.pass_label.setText(self.tr("&Password:"))
        self.language_label.setText(self.tr("&Language:"))
        self.sign_in.setText(self.tr("&Sign in"))
        self.sign_in.setAccessibleName(self.tr("Sign in"))
        self.cancel.setText(QCoreApplication.translate("QPlatformTheme", "Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel"))
        self.title.setText(self.tr("Sign in to this counter"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # A dialog Qt still holds after Python let go of it (closed, not yet deleted)
        # comes back without its fields: nothing to translate there.
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "username"):
            self._retranslate()
        super().changeEvent(event)

    def _language_picked(self, _index: int) -> None:
        self.language_chosen = True
        if set_language(str(self.language.currentData())):
            self._retranslate()  # now; Qt's LanguageChange event comes later

    def _submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self.sign_in.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        chosen = str(self.language.currentData()) if self.language_chosen else None
        uow = self._ctx.uow

        def check() -> tuple[StaffIdentity, str | None]:
            identity = login(uow(), username, password)
            if chosen is not None:
                remember_language(uow(), identity.id, chosen)
                return identity, chosen
            return identity, staff_language(uow(), identity.id)

        self._ops.run(check, self._signed_in, self._failed, changes=changes(Change.SESSION))

    def _signed_in(self, result: tuple[StaffIdentity, str | None]) -> None:
        identity, language = result
        if language is not None:
            set_language(language)  # this user's own choice, from now or from before
        self.identity = identity
        self.password.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.sign_in.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, LoginError):
            self.message.setText(self.tr("Wrong user name or password. Check both and try again."))
        else:
            self.message.setText(self.tr("Could not sign in: %1").replace("%1", str(exc)))
