"""What can go wrong with a device, in words an associate can act on.

Every error is a message id and named values (counterapp.i18n.MessageError):
``str()`` is the English sentence ("Receipt printer: port /dev/ttyUSB9 does
not exist"), the window shows it translated. ``device`` and ``port`` are kept
apart (and named in the template as ``{device}`` and ``{port}``) so the print
queue can group failures without parsing the text.
"""

from __future__ import annotations

from counterapp.i18n import MessageError


class DeviceError(MessageError):
    """A device could not do what was asked. Base of every device failure."""

    def __init__(
        self, template: str, *, device: str = "", port: str = "", **values: object
    ) -> None:
        self.device = device
        self.port = port
        super().__init__(template, device=device, port=port, **values)


class PortUnavailable(DeviceError):
    """The port cannot be opened or went away: unplugged, wrong path, busy, no permission."""


class DeviceTimeout(DeviceError):
    """The port is open but the device stopped taking data (paper out, cover open, off)."""
