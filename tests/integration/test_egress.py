"""The egress guard against real HTTP servers on 127.0.0.1: what is refused never reaches them."""

from __future__ import annotations

import datetime as dt
import gzip
import http.server
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lti_tool.db.models import Platform
from lti_tool.egress import EgressRefused, egress_transport, get_json, post_json
from lti_tool.errors import UserError
from lti_tool.lti.keys import SigningKey, generate_key
from lti_tool.lti.platform_keys import PlatformKeys
from lti_tool.lti.services import PlatformServices, ServiceError, TokenCache
from lti_tool.observability import lrs_state
from lti_tool.settings import Settings, load_settings
from xapi.lrs_client import LrsClient, LrsError

FIVE_MB = 5 * 1024 * 1024


class Recorder(http.server.ThreadingHTTPServer):
    """A local server that records every request it gets; what it answers depends on the path."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[dict[str, Any]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    server: Recorder

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        first = self.path.strip("/").split("?")[0].split("/")[0]  # /secret/about → route_secret
        getattr(self, "route_" + first.replace("-", "_"), self.route_json)()

    def answer(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", "Content-Length": str(len(body)), **headers}.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def route_json(self) -> None:
        self.answer(200, json.dumps({"keys": [{"kid": "k1", "kty": "RSA"}], "path": self.path}).encode())

    def route_redirect(self) -> None:
        self.answer(302, b"", Location=self.server.url + "/json")

    def route_big(self) -> None:
        self.answer(200, b"x" * FIVE_MB)

    def route_big_chunked(self) -> None:  # no Content-Length: only counting the stream stops it
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(FIVE_MB // len(chunk)):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up, as it should

    def route_gzip(self) -> None:
        self.answer(200, gzip.compress(b"{}" + b" " * 100_000), Content_Encoding="gzip")

    def route_slow(self) -> None:
        time.sleep(2)
        self.answer(200, b"{}")

    def route_drip(self) -> None:  # every read is quick, the whole answer never ends
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def route_secret(self) -> None:
        self.answer(500, b"stack trace with db password hunter2", Content_Type="text/plain")


@pytest.fixture
def server() -> Iterator[Recorder]:
    recorder = Recorder()
    thread = threading.Thread(target=recorder.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.shutdown()
        recorder.server_close()
        thread.join(5)


@pytest.fixture
def guarded(tmp_path: Path) -> Settings:
    return load_settings({"instance_path": str(tmp_path), "http_timeout": 5.0}, environ={})


@pytest.fixture
def open_(guarded: Settings) -> Settings:
    return replace(guarded, allow_private_hosts=True)


def test_a_local_server_is_refused_and_never_reached(server: Recorder, guarded: Settings) -> None:
    port = server.server_address[1]
    for host in ("127.0.0.1", "localhost", "2130706433", "0x7f.1", "127.1", "[::ffff:127.0.0.1]"):
        with pytest.raises(EgressRefused) as refused:
            get_json(guarded, f"http://{host}:{port}/json")
        assert refused.value.reason == "loopback"
    assert server.seen == []


def test_with_allow_private_hosts_the_same_server_is_reached(server: Recorder, open_: Settings) -> None:
    reply = get_json(open_, server.url + "/json", bearer="tok")
    assert reply.status == 200 and reply.data["path"] == "/json"
    posted = post_json(open_, server.url + "/json", {"a": 1})
    assert posted.status == 200
    assert [s["path"] for s in server.seen] == ["/json", "/json"]
    assert server.seen[0]["headers"]["Authorization"] == "Bearer tok"
    assert json.loads(server.seen[1]["body"]) == {"a": 1}


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Host names that only this test's resolver knows (real DNS would not find them)."""
    names: dict[str, list[str]] = {}
    real = socket.getaddrinfo
    calls: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host in names:
            calls.append(host)
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, port, 0, 0) if ":" in a else (a, port)) for a in names[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    names["_calls"] = calls
    return names


def test_a_name_that_resolves_to_loopback_is_refused_at_connect_time(
        server: Recorder, guarded: Settings, open_: Settings, resolver: dict[str, list[str]]) -> None:
    port = server.server_address[1]
    resolver["rebind.invalid"] = ["127.0.0.1"]
    resolver["mixed.invalid"] = ["93.184.215.14", "169.254.169.254"]
    with pytest.raises(EgressRefused) as refused:
        get_json(guarded, f"http://rebind.invalid:{port}/json")
    assert (refused.value.reason, refused.value.host) == ("loopback", "rebind.invalid")
    with pytest.raises(EgressRefused) as refused:  # one internal address refuses the host, before any connect
        get_json(open_, f"http://mixed.invalid:{port}/json")
    assert refused.value.reason == "link_local"
    assert server.seen == []
    # Allowed, it is reached: the connection went to the address checked, with no second lookup
    # (the name exists nowhere else), and the Host header still names the host.
    resolver["_calls"].clear()
    assert get_json(open_, f"http://rebind.invalid:{port}/json").status == 200
    assert resolver["_calls"] == ["rebind.invalid"]
    assert server.seen[0]["headers"]["Host"] == f"rebind.invalid:{port}"


def test_tls_is_verified_against_the_host_name_not_the_address(
        tmp_path: Path, open_: Settings, resolver: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    ca, leaf = certificates(tmp_path, "tls.invalid")
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # how an operator trusts a private CA
    resolver["tls.invalid"] = resolver["other.invalid"] = ["127.0.0.1"]
    recorder = Recorder()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(leaf)
    recorder.socket = context.wrap_socket(recorder.socket, server_side=True)
    thread = threading.Thread(target=recorder.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        port = recorder.server_address[1]
        assert get_json(open_, f"https://tls.invalid:{port}/json").status == 200
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            get_json(open_, f"https://other.invalid:{port}/json")  # same address, name not in the certificate
        assert len(recorder.seen) == 1
    finally:
        recorder.shutdown()
        recorder.server_close()
        thread.join(5)


def test_redirects_are_refused_not_followed(server: Recorder, open_: Settings) -> None:
    with pytest.raises(EgressRefused) as refused:
        get_json(open_, server.url + "/redirect")
    assert refused.value.reason == "redirect"
    with httpx.Client(transport=egress_transport(open_), follow_redirects=True) as http, \
            pytest.raises(EgressRefused):
        http.get(server.url + "/redirect")  # whatever the client asks
    assert [s["path"] for s in server.seen] == ["/redirect", "/redirect"]


def test_a_platform_jwks_that_redirects_is_refused(server: Recorder, open_: Settings) -> None:
    keys = PlatformKeys(MemoryStore(), open_)
    with pytest.raises(UserError) as refused:
        keys.key_for(1, server.url + "/redirect", "k1")
    assert refused.value.status == 424 and "redirect" in refused.value.message
    assert [s["path"] for s in server.seen] == ["/redirect"]
    assert keys.key_for(2, server.url + "/json", "k1")["kid"] == "k1"


def test_a_platform_jwks_on_an_internal_address_is_refused(server: Recorder, guarded: Settings) -> None:
    with pytest.raises(UserError) as refused:
        PlatformKeys(MemoryStore(), guarded).key_for(1, server.url + "/json", "k1")
    assert refused.value.status == 424 and "127.0.0.1" in refused.value.message
    assert server.seen == []


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_answers_over_the_size_cap_are_refused(server: Recorder, open_: Settings, path: str) -> None:
    with pytest.raises(EgressRefused) as refused:
        get_json(replace(open_, egress_max_bytes=1024 * 1024), server.url + path)
    assert refused.value.reason == "too_large"
    assert get_json(replace(open_, egress_max_bytes=6 * 1024 * 1024), server.url + path).status == 200


def test_compressed_answers_are_refused(server: Recorder, open_: Settings) -> None:
    with pytest.raises(EgressRefused) as refused:
        get_json(open_, server.url + "/gzip")
    assert refused.value.reason == "encoding"
    assert server.seen[0]["headers"]["Accept-Encoding"] == "identity"


def test_timeouts(server: Recorder, open_: Settings) -> None:
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        get_json(open_, server.url + "/slow", timeout=0.5)
    assert time.monotonic() - started < 1.8
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):  # each read in time, the whole answer not: 3 × timeout
        get_json(open_, server.url + "/drip", timeout=1.0)
    assert 2.5 < time.monotonic() - started < 5
    with pytest.raises(httpx.ConnectError):
        get_json(open_, f"http://127.0.0.1:{closed_port()}/json", timeout=0.5)


def test_platform_services_name_the_url_never_the_answer(server: Recorder, guarded: Settings,
                                                         open_: Settings) -> None:
    token_url = server.url + "/secret"
    platform = Platform(id=1, client_id="c", auth_token_url=token_url)
    with PlatformServices(platform, tool_key(), guarded, TokenCache()) as services, \
            pytest.raises(ServiceError) as refused:
        services.access_token(["scope"])
    assert token_url in str(refused.value) and "127.0.0.1" in str(refused.value)
    assert server.seen == []
    with PlatformServices(platform, tool_key(), open_, TokenCache()) as services, \
            pytest.raises(ServiceError) as failed:
        services.access_token(["scope"])
    assert failed.value.status == 500 and "hunter2" not in str(failed.value)


def test_the_lrs_client_and_readiness_check_go_through_the_guard(server: Recorder, guarded: Settings,
                                                                  open_: Settings) -> None:
    with LrsClient(server.url + "/", "u", "p", transport=egress_transport(guarded)) as client, \
            pytest.raises(LrsError) as refused:
        client.about()
    assert "refused 127.0.0.1" in str(refused.value)
    lrs = {"lrs_endpoint": server.url + "/", "lrs_username": "u", "lrs_password": "p"}
    assert lrs_state(SimpleNamespace(settings=replace(guarded, **lrs))) == "warning: refused (loopback)"  # type: ignore[arg-type]
    assert server.seen == []
    assert lrs_state(SimpleNamespace(settings=replace(open_, **lrs))) == "ok"  # type: ignore[arg-type]
    with LrsClient(server.url + "/secret/", "u", "p", transport=egress_transport(open_)) as client, \
            pytest.raises(LrsError) as failed:
        client.about()
    assert failed.value.status == 500 and "hunter2" not in str(failed.value)


class MemoryStore:
    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {}

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        self.values[key] = value

    def get(self, key: str) -> dict[str, Any] | None:
        return self.values.get(key)

    def pop(self, key: str) -> dict[str, Any] | None:
        return self.values.pop(key, None)

    def delete(self, key: str) -> None:
        self.values.pop(key, None)


def tool_key() -> SigningKey:
    key = generate_key()
    return SigningKey(key.kid, key.private_pem)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def certificates(folder: Path, host: str) -> tuple[Path, Path]:
    """A CA (PEM file) and a certificate for ``host`` signed by it (key + certificate, PEM file)."""
    now = dt.datetime.now(dt.UTC)

    def issue(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey,
              ca: bool) -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(hours=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            builder = builder.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                                            critical=True)
        else:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_cert = issue("egress test CA", ca_key, "egress test CA", ca_key, ca=True)
    leaf_cert = issue(host, leaf_key, "egress test CA", ca_key, ca=False)
    ca_file, leaf_file = folder / "ca.pem", folder / "leaf.pem"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    leaf_file.write_bytes(leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption())
                          + leaf_cert.public_bytes(serialization.Encoding.PEM))
    return ca_file, leaf_file
