"""Encrypted on the wire (issue 15): the server serves HTTPS itself, a station
verifies head office's certificate against the town's own certificate
authority (made here, in the test), and refuses plain HTTP to another machine
unless an administrator allows it."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from counterapp.cli import main
from counterapp.config import SettingError, StationConfig
from counterapp.domain.tender import TenderKind
from counterapp.queue.local import QueueUnavailable
from counterapp.queue.remote import RemoteQueue
from counterapp.server.app import create_app, run
from counterapp.services.auth import StaffIdentity
from counterapp.sync.client import push_pending
from counterapp.sync.tls import is_loopback
from tests.queue_support import open_site
from tests.sync_support import (
    DemoStation,
    make_station_template,
    open_station_copy,
    station_credential,
)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_town_ca(
    folder: Path, *, dns: str = "localhost", ip: str = "127.0.0.1"
) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) as PEM files; the server's
    certificate is made for the name ``dns`` and the address ``ip``."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Town of Whitby certificate authority"))
        .issuer_name(_name("Town of Whitby certificate authority"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("head-office.whitby.invalid"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(dns), x509.IPAddress(ipaddress.ip_address(ip))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem, key_pem = folder / "town-ca.pem", folder / "server.pem", folder / "server.key"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_pem, cert_pem, key_pem


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return make_town_ca(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StaffIdentity]:
    return make_station_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def station(template: tuple[Path, StaffIdentity], tmp_path: Path) -> Iterator[DemoStation]:
    st = open_station_copy(*template, tmp_path / "station")
    yield st
    st.engine.dispose()


@pytest.fixture
def https_server(pki: tuple[Path, Path, Path], tmp_path: Path) -> Iterator[str]:
    _ca, cert, key = pki
    with _serving(cert, key, tmp_path) as url:
        yield url


@contextmanager
def _serving(cert: Path, key: Path, tmp_path: Path) -> Iterator[str]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    open_site(app)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", ssl_certfile=str(cert), ssl_keyfile=str(key))
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the TLS server did not start"
        time.sleep(0.01)
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        app.state.engine.dispose()


def _settings(station: DemoStation, **values: object) -> Path:
    folder = station.path.parent
    config = StationConfig.load(folder)
    for name, value in values.items():
        setattr(config, name, value)
    config.save()
    return folder


def _sell(station: DemoStation) -> None:
    station.sell((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),))


def test_a_station_trusting_the_town_ca_syncs_over_https(
    station: DemoStation, https_server: str, pki: tuple[Path, Path, Path]
) -> None:
    ca, _cert, _key = pki
    folder = _settings(station, server_ca_file=str(ca))
    assert json.loads((folder / "station.json").read_text())["server_ca_file"] == str(ca)
    _sell(station)
    result = push_pending(station.session_factory, https_server)
    assert result.error is None, result.error
    assert result.remaining == 0
    # The site queue goes the same way.
    queue = RemoteQueue(
        https_server, "WHB", credential=station_credential("WHB-01"), data_dir=folder
    )
    assert queue.snapshot().waiting == []


def test_a_station_without_the_town_ca_refuses_the_certificate(
    station: DemoStation, https_server: str
) -> None:
    _sell(station)
    result = push_pending(station.session_factory, https_server)
    assert result.error is not None
    assert "certificate is not trusted" in result.error and "server_ca_file" in result.error
    assert result.remaining > 0


def test_plain_http_to_another_machine_is_refused_unless_allowed(station: DemoStation) -> None:
    _sell(station)
    result = push_pending(station.session_factory, "http://192.0.2.10:8765", timeout_s=0.5)
    assert result.error is not None and result.error.startswith("not sent: ")
    assert "unencrypted" in result.error and "allow_plain_http" in result.error
    # "not sent": refused before any connection was tried (not "unreachable").
    queue = RemoteQueue(
        "http://192.0.2.10:8765",
        "WHB",
        credential=station_credential("WHB-01"),
        data_dir=station.path.parent,
    )
    with pytest.raises(QueueUnavailable, match="unencrypted"):
        queue.snapshot()

    _settings(station, allow_plain_http=True)  # an administrator's explicit choice
    result = push_pending(station.session_factory, "http://192.0.2.10:8765", timeout_s=0.3)
    assert result.error is not None and not result.error.startswith("not sent")


def test_loopback_is_this_machine() -> None:
    assert all(
        is_loopback(h) for h in ("127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "127.8.9.1")
    )
    assert not any(is_loopback(h) for h in ("192.0.2.10", "head-office.town", "10.0.0.1"))


def test_only_localhost_itself_is_loopback_by_name(station: DemoStation) -> None:
    """A name under .localhost is whatever a resolver makes of it: not this machine."""
    names = ("hq.localhost", "localhost.", "localhost.town.example", "127.1", "0.0.0.0")
    assert not any(is_loopback(h) for h in names)
    _sell(station)
    result = push_pending(station.session_factory, "http://hq.localhost:8765", timeout_s=0.5)
    assert result.error is not None and result.error.startswith("not sent: ")
    assert "unencrypted" in result.error


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None, "no", []])
def test_allow_plain_http_must_be_a_json_boolean(station: DemoStation, value: object) -> None:
    """{"allow_plain_http": "false"} turned plain HTTP on (bool("false")): a switch
    is JSON true or false, anything else is refused by name and nothing is sent."""
    folder = station.path.parent
    config = folder / "station.json"
    raw = json.loads(config.read_text()) if config.exists() else {}
    raw["allow_plain_http"] = value
    config.write_text(json.dumps(raw))
    _sell(station)
    result = push_pending(station.session_factory, "http://192.0.2.10:8765", timeout_s=0.3)
    assert result.error is not None and result.error.startswith("not sent: "), result.error
    assert "allow_plain_http" in result.error and "true or false" in result.error
    assert result.remaining > 0
    with pytest.raises(SettingError, match="allow_plain_http"):
        StationConfig.load(folder)
    assert main(["--data-dir", str(folder), "sync", "push"]) == 2


def test_other_switches_in_station_json_must_be_json_booleans(station: DemoStation) -> None:
    folder = station.path.parent
    config = folder / "station.json"
    for raw, name in (
        ({"receipt_printer": {"url": "loop://", "rtscts": "false"}}, "rtscts"),
        ({"devices": [{"name": "Receipt", "role": "receipt_printer", "enabled": "no"}]}, "enabled"),
        ({"server_ca_file": True}, "server_ca_file"),
    ):
        config.write_text(json.dumps(raw))
        with pytest.raises(SettingError, match=name):
            StationConfig.load(folder)
    config.write_text("{not json")
    with pytest.raises(SettingError, match="station.json"):
        StationConfig.load(folder)
    result = push_pending(station.session_factory, "http://127.0.0.1:9", timeout_s=0.3)
    assert result.error is not None and result.error.startswith("not sent: ")


def test_a_certificate_for_another_name_says_so(station: DemoStation, tmp_path: Path) -> None:
    """A certificate made for another name is not "not trusted": its authority is
    trusted; the address is what does not match."""
    (tmp_path / "pki").mkdir()
    ca, cert, key = make_town_ca(tmp_path / "pki", dns="hq.whitby.invalid", ip="192.0.2.1")
    _settings(station, server_ca_file=str(ca))
    _sell(station)
    with _serving(cert, key, tmp_path) as url:
        result = push_pending(station.session_factory, url)
    assert result.error is not None
    assert "not made for the address" in result.error and "127.0.0.1" in result.error
    assert "not trusted" not in result.error


def test_the_server_needs_both_certificate_and_key() -> None:
    with pytest.raises(SystemExit, match="both --certfile and --keyfile"):
        run(certfile="server.pem")
