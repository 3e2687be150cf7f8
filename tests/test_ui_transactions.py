"""The associate's transactions through the real widgets, offscreen: account
payments found as you type (or scanned), the mixed visit with one receipt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counterapp.config import PrinterConfig, StationConfig
from counterapp.db.models import Sale
from printing.escpos_receipt import receipt_text
from tests.counter_support import (
    DEPONENT,
    HOA_ROLL,
    PAID_TICKET,
    REX,
    SOLD_AT,
    ZOE_ROLL,
    Counter,
)
from ui.account_payment import AccountPaymentDialog
from ui.checklist import ChecklistDialog
from ui.context import StationContext
from ui.corrections import CorrectionsDialog
from ui.station_window import StationWindow


def open_window(qtbot, tmp_path: Path, counter: Counter, who: str = "alex") -> StationWindow:  # type: ignore[no-untyped-def]
    config = StationConfig(data_dir=tmp_path, receipt_printer=PrinterConfig(url=""))
    ctx = StationContext(config, counter.session_factory)
    ctx.clock = lambda: SOLD_AT
    window = StationWindow(ctx, getattr(counter, who))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0)
    return window


def payment_dialog(qtbot, window: StationWindow) -> AccountPaymentDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.account_dialog is not None and window.account_dialog.isVisible())
    assert window.account_dialog is not None
    return window.account_dialog


def tick_checklist(qtbot) -> None:  # type: ignore[no-untyped-def]
    def dialog() -> ChecklistDialog | None:
        found = [
            w for w in QApplication.topLevelWidgets()
            if isinstance(w, ChecklistDialog) and w.isVisible()
        ]  # fmt: skip
        return found[0] if found else None

    qtbot.waitUntil(lambda: dialog() is not None)
    d = dialog()
    assert d is not None
    for box in d.boxes:
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.keyClick(d.ok, Qt.Key.Key_Return) if d.ok.hasFocus() else d.ok.click()


def fill_form(qtbot, window: StationWindow, answers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.form_dialog is not None and window.form_dialog.isVisible())
    form = window.form_dialog
    assert form is not None
    rows = window.model.rowCount()
    for key, value in answers.items():
        form.set_answer(key, value)
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == rows + 1)
    qtbot.waitUntil(lambda: window.form_dialog is None)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    window.activateWindow()  # offscreen, the closed dialog hands activation back lazily
    qtbot.waitUntil(window.isActiveWindow)


def test_find_a_tax_roll_by_name_and_pay_part_of_it(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = payment_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, "cote brock")
    qtbot.waitUntil(lambda: dialog.account is not None)
    assert dialog.account.holder_name == "Zoë Côté"  # type: ignore[union-attr]
    assert "$1,234.56 owing" in dialog.details.text()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.amount.hasFocus()
    assert dialog.amount.text() == "1234.56"
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "200")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.total_label.text() == "$200.00"
    assert window.model.lines[0].description == "Property tax payment — 1809-999-001-0001-2"


def test_scanning_a_bill_into_the_service_search_goes_straight_to_the_amount(
    qtbot, tmp_path, counter
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    window.search.setFocus()
    qtbot.keyClicks(window.search, ZOE_ROLL)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    dialog = payment_dialog(qtbot, window)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # the scanner's Enter, before the look-up
    qtbot.waitUntil(lambda: dialog.amount.hasFocus())
    assert dialog.account is not None and dialog.account.number == ZOE_ROLL


def test_paid_ticket_is_refused_in_the_window_with_its_date(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = payment_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, PAID_TICKET)
    qtbot.waitUntil(lambda: dialog.account is not None)
    assert "was already paid on 2026-10-0" in dialog.message.text()
    assert not dialog.add_button.isEnabled()


def test_wrong_check_digit_is_said_while_typing(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = payment_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, ZOE_ROLL[:-1] + "9")
    qtbot.waitUntil(lambda: "check digit does not match" in dialog.message.text())
    assert dialog.account is None


def test_an_overpayment_of_a_ticket_is_refused_before_it_joins_the_visit(
    qtbot, tmp_path, counter
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = payment_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, "99000010")
    qtbot.waitUntil(lambda: dialog.account is not None)
    dialog.amount.setText("75")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "cannot be more than the $50.00 owing" in dialog.message.text())
    assert window.model.rowCount() == 0


def test_mixed_visit_through_the_window_one_receipt(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    # 1. commissioning an affidavit
    qtbot.keyClicks(window.search, "affidavit")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    tick_checklist(qtbot)
    fill_form(qtbot, window, DEPONENT)
    # 2. $500 on Hoa's tax roll, found by her name without the accents
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = payment_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, "nguyen thi")
    qtbot.waitUntil(lambda: dialog.account is not None and dialog.account.number == HOA_ROLL)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "500")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    # 3. a dog licence
    window.search.setFocus()
    window.search.selectAll()
    qtbot.keyClicks(window.search, "dog sterilized")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    fill_form(qtbot, window, REX)
    assert window.total_label.text() == "$535.00"
    # $500 on debit with the PIN pad's approval, then a $40 note
    window.kind.setCurrentIndex(window.kind.findData("debit"))
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClicks(window.amount, "500")
    qtbot.keyClicks(window.reference, "084412")
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    assert window.due_label.text() == "$35.00"
    window.kind.setCurrentIndex(window.kind.findData("cash"))
    qtbot.keyClicks(window.amount, "40")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000) as done:
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    result = done.args[0]
    assert window.change_label.text() == "Change $5.00"
    text = receipt_text(result.receipt, 48)
    start = text.index("Receipt WHB-01-000001")
    assert text[start : start + 20][3:] == [
        "-" * 48,
        "Commissioning – affidavit                 $20.00",
        "  Deponent: Zoë Côté",
        "Property tax payment                     $500.00",
        "  Tax roll 1809-999-001-0002-0, 88 Dundas St W;",
        "  balance after $2,375.00",
        "Dog licence                               $15.00",
        "  Tag WD-260501: Rex (Nguyen Thi Hoa); expires",  # the printer has no ễ or ị
        "  2027-12-31",
        "-" * 48,
        "Subtotal                                 $535.00",
        "TOTAL                                    $535.00",
        "Debit ref 084412                         $500.00",
        "Cash                                      $40.00",
        "Change                                     $5.00",
        "",
        "            Thank you for visiting.",
    ]
    with counter.session() as s:
        assert s.query(Sale).count() == 1


# --- corrections through the window ------------------------------------------------------


def _sell_dog_licence(qtbot, window: StationWindow) -> str:  # type: ignore[no-untyped-def]
    window.search.setFocus()
    qtbot.keyClicks(window.search, "dog sterilized")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    fill_form(qtbot, window, REX)
    window.amount.setFocus()
    qtbot.keyClicks(window.amount, "20")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000) as done:
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    return str(done.args[0].receipt_no)


def corrections(qtbot, window: StationWindow) -> CorrectionsDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.waitUntil(
        lambda: window.corrections_dialog is not None and window.corrections_dialog.isVisible()
    )
    dialog = window.corrections_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.summary is not None)
    return dialog


def test_void_at_the_associates_station_with_the_supervisors_pin(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    receipt_no = _sell_dog_licence(qtbot, window)
    dialog = corrections(qtbot, window)
    assert dialog.receipt_no.text() == receipt_no  # the last receipt is filled in
    qtbot.keyClicks(dialog.reason, "Licence keyed for the wrong dog")
    qtbot.keyClicks(dialog.supervisor, "sam")
    qtbot.keyClicks(dialog.secret, "1111")
    qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not right" in dialog.message.text())
    assert dialog.secret.text() == ""  # never left in the field
    qtbot.keyClicks(dialog.secret, "2468")
    with qtbot.waitSignal(window.correction_completed, timeout=10_000) as done:
        qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.receipt.void
    assert "Hand back $15.00 in cash" in window.message.text()
    with counter.session() as s:
        kinds = sorted(k for (k,) in s.query(Sale.kind))
    assert kinds == ["sale", "void"]


def test_refund_one_line_in_cash_through_the_window(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    _sell_dog_licence(qtbot, window)
    dialog = corrections(qtbot, window)
    assert dialog.lines.count() == 1
    dialog.lines.setFocus()
    qtbot.keyClick(dialog.lines, Qt.Key.Key_Space)
    assert dialog.ticked() == [1]
    qtbot.keyClicks(dialog.refund_amount, "5")
    qtbot.keyClicks(dialog.reason, "Senior's discount missed")
    qtbot.keyClicks(dialog.supervisor, "sam")
    qtbot.keyClicks(dialog.secret, "supervisor")
    with qtbot.waitSignal(window.correction_completed, timeout=10_000) as done:
        qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert done.args[0].settlement.total_cents == -500
    assert "Refund" in window.message.text()


def test_a_correction_by_the_associate_alone_is_refused(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter, "jordan")
    _sell_dog_licence(qtbot, window)
    dialog = corrections(qtbot, window)
    qtbot.keyClicks(dialog.reason, "Oops")
    qtbot.keyClicks(dialog.supervisor, "jordan")
    qtbot.keyClicks(dialog.secret, "counter")
    qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "needs a supervisor's approval" in dialog.message.text())
    with counter.session() as s:
        assert s.query(Sale).count() == 1


def test_record_a_spoiled_marriage_licence_form_from_the_window(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.stock_dialog is not None and window.stock_dialog.isVisible())
    dialog = window.stock_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.kinds.count() == 2)
    assert dialog.kinds.item(0).text() == "dog tags: next WD-260501, 200 left"
    assert dialog.kinds.item(1).text() == "marriage licence forms: next ON-M-20264101, 50 left"
    dialog.kinds.setCurrentRow(1)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Say why" in dialog.message.text())
    qtbot.keyClicks(dialog.reason, "Coffee spilled on it")
    with qtbot.waitSignal(dialog.spoiled, timeout=10_000) as spoiled:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert spoiled.args[0] == "ON-M-20264101"
    qtbot.waitUntil(lambda: "ON-M-20264102, 49 left" in dialog.kinds.item(1).text())


def test_take_a_request_and_look_up_its_status_in_the_window(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter, "jordan")
    qtbot.keyClicks(window.search, "complaint request")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.intake_dialog is not None and window.intake_dialog.isVisible())
    dialog = window.intake_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.department.count() > 3)
    dialog.department.setCurrentIndex(dialog.department.findData("By-law Services"))
    qtbot.keyClicks(dialog.subject, "Pothole on Brock St N")
    dialog.contact_name.setText("Zoë Côté")  # QTest types ASCII only
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as done:
        qtbot.keyClick(dialog.subject, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args[0].reference_no == "SR-WHB-01-000001"
    qtbot.keyClicks(dialog.reference, "SR-WHB-01-000001")
    with qtbot.waitSignal(dialog.status_shown, timeout=10_000):
        qtbot.keyClick(dialog.reference, Qt.Key.Key_Return)
    assert "Received" in dialog.message.text()
    assert "By-law Services" in dialog.message.text()


def test_a_no_charge_visit_finishes_with_enter(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClicks(window.search, "pension")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    tick_checklist(qtbot)
    fill_form(qtbot, window, DEPONENT)
    assert window.total_label.text() == "$0.00"
    with qtbot.waitSignal(window.sale_completed, timeout=10_000) as done:
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    assert done.args[0].receipt.total_cents == 0


def test_cancel_a_swim_registration_from_the_window(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    window.ctx.clock = lambda: datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    qtbot.keyClicks(window.search, "swim")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    fill_form(
        qtbot, window, {"participant_name": "Léa Roy", "participant_birth_date": "2016-05-04"}
    )
    window.amount.setText("98")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000):
        window.add_tender()
    qtbot.keyClick(
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: window.registrations_dialog is not None and window.registrations_dialog.isVisible()
    )
    dialog = window.registrations_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.search, "lea")
    with qtbot.waitSignal(dialog.results_shown, timeout=10_000):
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert "Léa Roy · Swim lessons" in dialog.results.item(0).text()
    qtbot.keyClicks(dialog.reason, "Moving away")
    qtbot.keyClicks(dialog.supervisor, "sam")
    qtbot.keyClicks(dialog.secret, "2468")
    with qtbot.waitSignal(window.correction_completed, timeout=10_000) as done:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert done.args[0].settlement.total_cents == -9800
    assert "Hand back $98.00 in cash" in window.message.text()


def test_cash_over_the_limit_asks_for_a_supervisor_in_the_window(qtbot, tmp_path, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = payment_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, HOA_ROLL)
    qtbot.waitUntil(lambda: dialog.account is not None)
    dialog.amount.setText("3500")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.amount.setText("3500")
    window.add_tender()
    qtbot.waitUntil(
        lambda: window.approval_dialog is not None and window.approval_dialog.isVisible()
    )
    approval = window.approval_dialog
    assert approval is not None
    assert "over the $3,000.00" in window.message.text()
    qtbot.keyClicks(approval.username, "sam")
    qtbot.keyClicks(approval.secret, "2468")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000) as done:
        qtbot.keyClick(approval.secret, Qt.Key.Key_Return)
    assert done.args[0].receipt.total_cents == 350000
    with counter.session() as s:
        [sale] = s.query(Sale).all()
        assert sale.approved_by == counter.sam.id


def test_marriage_licence_through_the_window_takes_the_next_form_number(
    qtbot, tmp_path, counter
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path, counter)
    qtbot.keyClicks(window.search, "marriage licence")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    tick_checklist(qtbot)
    qtbot.waitUntil(lambda: window.form_dialog is not None and window.form_dialog.isVisible())
    form = window.form_dialog
    assert form is not None
    form.set_answer("applicant_1_name", "Aoife Ní Bhraonáin")
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)  # the rest is missing
    qtbot.waitUntil(lambda: "is required" in form.message.text())
    assert window.model.rowCount() == 0
    fill_form(
        qtbot,
        window,
        {
            "applicant_1_id_type": "Passport",
            "applicant_1_id_last_digits": "1182",
            "applicant_1_second_id": "Birth certificate",
            "applicant_2_name": "Дмитрий Смирнов",
            "applicant_2_id_type": "Driver's licence",
            "applicant_2_id_last_digits": "7730",
            "applicant_2_second_id": "Permanent resident card",
        },
    )
    assert window.total_label.text() == "$149.00"
    window.kind.setCurrentIndex(window.kind.findData("debit"))
    qtbot.keyClick(window, Qt.Key.Key_F8)
    with qtbot.waitSignal(window.sale_completed, timeout=10_000) as done:
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    text = receipt_text(done.args[0].receipt, 48)
    # The printer's code pages have Irish accents; Cyrillic it cannot print.
    assert "  Licence ON-M-20264101: Aoife Ní Bhraonáin and" in text
    assert "  ??????? ???????; valid until 2027-05-31" in text
    stored = done.args[0].receipt.lines[0].detail
    assert "Aoife Ní Bhraonáin and Дмитрий Смирнов" in stored  # kept exactly
