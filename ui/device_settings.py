"""Device settings for this station: every device of every role in one place.

Receipt printer (and its cash drawer), queue-ticket printer, customer pole
display and now-serving sign; each reached over a serial port, the network
(host:port, a raw TCP printer port) or USB (vendor and product id). Picard's
shape: ``load()`` fills the form from the settings, ``check()`` lists every
problem before anything is saved, ``save()`` writes ``station.json`` and emits
``saved`` with the new device list (the window restarts its queue on it).
The serial ports the computer has are listed on a background lane; "Test
print" and "Test display" send a test page or frame to the device *as set in
the form*, before saving, on a background lane. Only the rows that matter for
the chosen role and connection are shown, so the form fits a 1366x768 screen.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counterapp.config import StationConfig
from counterapp.domain.devices import (
    PARITIES,
    STANDARD_BAUD_RATES,
    DeviceRole,
    DeviceSettings,
    DisplayCommands,
    DrawerSensor,
    FlowControl,
    Transport,
)
from devices.now_serving import drivers, registered_drivers
from devices.station_devices import StationDevices, check_settings
from ui.devices_hook import device_status_line
from ui.fit import scrollable
from ui.messages import error_text
from ui.ops import OpRunner

# Marked for the catalogue (context "DeviceSettings"); _combo translates them.
ROLE_LABELS = {
    DeviceRole.RECEIPT_PRINTER: QT_TRANSLATE_NOOP(
        "DeviceSettings", "Receipt printer (and cash drawer)"
    ),
    DeviceRole.TICKET_PRINTER: QT_TRANSLATE_NOOP("DeviceSettings", "Queue-ticket printer"),
    DeviceRole.POLE_DISPLAY: QT_TRANSLATE_NOOP("DeviceSettings", "Customer pole display"),
    DeviceRole.NOW_SERVING: QT_TRANSLATE_NOOP("DeviceSettings", "Now-serving sign"),
}
TRANSPORT_LABELS = {
    Transport.SERIAL: QT_TRANSLATE_NOOP("DeviceSettings", "Serial port"),
    Transport.NETWORK: QT_TRANSLATE_NOOP("DeviceSettings", "Network (TCP, host:port)"),
    Transport.USB: QT_TRANSLATE_NOOP("DeviceSettings", "USB (vendor and product id)"),
}
FLOW_LABELS = {
    FlowControl.NONE: QT_TRANSLATE_NOOP("DeviceSettings", "None"),
    FlowControl.RTSCTS: QT_TRANSLATE_NOOP("DeviceSettings", "Hardware (RTS/CTS)"),
    FlowControl.XONXOFF: QT_TRANSLATE_NOOP("DeviceSettings", "Software (XON/XOFF)"),
    FlowControl.DSRDTR: QT_TRANSLATE_NOOP("DeviceSettings", "Hardware (DSR/DTR)"),
}
COMMAND_LABELS = {
    DisplayCommands.ESCPOS: QT_TRANSLATE_NOOP(
        "DeviceSettings", "ESC/POS line display (Epson DM-D)"
    ),
    DisplayCommands.CD5220: QT_TRANSLATE_NOOP("DeviceSettings", "CD5220"),
}
DRAWER_LABELS = {
    DrawerSensor.NONE: QT_TRANSLATE_NOOP("DeviceSettings", "Not wired (unknown)"),
    DrawerSensor.HIGH_WHEN_OPEN: QT_TRANSLATE_NOOP("DeviceSettings", "Pin 3 high when open"),
    DrawerSensor.LOW_WHEN_OPEN: QT_TRANSLATE_NOOP("DeviceSettings", "Pin 3 low when open"),
}


def _combo(parent: QWidget, name: str, items: dict[str, str] | list[str]) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    if isinstance(items, dict):
        for value, label in items.items():
            box.addItem(QCoreApplication.translate("DeviceSettings", label), str(value))
    else:
        for value in items:
            box.addItem(value, value)
    return box


def _select(box: QComboBox, value: object) -> None:
    index = box.findData(str(value))
    if index < 0:
        box.addItem(str(value), str(value))
        index = box.count() - 1
    box.setCurrentIndex(index)


class DeviceSettingsDialog(QDialog):
    saved = Signal(list)  # list[DeviceSettings]
    ports_listed = Signal(int)  # how many serial ports the computer has (listed off the UI)

    def __init__(self, config: StationConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.devices: list[DeviceSettings] = []
        self._current = -1
        self._ops = OpRunner("device settings", self)
        self._closed = False
        self.setWindowTitle(self.tr("Device settings"))
        self.setAccessibleName(self.tr("Device settings"))
        self.resize(860, 600)  # fits 1366x768; the form scrolls when a role has many rows

        self.list = QListWidget(self)
        self.list.setObjectName("deviceList")
        self.list.setAccessibleName(self.tr("Devices at this station"))
        self.list.setAccessibleDescription(
            self.tr("The printers, drawers, displays and signs set up here; choose one to edit")
        )
        self.list.currentRowChanged.connect(self._choose)
        list_label = QLabel(self.tr("De&vices:"), self)
        list_label.setBuddy(self.list)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.setAccessibleName(self.tr("Add a device"))
        self.add_button.clicked.connect(self.add_device)
        self.remove_button = QPushButton(self.tr("Re&move"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected device"))
        self.remove_button.clicked.connect(self.remove_device)

        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Device name"))
        self.role = _combo(self, self.tr("Role"), {str(k): str(v) for k, v in ROLE_LABELS.items()})
        self.role.currentIndexChanged.connect(self._role_changed)
        self.transport = _combo(
            self, self.tr("Connection"), {str(k): str(v) for k, v in TRANSPORT_LABELS.items()}
        )
        self.transport.setObjectName("deviceTransport")
        self.transport.currentIndexChanged.connect(self._role_changed)
        self.usb_vendor = QLineEdit(self)
        self.usb_vendor.setObjectName("usbVendor")
        self.usb_vendor.setAccessibleName(self.tr("USB vendor id (hex)"))
        self.usb_vendor.setPlaceholderText("04B8")
        self.usb_vendor.setMaxLength(6)
        self.usb_product = QLineEdit(self)
        self.usb_product.setObjectName("usbProduct")
        self.usb_product.setAccessibleName(self.tr("USB product id (hex)"))
        self.usb_product.setPlaceholderText("0202")
        self.usb_product.setMaxLength(6)
        # Built-in and registered drivers now; those other packages declare come with the
        # port list (reading the installed packages is disk work, kept off the UI thread).
        self.sign_driver = _combo(self, self.tr("Sign driver"), registered_drivers())
        self.sign_driver.setObjectName("signDriver")
        self.template = QLineEdit(self)
        self.template.setAccessibleName(self.tr("Sign line"))
        self.template.setToolTip(self.tr("{ticket} and {counter} are filled in"))
        self.chime = QCheckBox(self.tr("Chime &with each call"), self)
        self.chime.setAccessibleName(self.tr("Chime with each call"))
        self.url = QComboBox(self)
        self.url.setEditable(True)
        self.url.setObjectName("devicePort")
        self.url.setAccessibleName(self.tr("Port"))
        self.url.setToolTip(self.tr("/dev/ttyUSB0, COM3, socket://10.0.0.7:9100, rfc2217://…"))
        self.baud = _combo(self, self.tr("Baud rate"), [str(b) for b in STANDARD_BAUD_RATES])
        self.bytesize = _combo(self, self.tr("Data bits"), ["8", "7", "6", "5"])
        self.parity = _combo(self, self.tr("Parity"), PARITIES)
        self.stopbits = _combo(self, self.tr("Stop bits"), ["1", "1.5", "2"])
        self.flow = _combo(
            self, self.tr("Flow control"), {str(k): str(v) for k, v in FLOW_LABELS.items()}
        )
        self.write_timeout = QDoubleSpinBox(self)
        self.write_timeout.setAccessibleName(self.tr("Write timeout in seconds"))
        self.write_timeout.setRange(0.1, 60.0)
        self.write_timeout.setSuffix(" s")
        self.read_timeout = QDoubleSpinBox(self)
        self.read_timeout.setAccessibleName(self.tr("Status answer timeout in seconds"))
        self.read_timeout.setRange(0.1, 60.0)
        self.read_timeout.setSuffix(" s")
        self.columns = QSpinBox(self)
        self.columns.setAccessibleName(self.tr("Columns"))
        self.columns.setRange(16, 64)
        self.columns.setToolTip(self.tr("48 on 80 mm paper, 32 on 58 mm; 20 on a pole display"))
        self.profile = QLineEdit(self)
        self.profile.setAccessibleName(self.tr("Printer profile"))
        self.profile.setToolTip(self.tr("python-escpos profile: default, TM-T88V, TM-T20II …"))
        self.command_set = _combo(
            self,
            self.tr("Display command set"),
            {str(k): str(v) for k, v in COMMAND_LABELS.items()},
        )
        self.status_query = QCheckBox(self.tr("Ask t&he printer for paper and cover state"), self)
        self.status_query.setAccessibleName(self.tr("Ask the printer for its state"))
        self.drawer_sensor = _combo(
            self, self.tr("Drawer sensor"), {str(k): str(v) for k, v in DRAWER_LABELS.items()}
        )
        self.kick = QCheckBox(self.tr("Open the cash drawer for &cash"), self)
        self.kick.setAccessibleName(self.tr("Open the cash drawer for cash"))
        self.welcome = QLineEdit(self)
        self.welcome.setAccessibleName(self.tr("Welcome text"))
        self.enabled = QCheckBox(self.tr("In &use"), self)
        self.enabled.setAccessibleName(self.tr("Device in use"))

        form = QFormLayout()
        self.form = form
        for text, widget in (
            (self.tr("&Name:"), self.name),
            (self.tr("R&ole:"), self.role),
            (self.tr("Connect th&rough:"), self.transport),
            (self.tr("&Port:"), self.url),
            # The fields set once at installation (USB ids, the serial line's details,
            # timeouts) have no Alt letter: a form this long has too few letters for every
            # row, and a letter two rows share would press the wrong one. Tab reaches them.
            (self.tr("USB vendor id:"), self.usb_vendor),
            (self.tr("USB product id:"), self.usb_product),
            (self.tr("&Baud rate:"), self.baud),
            (self.tr("Data bits:"), self.bytesize),
            (self.tr("Parity:"), self.parity),
            (self.tr("Stop bits:"), self.stopbits),
            (self.tr("Handshake (flow control):"), self.flow),
            (self.tr("Write timeout:"), self.write_timeout),
            (self.tr("Query timeout (status):"), self.read_timeout),
            (self.tr("Co&lumns:"), self.columns),
            (self.tr("Printer pro&file:"), self.profile),
            (self.tr("Display &kind:"), self.command_set),
            (self.tr("Drawer s&ensor:"), self.drawer_sensor),
            (self.tr("Welcome te&xt:"), self.welcome),
            (self.tr("Si&gn driver:"), self.sign_driver),
            (self.tr("Line &shown:"), self.template),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.status_query)
        form.addRow(self.kick)
        form.addRow(self.chime)
        form.addRow(self.enabled)
        items = [form.itemAt(i) for i in range(form.count())]
        order = [item.widget() for item in items if item is not None]
        fields = [w for w in order if w is not None and not isinstance(w, QLabel)]
        for a, b in zip(fields, fields[1:], strict=False):
            QWidget.setTabOrder(a, b)  # the form's order, top to bottom

        self.test_print_button = QPushButton(self.tr("Test pr&int"), self)
        self.test_print_button.setObjectName("testPrint")
        self.test_print_button.setAccessibleName(self.tr("Test print"))
        self.test_print_button.clicked.connect(self.test_device)
        self.test_display_button = QPushButton(self.tr("Test &display"), self)
        self.test_display_button.setObjectName("testDisplay")
        self.test_display_button.setAccessibleName(self.tr("Test display"))
        self.test_display_button.clicked.connect(self.test_device)
        self.message = QLabel(self)
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(self.tr("Save the device settings"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(list_label)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        right = QVBoxLayout()
        form_box = QWidget(self)
        form_box.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setObjectName("deviceForm")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_box)
        right.addWidget(scroll, 1)
        tests = QHBoxLayout()
        tests.addWidget(self.test_print_button)
        tests.addWidget(self.test_display_button)
        tests.addStretch(1)
        right.addLayout(tests)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(scrollable(body, self), 1)  # fits 150 % scaling
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load()
        self._ops.run(_scan, self._scanned, None)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    # -- load / check / save ------------------------------------------------------------

    def load(self) -> None:
        self.devices = [dataclasses.replace(d) for d in self.config.device_list()]
        self._current = -1
        self.list.clear()
        for device in self.devices:
            self.list.addItem(device.name)
        if self.devices:
            self.list.setCurrentRow(0)
        self._update_enabled()

    def check(self) -> list[str]:
        self._store()
        return check_settings(self.devices)

    def save(self) -> None:
        problems = self.check()
        if problems:
            self.say("\n".join(self.tr(p) for p in problems), error=True)
            return
        self.config.devices = [dataclasses.replace(d) for d in self.devices]
        if not self.devices:
            self.config.receipt_printer.url = ""  # or the older single-printer entry comes back
        config, devices = self.config, list(self.config.devices)
        self.save_button.setEnabled(False)
        self._ops.run(config.save, lambda _r: self._saved(devices), self._save_failed)

    def _saved(self, devices: list[DeviceSettings]) -> None:
        if self._closed:
            return  # cancelled while saving: the file is written, used from the next start
        self.saved.emit(devices)
        self.accept()

    def _save_failed(self, exc: Exception) -> None:
        if self._closed:
            return
        self.save_button.setEnabled(True)
        self.say(self.tr("Could not save: %1").replace("%1", str(exc)), error=True)

    # -- the form -----------------------------------------------------------------------

    def _store(self) -> None:
        """Copy the form into the device being edited."""
        if not 0 <= self._current < len(self.devices):
            return
        d = self.devices[self._current]
        d.name = self.name.text().strip()
        d.role = self.role.currentData()
        d.transport = self.transport.currentData()
        d.url = _port_of(self.url.currentText())
        d.usb_vendor_id = _hex(self.usb_vendor.text())
        d.usb_product_id = _hex(self.usb_product.text())
        d.sign_driver = self.sign_driver.currentData()
        d.template = self.template.text() or "{ticket} -> {counter}"
        d.chime = self.chime.isChecked()
        d.baudrate = int(self.baud.currentData())
        d.bytesize = int(self.bytesize.currentData())
        d.parity = self.parity.currentData()
        d.stopbits = float(self.stopbits.currentData())
        d.flow_control = self.flow.currentData()
        d.write_timeout_s = round(self.write_timeout.value(), 2)
        d.read_timeout_s = round(self.read_timeout.value(), 2)
        d.columns = self.columns.value()
        d.profile = self.profile.text().strip() or "default"
        d.command_set = self.command_set.currentData()
        d.status_query = self.status_query.isChecked()
        d.drawer_sensor = self.drawer_sensor.currentData()
        d.kick_drawer_on_cash = self.kick.isChecked()
        d.welcome = self.welcome.text()
        d.enabled = self.enabled.isChecked()
        item = self.list.item(self._current)
        if item is not None:
            item.setText(d.name or self.tr("(no name)"))

    def _show(self, d: DeviceSettings) -> None:
        self.name.setText(d.name)
        _select(self.role, d.role)
        _select(self.transport, d.transport)
        self.url.setCurrentText(d.url)
        self.usb_vendor.setText(f"{d.usb_vendor_id:04X}" if d.usb_vendor_id else "")
        self.usb_product.setText(f"{d.usb_product_id:04X}" if d.usb_product_id else "")
        _select(self.sign_driver, d.sign_driver)
        self.template.setText(d.template)
        self.chime.setChecked(d.chime)
        _select(self.baud, d.baudrate)
        _select(self.bytesize, d.bytesize)
        _select(self.parity, d.parity)
        _select(self.stopbits, f"{d.stopbits:g}")
        _select(self.flow, d.flow_control)
        self.write_timeout.setValue(d.write_timeout_s)
        self.read_timeout.setValue(d.read_timeout_s)
        self.columns.setValue(d.columns)
        self.profile.setText(d.profile)
        _select(self.command_set, d.command_set)
        self.status_query.setChecked(d.status_query)
        _select(self.drawer_sensor, d.drawer_sensor)
        self.kick.setChecked(d.kick_drawer_on_cash)
        self.welcome.setText(d.welcome)
        self.enabled.setChecked(d.enabled)
        self._role_changed()

    def _choose(self, row: int) -> None:
        self._store()
        self._current = row
        if 0 <= row < len(self.devices):
            self._show(self.devices[row])
        self._update_enabled()

    def _role_changed(self, *_args: object) -> None:
        role = DeviceRole(self.role.currentData() or DeviceRole.RECEIPT_PRINTER)
        transport = Transport(self.transport.currentData() or Transport.SERIAL)
        printer = role.is_printer
        serial_line = transport == Transport.SERIAL
        shown: dict[QWidget, bool] = {
            self.url: transport != Transport.USB,
            self.usb_vendor: transport == Transport.USB,
            self.usb_product: transport == Transport.USB,
            self.baud: serial_line,
            self.bytesize: serial_line,
            self.parity: serial_line,
            self.stopbits: serial_line,
            self.flow: serial_line,
            self.profile: printer,
            self.read_timeout: printer,  # only a printer answers a status request
            self.status_query: printer,
            self.drawer_sensor: role == DeviceRole.RECEIPT_PRINTER,
            self.kick: role == DeviceRole.RECEIPT_PRINTER,
            self.command_set: role == DeviceRole.POLE_DISPLAY,
            self.welcome: role == DeviceRole.POLE_DISPLAY,
            self.sign_driver: role == DeviceRole.NOW_SERVING,
            self.template: role == DeviceRole.NOW_SERVING,
            self.chime: role == DeviceRole.NOW_SERVING,
        }
        for widget, visible in shown.items():
            self.form.setRowVisible(widget, visible)
        port_label = self.form.labelForField(self.url)
        if isinstance(port_label, QLabel):
            network = transport == Transport.NETWORK
            port_label.setText(self.tr("Ne&twork address:") if network else self.tr("&Port:"))
        self.url.setToolTip(
            self.tr("host:port, for example 10.0.0.7:9100")
            if transport == Transport.NETWORK
            else self.tr("/dev/ttyUSB0, COM3, rfc2217://…")
        )
        self.test_print_button.setEnabled(printer)
        self.test_display_button.setEnabled(
            role in (DeviceRole.POLE_DISPLAY, DeviceRole.NOW_SERVING)
        )

    def _update_enabled(self) -> None:
        has = 0 <= self._current < len(self.devices)
        for widget in (self.remove_button, self.name, self.role, self.url):
            widget.setEnabled(has)
        if not has:
            self.test_print_button.setEnabled(False)
            self.test_display_button.setEnabled(False)

    def add_device(self) -> None:
        self._store()
        taken = {d.name for d in self.devices}
        n = 1
        while f"Device {n}" in taken:
            n += 1
        self.devices.append(DeviceSettings(name=f"Device {n}"))
        self.list.addItem(f"Device {n}")
        self.list.setCurrentRow(len(self.devices) - 1)
        self.name.setFocus()
        self.name.selectAll()

    def remove_device(self) -> None:
        row = self._current
        if not 0 <= row < len(self.devices):
            return
        self._current = -1
        del self.devices[row]
        self.list.takeItem(row)
        if self.devices:
            self.list.setCurrentRow(min(row, len(self.devices) - 1))
        self._update_enabled()

    def _scanned(self, found: tuple[list[tuple[str, str]], list[str]]) -> None:
        if self._closed:
            return
        ports, sign_drivers = found
        for name in sign_drivers:
            if self.sign_driver.findData(name) < 0:
                self.sign_driver.addItem(name, name)
        current = self.url.currentText()
        self.url.blockSignals(True)
        self.url.clear()
        for device, description in ports:
            self.url.addItem(f"{device} — {description}" if description else device, device)
        self.url.setCurrentText(current)
        self.url.blockSignals(False)
        self.ports_listed.emit(len(ports))

    # -- test buttons -------------------------------------------------------------------

    def test_device(self) -> None:
        self._store()
        if not 0 <= self._current < len(self.devices):
            return
        device = dataclasses.replace(self.devices[self._current], enabled=True)
        problems = check_settings([device])
        if problems:
            self.say("\n".join(self.tr(p) for p in problems), error=True)
            return
        if device.device_role.is_printer:
            kind = "test_print"
        elif device.role == DeviceRole.NOW_SERVING:
            kind = "now_serving"
        else:
            kind = "test_display"
        self.say(self.tr("Sending a test to %1…").replace("%1", device.name))
        self._ops.run(lambda: _run_test(device, kind), self._tested, self._test_failed)

    def _tested(self, status_line: str) -> None:
        if self._closed:
            return
        self.say(self.tr("Test sent. %1").replace("%1", status_line))

    def _test_failed(self, exc: Exception) -> None:
        if self._closed:
            return
        self.say(self.tr("Test failed: %1").replace("%1", error_text(exc)), error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet(
            "color: #b00020; font-weight: bold;" if error else "color: #1b5e20;"
        )


def _port_of(text: str) -> str:
    """The port from a listed entry ("/dev/ttyUSB0 — USB-Serial Controller") or as typed."""
    return text.split(" — ", 1)[0].strip()


def _hex(text: str) -> int:
    """A USB id typed as hex ("04B8", "0x04b8"); 0 when empty or not hex (check says so)."""
    value = text.strip().lower().removeprefix("0x")
    try:
        return int(value, 16) if value else 0
    except ValueError:
        return 0


def _scan() -> tuple[list[tuple[str, str]], list[str]]:
    """The serial ports this computer has, with what each says it is, and every sign
    driver including other packages' (blocking: run on a lane)."""
    from serial.tools import list_ports

    found = []
    for port in list_ports.comports():
        description = port.description if port.description not in ("", "n/a") else ""
        found.append((port.device, description))
    return sorted(found), sorted(drivers())


TEST_CALL = {"ticket": "A-001", "counter": "Test", "recall": False}


def _run_test(device: DeviceSettings, kind: str) -> str:
    """Send a test job straight to ``device`` (the form's settings, not yet saved)."""
    devices = StationDevices([device])
    status = devices.run(device.name, kind, TEST_CALL if kind == "now_serving" else {}, None)
    if status is None:
        return QCoreApplication.translate(
            "DeviceSettingsDialog", "%1 gives no status answer: sent, not confirmed."
        ).replace("%1", device.name)
    return device_status_line(device.name, status)
