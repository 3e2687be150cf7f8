"""What can go wrong with a device, in words an associate can act on.

``str()`` of every error is the message to show as it is ("Receipt printer:
port /dev/ttyUSB9 does not exist"); ``device`` and ``port`` are kept apart so
the print queue can group failures without parsing the text.
"""

from __future__ import annotations


class DeviceError(Exception):
    """A device could not do what was asked. Base of every device failure."""

    def __init__(self, message: str, *, device: str = "", port: str = "") -> None:
        super().__init__(message)
        self.device = device
        self.port = port


class PortUnavailable(DeviceError):
    """The port cannot be opened or went away: unplugged, wrong path, busy, no permission."""


class DeviceTimeout(DeviceError):
    """The port is open but the device stopped taking data (paper out, cover open, off)."""
