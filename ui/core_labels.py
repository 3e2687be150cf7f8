"""Words the core hands the window as data (tender kinds, notes and coins, roles),
marked here so pyside6-lupdate puts them in the catalogue; the window translates
them where it shows them (``_tr(label)``). tests/test_translations.py fails when
the core gains a label that is not listed here."""

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
#: The core's errors that carry a message id (the English template) and named values
#: (counterapp.i18n.MessageError); the window fills them after translating.
ERRORS = (
    QT_TRANSLATE_NOOP("ServiceError", "Enter an amount."),
    QT_TRANSLATE_NOOP("ServiceError", "An amount cannot be negative."),
    QT_TRANSLATE_NOOP(
        "ServiceError", "That amount is more than the counter accepts; type it again."
    ),
    QT_TRANSLATE_NOOP(
        "ServiceError", "'{typed}' is not an amount. Type digits, for example 20 or 20.50."
    ),
    QT_TRANSLATE_NOOP("ServiceError", "An amount has at most two decimals (cents)."),
    QT_TRANSLATE_NOOP(
        "ServiceError", "{amount_cents} is more than the counter accepts in one amount."
    ),
    QT_TRANSLATE_NOOP("ServiceError", "The amount must be more than zero."),
)
LABELS = frozenset(TENDER_KINDS + DENOMINATIONS + ROLES)
