"""The Z report, deposit slip and end-of-day summary as PDFs (read back as
text) and the Z report on a receipt printer (the simulator decodes it)."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from counterapp.db.models import DeviceJob
from counterapp.domain.cash_count import CashCount
from counterapp.domain.devices import DeviceSettings
from counterapp.domain.tender import TenderKind
from counterapp.services import drawer
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.preferences import remember_language
from devices.simulator import PrinterSimulator, decode_escpos
from devices.station_devices import StationDevices
from printing.drawer_reports import (
    day_summary_pdf,
    deposit_slip_pdf,
    render_slip,
    render_z_report,
    slip_lines,
    z_report_lines,
    z_report_pdf,
)
from tests.drawer_support import SAM, Desk, make_desk_template, open_desk, record_reversal

CASH, CHEQUE, DEBIT = TenderKind.CASH, TenderKind.CHEQUE, TenderKind.DEBIT


@pytest.fixture(scope="module")
def closed(tmp_path_factory):
    """One closed shift: sales, a void, a pickup, a paid-out, $0.45 short with a reason."""
    directory = tmp_path_factory.mktemp("docs")
    desk: Desk = open_desk(make_desk_template(directory), directory)
    shift = desk.open(desk.alex, {"20": 5, "1": 10, "0.25": 20})  # $115.00
    desk.sell(desk.alex, (("PMT-PARK", 1),), ((CASH, 10_000),))  # $67.80
    room = desk.sell(desk.alex, (("RNT-ROOM", 1),), ((CASH, 4_000),))  # $39.55 → $39.55
    desk.sell(desk.alex, (("CER-TAX", 1),), ((CHEQUE, 5_000, "004512"),))
    desk.sell(desk.alex, (("TST-15", 1),), ((DEBIT, 1_500),))
    record_reversal(desk, desk.alex, room.receipt_no, "void", negative=True)
    pickup = drawer.record_pickup(
        desk.uow(), drawer.RecordPickup(desk.alex, CashCount.of({"20": 2}))
    )
    drawer.record_paid_out(desk.uow(), drawer.RecordPaidOut(desk.alex, 300, "Stamps", approval=SAM))
    # Expected cash: 115 + 67.80 − 40 − 3 = $139.80; counted $139.35.
    drawer.submit_count(
        desk.uow(),
        drawer.SubmitCount(
            desk.alex,
            CashCount.of({"100": 1, "20": 1, "10": 1, "5": 1, "0.25": 17, "0.10": 1}),
            (drawer.ChequeCount("004512", 5_000),),
            {"debit": 1_500},
        ),
    )
    result = drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM, "Coins dropped"))
    summary = drawer.day_summary(desk.uow(), datetime.now().astimezone().date())
    yield result, pickup, summary
    desk.engine.dispose()


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_z_report_pdf_reads_back_with_every_figure(closed) -> None:
    result, _pickup, _summary = closed
    text = _pdf_text(z_report_pdf(result.z_report))
    for expected in (
        "Service Whitby",
        "Z REPORT",
        "Alex M.",
        "Sam O.",
        "Sales (4)",
        "Voids (1)",
        "-$39.55",
        "Cash expected",
        "$139.80",
        "Cash counted",
        "$139.35",
        "SHORT $0.45",
        "Coins dropped",
        "No-sale drawer opens",
        "Cash received",
        "$140.00",
        "-$32.65",
        "Pickups (1)",
        "-$40.00",
        "Paid-out 1: Stamps",
        "Cheques counted",
        "4520-300",
        "By-law Services",
        "HST collected",
        "$7.80",
    ):
        assert expected in text, expected
    assert "COPY" not in text


def test_deposit_slip_pdf_lists_notes_coins_and_cheques(closed) -> None:
    result, _pickup, _summary = closed
    text = _pdf_text(deposit_slip_pdf(result.deposit))
    assert "DEPOSIT SLIP" in text
    assert "$20 notes x 3" in text  # one in the drawer, two in the pickup
    assert "25¢ coins x 17" in text
    assert "Cheque 004512" in text and "$50.00" in text
    # $139.35 counted + $40 pickup − $115 float = $64.35 cash, + $50 cheque.
    assert "$64.35" in text
    assert "TOTAL DEPOSIT" in text and "$114.35" in text


def test_a_reprint_says_copy(closed) -> None:
    result, _pickup, _summary = closed
    text = _pdf_text(z_report_pdf({**result.z_report, "copy": True}))
    assert "COPY" in text
    lines = [ln.text for ln in z_report_lines({**result.z_report, "copy": True}, columns=32)]
    assert [line.strip() for line in lines].count("*** COPY ***") == 2  # head and foot
    assert all(len(line) <= 32 for line in lines)


def test_end_of_day_summary_pdf(closed) -> None:
    _result, _pickup, summary = closed
    text = _pdf_text(day_summary_pdf(summary))
    assert "END OF DAY" in text
    assert "GL distribution" in text
    assert "Debits" in text and "Credits" in text
    assert "SHORT $0.45" in text


def test_z_report_prints_on_the_receipt_printer(closed) -> None:
    result, _pickup, _summary = closed
    sim = PrinterSimulator(on_line=lambda _line: None)
    try:
        devices = StationDevices([DeviceSettings("Receipt printer", url=sim.port_path)])
        status = devices.run("Receipt printer", "z_report", {"z": result.z_report}, None)
        assert status is not None and status.detail == "Receipt printer: ready"
        assert sim.wait_for("SHORT $0.45", timeout=5)
        assert bytes(render_z_report(result.z_report, columns=48)) in bytes(sim.raw)
        text = "\n".join(sim.lines)
        assert "Z REPORT" in text and "Cash expected" in text
    finally:
        sim.stop()


def test_pickup_slip_has_the_count_and_a_place_to_sign(closed) -> None:
    _result, pickup, _summary = closed
    lines = [ln.text for ln in slip_lines(pickup.slip, columns=48)]
    assert any(line.startswith("$20 notes x 2") and line.endswith("$40.00") for line in lines)
    assert any(line.startswith("Received in safe by: ") for line in lines)
    assert render_slip(pickup.slip).endswith(b"\x1dV\x42\x00") or b"\x1dV" in render_slip(
        pickup.slip
    )


# --- in French (issue 13): the staff member's language, decoded back -----------------------


def test_a_french_z_report_pdf_reads_back_in_french_with_french_money(closed) -> None:
    result, _pickup, _summary = closed
    text = _pdf_text(z_report_pdf(result.z_report, "fr"))
    for expected in (
        "RAPPORT Z",
        "Ventes (4)",
        "Annulations (1)",
        "-39,55 $",
        "Espèces : attendu",
        "139,80 $",
        "Espèces : dénombré",
        "139,35 $",
        "MANQUE 0,45 $",
        "Fonds de caisse d’ouverture",
        "Prélèvements (1)",
        "Décaissement 1 : Stamps",  # the reason is the associate's own words
        "Chèques : dénombré",
        "TVH perçue",
        "Tiroir 1, Alex M.",
    ):
        assert expected in text, expected
    for english in ("Z REPORT", "Sales (", "SHORT", "Cash expected", "$139", "Opening float"):
        assert english not in text, english
    # Times in the French form: "2026-12-01 14 h 05", never "14:05".
    assert " h " in text and not re.search(r"\d\d:\d\d", text)


def test_a_french_deposit_slip_and_end_of_day(closed) -> None:
    result, _pickup, summary = closed
    text = _pdf_text(deposit_slip_pdf(result.deposit, "fr"))
    for expected in (
        "BORDEREAU DE DÉPÔT",
        "Billets de 20 $ x 3",
        "Pièces de 25 ¢ x 17",
        "Chèque 004512",
        "64,35 $",
        "TOTAL DU DÉPÔT",
        "114,35 $",
    ):
        assert expected in text, expected
    assert "$" + "20 notes" not in text and "TOTAL DEPOSIT" not in text
    text = _pdf_text(day_summary_pdf(summary, "fr"))
    for expected in (
        "FIN DE JOURNÉE",
        "Ventilation au grand livre",
        "Débits",
        "Crédits",
        "MANQUE 0,45 $",
        "Quarts de travail (1)",
    ):
        assert expected in text, expected
    assert "GL distribution" not in text and "SHORT" not in text


@pytest.mark.parametrize("columns", [32, 48])
def test_a_french_z_report_prints_its_accents_through_the_code_page(closed, columns) -> None:
    result, _pickup, _summary = closed
    data = render_z_report(result.z_report, columns=columns, language="fr")
    lines = decode_escpos(data)
    text = "\n".join(lines)
    for expected in (
        "RAPPORT Z",
        "Préposé",
        "Dénombré",
        "Excédent/manque",
        "MANQUE 0,45 $",
        "Superviseur: ___",
    ):
        assert expected in text, expected
    assert "?" not in text  # every French letter found in the printer's code page
    assert all(len(line) <= columns for line in lines)


def test_a_french_slip_job_follows_the_associates_language(tmp_path) -> None:
    """The pickup slip is queued in the sale's core with the language its associate
    works in at this station; the printer prints it in that language."""
    desk: Desk = open_desk(make_desk_template(tmp_path), tmp_path)
    try:
        remember_language(desk.uow(), desk.alex.id, "fr")
        desk.open(desk.alex, {"20": 5})
        route = ReceiptRoute("Receipt printer")
        pickup = drawer.RecordPickup(desk.alex, CashCount.of({"20": 2}), receipt_route=route)
        drawer.record_pickup(desk.uow(), pickup)
        with desk.uow() as uow:
            job = uow.session.scalars(
                select(DeviceJob).where(DeviceJob.kind == "drawer_slip")
            ).one()
            document = dict(job.document or {})
        assert document["language"] == "fr"
        sim = PrinterSimulator(on_line=lambda _line: None)
        try:
            devices = StationDevices([DeviceSettings("Receipt printer", url=sim.port_path)])
            devices.run("Receipt printer", "drawer_slip", document, None)
            assert sim.wait_for("40,00 $", timeout=5)
            text = "\n".join(sim.lines)
            assert "Billets de 20 $ x 2" in text and "40,00 $" in text
            assert "Reçu au coffre par" in text
        finally:
            sim.stop()
    finally:
        desk.engine.dispose()
