"""The words printed for the visitor, by message id and named values, in English
and French (issue 13). Qt-free: printing runs on device workers and in the
server. A translator sees "Receipt {number}" once, never each number.

``PAPER_SPACE`` is a plain space: money and times on paper (``1 234,56 $``,
``14 h 05``) are laid out by column, never broken, so the no-break space the
screen uses is not needed, and not every printer code page has it.
"""

from __future__ import annotations

from counterapp import i18n

PAPER_SPACE = " "

MESSAGES: dict[str, dict[str, str]] = {
    "receipt.number": {"en": "Receipt {number}", "fr": "Reçu {number}"},
    "receipt.served_by": {"en": "Served by {name}", "fr": "Servi par {name}"},
    "receipt.subtotal": {"en": "Subtotal", "fr": "Sous-total"},
    "receipt.hst": {"en": "HST", "fr": "TVH"},
    "receipt.hst_registration": {"en": "HST reg. no. {number}", "fr": "No d’inscription TVH {number}"},  # noqa: E501
    "receipt.total": {"en": "TOTAL", "fr": "TOTAL"},
    "receipt.cash_rounding": {"en": "Cash rounding", "fr": "Arrondi (espèces)"},
    "receipt.tender_reference": {"en": "{tender} ref {reference}", "fr": "{tender} réf. {reference}"},  # noqa: E501
    "receipt.change": {"en": "Change", "fr": "Monnaie rendue"},
    "receipt.void": {"en": "*** VOID ***", "fr": "*** ANNULATION ***"},
    "receipt.refund": {"en": "*** REFUND ***", "fr": "*** REMBOURSEMENT ***"},
    "receipt.copy": {"en": "*** COPY ***", "fr": "*** COPIE ***"},
    "receipt.check_code": {"en": "Check code {code}", "fr": "Code de vérification {code}"},
    "receipt.survey": {"en": "How did we do? Scan to tell us.", "fr": "Votre avis compte : balayez ce code."},  # noqa: E501
    "ticket.your_number": {"en": "Your number", "fr": "Votre numéro"},
    "ticket.appointment": {"en": "Appointment - checked in", "fr": "Rendez-vous : arrivée notée"},
    "ticket.priority": {"en": "Priority service noted", "fr": "Service prioritaire noté"},
    "ticket.language_line": {"en": "Interpreter (language line) noted", "fr": "Interprète (par téléphone) noté"},  # noqa: E501
    "ticket.issued": {"en": "Issued {at}", "fr": "Émis le {at}"},
    "ticket.next": {"en": "You are next in line", "fr": "Personne n’attend devant vous"},
    "ticket.ahead_one": {"en": "1 person ahead of you", "fr": "1 personne devant vous"},
    "ticket.ahead_many": {"en": "{n} people ahead of you", "fr": "{n} personnes devant vous"},
    "ticket.wait": {"en": "Estimated wait: about {minutes} min", "fr": "Attente prévue : environ {minutes} min"},  # noqa: E501
    "ticket.watch": {"en": "Please watch the screen for your number.", "fr": "Surveillez votre numéro à l’écran."},  # noqa: E501
    "ticket.survey": {"en": "Tell us how we did:", "fr": "Donnez-nous votre avis :"},
    # The customer pole display: capitals, as its 20 columns show them (folded to ASCII).
    "pole.total": {"en": "TOTAL", "fr": "TOTAL"},
    "pole.due": {"en": "DUE", "fr": "SOLDE DÛ"},
    "pole.tendered": {"en": "TENDERED", "fr": "REMIS"},
    "pole.change": {"en": "CHANGE", "fr": "MONNAIE"},
    "pole.welcome": {"en": "Welcome", "fr": "Bienvenue"},
    # The now-serving sign (devices.now_serving): 7-bit ASCII signs, so French words that
    # need no accent were chosen ("Nous servons", as Canadian bilingual signs say it).
    "sign.now_serving": {"en": "NOW SERVING", "fr": "NOUS SERVONS"},
    "sign.recall": {"en": "RECALL", "fr": "RAPPEL"},
    "sign.counter": {"en": "Counter {number}", "fr": "Guichet {number}"},
    # Tender kinds as the sale stores them (counterapp.services.sales.TENDER_LABELS).
    "tender.Cash": {"en": "Cash", "fr": "Espèces"},
    "tender.Cheque": {"en": "Cheque", "fr": "Chèque"},
    "tender.Debit": {"en": "Debit", "fr": "Débit"},
    "tender.Credit": {"en": "Credit", "fr": "Crédit"},
    "tender.e-Transfer": {"en": "e-Transfer", "fr": "Virement Interac"},
    "tender.Money order": {"en": "Money order", "fr": "Mandat"},
}  # fmt: skip


def say(message_id: str, language: str, **values: object) -> str:
    """The message in ``language`` (English when it has no such language), filled in."""
    forms = MESSAGES[message_id]
    text = forms.get(language) or forms["en"]
    return text.format(**values)


def tender_label(label: str, language: str) -> str:
    """A stored tender label ("Cash") in the visitor's language; unknown ones as they are."""
    key = f"tender.{label}"
    return say(key, language) if key in MESSAGES else label


def paper_money(cents: int, language: str) -> str:
    return i18n.money(cents, language, space=PAPER_SPACE)
