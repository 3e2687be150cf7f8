"""The queue ticket on paper and the now-serving sign: roles of the one device backend."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counterapp.domain.devices import DeviceRole, DeviceSettings, DeviceState
from counterapp.queue.views import IssuedTicket, TicketView
from devices.errors import DeviceError, PortUnavailable
from devices.now_serving import EscposLineDisplay, NowServing, TextLineSign, register_driver
from devices.simulator import CUT_LINE, PrinterSimulator, SocketPrinterSimulator, decode_escpos
from devices.station_devices import DeviceRefused, StationDevices, check_settings
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


def ticket_printer(url: str, **kw) -> DeviceSettings:
    return DeviceSettings(
        "Ticket printer", role=DeviceRole.TICKET_PRINTER.value, url=url, columns=32,
        write_timeout_s=1.0, read_timeout_s=0.3, **kw,
    )  # fmt: skip


def sign(url: str = "loop://", **kw) -> DeviceSettings:
    settings: dict = {"columns": 20, "status_query": False, "write_timeout_s": 1.0} | kw
    return DeviceSettings("Lobby sign", role=DeviceRole.NOW_SERVING.value, url=url, **settings)


def call(ticket: str, counter: str, recall: bool = False) -> dict:
    return NowServing(ticket, counter, recall).to_json()


def test_a_ticket_job_prints_on_a_serial_ticket_printer_laid_out_for_it():
    ticket = ticket_from_issue(issued(), NAMES, "UTC")
    with PrinterSimulator(on_line=lambda _line: None) as sim:
        devices = StationDevices([ticket_printer(sim.port_path)])
        status = devices.run("Ticket printer", "ticket", {"ticket": ticket.to_dict()}, None)
        assert sim.wait_for("C-003", timeout=5)
        assert sim.wait_for(CUT_LINE)
    assert status is not None and status.state is DeviceState.ONLINE  # it answered after
    printed = [ln for ln in sim.lines if ln.strip()]
    expected = [ln for ln in ticket_text(ticket) if ln.strip()]
    assert printed[: len(expected)] == expected


def test_a_ticket_printer_out_of_paper_is_sent_nothing():
    ticket = ticket_from_issue(issued(), NAMES, "UTC")
    with PrinterSimulator(on_line=lambda _line: None) as sim:
        sim.status_mode = "paper_out"
        devices = StationDevices([ticket_printer(sim.port_path)])
        with pytest.raises(DeviceRefused, match="Ticket printer: out of paper") as refused:
            devices.run("Ticket printer", "ticket", {"ticket": ticket.to_dict()}, None)
        assert not devices.may_retry(refused.value)  # waits for a person to load paper
        assert sim.status_answers >= 1
    assert b"C-003" not in bytes(sim.raw)  # only the status requests went out
    assert set(bytes(sim.raw)) <= set(b"\x10\x04\x01\x02\x03\x04")


def test_sign_shows_ticket_and_counter_with_a_chime():
    with SocketPrinterSimulator(on_line=lambda _line: None) as sim:
        devices = StationDevices([sign(sim.url, sign_driver="text")])
        assert devices.run("Lobby sign", "now_serving", call("A-014", "Counter 3"), None) is None
        assert sim.wait_for("A-014 -> Counter 3", timeout=5)
        assert bytes(sim.raw).startswith(b"\x07")


def test_escpos_line_display_bytes():
    driver = EscposLineDisplay(sign(sign_driver="escpos", chime=False))
    data = driver.frame(NowServing("C-003", "Counter 2"))
    assert data.startswith(b"\x1b@\x0c\x0b")
    assert b"    NOW SERVING     \r\n" in data
    assert b"C-003 -> Counter 2" in data
    assert len(data.split(b"\r\n")[1]) == 20


def test_escpos_display_over_a_network_port():
    with SocketPrinterSimulator(on_line=lambda _line: None) as sim:
        host_port = sim.url.removeprefix("socket://")
        device = sign(host_port, sign_driver="escpos", chime=False, transport="network")
        StationDevices([device]).run(
            "Lobby sign", "now_serving", call("T-101", "Counter 1", recall=True), None
        )
        deadline = datetime.now().timestamp() + 5
        while b"T-101" not in bytes(sim.raw) and datetime.now().timestamp() < deadline:
            sim.event.wait(0.1)
        assert b"RECALL" in bytes(sim.raw) and b"T-101 -> Counter 1" in bytes(sim.raw)


def test_a_town_can_add_its_own_sign_driver():
    class Marquee:
        def __init__(self, device):
            self.device = device

        def frame(self, call):
            return f"<{call.line('=>')}>".encode()

        def blank(self):
            return b"<>"

    register_driver("marquee", Marquee)
    with SocketPrinterSimulator(on_line=lambda _line: None) as sim:
        devices = StationDevices([sign(sim.url, sign_driver="marquee")])
        assert not check_settings([sign(sim.url, sign_driver="marquee")])
        devices.run("Lobby sign", "now_serving", call("L-007", "Desk B"), None)
        deadline = datetime.now().timestamp() + 5
        while b"<L-007 => Desk B>" not in bytes(sim.raw):
            assert datetime.now().timestamp() < deadline
            sim.event.wait(0.1)


def test_an_unknown_sign_driver_is_named_in_the_settings_check_and_the_job():
    neon = sign(sign_driver="neon")
    assert any("no sign driver called 'neon'" in p for p in check_settings([neon]))
    with pytest.raises(DeviceError, match="no sign driver called 'neon'"):
        StationDevices([neon]).run("Lobby sign", "now_serving", call("A-1", "C 1"), None)


def test_dead_sign_says_so_quickly():
    devices = StationDevices([sign("/dev/ttyUSB97", write_timeout_s=0.5)])
    with pytest.raises(PortUnavailable, match="does not exist"):
        devices.run("Lobby sign", "now_serving", call("A-001", "Counter 1"), None)


def test_accents_and_arrows_reach_the_sign_as_ascii():
    driver = TextLineSign(sign(chime=False, columns=40, template="{ticket} → {counter}"))
    assert driver.frame(NowServing("C-003", "Comptoir Élodie")) == b"C-003 -> Comptoir Elodie\r\n"
