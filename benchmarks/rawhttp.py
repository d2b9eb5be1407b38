"""A minimal asyncio HTTP/1.1 client for the load generators.

httpx costs about 3 ms of CPU per request here (measured: 6.8 ms per login + launch, of which
0.4 ms is signing the id_token), which on a 2-core machine makes the load generator slower than
the baseline tool it drives. This client does only what the benchmarks need — keep-alive
connections to one host, ``Content-Length`` and chunked bodies, no cookie jar, no redirects
followed — for a small fraction of that.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit


class HttpError(Exception):
    """The connection failed or the server answered something that is not HTTP/1.1."""


class Headers:
    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.items = items

    def get(self, name: str, default: str | None = None) -> str | None:
        name = name.lower()
        return next((v for k, v in self.items if k == name), default)

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def get_list(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.items if k == name]


class Response:
    def __init__(self, status_code: int, headers: Headers, content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.last_used = time.monotonic()

    def close(self) -> None:
        self.writer.close()


class Client:
    """Keep-alive connections to one origin (``http://host:port``), at most ``connections`` open."""

    def __init__(self, origin: str, connections: int, timeout: float = 60, idle_timeout: float = 15) -> None:
        parts = urlsplit(origin)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        #: kept-alive connections idle longer than this are closed rather than reused (below the
        #: server's keep-alive, so the server rarely closes one under a request)
        self.idle_timeout = idle_timeout
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(connections)
        #: requests sent again on a new connection because the server had closed a kept-alive one
        self.retries = 0

    async def get(self, url: str, params: Mapping[str, str] | None = None,
                  headers: Mapping[str, str] | None = None) -> Response:
        return await self.request("GET", url + ("?" + urlencode(params) if params else ""), headers=headers)

    async def post(self, url: str, data: Mapping[str, str | list[str]] | list[tuple[str, str]] | None = None,
                   headers: Mapping[str, str] | None = None) -> Response:
        body = urlencode(data or {}, doseq=True).encode()
        return await self.request("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                      **(headers or {})})

    async def post_multipart(self, url: str, fields: list[tuple[str, str]],
                             headers: Mapping[str, str] | None = None) -> Response:
        """A POST of ``multipart/form-data``, as a browser sends ``fetch(url, {body: new FormData(form)})``."""
        boundary = "----aidipbench" + uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                 for name, value in fields]
        body = ("".join(parts) + f"--{boundary}--\r\n").encode()
        return await self.request("POST", url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                      **(headers or {})})

    async def request(self, method: str, url: str, body: bytes = b"",
                      headers: Mapping[str, str] | None = None) -> Response:
        parts = urlsplit(url)
        target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}", "User-Agent: aidip-bench"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        async with self._slots:
            for attempt in (1, 2):
                conn = self._reusable() if attempt == 1 else None
                reused = conn is not None
                if conn is None:
                    conn = _Connection(*await asyncio.open_connection(self.host, self.port))
                try:
                    conn.writer.write(raw)
                    response, keep = await asyncio.wait_for(self._read(conn.reader), self.timeout)
                except (ConnectionError, asyncio.IncompleteReadError) as exc:
                    conn.close()
                    # a kept-alive connection the server closed meanwhile: one retry on a new one
                    if reused and attempt == 1:
                        self.retries += 1
                        continue
                    raise HttpError(f"{method} {url}: {exc!r} on a {'kept-alive' if reused else 'new'} connection"
                                    f"{' (second try)' if attempt == 2 else ''}") from exc
                except BaseException:
                    conn.close()
                    raise
                if keep:
                    conn.last_used = time.monotonic()
                    self._idle.append(conn)
                else:
                    conn.close()
                return response
        raise AssertionError("unreachable")

    def _reusable(self) -> _Connection | None:
        while self._idle:
            conn = self._idle.pop()
            if time.monotonic() - conn.last_used < self.idle_timeout:
                return conn
            conn.close()
        return None

    @staticmethod
    async def _read(reader: asyncio.StreamReader) -> tuple[Response, bool]:
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        version, status, *_ = status_line.split(" ", 2)
        if not version.startswith("HTTP/1."):
            raise HttpError(f"not an HTTP/1.x answer: {status_line!r}")
        items = []
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                items.append((name.strip().lower(), value.strip()))
        headers = Headers(items)
        if (headers.get("transfer-encoding") or "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            content = b"".join(chunks)
        elif headers.get("content-length") is not None:
            content = await reader.readexactly(int(headers["content-length"]))
        elif status in ("204", "304"):
            content = b""
        else:  # the body ends with the connection
            return Response(int(status), headers, await reader.read()), False
        keep = (headers.get("connection") or "").lower() != "close" and version == "HTTP/1.1"
        return Response(int(status), headers, content), keep

    async def aclose(self) -> None:
        for conn in self._idle:
            conn.close()
        self._idle.clear()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
