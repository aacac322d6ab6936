"""Transport: https required except on the loopback; the server's certificate pinned through a CA file, against a
real TLS server (the server app under uvicorn with a certificate made here)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.errors import AuthError, OfflineError
from app.sync.http import InsecureServerError, SyncClient
from tests.helpers.live_server import ROOT, free_port

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "url", ["http://sync.example.gov.cn", "http://10.0.0.5:8000", "ftp://127.0.0.1", "http://127.0.0.1.evil.cn"]
)
def test_plain_http_to_another_machine_is_refused_in_words(url: str) -> None:
    with pytest.raises(InsecureServerError) as err:
        SyncClient(url)
    assert "https://" in err.value.zh and "https://" in err.value.en


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "https://a.cn"])
def test_https_or_loopback_is_accepted(url: str) -> None:
    SyncClient(url).close()


def _certificate(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    cert, key = _certificate(tmp_path, "server")
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "server.api.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)]  # fmt: skip
    env = {**os.environ, "FIELD_INSPECTOR_SERVER_DATA": str(tmp_path / "server")}
    env.pop("DATABASE_URL", None)
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 (the child writes to it for its whole life)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{url}/healthz", verify=str(cert), timeout=1)
                break
            except requests.ConnectionError:
                assert process.poll() is None, (tmp_path / "server.log").read_text()
                time.sleep(0.05)  # polling interval of the readiness wait
        yield url, cert
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def test_a_pinned_certificate_is_trusted_and_a_stranger_is_not(tls_server: tuple[str, Path], tmp_path: Path) -> None:
    url, cert = tls_server
    pinned = SyncClient(url, pinned_ca=str(cert))
    assert pinned.healthz()
    pinned.close()

    other, _ = _certificate(tmp_path, "another")
    stranger = SyncClient(url, pinned_ca=str(other))
    with pytest.raises(OfflineError, match="not trusted"):
        stranger.login("zhang", "whatever", "device-1")  # the password never leaves: the handshake fails first
    stranger.close()

    unpinned = SyncClient(url)  # the system's CAs do not know a self-signed certificate
    with pytest.raises(OfflineError, match="not trusted"):
        unpinned.signing_keys()
    unpinned.close()


def test_the_pipelined_pull_checks_the_certificate_as_every_other_call(
    tls_server: tuple[str, Path], tmp_path: Path
) -> None:
    """`pull_pages` sends on a connection of its own making (app/sync/http.py `_start`): the same pinning holds."""
    url, cert = tls_server
    pinned = SyncClient(url, token="not-a-token", pinned_ca=str(cert))
    with pytest.raises(AuthError):  # the handshake passed: the server read the request and refused the token
        next(pinned.pull_pages(0, 10))
    pinned.close()

    other, _ = _certificate(tmp_path, "another")
    for stranger in (SyncClient(url, token="t", pinned_ca=str(other)), SyncClient(url, token="t")):
        with pytest.raises(OfflineError, match="not trusted"):
            next(stranger.pull_pages(0, 10))
        stranger.close()
