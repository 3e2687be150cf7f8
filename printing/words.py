"""The words printed for the visitor, and on the drawer's documents for staff, by
message id and named values, in English and French (issue 13). Qt-free: printing
runs on device workers and in the server. A translator sees "Receipt {number}"
once, never each number.

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

#: The drawer's documents (Z report, deposit slip, end of day, pickup and paid-out
#: slips) in the language of the staff member who prints them.
REPORTS: dict[str, dict[str, str]] = {
    "report.z": {"en": "Z REPORT", "fr": "RAPPORT Z"},
    "report.deposit": {"en": "DEPOSIT SLIP {date}", "fr": "BORDEREAU DE DÉPÔT {date}"},
    "report.end_of_day": {"en": "END OF DAY {date}", "fr": "FIN DE JOURNÉE {date}"},
    "report.pickup": {"en": "CASH PICKUP", "fr": "PRÉLÈVEMENT D’ESPÈCES"},
    "report.paid_out": {"en": "PAID-OUT", "fr": "DÉCAISSEMENT"},
    "report.copy": {"en": "*** COPY ***", "fr": "*** COPIE ***"},
    "report.copy_pdf": {"en": "(COPY)", "fr": "(COPIE)"},
    "report.none": {"en": "None.", "fr": "Aucun."},
    "report.over": {"en": "OVER {amount}", "fr": "EXCÉDENT {amount}"},
    "report.short": {"en": "SHORT {amount}", "fr": "MANQUE {amount}"},
    "report.balanced": {"en": "BALANCED", "fr": "ÉQUILIBRÉ"},
    "report.shift_name": {"en": "Drawer {drawer}, {associate}, {span}", "fr": "Tiroir {drawer}, {associate}, {span}"},  # noqa: E501
    "report.opened_span": {"en": "opened {at}", "fr": "ouvert le {at}"},
    "report.station_drawer": {"en": "Station / drawer", "fr": "Poste / tiroir"},
    "report.station": {"en": "Station", "fr": "Poste"},
    "report.date": {"en": "Date", "fr": "Date"},
    "report.associate": {"en": "Associate", "fr": "Préposé"},
    "report.supervisor": {"en": "Supervisor", "fr": "Superviseur"},
    "report.opened": {"en": "Opened", "fr": "Ouvert"},
    "report.counted": {"en": "Counted", "fr": "Dénombré"},
    "report.signed_off": {"en": "Signed off", "fr": "Approuvé"},
    "report.signed_off_by": {"en": "{at} by {who}", "fr": "{at} par {who}"},
    "report.shift": {"en": "Shift", "fr": "Quart de travail"},
    "report.activity": {"en": "Activity", "fr": "Activité"},
    "report.sales_n": {"en": "Sales ({n})", "fr": "Ventes ({n})"},
    "report.voids_n": {"en": "Voids ({n})", "fr": "Annulations ({n})"},
    "report.refunds_n": {"en": "Refunds ({n})", "fr": "Remboursements ({n})"},
    "report.hst_collected": {"en": "HST collected", "fr": "TVH perçue"},
    "report.hst_registration": {"en": "HST registration no.", "fr": "No d’inscription TVH"},
    "report.cash_rounding": {"en": "Cash rounding", "fr": "Arrondi (espèces)"},
    "report.no_sales": {"en": "No-sale drawer opens", "fr": "Ouvertures du tiroir sans vente"},
    "report.cash_drawer": {"en": "Cash drawer", "fr": "Tiroir-caisse"},
    "report.opening_float": {"en": "Opening float", "fr": "Fonds de caisse d’ouverture"},
    "report.cash_received": {"en": "Cash received", "fr": "Espèces reçues"},
    "report.change_given": {"en": "Change given", "fr": "Monnaie rendue"},
    "report.cash_back": {"en": "Cash back on voids/refunds", "fr": "Espèces remises (annulations et remboursements)"},  # noqa: E501
    "report.paid_outs_n": {"en": "Paid-outs ({n})", "fr": "Décaissements ({n})"},
    "report.pickups_n": {"en": "Pickups ({n})", "fr": "Prélèvements ({n})"},
    "report.tender_expected": {"en": "{tender} expected", "fr": "{tender} : attendu"},
    "report.tender_counted": {"en": "{tender} counted", "fr": "{tender} : dénombré"},
    "report.tender_over_short": {"en": "{tender} over/short", "fr": "{tender} : excédent/manque"},
    "report.by_tender": {"en": "By tender", "fr": "Par mode de paiement"},
    "report.by_service": {"en": "By service", "fr": "Par service"},
    "report.by_gl": {"en": "By GL account (before HST)", "fr": "Par compte du grand livre (avant TVH)"},  # noqa: E501
    "report.movements": {"en": "Pickups and paid-outs", "fr": "Prélèvements et décaissements"},
    "report.pickup_at": {"en": "Pickup {seq} at {at}", "fr": "Prélèvement {seq} à {at}"},
    "report.paid_out_reason": {"en": "Paid-out {seq}: {reason}", "fr": "Décaissement {seq} : {reason}"},  # noqa: E501
    "report.result": {"en": "Result", "fr": "Résultat"},
    "report.over_short": {"en": "Over/short", "fr": "Excédent/manque"},
    "report.reason": {"en": "Reason", "fr": "Motif"},
    "report.rolls": {"en": "{n} rolls", "fr": "{n} rouleaux"},
    "report.no_number": {"en": "(no number)", "fr": "(sans numéro)"},
    "report.cheque": {"en": "Cheque {reference}", "fr": "Chèque {reference}"},
    "report.prepared_by": {"en": "Prepared by", "fr": "Préparé par"},
    "report.verified_by": {"en": "Verified by", "fr": "Vérifié par"},
    "report.prepared": {"en": "Prepared", "fr": "Préparé le"},
    "report.notes": {"en": "Notes", "fr": "Billets"},
    "report.total_notes": {"en": "Total notes", "fr": "Total des billets"},
    "report.coins": {"en": "Coins", "fr": "Pièces"},
    "report.total_coins": {"en": "Total coins", "fr": "Total des pièces"},
    "report.cash": {"en": "Cash", "fr": "Espèces"},
    "report.cash_counted": {"en": "Cash counted (drawer and pickups)", "fr": "Espèces dénombrées (tiroir et prélèvements)"},  # noqa: E501
    "report.float_kept": {"en": "Less float kept for the next shift", "fr": "Moins le fonds de caisse gardé pour le prochain quart"},  # noqa: E501
    "report.cash_deposit": {"en": "Cash deposit", "fr": "Dépôt en espèces"},
    "report.cheques_n": {"en": "Cheques ({n})", "fr": "Chèques ({n})"},
    "report.total_cheques": {"en": "Total cheques", "fr": "Total des chèques"},
    "report.deposit_section": {"en": "Deposit", "fr": "Dépôt"},
    "report.money_orders": {"en": "Money orders", "fr": "Mandats"},
    "report.total_deposit": {"en": "TOTAL DEPOSIT", "fr": "TOTAL DU DÉPÔT"},
    "report.open": {"en": "(OPEN)", "fr": "(OUVERT)"},
    "report.shifts_n": {"en": "Shifts ({n})", "fr": "Quarts de travail ({n})"},
    "report.totals": {"en": "Totals", "fr": "Totaux"},
    "report.sales_with_hst": {"en": "Sales (with HST)", "fr": "Ventes (TVH incluse)"},
    "report.voids": {"en": "Voids", "fr": "Annulations"},
    "report.refunds": {"en": "Refunds", "fr": "Remboursements"},
    "report.net_taken": {"en": "Net taken (all tenders)", "fr": "Montant net perçu (tous modes)"},
    "report.paid_outs": {"en": "Paid-outs", "fr": "Décaissements"},
    "report.pickups_to_safe": {"en": "Pickups to the safe", "fr": "Prélèvements versés au coffre"},
    "report.over_short_corrections": {"en": "Over/short (with corrections)", "fr": "Excédent/manque (avec corrections)"},  # noqa: E501
    "report.shifts_open": {"en": "Shifts still open", "fr": "Quarts encore ouverts"},
    "report.gl_distribution": {"en": "GL distribution", "fr": "Ventilation au grand livre"},
    "report.debit": {"en": "Dr {amount}", "fr": "Dt {amount}"},
    "report.credit": {"en": "Cr {amount}", "fr": "Ct {amount}"},
    "report.debits": {"en": "Debits", "fr": "Débits"},
    "report.credits": {"en": "Credits", "fr": "Crédits"},
    "report.number": {"en": "Number", "fr": "Numéro"},
    "report.time": {"en": "Time", "fr": "Heure"},
    "report.amount": {"en": "AMOUNT", "fr": "MONTANT"},
    "report.received_in_safe_by": {"en": "Received in safe by", "fr": "Reçu au coffre par"},
    "report.received_by": {"en": "Received by", "fr": "Reçu par"},
    # The drawer's tender names (counterapp.services.drawer.TENDER_NAMES), plural ones too.
    "tender.Cheques": {"en": "Cheques", "fr": "Chèques"},
    "tender.Money orders": {"en": "Money orders", "fr": "Mandats"},
    # The cash count's lines as the documents store them (counterapp.domain.cash_count).
    "denomination.$100 notes": {"en": "$100 notes", "fr": "Billets de 100 $"},
    "denomination.$50 notes": {"en": "$50 notes", "fr": "Billets de 50 $"},
    "denomination.$20 notes": {"en": "$20 notes", "fr": "Billets de 20 $"},
    "denomination.$10 notes": {"en": "$10 notes", "fr": "Billets de 10 $"},
    "denomination.$5 notes": {"en": "$5 notes", "fr": "Billets de 5 $"},
    "denomination.$2 coins": {"en": "$2 coins", "fr": "Pièces de 2 $"},
    "denomination.$1 coins": {"en": "$1 coins", "fr": "Pièces de 1 $"},
    "denomination.25¢ coins": {"en": "25¢ coins", "fr": "Pièces de 25 ¢"},
    "denomination.10¢ coins": {"en": "10¢ coins", "fr": "Pièces de 10 ¢"},
    "denomination.5¢ coins": {"en": "5¢ coins", "fr": "Pièces de 5 ¢"},
}  # fmt: skip
MESSAGES.update(REPORTS)


def say(message_id: str, language: str, **values: object) -> str:
    """The message in ``language`` (English when it has no such language), filled in."""
    forms = MESSAGES[message_id]
    text = forms.get(language) or forms["en"]
    return text.format(**values)


def tender_label(label: str, language: str) -> str:
    """A stored tender label ("Cash") in the visitor's language; unknown ones as they are."""
    key = f"tender.{label}"
    return say(key, language) if key in MESSAGES else label


def denomination_label(label: str, language: str) -> str:
    """A stored cash-count line's label ("$20 notes") in ``language``."""
    key = f"denomination.{label}"
    return say(key, language) if key in MESSAGES else label


def slip_title(kind: str, language: str) -> str:
    """A drawer slip's title by its kind ("pickup": "CASH PICKUP", "paid_out":
    "PAID-OUT") in ``language``; "" for a kind with no title."""
    key = f"report.{kind}"
    return say(key, language) if key in MESSAGES else ""


def paper_money(cents: int, language: str) -> str:
    return i18n.money(cents, language, space=PAPER_SPACE)
