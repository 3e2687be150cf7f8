"""Turning errors from the layers below into text for the associate.

The core raises errors whose ``str()`` is an English sentence; they pass
through Qt's translator (context "ServiceError") so a French catalogue can
carry them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counterapp.domain.money import AmountError
from counterapp.domain.tender import TenderError
from counterapp.domain.visit import VisitError
from counterapp.i18n import MessageError
from counterapp.services.errors import ServiceError
from devices.errors import DeviceError
from ui.language import current_language

EXPECTED = (ServiceError, TenderError, VisitError, AmountError, DeviceError)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, MessageError):  # a message id and named values (issue 13)
        template = QCoreApplication.translate("ServiceError", exc.template)
        try:
            return exc.text(current_language(), template)
        except (KeyError, IndexError, ValueError):  # a translation that lost a name
            return str(exc)
    if isinstance(exc, EXPECTED):
        return QCoreApplication.translate("ServiceError", str(exc))
    return QCoreApplication.translate(
        "ServiceError", "Something went wrong; nothing was saved. Details: {0}"
    ).format(type(exc).__name__)
