"""One HTTP call to the server, as every sync call makes it: the station's
headers (protocol, schema revision, backlog, credential) and one-line
reasons for everything that can go wrong on the way.

``Stop`` carries the reason and whether the server was reached at all
(``offline``): "offline since …" and "error: …" are different things to the
person at the counter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from counterapp.db.models import OutboxEntry, Station
from counterapp.db.uow import UnitOfWork
from counterapp.sync.protocol import (
    BACKLOG_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RECEIPTS_HEADER,
    REFUSAL_HEADER,
    SCHEMA_HEADER,
    StationCredential,
    load_credential,
)
from counterapp.sync.tls import NotSent, certificate_refusal

SessionFactory = Callable[[], Session]

NOT_REGISTERED = (
    "this station is not registered with head office: "
    "run 'counterapp sync register' with the one-time code from an administrator"
)


class Stop(Exception):
    """A call that did not go through; ``str()`` is the one-line reason."""

    def __init__(
        self,
        message: str,
        *,
        offline: bool = False,
        status: int = 0,
        refusal: str = "",
        said: str = "",
    ) -> None:
        super().__init__(message)
        self.said = said  # the server's own message, when it gave one
        self.offline = offline
        self.status = status  # the HTTP status when the server answered (issue 12)
        self.refusal = refusal  # its X-Counterapp-Refusal word, if it gave one


def station_data_dir(session_factory: SessionFactory) -> Path | None:
    """The folder of the station's database file (where its credential lives)."""
    with session_factory() as session:
        bind = session.get_bind()
        database = bind.engine.url.database
    return Path(database).resolve().parent if database else None


def resolve_credential(
    session_factory: SessionFactory, credential: StationCredential | None
) -> StationCredential:
    if credential is not None:
        return credential
    folder = station_data_dir(session_factory)
    found = load_credential(folder) if folder is not None else None
    if found is None:
        raise Stop(NOT_REGISTERED)
    return found


def schema_revision(session_factory: SessionFactory) -> str:
    try:
        with session_factory() as session:
            return str(session.scalar(text("SELECT version_num FROM alembic_version")) or "")
    except SQLAlchemyError:
        return ""


def request_headers(
    session_factory: SessionFactory, credential: StationCredential | None
) -> dict[str, str]:
    with UnitOfWork(session_factory, readonly=True) as uow:
        backlog = uow.session.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
        )
        receipts = uow.session.scalar(select(func.max(Station.last_receipt_seq)))
    headers = {
        PROTOCOL_HEADER: str(PROTOCOL_VERSION),
        SCHEMA_HEADER: schema_revision(session_factory),
        BACKLOG_HEADER: str(backlog or 0),
        RECEIPTS_HEADER: str(receipts or 0),
    }
    if credential is not None:
        headers.update(credential.headers())
    return headers


def send(
    http: httpx.Client, method: str, url: str, *, refused: str = "server refused", **kwargs: Any
) -> httpx.Response:
    """The answer when it is a success (2xx); ``Stop`` otherwise."""
    try:
        response = http.request(method, url, **kwargs)
    except NotSent as exc:
        raise Stop(f"not sent: {exc}") from None
    except httpx.ConnectError as exc:
        refusal = certificate_refusal(exc)
        if refusal is not None:
            raise Stop(refusal) from None
        raise Stop(f"server unreachable: {reason(exc)}", offline=True) from None
    except httpx.ConnectTimeout:
        raise Stop(
            f"server unreachable: no connection {within(http.timeout.connect)}", offline=True
        ) from None
    except httpx.TimeoutException:
        raise Stop(f"server did not answer {within(http.timeout.read)}", offline=True) from None
    except httpx.UnsupportedProtocol as exc:
        raise Stop(f"server unreachable: {reason(exc)}", offline=True) from None
    except httpx.TransportError as exc:
        raise Stop(f"connection to the server failed: {reason(exc)}", offline=True) from None
    except httpx.InvalidURL as exc:
        raise Stop(f"server address is not valid: {reason(exc)}") from None
    status, refusal = response.status_code, response.headers.get(REFUSAL_HEADER, "")
    said = detail(response) if status >= 400 else ""
    if status == 426:
        raise Stop(f"update needed: {said}", status=status, refusal=refusal, said=said)
    if status >= 500:
        raise Stop(f"server error {status}: {said}", status=status, said=said)
    if status >= 400:
        raise Stop(f"{refused} ({status}): {said}", status=status, refusal=refusal, said=said)
    return response


def detail(response: httpx.Response) -> str:
    """The server's message, on one line."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    found = body.get("detail") if isinstance(body, dict) else None
    if isinstance(found, list):  # FastAPI's default shape: [{"loc":…, "msg":…}, …]
        found = "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in found)
    if not found:
        found = response.reason_phrase or "no message"
    return " ".join(str(found).split())[:500]


def within(seconds: float | None) -> str:
    return f"within {seconds:g} s" if seconds is not None else "in time"


def reason(exc: Exception) -> str:
    """ "[Errno 111] Connection refused" → "connection refused"."""
    message = str(exc).strip()
    if message.startswith("[Errno") and "]" in message:
        message = message.split("]", 1)[1].strip()
    message = " ".join(message.split())
    return (message[:1].lower() + message[1:]) if message else type(exc).__name__
