"""The egress guard: every outgoing HTTP request of the tool goes through here.

The URLs the tool calls (a platform's JWKS, token, AGS and NRPS endpoints, its OpenID
configuration and registration endpoint, the LRS) come from registrations and settings, so they
are not trusted: a registration must not turn the tool into a proxy into the internal network or
to a cloud metadata service. A request made here

* uses ``http`` or ``https`` only;
* never reaches a loopback, private (RFC 1918, ``fc00::/7``), shared (CGNAT ``100.64/10``),
  link-local (``169.254/16`` with the metadata address ``169.254.169.254``, ``fe80::/10``),
  multicast, unspecified or reserved address, however it is written (``2130706433``,
  ``0x7f.1``, ``[::ffff:127.0.0.1]``, NAT64, 6to4). The host is resolved, *every* address is
  checked, and the connection goes to the checked address, at connect time: a DNS answer that
  changes between a check and the connect (rebinding) cannot slip through. TLS is still verified
  against the host name. ``allow_private_hosts`` (``AIDIP_ALLOW_PRIVATE_HOSTS``, for the demo and
  the tests on 127.0.0.1, or an LRS in the same network) lets loopback, private and shared
  addresses through; link-local and the rest stay refused;
* follows no redirect (a 3xx is refused), asks for an uncompressed answer (a compressed one is
  refused: no decompression bombs), reads at most ``egress_max_bytes`` (``AIDIP_EGRESS_MAX_BYTES``),
  and has connect and read timeouts plus a deadline of three times the timeout for the whole body;
* ignores proxy settings in the environment (``SSL_CERT_FILE``/``SSL_CERT_DIR`` still name a
  private CA, as for any httpx client).

A refusal raises ``EgressRefused`` (``reason``: a key of ``REASONS``; ``host``) and never carries
the remote body. It subclasses ``httpx.HTTPError``, so ``except httpx.HTTPError`` still catches
it; ``explain(exc)`` gives the sentence for people, in their language.

API::

    with egress_client(settings) as http:            # a guarded httpx.Client (timeout: http_timeout)
        response = http.get(url)
    reply = get_json(settings, url, bearer=token)     # JsonReply(status, data)
    reply = post_json(settings, url, {"a": 1}, bearer=token)
    LrsClient(..., transport=egress_transport(settings, timeout))   # guard another library's client
    check_url(url, allow_private=False)               # early check without DNS (forms)

``get_json``/``post_json`` return any status (3xx excepted) with the parsed JSON, or ``None``
when the body is empty or not JSON; they raise ``EgressRefused`` or another ``httpx.HTTPError``
(unreachable, timeout). A caller maps them to its message, e.g.::

    try:
        reply = get_json(settings, config_url, bearer=token)
    except EgressRefused as exc:
        raise UserError(_("… %(url)s was not called: %(reason)s", url=config_url, reason=explain(exc)), 424)
    except httpx.HTTPError as exc:  # the class name is enough; show no remote text
        raise UserError(_("… %(url)s could not be reached (%(error)s)", url=config_url,
                          error=exc.__class__.__name__), 424)
    if reply.status != 200 or not isinstance(reply.data, dict): ...
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import httpcore
import httpx
from flask_babel import gettext as _

from .settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: reason code → what it means (logs, exception text); ``explain`` has the translated sentences
REASONS: dict[str, str] = {
    "scheme": "only http and https URLs are allowed",
    "host": "the URL has no usable host",
    "loopback": "the address is this machine (loopback)",
    "private": "the address is in a private network",
    "shared": "the address is in the shared (carrier-grade NAT) range",
    "link_local": "the address is link-local (such as a cloud metadata service)",
    "multicast": "the address is a multicast address",
    "reserved": "the address is unspecified or reserved",
    "redirect": "the server answered with a redirect, which is not followed",
    "encoding": "the server sent a compressed answer although none was asked for",
    "too_large": "the answer is larger than allowed",
}
#: refused unless ``allow_private_hosts`` is set
PRIVATE_REASONS = frozenset({"loopback", "private", "shared"})

_PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")]
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
#: what ``inet_aton`` reads as an IPv4 address: 1–4 decimal, octal or hex parts
_NUMERIC_HOST = re.compile(r"(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.IGNORECASE)


class EgressRefused(httpx.HTTPError):
    """The guard refused a request: ``reason`` is a key of ``REASONS``, ``host`` the URL's host."""

    def __init__(self, reason: str, host: str) -> None:
        super().__init__(f"refused {host or '(no host)'}: {REASONS.get(reason, reason)}")
        self.reason = reason
        self.host = host


def explain(exc: EgressRefused) -> str:
    """The refusal in words for people, in the request's language (English outside a request)."""
    messages = {
        "scheme": _("only http and https addresses may be called"),
        "host": _("the address has no usable host name"),
        "loopback": _("%(host)s is this server itself", host=exc.host),
        "private": _("%(host)s is in a private network", host=exc.host),
        "shared": _("%(host)s is in a private network", host=exc.host),
        "link_local": _("%(host)s is a link-local address (such as a cloud metadata service)", host=exc.host),
        "multicast": _("%(host)s is not a single server (multicast)", host=exc.host),
        "reserved": _("%(host)s is an unspecified or reserved address", host=exc.host),
        "redirect": _("%(host)s answered with a redirect, which the tool does not follow", host=exc.host),
        "encoding": _("%(host)s sent a compressed answer, which the tool did not ask for", host=exc.host),
        "too_large": _("the answer of %(host)s is larger than the tool accepts", host=exc.host),
    }
    return messages.get(exc.reason, exc.reason)


# --- which addresses are refused ------------------------------------------------------------

def classify(ip: IPAddress) -> str | None:
    """The reason code that refuses this address, or None for a public (global) address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if inner is not None:  # the IPv4 address is what is really reached
            return classify(inner)
        for tunnelled in (ip.sixtofour, ip.teredo[1] if ip.teredo else None):
            if tunnelled is not None and classify(tunnelled):
                return classify(tunnelled)
    if ip.is_unspecified:
        return "reserved"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if any(ip in net for net in _PRIVATE if net.version == ip.version):
        return "private"
    if ip in _SHARED:
        return "shared"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


def refusal(ip: IPAddress, allow_private: bool) -> str | None:
    """Why a connection to ``ip`` is refused under the setting, or None when it is allowed."""
    reason = classify(ip)
    return None if reason in PRIVATE_REASONS and allow_private else reason


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as an IP literal stands for, in any form ``inet_aton`` or a
    resolver accepts (``2130706433``, ``0x7f.1``, ``017700000001``, ``::ffff:127.0.0.1``);
    None for a host name. No DNS."""
    bare = host.strip("[]").split("%")[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare.rstrip(".")))
        except OSError:
            return None
    return None


def check_url(url: str | httpx.URL, allow_private: bool) -> httpx.URL:
    """The parsed URL, or EgressRefused for a wrong scheme, a missing host or a host that is an
    address (or ``localhost``) which is refused. Without DNS: connecting checks again."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise EgressRefused("host", "") from exc
    if parsed.scheme not in ("http", "https"):
        raise EgressRefused("scheme", parsed.host)
    host = parsed.host
    if not host:
        raise EgressRefused("host", "")
    if host.rstrip(".").lower() == "localhost" or host.rstrip(".").lower().endswith(".localhost"):
        reason: str | None = None if allow_private else "loopback"
    else:
        address = literal_address(host)
        reason = refusal(address, allow_private) if address is not None else None
    if reason:
        raise EgressRefused(reason, host)
    return parsed


def resolve(host: str, port: int, allow_private: bool) -> list[IPAddress]:
    """Every address of ``host``, each one checked; EgressRefused when any is refused (a host
    with one internal address among public ones is not called at all)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"{host}: name not resolved ({exc})") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        reason = refusal(address, allow_private)
        if reason:
            raise EgressRefused(reason, host)
        if address not in addresses:
            addresses.append(address)
    return addresses


# --- the transport --------------------------------------------------------------------------

class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, connecting only to checked addresses of the host."""

    def __init__(self, allow_private: bool, backend: httpcore.NetworkBackend | None = None) -> None:
        self.allow_private = allow_private
        self.backend = backend or httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        error: Exception | None = None
        for address in resolve(host, port, self.allow_private):
            try:  # the checked address, not the name: no second lookup (TLS still checks ``host``)
                return self.backend.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"{host}: no address")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise EgressRefused("host", path)

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


class _CappedStream(httpx.SyncByteStream):
    """A response body that stops at ``max_bytes`` and at the deadline."""

    def __init__(self, stream: httpx.SyncByteStream, max_bytes: int, deadline: float, host: str) -> None:
        self.stream, self.max_bytes, self.deadline, self.host = stream, max_bytes, deadline, host

    def __iter__(self) -> Iterator[bytes]:
        total = 0
        for chunk in self.stream:
            total += len(chunk)
            if total > self.max_bytes:
                raise EgressRefused("too_large", self.host)
            if time.monotonic() > self.deadline:
                raise httpx.ReadTimeout(f"{self.host}: the answer took too long")
            yield chunk

    def close(self) -> None:
        self.stream.close()


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over the guarded backend, refusing redirects, compressed and large answers."""

    def __init__(self, allow_private: bool, max_bytes: int, deadline: float) -> None:
        # HTTPTransport.__init__ only builds ``_pool``; this builds it with the guarded backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),  # certifi, or SSL_CERT_FILE/SSL_CERT_DIR (a private CA)
            network_backend=GuardedBackend(allow_private),
            max_connections=20, max_keepalive_connections=10, keepalive_expiry=5.0)
        self.allow_private, self.max_bytes, self.deadline = allow_private, max_bytes, deadline

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = check_url(request.url, self.allow_private).host
        deadline = time.monotonic() + self.deadline
        request.headers["Accept-Encoding"] = "identity"
        response = super().handle_request(request)
        reason = None
        if 300 <= response.status_code < 400 and response.status_code != 304:
            reason = "redirect"
        elif response.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            reason = "encoding"
        elif _declared_length(response) > self.max_bytes:
            reason = "too_large"
        if reason:
            response.close()
            raise EgressRefused(reason, host)
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = _CappedStream(response.stream, self.max_bytes, deadline, host)
        return response


def _declared_length(response: httpx.Response) -> int:
    """The Content-Length the server announced (0 when none or unreadable: the stream still counts)."""
    value = response.headers.get("Content-Length", "").strip()
    return int(value) if value.isdigit() else 0


# --- what callers use -----------------------------------------------------------------------

def egress_transport(settings: Settings, timeout: float | None = None,
                     max_bytes: int | None = None) -> GuardedTransport:
    """A guarded transport for a client built elsewhere (``xapi.lrs_client.LrsClient``)."""
    seconds = settings.http_timeout if timeout is None else timeout
    return GuardedTransport(settings.allow_private_hosts, max_bytes or settings.egress_max_bytes, 3 * seconds)


def egress_client(settings: Settings, timeout: float | None = None, max_bytes: int | None = None,
                  **kwargs: Any) -> httpx.Client:
    """A guarded ``httpx.Client``: connect and read timeouts of ``timeout`` seconds (default
    ``http_timeout``), no redirects, no environment proxies; other arguments go to httpx."""
    seconds = settings.http_timeout if timeout is None else timeout
    return httpx.Client(transport=egress_transport(settings, seconds, max_bytes), timeout=seconds,
                        follow_redirects=False, trust_env=False, **kwargs)


class JsonReply(NamedTuple):
    status: int
    data: Any  #: the parsed JSON; None when the body is empty or not JSON (never the raw text)


def get_json(settings: Settings, url: str, bearer: str | None = None,
             headers: Mapping[str, str] | None = None, timeout: float | None = None,
             max_bytes: int | None = None) -> JsonReply:
    """GET ``url`` (``Accept: application/json``, optional bearer token) through the guard."""
    return _json_call(settings, "GET", url, None, bearer, headers, timeout, max_bytes)


def post_json(settings: Settings, url: str, body: Any, bearer: str | None = None,
              headers: Mapping[str, str] | None = None, timeout: float | None = None,
              max_bytes: int | None = None) -> JsonReply:
    """POST ``body`` as JSON to ``url`` through the guard."""
    return _json_call(settings, "POST", url, body, bearer, headers, timeout, max_bytes)


def _json_call(settings: Settings, method: str, url: str, body: Any, bearer: str | None,
               headers: Mapping[str, str] | None, timeout: float | None, max_bytes: int | None) -> JsonReply:
    sent = {"Accept": "application/json", **(headers or {})}
    if bearer:
        sent["Authorization"] = "Bearer " + bearer
    with egress_client(settings, timeout, max_bytes) as http:
        response = http.request(method, url, headers=sent, json=body if method != "GET" else None)
    try:
        data = response.json() if response.content else None
    except ValueError:
        data = None
    return JsonReply(response.status_code, data)
