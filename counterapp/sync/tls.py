"""Encrypted on the wire (issue 15): how a station's HTTP client reaches head office.

Every client a station makes for head office (push, pull, registration, the
site queue and its event stream) comes from ``station_client``:

* HTTPS certificates are verified: against the town's own certificate
  authority when ``server_ca_file`` is set in ``station.json`` (a PEM file),
  else against the system's authorities.
* Plain ``http://`` is refused to anything but this machine (loopback),
  because the station's credential and every sale would cross the town's
  network readable by anyone on it — unless an administrator sets
  ``allow_plain_http`` in ``station.json`` (a lab, or TLS ended by a proxy on
  a network the town trusts). The refusal says so, and nothing is sent.
"""

from __future__ import annotations

import ipaddress
import json
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

CONFIG_NAME = "station.json"
CA_SETTING = "server_ca_file"
PLAIN_SETTING = "allow_plain_http"


class NotSent(httpx.TransportError):
    """The station's TLS rules kept a request from leaving; ``str()`` says why."""


class PlainHttpRefused(NotSent):
    """A plain-HTTP address to another machine, not allowed by an administrator."""


def plain_http_reason(host: str) -> str:
    return (
        f"head office's address is plain http:// to {host}: this station's credential and "
        "its sales would cross the network unencrypted. Use an https:// address (with the "
        f"town's certificate authority in {CA_SETTING}), or an administrator sets "
        f"{PLAIN_SETTING} in {CONFIG_NAME}"
    )


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class TlsSettings:
    ca_file: str = ""
    allow_plain_http: bool = False

    @classmethod
    def load(cls, data_dir: Path | None) -> TlsSettings:
        if data_dir is None:
            return cls()
        path = Path(data_dir) / CONFIG_NAME
        raw: dict[str, Any] = {}
        if path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            ca_file=str(raw.get(CA_SETTING, "") or ""),
            allow_plain_http=bool(raw.get(PLAIN_SETTING, False)),
        )

    def verify(self) -> ssl.SSLContext | bool:
        if not self.ca_file:
            return True
        context = ssl.create_default_context(cafile=self.ca_file)
        return context


class _Guarded(httpx.HTTPTransport):
    def __init__(self, settings: TlsSettings, **kwargs: Any) -> None:
        self._broken = ""
        try:
            verify = settings.verify()
        except (OSError, ssl.SSLError) as exc:
            verify = True
            self._broken = (
                f"the certificate authority in {CA_SETTING} ({settings.ca_file}) "
                f"cannot be used: {exc}"
            )
        super().__init__(verify=verify, **kwargs)
        self._allow_plain = settings.allow_plain_http

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._broken:
            raise NotSent(self._broken, request=request)
        if (
            request.url.scheme == "http"
            and not self._allow_plain
            and not is_loopback(request.url.host)
        ):
            raise PlainHttpRefused(plain_http_reason(request.url.host), request=request)
        return super().handle_request(request)


def station_client(data_dir: Path | None, *, timeout: float | httpx.Timeout) -> httpx.Client:
    """An HTTP client for head office, with the station's TLS settings."""
    return httpx.Client(timeout=timeout, transport=_Guarded(TlsSettings.load(data_dir)))
