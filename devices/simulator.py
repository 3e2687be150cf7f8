"""A receipt printer on a developer's desk: ESC/POS in, the printed lines out.

``PrinterSimulator`` opens a pseudo-terminal; a station whose receipt printer
is set to ``sim.port_path`` (``/dev/pts/N``) prints to it exactly as to a
USB-serial printer, through pyserial and the real ``ReceiptPrinter``.
``SocketPrinterSimulator`` does the same for a network printer
(``socket://127.0.0.1:PORT``). Both decode what arrives with
``EscposDecoder``: text in the selected code page, the commands that matter
as markers ("----- cut -----", "[cash drawer opened]", "[QR: …]"), styling
dropped. ``pause()`` makes the printer stop answering (paper out), so the
station's timeouts can be tried by hand.

Run it with ``counterapp devices simulate`` (``main`` below).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import select
import socket
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from printing.escpos_receipt import code_page_chars

log = logging.getLogger(__name__)

CUT_LINE = "----- cut -----"
DRAWER_LINE = "[cash drawer opened]"

_LF, _CR, _HT, _FF, _DLE, _ESC, _FS, _GS = 0x0A, 0x0D, 0x09, 0x0C, 0x10, 0x1B, 0x1C, 0x1D

#: Parameter bytes after ``ESC x`` for the fixed-length commands.
_ESC_PARAMS = {
    ord(c): n
    for c, n in {
        "!": 1, " ": 1, "$": 2, "%": 1, "+": 1, "-": 1, "2": 0, "3": 1, "<": 0, "=": 1,
        "?": 2, "@": 0, "A": 1, "B": 2, "E": 1, "G": 1, "J": 1, "K": 1, "L": 0, "M": 1,
        "R": 1, "S": 0, "T": 1, "U": 1, "V": 1, "W": 8, "\\": 2, "a": 1, "c": 2, "d": 1,
        "e": 1, "i": 0, "m": 0, "p": 3, "r": 1, "t": 1, "u": 1, "v": 0, "{": 1,
    }.items()
}  # fmt: skip

#: Parameter bytes after ``GS x`` for the fixed-length commands.
_GS_PARAMS = {
    ord(c): n
    for c, n in {
        "!": 1, "$": 2, "/": 1, ":": 0, "B": 1, "H": 1, "I": 1, "L": 2, "P": 2, "T": 1,
        "W": 2, "\\": 2, "^": 3, "a": 1, "b": 1, "c": 0, "f": 1, "g": 2, "h": 1, "r": 1,
        "w": 1,
    }.items()
}  # fmt: skip

_SYMBOLS = {49: "QR", 48: "PDF417"}  # GS ( k cn


def _code_page_numbers(profile: str) -> dict[int, str]:
    """ESC t number -> code page name, for a python-escpos printer profile."""
    from escpos.capabilities import get_profile

    try:
        pages = get_profile(profile).get_code_pages()
    except KeyError:
        raise ValueError(f"Unknown printer profile {profile!r}") from None
    return {int(number): name for name, number in pages.items()}


class EscposDecoder:
    """Turns an ESC/POS byte stream into the lines a printer would print.

    Incremental: ``feed`` takes bytes as they arrive, in any pieces, and
    returns the lines completed so far; a command split across two reads
    waits for the rest. ``profile`` must match the station's, because
    printers number their code pages differently.
    """

    def __init__(self, profile: str = "default") -> None:
        self._profile = profile
        self._page_names: dict[int, str] | None = None  # read on first use (a large file)
        self._buf = bytearray()
        self._pending: list[str] = []
        self._out: list[str] = []
        self._symbols: dict[int, str] = {}
        self._table: tuple[str, ...] = ()
        self.status_requests: list[int] = []  # n of each DLE EOT n, for the simulator to answer
        self._reset()

    def _reset(self) -> None:
        """ESC @: a printer forgets its unprinted line, styles and code page."""
        self._pending.clear()
        self._symbols.clear()
        self._page = 0  # the code page's table is looked up when a byte above 0x7F comes
        self._table = ()

    def _select_page(self, number: int) -> None:
        if self._page_names is None:
            self._page_names = _code_page_numbers(self._profile)
        self._page = number
        name = self._page_names.get(number, "CP437" if number == 0 else "")
        self._table = code_page_chars(name) if name else ("",) * 128

    def feed(self, data: bytes) -> list[str]:
        """Take more bytes; return the lines they completed."""
        self._buf += data
        pos = 0
        while pos < len(self._buf):
            used = self._step(self._buf, pos)
            if used is None:  # the rest of this command has not arrived yet
                break
            pos += used
        del self._buf[:pos]
        out, self._out = self._out, []
        return out

    def finish(self) -> list[str]:
        """End of the stream: the unfinished line, if any (an unfinished command is dropped)."""
        self._buf.clear()
        if self._pending:
            self._end_line()
        out, self._out = self._out, []
        return out

    # -- output ------------------------------------------------------------------------

    def _end_line(self) -> None:
        self._out.append("".join(self._pending).rstrip())
        self._pending.clear()

    def _printed_marker(self, text: str) -> None:
        """A code or a cut: printed on its own line, so the text line ends first."""
        if self._pending:
            self._end_line()
        self._out.append(text)

    def _feed_lines(self, n: int) -> None:
        if n == 0:
            if self._pending:
                self._end_line()
            return
        for _ in range(n):
            self._end_line()

    def _text(self, raw: bytes | bytearray) -> None:
        chars = []
        for byte in raw:
            if byte < 0x7F:
                chars.append(chr(byte))
            elif byte >= 0x80:
                if not self._table:
                    self._select_page(self._page)
                chars.append(self._table[byte - 0x80] or "?")
        self._pending.append("".join(chars))

    # -- parsing -----------------------------------------------------------------------

    def _step(self, buf: bytearray, i: int) -> int | None:
        """Consume one command or run of text at ``buf[i]``; None when it is incomplete."""
        byte = buf[i]
        if byte == _LF:
            self._end_line()
            return 1
        if byte == _HT:
            width = len("".join(self._pending))
            self._pending.append(" " * (8 - width % 8))
            return 1
        if byte == _FF:
            self._feed_lines(0)
            return 1
        if byte == _ESC:
            return self._esc(buf, i)
        if byte == _GS:
            return self._gs(buf, i)
        if byte == _FS:
            return self._fs(buf, i)
        if byte == _DLE:
            return self._dle(buf, i)
        if byte < 0x20:  # CR, NUL, BEL …: nothing visible
            return 1
        end = i
        while end < len(buf) and buf[end] >= 0x20:
            end += 1
        self._text(buf[i:end])
        return end - i

    def _esc(self, buf: bytearray, i: int) -> int | None:
        if i + 2 > len(buf):
            return None
        cmd = chr(buf[i + 1])
        if cmd == "*":  # ESC * m nL nH data: one stripe of a column image
            if i + 5 > len(buf):
                return None
            dots = buf[i + 3] + 256 * buf[i + 4]
            size = 5 + dots * (3 if buf[i + 2] in (32, 33) else 1)
            return size if i + size <= len(buf) else None
        if cmd == "D":  # ESC D n1 … NUL: tab stops
            end = buf.find(b"\x00", i + 2)
            return None if end < 0 else end - i + 1
        size = 2 + _ESC_PARAMS.get(buf[i + 1], 0)
        if i + size > len(buf):
            return None
        arg = buf[i + 2] if size > 2 else 0
        if cmd == "@":
            self._reset()
        elif cmd == "t":
            self._select_page(arg)
        elif cmd == "d":
            self._feed_lines(arg)
        elif cmd == "J":
            self._feed_lines(0)
        elif cmd == "p":
            self._out.append(DRAWER_LINE)
        elif cmd in "im":
            self._printed_marker(CUT_LINE)
        return size

    def _gs(self, buf: bytearray, i: int) -> int | None:
        if i + 2 > len(buf):
            return None
        cmd = chr(buf[i + 1])
        if cmd in "Vk(v" and i + 3 > len(buf):
            return None
        if cmd == "V":  # GS V m, or GS V m n for the "feed and cut" forms
            size = 4 if buf[i + 2] >= 65 else 3
            if i + size > len(buf):
                return None
            self._printed_marker(CUT_LINE)
            return size
        if cmd == "k":
            return self._barcode(buf, i)
        if cmd == "(":  # GS ( fn pL pH body
            if i + 5 > len(buf):
                return None
            size = 5 + buf[i + 3] + 256 * buf[i + 4]
            if i + size > len(buf):
                return None
            self._function(chr(buf[i + 2]), bytes(buf[i + 5 : i + size]))
            return size
        if cmd == "v":  # GS v 0 m xL xH yL yH data: raster image
            if i + 8 > len(buf):
                return None
            size = 8 + (buf[i + 4] + 256 * buf[i + 5]) * (buf[i + 6] + 256 * buf[i + 7])
            if i + size > len(buf):
                return None
            self._printed_marker("[image]")
            return size
        size = 2 + _GS_PARAMS.get(buf[i + 1], 0)
        return size if i + size <= len(buf) else None

    def _barcode(self, buf: bytearray, i: int) -> int | None:
        kind = buf[i + 2]
        if kind <= 6:  # function A: GS k m data NUL
            end = buf.find(b"\x00", i + 3)
            if end < 0:
                return None
            data, size = bytes(buf[i + 3 : end]), end - i + 1
        else:  # function B: GS k m n data
            if i + 4 > len(buf):
                return None
            size = 4 + buf[i + 3]
            if i + size > len(buf):
                return None
            data = bytes(buf[i + 4 : i + size])
        text = data.decode("ascii", errors="replace")
        if kind == 73 and text[:2] in ("{A", "{B"):  # CODE128 code-set selector
            text = text[2:]
        self._printed_marker(f"[barcode: {text}]")
        return size

    def _function(self, group: str, body: bytes) -> None:
        if group == "k" and len(body) >= 2:  # 2D symbols: store data (80), print it (81)
            symbol, fn = body[0], body[1]
            if fn == 80:
                self._symbols[symbol] = body[3:].decode("utf-8", errors="replace")
            elif fn == 81:
                name = _SYMBOLS.get(symbol, "2D code")
                self._printed_marker(f"[{name}: {self._symbols.get(symbol, '')}]")
        elif group == "L" and len(body) >= 2 and body[1] in (2, 50):  # print the graphics buffer
            self._printed_marker("[image]")

    def _fs(self, buf: bytearray, i: int) -> int | None:
        if i + 2 > len(buf):
            return None
        cmd = chr(buf[i + 1])
        size = {"p": 4, "!": 3, "-": 3, "C": 3, "W": 3, "S": 4}.get(cmd, 2)
        if i + size > len(buf):
            return None
        if cmd == "p":
            self._printed_marker("[logo]")
        return size

    def _dle(self, buf: bytearray, i: int) -> int | None:
        if i + 3 > len(buf):
            return None
        if buf[i + 1] != 0x14:  # DLE EOT n, DLE ENQ n: status requests
            if buf[i + 1] == 0x04:
                self.status_requests.append(buf[i + 2])
            return 3
        fn = buf[i + 2]
        size = 10 if fn == 8 else 5
        if i + size > len(buf):
            return None
        if fn == 1:  # DLE DC4 1 m t: real-time drawer pulse
            self._out.append(DRAWER_LINE)
        return size


def decode_escpos(data: bytes, *, profile: str = "default") -> list[str]:
    """The lines a printer would print for ``data`` (one whole job)."""
    decoder = EscposDecoder(profile)
    return decoder.feed(data) + decoder.finish()


# --- status answers ------------------------------------------------------------------

#: What a simulated printer says to DLE EOT: "ok", "paper_low", "paper_out",
#: "cover_open"; "silent" answers nothing at all; "garbage" answers 0xFF.
STATUS_MODES = ("ok", "paper_low", "paper_out", "cover_open", "silent", "garbage")


def status_answer(n: int, mode: str, *, drawer_open: bool = False) -> bytes:
    """The byte an Epson-compatible printer sends back for DLE EOT ``n`` in ``mode``."""
    if mode == "silent":
        return b""
    if mode == "garbage":
        return b"\xff"
    value = 0x12  # the fixed bits of every status byte
    if n == 1:
        value |= 0x04 if drawer_open else 0
        value |= 0x08 if mode in ("paper_out", "cover_open") else 0
    elif n == 2:
        value |= 0x04 if mode == "cover_open" else 0
        value |= 0x20 if mode == "paper_out" else 0
    elif n == 4:
        value |= 0x0C if mode in ("paper_low", "paper_out") else 0
        value |= 0x60 if mode == "paper_out" else 0
    return bytes([value])


class StreamDecoder(Protocol):
    """What a simulator needs from its decoder."""

    status_requests: list[int]

    def feed(self, data: bytes) -> list[str]: ...

    def finish(self) -> list[str]: ...


class DisplayDecoder:
    """A 2×``columns`` customer display: understands the ESC/POS line-display set
    (``US $ x y``, ``US MD1``…, CLR, HOME) and the CD5220 set (``ESC Q A/B text CR``).

    ``feed`` returns one line per change of the screen: ``"top|bottom"``.
    """

    def __init__(self, columns: int = 20) -> None:
        self.columns = columns
        self.rows = [[" "] * columns, [" "] * columns]
        self.x = self.y = 0
        self.status_requests: list[int] = []
        self._buf = bytearray()
        self._line_mode: int | None = None  # CD5220 ESC Q A/B: 0 or 1 until CR

    @property
    def screen(self) -> tuple[str, str]:
        return "".join(self.rows[0]), "".join(self.rows[1])

    def _clear(self) -> None:
        self.rows = [[" "] * self.columns, [" "] * self.columns]
        self.x = self.y = 0

    def _put(self, ch: str) -> None:
        if self._line_mode is not None:
            if self.x < self.columns:
                self.rows[self._line_mode][self.x] = ch
            self.x += 1
            return
        if self.x >= self.columns:  # overwrite mode: wrap to the other line
            self.x, self.y = 0, (self.y + 1) % 2
        self.rows[self.y][self.x] = ch
        self.x += 1

    def _step(self, buf: bytearray, i: int) -> int | None:
        byte = buf[i]
        if byte == 0x1B:  # ESC
            if i + 2 > len(buf):
                return None
            cmd = buf[i + 1]
            if cmd == ord("@"):
                self._clear()
                return 2
            if cmd == ord("Q"):  # CD5220: ESC Q A|B text CR
                if i + 3 > len(buf):
                    return None
                self._line_mode = 0 if buf[i + 2] == ord("A") else 1
                self.rows[self._line_mode] = [" "] * self.columns
                self.x = 0
                return 3
            if cmd == ord("l"):  # CD5220 cursor: ESC l x y
                if i + 4 > len(buf):
                    return None
                self.x, self.y = max(buf[i + 2] - 1, 0), min(max(buf[i + 3] - 1, 0), 1)
                return 4
            return 2
        if byte == 0x1F:  # US
            if i + 2 > len(buf):
                return None
            if buf[i + 1] == ord("$"):
                if i + 4 > len(buf):
                    return None
                self.x, self.y = max(buf[i + 2] - 1, 0), min(max(buf[i + 3] - 1, 0), 1)
                return 4
            return 2  # US MD1/MD2/MD3 and other one-byte modes
        if byte == 0x10:  # DLE EOT n: a display is not a printer, it does not answer
            return 3 if i + 3 <= len(buf) else None
        if byte == 0x0C:
            self._clear()
        elif byte == 0x0B:
            self.x = self.y = 0
        elif byte == 0x0D:
            if self._line_mode is not None:
                self._line_mode = None
            self.x = 0
        elif byte == 0x0A:
            self.y = (self.y + 1) % 2
        elif 0x20 <= byte < 0x7F:
            self._put(chr(byte))
        return 1

    def feed(self, data: bytes) -> list[str]:
        before = self.screen
        self._buf += data
        pos = 0
        while pos < len(self._buf):
            used = self._step(self._buf, pos)
            if used is None:
                break
            pos += used
        del self._buf[:pos]
        after = self.screen
        return [f"{after[0]}|{after[1]}"] if after != before else []

    def finish(self) -> list[str]:
        self._buf.clear()
        return []


# --- simulators ----------------------------------------------------------------------


def _echo(line: str) -> None:
    print(line, flush=True)


class _Simulator:
    """What both simulators share: the reader thread, the decoded lines, waiting for them."""

    def __init__(
        self,
        on_line: Callable[[str], None] | None,
        profile: str,
        decoder: StreamDecoder | None = None,
    ) -> None:
        self.lines: list[str] = []
        self.raw = bytearray()
        self.event = threading.Event()  # set whenever a line arrives; clear it yourself
        self._on_line = on_line or (lambda line: None)
        self._decoder: StreamDecoder = decoder or EscposDecoder(profile)
        self.status_mode = "ok"  # see STATUS_MODES; switch it at any time
        self.drawer_open = False
        self.status_answers = 0  # how many status requests were answered
        self._changed = threading.Condition()
        self._paused = False
        self._stopping = False
        # A socket pair, not a pipe: select() takes sockets on every platform.
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(
            target=self._run, name=f"{type(self).__name__} reader", daemon=True
        )

    @property
    def url(self) -> str:
        """What to type as the station's receipt printer port."""
        raise NotImplementedError

    def _sources(self) -> list[Any]:
        raise NotImplementedError

    def _read(self, source: Any) -> None:
        raise NotImplementedError

    def _close_transport(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while True:
            sources = [] if self._paused else self._sources()
            ready, _, _ = select.select([self._wake_r, *sources], [], [])
            if self._wake_r in ready:
                self._wake_r.recv(64)
                if self._stopping:
                    return
                continue  # paused or resumed: look at the sources again
            for source in ready:
                self._read(source)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"!")

    def _reply(self, data: bytes) -> None:
        raise NotImplementedError

    def _received(self, data: bytes) -> None:
        lines = self._decoder.feed(data)
        with self._changed:
            self.raw += data
        requests, self._decoder.status_requests[:] = list(self._decoder.status_requests), []
        for n in requests:
            answer = status_answer(n, self.status_mode, drawer_open=self.drawer_open)
            if answer:
                with contextlib.suppress(OSError):
                    self._reply(answer)
                self.status_answers += 1
        self._deliver(lines)

    def _deliver(self, lines: list[str]) -> None:
        with self._changed:
            self.lines.extend(lines)
            self._changed.notify_all()
        if lines:
            self.event.set()
        for line in lines:
            try:
                self._on_line(line)
            except Exception:  # a broken callback must not stop the printer
                log.exception("printer simulator: on_line failed")

    def pause(self) -> None:
        """Stop reading, like a printer out of paper: the station's writes back up and time out."""
        self._paused = True
        self._wake()

    def resume(self) -> None:
        """Read again (paper loaded)."""
        self._paused = False
        self._wake()

    def wait_for(self, text: str, timeout: float = 5.0, *, count: int = 1) -> bool:
        """True as soon as ``count`` decoded lines contain ``text``; False after ``timeout`` s."""
        with self._changed:
            return self._changed.wait_for(
                lambda: sum(text in line for line in self.lines) >= count, timeout
            )

    def stop(self) -> None:
        """Stop the reader and close everything. Safe to call twice."""
        if self._stopping:
            return
        self._stopping = True
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._close_transport()
        self._wake_r.close()
        self._wake_w.close()
        self._deliver(self._decoder.finish())

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class PrinterSimulator(_Simulator):
    """A serial receipt printer on a pseudo-terminal; set the station's port to ``port_path``.

    Starts reading at once. POSIX only (``os.openpty``); elsewhere use
    ``SocketPrinterSimulator``.
    """

    def __init__(
        self,
        on_line: Callable[[str], None] | None = _echo,
        *,
        profile: str = "default",
        decoder: StreamDecoder | None = None,
    ) -> None:
        import tty  # POSIX only; imported here so the module loads everywhere

        super().__init__(on_line, profile, decoder)
        self._master, self._slave = os.openpty()
        # Raw, so no byte is translated, echoed or taken as XON/XOFF. The simulator keeps
        # its own slave descriptor open: when the station closes the port after a job, the
        # master must not see a hang-up.
        tty.setraw(self._slave)
        self.port_path = os.ttyname(self._slave)
        self._master_open = True
        self._thread.start()

    @property
    def url(self) -> str:
        return self.port_path

    def _sources(self) -> list[Any]:
        return [self._master] if self._master_open else []

    def _read(self, source: Any) -> None:
        try:
            data = os.read(self._master, 65536)
        except OSError:  # EIO: the pseudo-terminal is gone
            self._master_open = False
            return
        self._received(data)

    def _reply(self, data: bytes) -> None:
        os.write(self._master, data)

    def _close_transport(self) -> None:
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class SocketPrinterSimulator(_Simulator):
    """A network receipt printer: listens on ``host:port`` (port 0 picks a free one).

    The station's port is ``url`` (``socket://127.0.0.1:PORT``). Each job is a
    new connection, as ``ReceiptPrinter`` opens one per job.
    """

    def __init__(
        self,
        on_line: Callable[[str], None] | None = _echo,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        profile: str = "default",
        decoder: StreamDecoder | None = None,
    ) -> None:
        super().__init__(on_line, profile, decoder)
        self._listener = socket.create_server((host, port))
        self.host, self.port = self._listener.getsockname()[:2]
        self._clients: list[socket.socket] = []
        self._current: socket.socket = self._listener
        self._thread.start()

    @property
    def url(self) -> str:
        return f"socket://{self.host}:{self.port}"

    def _sources(self) -> list[Any]:
        return [self._listener, *self._clients]

    def _read(self, source: Any) -> None:
        if source is self._listener:
            client, _ = self._listener.accept()
            self._clients.append(client)
            return
        try:
            data = source.recv(65536)
        except OSError:
            data = b""
        if not data:
            self._clients.remove(source)
            source.close()
            return
        self._current = source
        self._received(data)

    def _reply(self, data: bytes) -> None:
        self._current.sendall(data)

    def _close_transport(self) -> None:
        for sock in (*self._clients, self._listener):
            sock.close()
        self._clients.clear()


class PoleDisplaySimulator(PrinterSimulator):
    """A 2×20 customer pole display on a pseudo-terminal (ESC/POS line display or CD5220).

    ``lines`` gets one ``"top|bottom"`` entry per change; ``screen`` is what shows now.
    It never answers status requests, like a real pole display.
    """

    def __init__(self, on_line: Callable[[str], None] | None = _echo, *, columns: int = 20):
        self.display = DisplayDecoder(columns)
        super().__init__(on_line, decoder=self.display)
        self.status_mode = "silent"

    @property
    def screen(self) -> tuple[str, str]:
        with self._changed:
            return self.display.screen

    def wait_for_screen(self, top: str, bottom: str, timeout: float = 5.0) -> bool:
        """True once the display shows ``top`` and ``bottom`` (compared without padding)."""
        want = (top.strip(), bottom.strip())
        with self._changed:
            return self._changed.wait_for(
                lambda: tuple(x.strip() for x in self.display.screen) == want, timeout
            )


class SocketPoleDisplaySimulator(SocketPrinterSimulator):
    """A pole display reached over TCP (``socket://127.0.0.1:PORT``)."""

    def __init__(
        self, on_line: Callable[[str], None] | None = _echo, *, port: int = 0, columns: int = 20
    ) -> None:
        self.display = DisplayDecoder(columns)
        super().__init__(on_line, port=port, decoder=self.display)
        self.status_mode = "silent"

    @property
    def screen(self) -> tuple[str, str]:
        with self._changed:
            return self.display.screen


_COMMANDS_HELP = (
    "Type to change the simulated printer: ok, paper_low, paper_out, cover_open, "
    "silent (no answer to status), garbage, pause (stop reading), resume, "
    "drawer open, drawer closed, quit."
)


def _console(simulator: _Simulator) -> None:
    """Read commands from the terminal until EOF or quit: the switches a tester flips."""
    import sys

    for raw in sys.stdin:
        command = raw.strip().lower().replace(" ", "_")
        if not command:
            continue
        if command in ("quit", "exit"):
            return
        if command in STATUS_MODES:
            simulator.status_mode = command
        elif command == "pause":
            simulator.pause()
        elif command == "resume":
            simulator.resume()
        elif command in ("drawer_open", "drawer_closed"):
            simulator.drawer_open = command == "drawer_open"
        else:
            print(_COMMANDS_HELP, flush=True)
            continue
        print(f"simulator: {command.replace('_', ' ')}", flush=True)
    threading.Event().wait()  # stdin closed (started in the background): run until Ctrl-C


def main(argv: Sequence[str] | None = None) -> int:
    """``counterapp devices simulate``: show what a station sends until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="counterapp devices simulate",
        description="Pretend to be a receipt printer (or a pole display) and show what a "
        "station sends. " + _COMMANDS_HELP,
    )
    parser.add_argument(
        "--tcp",
        type=int,
        metavar="PORT",
        help="listen on 127.0.0.1:PORT (a network device, socket://) instead of a serial port",
    )
    parser.add_argument(
        "--display",
        action="store_true",
        help="be a 2x20 customer pole display (ESC/POS line display or CD5220) instead",
    )
    parser.add_argument(
        "--profile",
        default="default",
        help="python-escpos printer profile of the printer being imitated (default: %(default)s)",
    )
    parser.add_argument(
        "--status",
        choices=STATUS_MODES,
        default="ok",
        help="how the printer answers status requests at start (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.tcp is None and not hasattr(os, "openpty"):
        parser.error("serial simulation needs pseudo-terminals; use --tcp PORT on this system")
    simulator: _Simulator
    kind = "pole display" if args.display else "receipt printer"
    if args.display:
        simulator = (
            SocketPoleDisplaySimulator(port=args.tcp)
            if args.tcp is not None
            else PoleDisplaySimulator()
        )
    elif args.tcp is not None:
        simulator = SocketPrinterSimulator(port=args.tcp, profile=args.profile)
    else:
        simulator = PrinterSimulator(profile=args.profile)
    if not args.display:
        simulator.status_mode = args.status
    what = "address" if args.tcp is not None else "path"
    with simulator:
        print(
            f"{kind.capitalize()} simulator listening on {simulator.url} — "
            f"set the station's {kind} port to this {what}",
            flush=True,
        )
        print("Press Ctrl-C to stop. " + ("" if args.display else _COMMANDS_HELP), flush=True)
        try:
            _console(simulator)
        except KeyboardInterrupt:
            print(flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
