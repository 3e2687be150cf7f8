"""The first-run set-up (issue 12): a station with no configuration opens this
instead of the sign-in.

Language; a standalone office or a station of head office (server address,
station code, one-time code); the devices (the serial ports this computer has,
a network printer, a test print and a test display before saving); then the
set-up itself with a progress bar — registering and the first reference data
pull — and the sign-in. It runs ``counterapp.setup.run_setup``, the code
``counterapp setup`` runs, on a background thread: the UI thread does no
network, database or serial work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from counterapp.domain.devices import DeviceRole, DeviceSettings
from counterapp.setup import LANGUAGES, SetupFailed, SetupRequest, problems, run_setup
from ui.ops import OpRunner, database_lane

ERROR_STYLE = "color: #b00020; font-weight: bold;"
NETWORK = "socket://"


def _label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def _message(parent: QWidget, name: str, accessible: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class LanguagePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to counterapp"))
        self.setSubTitle(self.tr("This counter is not set up yet. Choose its language."))
        self.language = QComboBox(self)
        self.language.setObjectName("setupLanguage")
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        form = QFormLayout(self)
        form.addRow(_label(self.tr("&Language:"), self.language, self), self.language)


class StationPage(QWizardPage):
    """Standalone office, or a station of head office with its one-time code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("This counter"))
        self.setSubTitle(
            self.tr(
                "A station of head office sends every sale to head office and gets its "
                "services, fees and staff from there. A standalone office keeps everything here."
            )
        )
        self.head_office = QRadioButton(self.tr("A station of &head office"), self)
        self.head_office.setObjectName("setupHeadOffice")
        self.head_office.setAccessibleName(self.tr("A station of head office"))
        self.standalone = QRadioButton(self.tr("A &standalone office"), self)
        self.standalone.setObjectName("setupStandalone")
        self.standalone.setAccessibleName(self.tr("A standalone office"))
        group = QButtonGroup(self)
        group.addButton(self.head_office)
        group.addButton(self.standalone)
        self.head_office.setChecked(True)

        self.server = QLineEdit(self)
        self.server.setObjectName("setupServer")
        self.server.setAccessibleName(self.tr("Server address"))
        self.server.setPlaceholderText("https://counter.whitby.ca")
        self.station = QLineEdit(self)
        self.station.setObjectName("setupStation")
        self.station.setAccessibleName(self.tr("Station code"))
        self.station.setPlaceholderText("WHB-02")
        self.station.setMaxLength(16)
        self.code = QLineEdit(self)
        self.code.setObjectName("setupCode")
        self.code.setAccessibleName(self.tr("One-time code"))
        self.code.setPlaceholderText("ABCD-EFGH-JKMN")
        self.reference = QLineEdit(self)
        self.reference.setObjectName("setupReference")
        self.reference.setAccessibleName(self.tr("Reference data file"))
        self.browse = QPushButton(self.tr("Bro&wse…"), self)
        self.browse.setObjectName("setupBrowse")
        self.browse.setAccessibleName(self.tr("Choose the reference data file"))
        self.browse.clicked.connect(self._browse)

        self.head_form = QWidget(self)
        hf = QFormLayout(self.head_form)
        hf.setContentsMargins(24, 0, 0, 0)
        hf.addRow(_label(self.tr("Server &address:"), self.server, self), self.server)
        hf.addRow(_label(self.tr("Station &code:"), self.station, self), self.station)
        hf.addRow(_label(self.tr("&One-time code:"), self.code, self), self.code)
        self.alone_form = QWidget(self)
        af = QHBoxLayout(self.alone_form)
        af.setContentsMargins(24, 0, 0, 0)
        af.addWidget(_label(self.tr("&Reference data:"), self.reference, self))
        af.addWidget(self.reference, 1)
        af.addWidget(self.browse)

        self.message = _message(self, "setupStationMessage", self.tr("Station set-up message"))
        self.message.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head_office)
        layout.addWidget(self.head_form)
        layout.addWidget(self.standalone)
        layout.addWidget(self.alone_form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.standalone.toggled.connect(self._mode_changed)
        self._mode_changed()

    def initializePage(self) -> None:
        self.server.setFocus()

    def _mode_changed(self) -> None:
        alone = self.standalone.isChecked()
        self.head_form.setEnabled(not alone)
        self.alone_form.setEnabled(alone)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Reference data"), "", self.tr("Reference data (*.json)")
        )
        if path:
            self.reference.setText(path)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)


class DevicesPage(QWizardPage):
    """The receipt printer and the customer display; tried before anything is saved."""

    ports_found = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Devices"))
        self.setSubTitle(
            self.tr(
                "Choose the receipt printer's port (a serial port of this computer, or a "
                "network printer's address) and the customer display's, then try them. "
                "Leave a port empty if there is no such device."
            )
        )
        self._ops = OpRunner("setup-devices", self)  # device probes: a lane of their own
        self.printer = QComboBox(self)
        self.printer.setEditable(True)
        self.printer.setObjectName("setupPrinter")
        self.printer.setAccessibleName(self.tr("Receipt printer port"))
        self.network = QLineEdit(self)
        self.network.setObjectName("setupNetworkPrinter")
        self.network.setAccessibleName(self.tr("Network printer address"))
        self.network.setPlaceholderText("10.0.0.7:9100")
        self.display = QComboBox(self)
        self.display.setEditable(True)
        self.display.setObjectName("setupDisplay")
        self.display.setAccessibleName(self.tr("Customer display port"))
        self.test_print = QPushButton(self.tr("&Test print"), self)
        self.test_print.setObjectName("setupTestPrint")
        self.test_print.setAccessibleName(self.tr("Print a test page"))
        self.test_display = QPushButton(self.tr("Test &display"), self)
        self.test_display.setObjectName("setupTestDisplay")
        self.test_display.setAccessibleName(self.tr("Show a test on the customer display"))
        self.message = _message(self, "setupDevicesMessage", self.tr("Device test result"))

        form = QFormLayout()
        form.addRow(_label(self.tr("&Receipt printer port:"), self.printer, self), self.printer)
        form.addRow(_label(self.tr("or net&work printer:"), self.network, self), self.network)
        form.addRow(_label(self.tr("Customer dis&play port:"), self.display, self), self.display)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_print)
        buttons.addWidget(self.test_display)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.test_print.clicked.connect(lambda: self._try(self.printer_device(), "test_print"))
        self.test_display.clicked.connect(lambda: self._try(self.display_device(), "test_display"))
        self._listed = False

    def initializePage(self) -> None:
        if not self._listed:  # the computer's serial ports, looked up off the UI thread
            self._listed = True
            self.message.setText(self.tr("Looking for serial ports…"))
            self._ops.run(_serial_ports, self._show_ports, self._no_ports)

    def _show_ports(self, ports: Any) -> None:
        for combo in (self.printer, self.display):
            current = combo.currentText()
            combo.clear()
            combo.addItem("")
            for device, description in ports:
                combo.addItem(f"{device}", device)
                combo.setItemData(combo.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
            combo.setEditText(current)
        self.message.setText(
            self.tr("Serial ports on this computer: %1").replace(
                "%1", ", ".join(f"{d} ({desc})" if desc else d for d, desc in ports)
            )
            if ports
            else self.tr("This computer has no serial ports; type a port or use a network printer.")
        )
        self.ports_found.emit(ports)

    def _no_ports(self, exc: Exception) -> None:
        self.message.setText(
            self.tr("Serial ports could not be listed: %1").replace("%1", str(exc))
        )

    def printer_url(self) -> str:
        network = self.network.text().strip()
        if network:
            return network if "://" in network else NETWORK + network
        return self.printer.currentText().strip()

    def printer_device(self) -> DeviceSettings | None:
        url = self.printer_url()
        if not url:
            return None
        return DeviceSettings(
            name="Receipt printer", role=DeviceRole.RECEIPT_PRINTER.value, url=url
        )

    def display_device(self) -> DeviceSettings | None:
        url = self.display.currentText().strip()
        if not url:
            return None
        return DeviceSettings(
            name="Customer display",
            role=DeviceRole.POLE_DISPLAY.value,
            url=url,
            baudrate=9600,
            columns=20,  # the usual two-line, 20-column pole display
        )

    def devices(self) -> list[DeviceSettings]:
        return [d for d in (self.printer_device(), self.display_device()) if d is not None]

    def _try(self, device: DeviceSettings | None, kind: str) -> None:
        if device is None:
            self.message.setText(self.tr("Choose a port first."))
            return
        found = device.problems()
        if found:
            self.message.setText(" ".join(found))
            return
        self.message.setText(self.tr("Sending a test to %1…").replace("%1", device.url))
        self._ops.run(
            lambda: _send_test(device, kind),
            lambda _r: self.message.setText(self.tr("Test sent to %1.").replace("%1", device.url)),
            lambda exc: self.message.setText(self.tr("Test failed: %1").replace("%1", str(exc))),
        )


def _serial_ports() -> list[tuple[str, str]]:
    from serial.tools import list_ports

    return [
        (p.device, "" if (p.description or "n/a") == "n/a" else p.description)
        for p in sorted(list_ports.comports())
    ]


def _send_test(device: DeviceSettings, kind: str) -> None:
    from devices.station_devices import StationDevices

    StationDevices([device]).run(device.name, kind, {}, None)


class _Progress(QObject):
    changed = Signal(str, int, int)


class FinishPage(QWizardPage):
    """Runs the set-up (register, first reference data pull) with a progress bar."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Setting up this counter"))
        self._ops = database_lane()  # the new station's database (and its server)
        self._done = False
        self.status = _message(self, "setupStatus", self.tr("Set-up status"))
        self.bar = QProgressBar(self)
        self.bar.setObjectName("setupProgress")
        self.bar.setAccessibleName(self.tr("Set-up progress"))
        self.error = _message(self, "setupError", self.tr("Set-up problem"))
        self.error.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)

    def initializePage(self) -> None:
        self._done = False
        self.error.clear()
        self.bar.setRange(0, 0)  # busy until the server says how much there is
        self.status.setText(self.tr("Starting…"))
        req = self._wizard.request()  # widget values read here, on the UI thread
        emit = self._progress.changed.emit  # queued to the UI thread
        self._ops.run(lambda: run_setup(req, emit), self._succeeded, self._failed)

    def _show_progress(self, text: str, done: int, total: int) -> None:
        self.status.setText(self.tr(text) if text else "")
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _succeeded(self, result: Any) -> None:
        self._done = True
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        where = (
            self.tr("head office %1").replace("%1", result.server_url)
            if result.server_url
            else self.tr("a standalone office")
        )
        self.status.setText(
            self.tr("Station %1 is set up (%2). Press Finish to sign in.")
            .replace("%1", result.station_code)
            .replace("%2", where)
        )
        self.completeChanged.emit()
        self._wizard.button(QWizard.WizardButton.FinishButton).setFocus()

    def _failed(self, exc: Exception) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        text = str(exc) if isinstance(exc, SetupFailed) else f"{type(exc).__name__}: {exc}"
        self.status.setText(self.tr("The set-up did not finish."))
        self.error.setText(
            self.tr("%1\nPress Back to correct it, then Next to try again.").replace("%1", text)
        )
        self._wizard.button(QWizard.WizardButton.BackButton).setFocus()

    def isComplete(self) -> bool:
        return self._done

    @property
    def busy(self) -> bool:
        return self._ops.busy


class FirstRunWizard(QWizard):
    """Language → this counter → devices → set-up; accepted once the station is set up."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setWindowTitle(self.tr("counterapp — set up this counter"))
        self.setAccessibleName(self.tr("Set up this counter"))
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.language_page = LanguagePage(self)
        self.station_page = StationPage(self)
        self.devices_page = DevicesPage(self)
        self.finish_page = FinishPage(self)
        for page in (self.language_page, self.station_page, self.devices_page, self.finish_page):
            self.addPage(page)
        for which, name in (
            (QWizard.WizardButton.BackButton, self.tr("Back")),
            (QWizard.WizardButton.NextButton, self.tr("Next")),
            (QWizard.WizardButton.FinishButton, self.tr("Finish")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
        ):
            self.button(which).setAccessibleName(name)
        self.resize(720, 520)  # fits at 1366×768 with room to spare

    def request(self) -> SetupRequest:
        sp = self.station_page
        reference = sp.reference.text().strip()
        return SetupRequest(
            data_dir=self.data_dir,
            language=str(self.language_page.language.currentData()),
            standalone=sp.standalone.isChecked(),
            server_url=sp.server.text().strip(),
            station_code=sp.station.text().strip().upper(),
            one_time_code=sp.code.text().strip(),
            reference_file=Path(reference) if reference else None,
            devices=self.devices_page.devices(),
        )

    def validateCurrentPage(self) -> bool:
        """Wrong answers are named on their own page, before anything is sent."""
        page = self.currentPage()
        if page is self.station_page or page is self.devices_page:
            found = [
                p
                for p in problems(self.request())
                if (page is self.station_page) != p.startswith(("Receipt", "Customer", "A device"))
            ]
            target = page.message if page is self.station_page else self.devices_page.message
            if page is self.station_page:
                target.setStyleSheet(ERROR_STYLE)
            target.setText("\n".join(found))
            if found:
                return False
        return super().validateCurrentPage()

    def reject(self) -> None:
        if self.finish_page.busy:
            return  # the set-up is writing: let it finish or fail first
        super().reject()
