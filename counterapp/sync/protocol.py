"""What a station and the server agree on besides the records themselves:
the protocol version, the headers every call carries, and the station's
credential (ARCHITECTURE.md, decision 8: per-station credentials).

A station is registered once with a one-time code an administrator gives it
(``counterapp server station add``); it then makes its own secret, sends it
once, and keeps it in its data folder (``station.credential``, readable by
its owner only). The server stores only a SHA-256 of the secret: the secret
is 256 random bits, so a fast hash is enough (no password to stretch).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# The version of the conversation. The server answers stations from
# MIN_STATION_PROTOCOL up; an older one is told to update (HTTP 426).
# 2: reference data carries French beside the English (issue 13); a station of
# protocol 1 is sent its items without the French fields it would refuse.
PROTOCOL_VERSION = 2
MIN_STATION_PROTOCOL = 1
#: The protocol from which a station keeps reference data's French fields.
BILINGUAL_PROTOCOL = 2

PROTOCOL_HEADER = "X-Counterapp-Protocol"
SCHEMA_HEADER = "X-Counterapp-Schema"  # the station database's Alembic revision
STATION_HEADER = "X-Counterapp-Station"
BACKLOG_HEADER = "X-Counterapp-Backlog"  # entries waiting at the station
# The last receipt number the station has handed out (issue 12): head office
# remembers it, so a PC that replaces this one never reuses a number.
RECEIPTS_HEADER = "X-Counterapp-Receipts"
# Why a registration was refused, for the station to explain (issue 12): one of
# the REFUSAL_* words below. Older servers do not send it.
REFUSAL_HEADER = "X-Counterapp-Refusal"
REFUSAL_UNKNOWN_STATION = "unknown_station"
REFUSAL_REVOKED = "revoked"
REFUSAL_WRONG_CODE = "wrong_code"
REFUSAL_CODE_USED = "code_used"
REFUSAL_CODE_EXPIRED = "code_expired"
REFUSAL_NO_CODE = "no_code"  # voided after too many wrong tries, or never issued
REFUSAL_SERVER_TOO_OLD = "server_too_old"  # the station speaks a newer protocol

CREDENTIAL_FILE = "station.credential"

REGISTER_PATH = "/api/v1/register"
CHANGES_PATH = "/api/v1/changes"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class StationCredential:
    """Who this station is to the server, and its secret."""

    station_code: str
    secret: str

    def headers(self) -> dict[str, str]:
        return {STATION_HEADER: self.station_code, "Authorization": f"Bearer {self.secret}"}


def credential_path(data_dir: Path) -> Path:
    return Path(data_dir) / CREDENTIAL_FILE


def save_credential(data_dir: Path, credential: StationCredential) -> Path:
    """Write the credential readable by its owner only (0600), atomically."""
    path = credential_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"station_code": credential.station_code, "secret": credential.secret}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def load_credential(data_dir: Path) -> StationCredential | None:
    """The station's credential, or None when it has not been registered."""
    path = credential_path(data_dir)
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return StationCredential(str(raw["station_code"]), str(raw["secret"]))


# --- registration on the wire --------------------------------------------------

Secret = Annotated[str, StringConstraints(strict=True, min_length=32, max_length=128)]


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    station_code: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=16)]
    one_time_code: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=40)]
    secret: Secret  # made by the station; the server keeps only its hash


class RegisterAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    station_code: str
    site_code: str
    name: str
    # The station continues its receipt numbers after this one (issue 12): the
    # last number head office holds or was told of, or where an administrator
    # who replaced the PC said to go on. 0 for a new station; older servers omit it.
    last_receipt_seq: int = 0
    # The server's protocol version (issue 12); None from a server that predates it.
    protocol: int | None = None
