"""Encrypted on the wire (issue 15): how a station's HTTP client reaches head office.

Every client a station makes for head office (push, pull, registration, the
site queue and its event stream) comes from ``station_client``:

* HTTPS certificates are verified: against the town's own certificate
  authority when ``server_ca_file`` is set in ``station.json`` (a PEM file),
  else against the system's authorities.
* Plain ``http://`` is refused to anything but this machine (the name
  ``localhost`` itself or a loopback address, ``is_loopback``),
  because the station's credential and every sale would cross the town's
  network readable by anyone on it — unless an administrator sets
  ``allow_plain_http`` in ``station.json`` (a lab, or TLS ended by a proxy on
  a network the town trusts). The refusal says so, and nothing is sent.
* A setting that is not what it should be (``allow_plain_http`` anything but
  JSON ``true`` or ``false``, a file that is not JSON…) is not guessed at:
  the station sends nothing and says which setting is wrong.
"""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from counterapp.config import SettingError, read_settings, setting_bool, setting_text

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
    """This machine: the name ``localhost`` itself or a loopback address. No other
    name (``hq.localhost`` included): what a name resolves to is up to a resolver."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# OpenSSL's verify codes for a certificate made for another name or address.
_NAME_MISMATCH = (62, 64)  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
_EXPIRED, _NOT_YET_VALID = 10, 9


def certificate_refusal(exc: BaseException) -> str | None:
    """Why head office's certificate was refused, as an administrator acts on it;
    None if ``exc`` is no certificate refusal."""
    found: BaseException | None = exc
    cert: ssl.SSLCertVerificationError | None = None
    while found is not None and cert is None:
        if isinstance(found, ssl.SSLCertVerificationError):
            cert = found
        found = found.__cause__ or found.__context__
    text = str(exc)
    if cert is None and "CERTIFICATE_VERIFY_FAILED" not in text:
        return None
    code = cert.verify_code if cert is not None else None
    message = ((cert.verify_message if cert is not None else "") or text).rstrip(". ")
    if code in _NAME_MISMATCH or "mismatch" in message.lower():
        return (
            "head office's certificate is not made for the address this station uses "
            f"({message}): use the name or address on the certificate in head office's "
            "address, or have the certificate made for this one"
        )
    if code in (_EXPIRED, _NOT_YET_VALID) or "expired" in message.lower():
        return f"head office's certificate is not valid at this time ({message})"
    return (
        "head office's certificate is not trusted by this station (set the town's "
        f"certificate authority in {CA_SETTING}): {message}"
    )


@dataclass(frozen=True, slots=True)
class TlsSettings:
    ca_file: str = ""
    allow_plain_http: bool = False
    # Why the settings cannot be used ("" = they can): nothing is then sent.
    broken: str = ""

    @classmethod
    def load(cls, data_dir: Path | None) -> TlsSettings:
        if data_dir is None:
            return cls()
        path = Path(data_dir) / CONFIG_NAME
        try:
            raw: dict[str, Any] = {}
            if path.exists():
                raw = read_settings(path)
            return cls(
                ca_file=setting_text(raw, CA_SETTING, ""),
                allow_plain_http=setting_bool(raw, PLAIN_SETTING, False),
            )
        except SettingError as exc:
            return cls(broken=str(exc))

    def verify(self) -> ssl.SSLContext | bool:
        if not self.ca_file:
            return True
        context = ssl.create_default_context(cafile=self.ca_file)
        return context


class _Guarded(httpx.HTTPTransport):
    def __init__(self, settings: TlsSettings, **kwargs: Any) -> None:
        self._broken = settings.broken
        try:
            verify = settings.verify()
        except (OSError, ssl.SSLError) as exc:
            verify = True
            self._broken = self._broken or (
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
