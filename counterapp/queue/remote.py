"""A station's view of the site's shared queue on the server (``counterapp
server``): the same operations as ``LocalQueue``, over HTTP, and a
server-sent-event listener that hears every change within a second.

A refused request (no one waiting, a ticket called elsewhere) raises the
server's ``QueueError`` message; a server that cannot be reached raises
``QueueUnavailable``. The window keeps selling either way. ``ChangeListener``
reconnects by itself (with a growing pause, at most ``max_backoff_s``) and
asks for what it missed with ``Last-Event-ID``.

Both send the station's credential (``StationCredential``) and protocol
version on every call: the server answers a site's queue to that site's
registered stations only.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from counterapp.queue.engine import NoOneWaiting, QueueError, TicketTaken
from counterapp.queue.local import QueueUnavailable
from counterapp.queue.views import (
    Actor,
    AppointmentView,
    IssuedTicket,
    QueueChange,
    QueueSnapshot,
    SlotView,
    TicketView,
)
from counterapp.services.errors import NotPermitted
from counterapp.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, StationCredential
from counterapp.sync.tls import NotSent, station_client

log = logging.getLogger(__name__)

Listener = Callable[[list[QueueChange]], None]
_ERRORS: dict[str, type[QueueError] | type[NotPermitted]] = {
    "NoOneWaiting": NoOneWaiting,
    "TicketTaken": TicketTaken,
    "NotPermitted": NotPermitted,
}


def station_headers(credential: StationCredential | None) -> dict[str, str]:
    """What proves this station to the server on a queue call."""
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    if credential is not None:
        headers.update(credential.headers())
    return headers


class RemoteQueue:
    """The site's queue on the server. Blocking: call it from a worker lane."""

    shared = True

    def __init__(
        self,
        server_url: str,
        site_code: str,
        *,
        credential: StationCredential | None = None,
        timeout_s: float = 3.0,
        client: httpx.Client | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self.base = f"{server_url.rstrip('/')}/api/v1/queue/{site_code}"
        self.site_code = site_code
        self._http = client or station_client(data_dir, timeout=timeout_s)
        self.credential = credential
        self._headers = station_headers(credential)
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Changes made through this client are announced by the event stream."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        return self._answer(
            lambda: self._http.post(self.base + path, json=body, headers=self._headers)
        )

    def _get(self, path: str, **params: Any) -> Any:
        return self._answer(
            lambda: self._http.get(self.base + path, params=params, headers=self._headers)
        )

    @staticmethod
    def _answer(send: Callable[[], httpx.Response]) -> Any:
        try:
            response = send()
        except NotSent as exc:
            raise QueueUnavailable("The site's queue was not called: {exc}", exc=exc) from exc
        except httpx.HTTPError as exc:
            raise QueueUnavailable(
                "The site's queue cannot be reached ({problem}); it retries by itself.",
                problem=type(exc).__name__,
            ) from exc
        if response.status_code in (401, 403, 409, 422):
            try:
                body = response.json()
            except ValueError:
                body = {}
            message = str(body.get("detail") or "The server refused the request.")
            if response.status_code in (401, 403) and "kind" not in body:
                # The station or the staff member was not accepted: say why.
                raise NotPermitted("The site's queue refused the call: {message}", message=message)
            # The server's own words (the API's answer), shown as it gave them.
            raise _ERRORS.get(str(body.get("kind", "")), QueueError)("{message}", message=message)
        if response.status_code >= 400:
            raise QueueUnavailable(
                "The site's queue is unavailable (server answered {status}).",
                status=response.status_code,
            )
        return response.json()

    @staticmethod
    def _actor(actor: Actor) -> dict[str, Any]:
        return actor.model_dump()

    def issue(self, actor: Actor, **kwargs: Any) -> IssuedTicket:
        body = {"actor": self._actor(actor), **kwargs}
        return IssuedTicket.model_validate(self._post("/tickets", body))

    def check_in(self, actor: Actor, *, appointment_id: str, request_id: str) -> IssuedTicket:
        body = {"actor": self._actor(actor), "request_id": request_id}
        return IssuedTicket.model_validate(
            self._post(f"/appointments/{appointment_id}/check-in", body)
        )

    def book_appointment(self, actor: Actor, *, at: datetime, **kwargs: Any) -> str:
        body = {"actor": self._actor(actor), "at": at.isoformat(), **kwargs}
        return str(self._post("/appointments", body)["id"])

    def call_next(self, actor: Actor) -> TicketView:
        return TicketView.model_validate(self._post("/call-next", {"actor": self._actor(actor)}))

    def _act(self, action: str, actor: Actor, ticket_id: str, **extra: Any) -> TicketView:
        body = {"actor": self._actor(actor), **extra}
        return TicketView.model_validate(self._post(f"/tickets/{ticket_id}/{action}", body))

    def call_ticket(self, actor: Actor, ticket_id: str) -> TicketView:
        return self._act("call", actor, ticket_id)

    def recall(self, actor: Actor, ticket_id: str) -> TicketView:
        return self._act("recall", actor, ticket_id)

    def no_show(self, actor: Actor, ticket_id: str) -> TicketView:
        return self._act("no-show", actor, ticket_id)

    def transfer(
        self,
        actor: Actor,
        ticket_id: str,
        *,
        category: str | None = None,
        expert_id: str | None = None,
        note: str = "",
    ) -> TicketView:
        return self._act(
            "transfer", actor, ticket_id, category=category, expert_id=expert_id, note=note
        )

    def park(self, actor: Actor, ticket_id: str) -> TicketView:
        return self._act("park", actor, ticket_id)

    def resume(self, actor: Actor, ticket_id: str) -> TicketView:
        return self._act("resume", actor, ticket_id)

    def close(
        self,
        actor: Actor,
        ticket_id: str,
        *,
        outcome: str = "resolved",
        sale_id: str | None = None,
    ) -> TicketView:
        return self._act("close", actor, ticket_id, outcome=outcome, sale_id=sale_id)

    def serve_walk_in(self, actor: Actor, **kwargs: Any) -> TicketView:
        body = {"actor": self._actor(actor), **kwargs}
        return TicketView.model_validate(self._post("/walk-ins", body))

    def answered(self, actor: Actor, *, article_id: str, ticket_id: str | None = None) -> int:
        body = {"actor": self._actor(actor), "article_id": article_id, "ticket_id": ticket_id}
        return int(self._post("/answered", body)["version"])

    def need_backup(self, actor: Actor) -> int:
        return int(self._post("/backup", {"actor": self._actor(actor)})["version"])

    def acknowledge_backup(self, actor: Actor) -> int:
        return int(self._post("/backup/ack", {"actor": self._actor(actor)})["version"])

    def snapshot(self) -> QueueSnapshot:
        return QueueSnapshot.model_validate(self._get("/snapshot"))

    # Appointments (issue 16)
    def move_appointment(self, actor: Actor, appointment_id: str, at: datetime) -> str:
        body = {"actor": self._actor(actor), "at": at.isoformat()}
        return str(self._post(f"/appointments/{appointment_id}/move", body)["id"])

    def cancel_appointment(self, actor: Actor, appointment_id: str) -> str:
        body = {"actor": self._actor(actor)}
        return str(self._post(f"/appointments/{appointment_id}/cancel", body)["id"])

    def appointment_no_show(self, actor: Actor, appointment_id: str) -> str:
        body = {"actor": self._actor(actor)}
        return str(self._post(f"/appointments/{appointment_id}/no-show", body)["id"])

    def slots(self, day: str, category: str) -> list[SlotView]:
        rows = self._get("/slots", day=day, category=category)
        return [SlotView.model_validate(r) for r in rows]

    def appointments_of_day(self, day: str) -> list[AppointmentView]:
        rows = self._get("/appointments", day=day)
        return [AppointmentView.model_validate(r) for r in rows]

    def events_of_day(self, day: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._get("/events-of-day", day=day)
        for row in rows:
            row["at"] = datetime.fromisoformat(row["at"])
        return rows

    def close_connection(self) -> None:
        self._http.close()


class ChangeListener:
    """Listens to the server's event stream on its own thread.

    ``on_changes(list[QueueChange])`` for every change; ``on_status(bool)`` when
    the stream comes up (True) or is lost (False). Both run on this thread.
    """

    def __init__(
        self,
        server_url: str,
        site_code: str,
        on_changes: Listener,
        on_status: Callable[[bool], None] = lambda _up: None,
        *,
        credential: StationCredential | None = None,
        max_backoff_s: float = 5.0,
        data_dir: Path | None = None,
    ) -> None:
        self._data_dir = data_dir
        self.url = f"{server_url.rstrip('/')}/api/v1/queue/{site_code}/events"
        self._headers = station_headers(credential)
        self._on_changes = on_changes
        self._on_status = on_status
        self._max_backoff_s = max_backoff_s
        self._stop = threading.Event()
        self._last_id: int | None = None
        self._thread = threading.Thread(target=self._run, name="queue events", daemon=True)
        self._response: httpx.Response | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            # A read blocked on the socket does not notice response.close() from
            # another thread; shutting the socket down wakes it at once.
            stream = response.extensions.get("network_stream")
            sock = stream.get_extra_info("socket") if stream is not None else None
            try:
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                log.debug("event stream already closed", exc_info=True)
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        backoff = 0.2
        up = False
        while not self._stop.is_set():
            headers = {**self._headers, "Accept": "text/event-stream"}
            if self._last_id is not None:
                headers["Last-Event-ID"] = str(self._last_id)
            try:
                timeout = httpx.Timeout(5.0, read=30.0)  # the server sends a comment every 10 s
                with (
                    station_client(self._data_dir, timeout=timeout) as client,
                    client.stream("GET", self.url, headers=headers) as response,
                ):
                    if response.status_code != 200:
                        raise httpx.HTTPStatusError(
                            "bad status", request=response.request, response=response
                        )
                    self._response = response
                    if not up:
                        up = True
                        self._on_status(True)
                    backoff = 0.2
                    self._read(response)
            except (httpx.HTTPError, ValueError) as exc:
                log.debug("queue event stream: %s", type(exc).__name__)
            finally:
                self._response = None
            if self._stop.is_set():
                break
            if up:
                up = False
                self._on_status(False)
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self._max_backoff_s)

    def _read(self, response: httpx.Response) -> None:
        data: list[str] = []
        event_id: str | None = None
        for line in response.iter_lines():
            if self._stop.is_set():
                return
            if line == "":
                if data:
                    self._dispatch(event_id, "\n".join(data))
                data, event_id = [], None
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
            elif line.startswith("id:"):
                event_id = line[3:].strip()

    def _dispatch(self, event_id: str | None, data: str) -> None:
        changes = [QueueChange.model_validate(c) for c in json.loads(data)]
        if event_id:
            self._last_id = int(event_id)
        try:
            self._on_changes(changes)
        except Exception:
            log.exception("queue change listener failed")
