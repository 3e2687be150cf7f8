"""The devices of one station, by name: render a job for its device and send it.

This is what the device queue's worker calls (``run``) and what the status
line asks (``status``). A job is generic: a ``kind`` with either a stored
``document`` (rendered here, at run time, for the device the job is sent
to, so a receipt sent to a 58 mm printer is laid out for 32 columns) or
``payload`` bytes sent as they are. Renderers are registered by kind:
every role's kinds are built in — ``receipt``, ``drawer_kick``, ``z_report``,
``drawer_slip`` (receipt printer and its cash drawer), ``ticket`` (ticket
printer), ``display`` (customer pole display), ``now_serving`` (the lobby
sign), ``test_print``, ``test_display``, ``raw`` — and a town adds more with
``register_renderer``.

Every call blocks until done or a ``DeviceError`` says why not; the device is
opened and closed around each job on its transport (``devices.transports``).

What a job's end may claim is only what the device said: a printer that can
be asked is asked before a paper job (out of paper or cover open: refused
before a byte is sent) and after every job; ``run`` returns that last answer,
or None when the device gave none (a sign, a pole display, a printer with
status queries off or silent) — the queue then records "sent, not confirmed".
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial

from counterapp.domain.devices import (
    DeviceRole,
    DeviceSettings,
    DeviceState,
    DeviceStatus,
)
from counterapp.domain.receipt import Receipt
from counterapp.i18n import message_id
from devices.errors import DeviceError, DeviceTimeout, PortUnavailable
from devices.serial_port import SerialSettings, close_quietly, open_port, write_all
from devices.status import query_status
from devices.transports import open_device
from devices.transports import serial_settings as serial_settings

PortFactory = Callable[[SerialSettings, str], serial.SerialBase]
Render = Callable[[dict[str, Any], DeviceSettings], bytes]


class DeviceRefused(DeviceError):
    """The device said, before anything was sent, that it cannot do the job (paper out …)."""

    def __init__(
        self, status: DeviceStatus, *, device: str = "", port: str = "", printing: bool = False
    ) -> None:
        self.status = status
        state: str = status.state
        if state == DeviceState.ERROR and "cutter" in status.detail:
            state = "cutter"
        templates = _REFUSED_WHILE_PRINTING if printing else _REFUSED
        template = templates.get(state, templates[DeviceState.ERROR])
        super().__init__(template, device=device, port=port)


# What a printer that refuses a job says, by its state (a message id each, issue 13).
_REFUSED: dict[str, str] = {
    DeviceState.COVER_OPEN: message_id("{device}: the cover is open"),
    DeviceState.PAPER_OUT: message_id("{device}: out of paper"),
    "cutter": message_id("{device}: the cutter is jammed"),
    DeviceState.ERROR: message_id("{device}: it reports an error"),
    DeviceState.OFFLINE: message_id("{device}: offline"),
}
_REFUSED_WHILE_PRINTING: dict[str, str] = {
    DeviceState.COVER_OPEN: message_id(
        "{device}: the cover is open while printing; what came out may be incomplete"
    ),
    DeviceState.PAPER_OUT: message_id(
        "{device}: out of paper while printing; what came out may be incomplete"
    ),
    "cutter": message_id(
        "{device}: the cutter is jammed while printing; what came out may be incomplete"
    ),
    DeviceState.ERROR: message_id(
        "{device}: it reports an error while printing; what came out may be incomplete"
    ),
    DeviceState.OFFLINE: message_id(
        "{device}: offline while printing; what came out may be incomplete"
    ),
}


class NoSuchDevice(DeviceError):
    """The job names a device this station does not have (or has switched off)."""


@dataclass(frozen=True, slots=True)
class Renderer:
    render: Render
    uses_paper: bool  # paper out / cover open make the job pointless (a drawer kick is not)


_RENDERERS: dict[str, Renderer] = {}


def register_renderer(kind: str, render: Render, *, uses_paper: bool) -> None:
    """Teach the queue a new kind of job (a ticket, a now-serving line …)."""
    _RENDERERS[kind] = Renderer(render, uses_paper)


def known_kinds() -> list[str]:
    return sorted(_RENDERERS)


def _render_receipt(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.escpos_receipt import render_receipt

    receipt = Receipt.from_dict(document["receipt"])
    return render_receipt(receipt, columns=device.columns, profile=device.profile)


def _render_drawer_kick(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.escpos_receipt import drawer_kick_bytes

    return drawer_kick_bytes()


def _render_display(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.pole_display import DisplayScreen, render_display

    return render_display(DisplayScreen.from_json(document), device.command_set, device.columns)


def settings_line(device: DeviceSettings) -> str:
    """ "9600 8N1 rtscts" — how the port is set, in the form installers write it."""
    stop = f"{device.stopbits:g}"
    return f"{device.baudrate} {device.bytesize}{device.parity}{stop} {device.flow_control}"


def _render_test_print(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.test_page import render_test_page

    return render_test_page(
        device.name, device.url, settings_line(device), device.columns, profile=device.profile
    )


def _render_test_display(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.pole_display import DisplayScreen, display_init, render_display

    screen = DisplayScreen("TEST " + device.name, str(document.get("bottom", "Display OK")))
    return display_init(device.command_set) + render_display(
        screen, device.command_set, device.columns
    )


def _render_ticket(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.escpos_ticket import QueueTicket, render_ticket

    ticket = QueueTicket.from_dict(document["ticket"])
    return render_ticket(ticket, columns=device.columns, profile=device.profile)


def _render_now_serving(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from devices.now_serving import NowServing, driver_for

    driver = driver_for(device)
    if not document.get("ticket"):
        return driver.blank()
    return driver.frame(NowServing.from_json(document))


def _render_raw(document: dict[str, Any], device: DeviceSettings) -> bytes:
    raise DeviceError(
        "{device}: a raw job carries its bytes; this one has none", device=device.name
    )


def _render_z_report(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.drawer_reports import render_z_report

    return render_z_report(
        document["z"],
        columns=device.columns,
        profile=device.profile,
        language=str(document.get("language") or "en"),
    )


def _render_drawer_slip(document: dict[str, Any], device: DeviceSettings) -> bytes:
    from printing.drawer_reports import render_slip

    return render_slip(
        document["slip"],
        columns=device.columns,
        profile=device.profile,
        language=str(document.get("language") or "en"),
    )


register_renderer("receipt", _render_receipt, uses_paper=True)
register_renderer("z_report", _render_z_report, uses_paper=True)
register_renderer("drawer_slip", _render_drawer_slip, uses_paper=True)
register_renderer("drawer_kick", _render_drawer_kick, uses_paper=False)
register_renderer("display", _render_display, uses_paper=False)
register_renderer("test_print", _render_test_print, uses_paper=True)
register_renderer("test_display", _render_test_display, uses_paper=False)
register_renderer("raw", _render_raw, uses_paper=True)
register_renderer("ticket", _render_ticket, uses_paper=True)
register_renderer("now_serving", _render_now_serving, uses_paper=False)


def check_settings(devices: list[DeviceSettings]) -> list[str]:
    """``check_devices`` plus what only the device layer knows (printer profiles)."""
    from counterapp.domain.devices import check_devices
    from devices.now_serving import drivers
    from printing.escpos_receipt import _code_pages

    problems = check_devices(devices)
    roles = {r.value for r in DeviceRole}
    for device in devices:
        if device.role in roles and device.device_role.is_printer:
            try:
                _code_pages(device.profile)
            except ValueError as exc:
                problems.append(f"{device.name}: {exc}")
        if device.role == DeviceRole.NOW_SERVING and device.sign_driver not in drivers():
            problems.append(
                f"{device.name}: no sign driver called {device.sign_driver!r} "
                f"(known: {', '.join(sorted(drivers()))})."
            )
    return problems


class StationDevices:
    """This station's devices. Thread-safe: one lock per device keeps jobs whole."""

    def __init__(
        self, devices: list[DeviceSettings], *, port_factory: PortFactory = open_port
    ) -> None:
        self._devices = {d.name: d for d in devices if d.enabled}
        self._locks = {name: threading.Lock() for name in self._devices}
        self._port_factory = port_factory

    @property
    def names(self) -> list[str]:
        return list(self._devices)

    def settings(self, name: str) -> DeviceSettings:
        try:
            return self._devices[name]
        except KeyError:
            raise NoSuchDevice(
                "No device called '{device}' is set up at this station", device=name
            ) from None

    def first(self, role: DeviceRole) -> str | None:
        """The name of the first device with ``role`` (the station's receipt printer …)."""
        return next((d.name for d in self._devices.values() if d.role == role), None)

    def render(self, name: str, kind: str, document: dict[str, Any] | None) -> bytes:
        device = self.settings(name)
        renderer = _RENDERERS.get(kind)
        if renderer is None:
            raise DeviceError(
                "{device}: this station does not know how to do a '{kind}' job",
                device=name,
                kind=kind,
            )
        try:
            return renderer.render(document or {}, device)
        except DeviceError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise DeviceError(
                "{device}: the {kind} job cannot be laid out ({exc})",
                device=name,
                kind=kind,
                exc=exc,
            ) from exc

    def run(
        self, name: str, kind: str, document: dict[str, Any] | None, payload: bytes | None
    ) -> DeviceStatus | None:
        """Render (unless ``payload`` is given) and send one job to device ``name``.

        Returns what the device said after the job (None: it said nothing, or cannot be
        asked). Raises ``DeviceRefused`` before sending when a paper job meets paper out
        or an open cover, and after it when the paper ran out during it.
        """
        device = self.settings(name)
        data = payload if payload is not None else self.render(name, kind, document)
        renderer = _RENDERERS.get(kind)
        uses_paper = renderer.uses_paper if renderer else True
        ask = device.device_role.is_printer and device.status_query
        with self._locks[name]:
            try:
                port = open_device(device, self._port_factory)
            except PortUnavailable as exc:
                exc.nothing_sent = True  # type: ignore[attr-defined]
                raise
            try:
                if ask and uses_paper:
                    before = query_status(port, name, device.drawer_sensor)
                    if before.blocks_printing:
                        refused = DeviceRefused(before, device=name, port=device.address)
                        refused.nothing_sent = True  # type: ignore[attr-defined]
                        refused.retry_by_itself = False  # type: ignore[attr-defined]
                        raise refused
                write_all(port, data, name=name)
                if not ask:
                    return None
                after = query_status(port, name, device.drawer_sensor)
            finally:
                close_quietly(port)
        if uses_paper and after.blocks_printing:
            raise DeviceRefused(after, device=name, port=device.address, printing=True)
        return after

    @staticmethod
    def may_retry(exc: BaseException) -> bool:
        """Whether the queue may try the job again by itself: only when nothing was sent
        and a moment may fix it (a port busy or being plugged back in), never after a
        part of the job may have reached the paper, and not for paper out."""
        return bool(getattr(exc, "nothing_sent", False)) and getattr(exc, "retry_by_itself", True)

    @staticmethod
    def status_after_failure(exc: BaseException) -> DeviceStatus:
        return status_after_failure(exc)

    def prepare(self, name: str) -> None:
        """Load what laying out a job for printer ``name`` needs (python-escpos, its
        capabilities and the printer's profile) by laying out a test page and keeping
        it: the device lane calls it when it starts, so the first ticket or receipt of
        the day does not wait for that (about a second on a busy counter PC). Sends
        nothing; a device whose settings cannot be laid out says so on its first job."""
        device = self.settings(name)
        if not device.device_role.is_printer:
            return
        with contextlib.suppress(DeviceError, KeyError, TypeError, ValueError):
            self.render(name, "test_print", {})

    def status(self, name: str) -> DeviceStatus | None:
        """Ask device ``name`` how it is; None for a device that cannot be asked (a pole
        display, a printer with status queries switched off): its state is whatever its
        last job showed. A printer that does not answer is ``UNKNOWN``, never "ready"."""
        device = self.settings(name)
        if not (device.device_role.is_printer and device.status_query):
            return None
        with self._locks[name]:
            try:
                port = open_device(device, self._port_factory)
            except PortUnavailable as exc:
                return DeviceStatus(DeviceState.OFFLINE, str(exc))
            try:
                return query_status(port, name, device.drawer_sensor)
            except DeviceError as exc:
                return DeviceStatus(DeviceState.OFFLINE, str(exc))
            finally:
                close_quietly(port)


def status_after_failure(exc: BaseException) -> DeviceStatus:
    """What a failed job tells us about its device, for the status line."""
    if isinstance(exc, DeviceRefused):
        return exc.status
    if isinstance(exc, (PortUnavailable, DeviceTimeout)):
        return DeviceStatus(DeviceState.OFFLINE, str(exc))
    return DeviceStatus(DeviceState.UNKNOWN, str(exc))
