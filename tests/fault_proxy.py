"""A fault-injecting TCP proxy for the sync tests: a real socket on loopback
between a station and the server that drops, delays, duplicates, reorders
and cuts HTTP exchanges, chosen at random (seeded) for each request.

It reads each HTTP/1.1 request (headers and ``Content-Length`` body) from the
station, picks a fault, and forwards the request to the server on a
connection of its own:

- ``ok``: forwarded, the answer relayed;
- ``drop``: never forwarded; the station's connection is closed;
- ``cut_request``: part of the request reaches the server, then both
  connections are cut (the server sees a truncated request);
- ``delay``: forwarded after a pause, the answer relayed after another;
- ``stall``: held longer than the station waits, then forwarded (the
  station gives up while the server may still apply it);
- ``duplicate``: forwarded twice (the extra answer is thrown away);
- ``replay``: an earlier request is delivered again first (out of order);
- ``cut_response``: forwarded and applied, but only part of the answer
  reaches the station before the connection is cut;
- ``lose_response``: forwarded and applied, the answer never arrives.

``offline`` makes it refuse every connection (the WAN link is down).
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Sequence

FAULTS = (
    "ok",
    "drop",
    "cut_request",
    "delay",
    "stall",
    "duplicate",
    "replay",
    "cut_response",
    "lose_response",
)
DEFAULT_WEIGHTS = {
    "ok": 40,
    "drop": 6,
    "cut_request": 6,
    "delay": 10,
    "stall": 1,
    "duplicate": 8,
    "replay": 8,
    "cut_response": 8,
    "lose_response": 8,
}


class _Closed(Exception):
    pass


def _read_message(sock: socket.socket, buffer: bytearray) -> bytes:
    """One HTTP/1.1 message (head and Content-Length body) from ``sock``."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buffer += chunk
    message = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return message


class FaultProxy:
    def __init__(
        self,
        upstream: tuple[str, int],
        *,
        seed: int = 0,
        weights: dict[str, int] | None = None,
        max_delay_s: float = 0.05,
        stall_s: float = 1.5,
    ) -> None:
        self.upstream = upstream
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        w = dict(DEFAULT_WEIGHTS if weights is None else weights)
        self._faults: Sequence[str] = [f for f in FAULTS if w.get(f, 0) > 0]
        self._weights = [w[f] for f in self._faults]
        self.max_delay_s = max_delay_s
        self.stall_s = stall_s
        self.offline = False
        self.counts: Counter[str] = Counter()
        self._stash: list[bytes] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._listener.close()
        self._thread.join(5)

    def set_weights(self, weights: dict[str, int]) -> None:
        with self._rng_lock:
            self._faults = [f for f in FAULTS if weights.get(f, 0) > 0]
            self._weights = [weights[f] for f in self._faults]

    # --- plumbing ---------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            if self.offline:
                conn.close()
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    @property
    def requests(self) -> int:
        return sum(self.counts.values())

    def _pick(self) -> tuple[str, float, bytes | None]:
        with self._rng_lock:
            fault = self._rng.choices(self._faults, self._weights)[0]
            delay = self._rng.uniform(0, self.max_delay_s)
            old = self._rng.choice(self._stash) if fault == "replay" and self._stash else None
            self.counts[fault] += 1
            return fault, delay, old

    def _remember(self, request: bytes) -> None:
        with self._rng_lock:
            if request.startswith(b"POST"):
                self._stash.append(request)
                if len(self._stash) > 50:
                    self._stash.pop(self._rng.randrange(len(self._stash)))

    def _exchange(self, request: bytes, *, cut_at: int | None = None) -> bytes:
        """Send ``request`` to the server on a new connection; its answer."""
        with socket.create_connection(self.upstream, timeout=30) as up:
            if cut_at is not None:
                up.sendall(request[:cut_at])
                return b""
            up.sendall(request)
            return _read_message(up, bytearray())

    def _quietly(self, request: bytes) -> None:
        with contextlib.suppress(_Closed, OSError):
            self._exchange(request)

    def _serve(self, conn: socket.socket) -> None:
        buffer = bytearray()
        conn.settimeout(30)
        try:
            while not self._stopping.is_set():
                request = _read_message(conn, buffer)
                fault, delay, old = self._pick()
                if self.offline or fault == "drop":
                    return
                if fault == "cut_request":
                    self._exchange(request, cut_at=max(1, len(request) // 2))
                    return
                if fault == "replay" and old is not None:
                    self._exchange(old)
                if fault == "delay":
                    time.sleep(delay)
                if fault == "stall":
                    time.sleep(self.stall_s)
                twin = None
                if fault == "duplicate":  # both copies reach the server at once
                    twin = threading.Thread(target=self._quietly, args=(request,), daemon=True)
                    twin.start()
                answer = self._exchange(request)
                if twin is not None:
                    twin.join(30)
                self._remember(request)
                if fault == "lose_response":
                    return
                if fault == "cut_response":
                    conn.sendall(answer[: max(1, len(answer) // 2)])
                    return
                if fault == "delay":
                    time.sleep(delay)
                conn.sendall(answer)
        except (_Closed, OSError):
            return
        finally:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
