"""The customer pole display: what it shows, in both command sets, through a real port."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.domain.devices import DeviceRole, DeviceSettings
from devices.simulator import DisplayDecoder, PoleDisplaySimulator, SocketPoleDisplaySimulator
from devices.station_devices import StationDevices
from printing.pole_display import (
    DisplayScreen,
    change_screen,
    fold_ascii,
    item_screen,
    render_display,
    total_screen,
    welcome_screen,
)

COMMAND_SETS = ["escpos", "cd5220"]


def shown(data: bytes, columns: int = 20) -> tuple[str, str]:
    decoder = DisplayDecoder(columns)
    decoder.feed(data)
    return decoder.screen


def test_an_item_shows_with_its_amount_over_the_running_total() -> None:
    screen = item_screen("Commissioning an affidavit", 2000, 8780)
    assert screen == DisplayScreen("Commissioning $20.00", "TOTAL         $87.80")


def test_a_long_item_name_is_cut_so_the_amount_always_shows() -> None:
    screen = item_screen("Marriage licence (two applicants)", 14900, 14900)
    assert screen.top.endswith("$149.00")
    assert len(screen.top) == 20


def test_tendered_and_change_after_the_sale() -> None:
    assert change_screen(10000, 1220) == DisplayScreen(
        "TENDERED     $100.00", "CHANGE        $12.20"
    )


def test_total_and_what_is_still_due_while_paying() -> None:
    assert total_screen(8780, 2780) == DisplayScreen("TOTAL         $87.80", "DUE           $27.80")


def test_the_welcome_wraps_onto_the_second_line() -> None:
    assert welcome_screen("Welcome to Service Whitby") == DisplayScreen(
        " Welcome to Service ", "       Whitby       "
    )
    assert welcome_screen("Welcome") == DisplayScreen("      Welcome       ", " " * 20)


def test_names_the_display_cannot_show_fall_back_cleanly() -> None:
    assert fold_ascii("Zoë François Đặng") == "Zoe Francois Dang"
    assert fold_ascii("line\nbreak\x1b@") == "line break @"  # never a command


@pytest.mark.parametrize("command_set", COMMAND_SETS)
def test_each_command_set_puts_both_lines_on_the_display(command_set: str) -> None:
    screen = change_screen(5000, 3000)
    assert shown(render_display(screen, command_set)) == (screen.top, screen.bottom)


@pytest.mark.parametrize("command_set", COMMAND_SETS)
@given(top=st.text(max_size=30), bottom=st.text(max_size=30))
def test_any_text_fits_the_display_exactly(command_set: str, top: str, bottom: str) -> None:
    data = render_display(DisplayScreen(top, bottom), command_set)
    line1, line2 = shown(data)
    assert (line1.rstrip(), line2.rstrip()) == (
        fold_ascii(top)[:20].rstrip(),
        fold_ascii(bottom)[:20].rstrip(),
    )
    assert all(0x20 <= b < 0x7F for b in data if b not in (0x0D, 0x1B, 0x1F, 1, 2))


@pytest.mark.parametrize("command_set", COMMAND_SETS)
def test_a_frame_reaches_a_pole_display_on_a_serial_port(command_set: str) -> None:
    with PoleDisplaySimulator(on_line=None) as pole:
        devices = StationDevices(
            [DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url,
                            columns=20, command_set=command_set)]
        )  # fmt: skip
        devices.run("Pole", "display", item_screen("Dog licence", 2500, 2500).to_json(), None)
        assert pole.wait_for_screen("Dog licence   $25.00", "TOTAL         $25.00")


def test_a_pole_display_on_a_network_port() -> None:
    with SocketPoleDisplaySimulator(on_line=None) as pole:
        devices = StationDevices(
            [DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url, columns=20)]
        )
        devices.run("Pole", "test_display", {}, None)
        assert pole.wait_for("TEST Pole")
        assert pole.screen == ("TEST Pole".ljust(20), "Display OK".ljust(20))
