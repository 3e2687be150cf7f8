"""Registering this station with head office, once, with a one-time code.

The station makes its secret here and keeps it in its data folder; the server
stores only its hash. The secret is written to a pending file before it is
sent, so a registration whose answer was lost is simply repeated with the
same secret (the server accepts the same registration twice).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import httpx
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterapp.db.models import Sale, Station
from counterapp.db.uow import UnitOfWork
from counterapp.sync.protocol import (
    REFUSAL_SERVER_TOO_OLD,
    REGISTER_PATH,
    RegisterAnswer,
    RegisterRequest,
    StationCredential,
    credential_path,
    new_secret,
    save_credential,
)
from counterapp.sync.tls import station_client
from counterapp.sync.transport import Stop, request_headers, send

SessionFactory = Callable[[], Session]


# The oldest server protocol this station can work with (issue 12).
MIN_SERVER_PROTOCOL = 1

# Why a registration failed, for the set-up to react (``RegistrationFailed.reason``):
# the server's REFUSAL_* words, and these the station finds out itself.
UNREACHABLE = "unreachable"
NOT_A_SERVER = "not_a_server"
SERVER_TOO_NEW = "server_too_new"  # the server says this station's software is too old
ALREADY_OTHER_STATION = "other_station"


class RegistrationFailed(Exception):
    """Why this station could not be registered, in one line; ``reason`` is a
    word the set-up can act on (``UNREACHABLE``, ``REFUSAL_WRONG_CODE``, …)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


def _failure(stop: Stop, server_url: str) -> RegistrationFailed:
    if stop.offline:
        return RegistrationFailed(
            f"head office cannot be reached at {server_url}: {stop} (check the address, "
            "the network cable, and that the server is running)",
            UNREACHABLE,
        )
    if stop.refusal:
        return RegistrationFailed(stop.said or str(stop), stop.refusal)
    if stop.status == 426:
        return RegistrationFailed(
            f"{stop} (head office runs a newer counterapp than this PC: install the same "
            "version here)",
            SERVER_TOO_NEW,
        )
    if stop.status in (404, 405):
        return RegistrationFailed(
            f"{server_url} answers, but not as a counterapp head-office server (or as one "
            "too old for this station): check the address",
            NOT_A_SERVER,
        )
    return RegistrationFailed(str(stop))


def _pending_path(data_dir: Path) -> Path:
    return credential_path(data_dir).with_suffix(".pending")


def _pending_secret(data_dir: Path, station_code: str) -> str:
    path = _pending_path(data_dir)
    if path.exists():
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("station_code") == station_code:
            return str(raw["secret"])
    secret = new_secret()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"station_code": station_code, "secret": secret}, f)
        f.flush()
        os.fsync(f.fileno())
    return secret


def _check_identity(session_factory: SessionFactory, station_code: str) -> None:
    with UnitOfWork(session_factory, readonly=True) as uow:
        existing = uow.session.scalar(select(Station.code))
        sales = uow.session.scalar(select(func.count()).select_from(Sale)) or 0
    if existing is not None and existing != station_code and sales:
        raise RegistrationFailed(
            f"this station's database belongs to station {existing} "
            f"({sales} sales); it cannot become {station_code}",
            ALREADY_OTHER_STATION,
        )


def register_station(
    session_factory: SessionFactory,
    data_dir: Path,
    server_url: str,
    station_code: str,
    one_time_code: str,
    *,
    client: httpx.Client | None = None,
    timeout_s: float = 15.0,
) -> StationCredential:
    """Register with the server and keep the credential in ``data_dir``."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    _check_identity(session_factory, station_code)
    secret = _pending_secret(data_dir, station_code)
    request = RegisterRequest(
        station_code=station_code, one_time_code=one_time_code.strip(), secret=secret
    )
    own_client = client is None
    http = client if client is not None else station_client(data_dir, timeout=timeout_s)
    try:
        response = send(
            http,
            "POST",
            server_url.rstrip("/") + REGISTER_PATH,
            refused="registration refused",
            json=request.model_dump(),
            headers=request_headers(session_factory, None),
        )
        answer = RegisterAnswer.model_validate_json(response.content)
    except Stop as stop:
        raise _failure(stop, server_url) from None
    except ValidationError:
        raise RegistrationFailed(
            f"{server_url} answered, but not with a registration: is it a counterapp "
            "head-office server?",
            NOT_A_SERVER,
        ) from None
    finally:
        if own_client:
            http.close()
    if answer.protocol is not None and answer.protocol < MIN_SERVER_PROTOCOL:
        raise RegistrationFailed(
            f"head office runs an older counterapp (protocol {answer.protocol}; this station "
            f"needs {MIN_SERVER_PROTOCOL} or newer): update the server first",
            REFUSAL_SERVER_TOO_OLD,
        )
    credential = StationCredential(answer.station_code, secret)
    save_credential(data_dir, credential)
    _pending_path(data_dir).unlink(missing_ok=True)
    with UnitOfWork(session_factory) as uow:
        station = uow.session.scalars(select(Station)).first()
        if station is not None and station.code != answer.station_code:
            uow.session.delete(station)  # checked above: it has no sales
            uow.session.flush()
            station = None
        if station is None:
            uow.session.add(
                Station(
                    code=answer.station_code,
                    site_code=answer.site_code,
                    site_name=answer.site_code,  # the site's own name comes with the pull
                    address_lines=[],
                    # A PC replacing a dead one goes on after the last number used (issue 12).
                    last_receipt_seq=answer.last_receipt_seq,
                )
            )
        else:
            station.site_code = answer.site_code
            # Never back: a number once handed out is never handed out again.
            station.last_receipt_seq = max(station.last_receipt_seq, answer.last_receipt_seq)
        uow.commit()
    return credential
