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


class RegistrationFailed(Exception):
    """Why this station could not be registered, in one line."""


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
            f"({sales} sales); it cannot become {station_code}"
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
        raise RegistrationFailed(str(stop)) from None
    except ValidationError:
        raise RegistrationFailed("the server's answer is not a registration") from None
    finally:
        if own_client:
            http.close()
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
                    last_receipt_seq=0,
                )
            )
        else:
            station.site_code = answer.site_code
        uow.commit()
    return credential
