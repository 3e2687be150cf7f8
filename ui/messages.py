"""Turning errors and messages from the layers below into text for the associate.

The core's errors are messages (counterapp.i18n.Message): a message id, the
English template with ``{names}``, and named values. The window translates the
template (context "ServiceError"; ``ui/core_messages.py`` marks every one for
the catalogue, generated from the core's source) and fills it in the window's
language, money as ``12,50 $`` in French; a template with ``%n`` is a plural
translated with the count.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counterapp.i18n import Message
from ui.language import current_language


def _translate(template: str, n: int) -> str:
    return QCoreApplication.translate("ServiceError", template, None, n)


def message_text(message: Message) -> str:
    """``message`` in the window's language, its values filled."""
    try:
        return message.text(current_language(), translate=_translate)
    except (KeyError, IndexError, ValueError):  # a translation that lost a name
        return str(message)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, Message):  # a message id and named values (issue 13)
        return message_text(exc)
    return QCoreApplication.translate(
        "ServiceError", "Something went wrong; nothing was saved. Details: {0}"
    ).format(type(exc).__name__)
