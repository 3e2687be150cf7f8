"""The queue ticket on paper and the now-serving sign on a serial line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counterapp.queue.views import IssuedTicket, TicketView
from devices.errors import DeviceError, PortUnavailable
from devices.now_serving import (
    EscposLineDisplay,
    NowServing,
    TextLineSign,
    register_driver,
    sign_from_settings,
)
from devices.receipt_printer import ReceiptPrinter
from devices.serial_port import SerialSettings
from devices.simulator import PrinterSimulator, SocketPrinterSimulator, decode_escpos
from printing.escpos_ticket import render_ticket, ticket_from_issue, ticket_text


def issued(**kw) -> IssuedTicket:
    at = datetime(2026, 11, 23, 14, 7, tzinfo=UTC)
    ticket = TicketView(
        id="0190aaaa-0000-7000-8000-000000000001",
        label="C-003",
        category="C",
        services=["COM-AFF", "LIC-DOG"],
        priority=kw.pop("priority", True),
        language_line=False,
        status="waiting",
        issued_at=at,
        waiting_since=at,
    )
    return IssuedTicket(
        ticket=ticket,
        category_name="Commissioning",
        people_ahead=kw.pop("ahead", 2),
        estimated_wait_minutes=12,
        site_name="Service Whitby",
        survey_url="https://survey.example.invalid/t/abc",
    )


NAMES = {"COM-AFF": "Commissioning – affidavit", "LIC-DOG": "Dog licence – sterilized"}


def test_ticket_shows_number_category_wait_and_survey_code():
    ticket = ticket_from_issue(issued(), NAMES, "America/Toronto")
    lines = ticket_text(ticket)
    text = "\n".join(lines)
    assert "C-003" in text and "Commissioning" in text
    assert "Dog licence" in text and "affidavit" in text
    assert "2026-11-23 09:07" in text  # local time in Toronto
    assert "2 people ahead of you" in text
    assert "Estimated wait: about 12 min" in text
    assert "Priority service noted" in text
    assert "[QR: https://survey.example.invalid/t/abc]" in text
    assert all(len(line) <= 32 for line in lines if not line.startswith("[QR"))


def test_paper_and_screen_agree():
    ticket = ticket_from_issue(issued(ahead=0), NAMES, "UTC")
    printed = [ln for ln in decode_escpos(render_ticket(ticket)) if ln.strip()]
    expected = [ln for ln in ticket_text(ticket) if ln.strip()]
    assert printed[: len(expected)] == expected
    assert "You are next in line" in printed


def test_ticket_prints_on_a_serial_ticket_printer():
    sim = PrinterSimulator(on_line=lambda _line: None)
    try:
        printer = ReceiptPrinter(SerialSettings(sim.port_path, write_timeout_s=1), "Ticket printer")
        printer.print_bytes(render_ticket(ticket_from_issue(issued(), NAMES, "UTC")))
        assert sim.wait_for("C-003", timeout=5)
    finally:
        sim.stop()


def test_sign_shows_ticket_and_counter_with_a_chime():
    sim = SocketPrinterSimulator(on_line=lambda _line: None)
    try:
        sign = TextLineSign(SerialSettings(sim.url, write_timeout_s=1))
        sign.show(NowServing("A-014", "Counter 3"))
        assert sim.wait_for("A-014 -> Counter 3", timeout=5)
        assert bytes(sim.raw).startswith(b"\x07")
    finally:
        sim.stop()


def test_escpos_line_display_bytes():
    sign = EscposLineDisplay(SerialSettings("loop://"), chime=False, columns=20)
    data = sign.message(NowServing("C-003", "Counter 2"))
    assert data.startswith(b"\x1b@\x0c\x0b")
    assert b"    NOW SERVING     \r\n" in data
    assert b"C-003 -> Counter 2" in data
    assert len(data.split(b"\r\n")[1]) == 20


def test_escpos_display_over_a_port():
    sim = SocketPrinterSimulator(on_line=lambda _line: None)
    try:
        sign = sign_from_settings({"driver": "escpos", "url": sim.url, "chime": False})
        assert isinstance(sign, EscposLineDisplay)
        sign.show(NowServing("T-101", "Counter 1", recall=True))
        deadline = datetime.now().timestamp() + 5
        while b"T-101" not in bytes(sim.raw) and datetime.now().timestamp() < deadline:
            sim.event.wait(0.1)
        assert b"RECALL" in bytes(sim.raw) and b"T-101 -> Counter 1" in bytes(sim.raw)
    finally:
        sim.stop()


def test_a_town_can_add_its_own_sign_driver():
    sent = []

    class Marquee:
        name = "Marquee"

        def __init__(self, settings, **options):
            self.options = options

        def show(self, call):
            sent.append(call.line("=>"))

        def clear(self):
            sent.append("")

    register_driver("marquee", Marquee)
    sign = sign_from_settings({"driver": "marquee", "url": "loop://", "columns": 16})
    assert sign is not None
    sign.show(NowServing("L-007", "Desk B"))
    assert sent == ["L-007 => Desk B"]


def test_unknown_driver_and_missing_sign():
    assert sign_from_settings({"driver": "", "url": ""}) is None
    with pytest.raises(DeviceError, match="no driver called 'neon'"):
        sign_from_settings({"driver": "neon", "url": "loop://"})


def test_dead_sign_says_so_quickly():
    sign = TextLineSign(SerialSettings("/dev/ttyUSB97", write_timeout_s=0.5))
    with pytest.raises(PortUnavailable, match="does not exist"):
        sign.show(NowServing("A-001", "Counter 1"))


def test_accents_and_arrows_reach_the_sign_as_ascii():
    sign = TextLineSign(
        SerialSettings("loop://"), chime=False, columns=40, template="{ticket} → {counter}"
    )
    assert sign.message(NowServing("C-003", "Comptoir Élodie")) == b"C-003 -> Comptoir Elodie\r\n"
