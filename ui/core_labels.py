"""Words the core hands the window as data (tender kinds, notes and coins, roles),
marked here so pyside6-lupdate puts them in the catalogue; the window translates
them where it shows them (``_tr(label)``). tests/test_translations.py fails when
the core gains a label that is not listed here. The core's messages (errors, price
labels) are gathered by ``python -m ui.language update`` into ui/core_messages.py."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

TENDER_KINDS = (
    QT_TRANSLATE_NOOP("", "Cash"),
    QT_TRANSLATE_NOOP("", "Cheque"),
    QT_TRANSLATE_NOOP("", "Debit"),
    QT_TRANSLATE_NOOP("", "Credit"),
    QT_TRANSLATE_NOOP("", "e-Transfer"),
    QT_TRANSLATE_NOOP("", "Money order"),
)
DENOMINATIONS = (
    QT_TRANSLATE_NOOP("", "$100 notes"),
    QT_TRANSLATE_NOOP("", "$50 notes"),
    QT_TRANSLATE_NOOP("", "$20 notes"),
    QT_TRANSLATE_NOOP("", "$10 notes"),
    QT_TRANSLATE_NOOP("", "$5 notes"),
    QT_TRANSLATE_NOOP("", "$2 coins"),
    QT_TRANSLATE_NOOP("", "$1 coins"),
    QT_TRANSLATE_NOOP("", "25¢ coins"),
    QT_TRANSLATE_NOOP("", "10¢ coins"),
    QT_TRANSLATE_NOOP("", "5¢ coins"),
)
ROLES = (
    QT_TRANSLATE_NOOP("", "associate"),
    QT_TRANSLATE_NOOP("", "greeter"),
    QT_TRANSLATE_NOOP("", "supervisor"),
    QT_TRANSLATE_NOOP("", "admin"),
)
LABELS = frozenset(TENDER_KINDS + DENOMINATIONS + ROLES)
