"""Local Ralph 5.1.0 LRS (``fs`` backend) for the demo and the integration tests.

``start_lrs(data_dir)`` runs ``python -m demo_lrs`` as a subprocess and returns
an :class:`LrsProcess` (``.url`` = ``http://HOST:PORT/xAPI/``, statements at
``.statements_url``, ``.stop()``/``.start()`` to simulate an outage). Data
(``fs_lrs.jsonl``), ``auth.json``, ``history.json`` and ``demo_lrs.log`` live
in ``data_dir``. Two Ralph bugs are monkeypatched, see :mod:`demo_lrs.server`.

Ralph 5.1.0 behaviour, measured against this server (with the two patches):

1. POST /xAPI/statements with a list -> 200, body = JSON list of the ids, in
   request order. A single object is accepted too; missing ids get a uuid4.
   Empty list -> 400, the same id twice in one batch -> 400, bad JSON -> 400.
   Content-Type is not checked.
2. Same ids and identical content again -> 204, empty body, nothing written.
   A batch with both new and already-stored identical statements -> 200
   listing only the new ids. Same id with different content -> 409
   ``{"detail": "Differing statements already exist with the same ID: <id>"}``
   and the whole batch is rejected. "Identical" compares actor, verb, object,
   id, result, context and attachments as JSON, plus timestamp and version
   when both statements have them. Timestamps are compared as strings, so
   ``...Z`` vs ``...+00:00`` is a conflict. A statement sent *without*
   ``timestamp`` gets timestamp=stored, so retrying it -> 409. Always send
   ``timestamp``.
3. PUT ?statementId=<uuid> with one statement -> 204. The same again -> 204.
   Different content -> 409 ``{"detail": "A different statement already
   exists with the same ID"}``. Body id != statementId -> 400. If the body
   has no id, the query id is used. Without statementId -> 422. A list
   body -> 422.
4. GET: ``limit`` defaults to 100 and is silently capped at 100.
   ``limit=0`` returns *all* matches with no paging. Results come in
   insertion order, oldest first (xAPI says newest first);
   ``ascending=true`` only reverses each page. ``more`` is a *relative*
   path that keeps the original query, e.g.
   ``/xAPI/statements?limit=50&pit_id=None&search_after=<last id>``. Follow
   it with ``urljoin(url, more)``; this returns every statement exactly
   once. When the total is an exact multiple of ``limit``, the last
   ``more`` gives an empty page. ``since``/``until`` filter on
   ``timestamp``, not ``stored``. Only timezone-aware ISO 8601 works (``Z``,
   ``+02:00``, fractions); naive datetimes, plain dates or epoch numbers
   -> 500. ``agent={"account":{"homePage":...,"name":...}}`` matches the
   actor by exact strings (a trailing ``/`` on homePage matches nothing).
   ``statementId`` -> 200 ``{"statements": [stmt]}`` (a list wrapper, not
   the bare statement). An unknown id -> 200 with an empty list, not 404.
   statementId plus a filter -> 400. ``voidedStatementId`` is ignored and
   returns everything. ``verb`` and ``activity`` (exact ``object.id``) work
   with the patch. Unknown query parameters -> 400. Returned statements
   have ``stored`` and ``authority`` (the auth user's agent) added.
5. ``X-Experience-API-Version`` is neither required nor checked: a missing
   header or "0.9" are both accepted. Responses carry no version or
   consistent-through header. Missing or wrong Basic auth -> 401 with
   ``WWW-Authenticate: Basic``.
6. Validation is loose: only ``actor`` (must be an Agent/Group), ``id``
   (UUID), ``verb.id`` and ``object.id`` (must be present) are checked.
   A failure -> 422 with a pydantic ``detail``, e.g.
   ``loc: ["body", 0, "actor"]``, and one bad statement rejects the whole
   batch. Not checked: IRIs of verb/object, the timestamp format, the
   score range, registration... An invalid IRI in
   ``actor.account.homePage`` -> 500: Ralph cannot serialise its own error,
   and the keep-alive connection is dropped. ``?partialSuccess=true``
   -> 200 ``{"inserted", "rejected", "ids", "errors": [{"index",
   "reason"}]}``.
7. Timing (dev container): POST of 100 statements takes 12-18 ms with up to
   1k stored (about 280 ms for the first request), about 75 ms at 10k. GET of
   a 100-statement page with 1k stored takes 4-6 ms; ``limit=0`` (1000)
   about 40 ms; an agent filter about 13 ms; all 11 pages of 1k about 120 ms.
   Every request scans the JSONL from the start. POST's duplicate check
   scans it all, as does a filter with few matches (about 70 ms at 10k).
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from demo_lrs.server import PASSWORD_ENV

__all__ = ["LrsProcess", "start_lrs"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOG_FILE_NAME = "demo_lrs.log"
HEALTH_PATH = "/__heartbeat__"

# Safety net: servers still running at interpreter exit are stopped.
_RUNNING: set[LrsProcess] = set()


@atexit.register
def _stop_all() -> None:
    """Stop every server this interpreter started and did not stop."""
    for lrs in list(_RUNNING):
        lrs.stop()


def _free_port(host: str) -> int:
    """Return a TCP port that is currently free on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _check_port_free(host: str, port: int) -> None:
    """Raise ``OSError`` if something already listens on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Like uvicorn: a TIME_WAIT port left by our own restart is fine.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise OSError(f"cannot start demo LRS: {host}:{port} in use") from exc


class LrsProcess:
    """A Ralph LRS running in a subprocess; restartable on the same port/data."""

    def __init__(
        self,
        data_dir: Path,
        host: str,
        port: int,
        username: str,
        password: str,
        startup_timeout: float = 30.0,
    ) -> None:
        """Describe the server; call :meth:`start` to launch it."""
        self.data_dir = Path(data_dir).resolve()
        self.host = host
        self.port = port if port else _free_port(host)
        self.username = username
        self.password = password
        self.startup_timeout = startup_timeout
        self.log_path = self.data_dir / LOG_FILE_NAME
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        """Server origin, e.g. ``http://127.0.0.1:8100``."""
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """xAPI endpoint base, e.g. ``http://127.0.0.1:8100/xAPI/``."""
        return f"{self.base_url}/xAPI/"

    @property
    def statements_url(self) -> str:
        """Statements resource, e.g. ``http://127.0.0.1:8100/xAPI/statements``."""
        return f"{self.url}statements"

    @property
    def auth(self) -> tuple[str, str]:
        """Basic-auth ``(username, password)`` tuple for httpx/requests."""
        return (self.username, self.password)

    @property
    def running(self) -> bool:
        """Whether the subprocess is alive."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> Self:
        """Launch the server (no-op if running) and wait until it answers."""
        if self.running:
            return self
        # Otherwise the readiness poll could be answered by another server.
        _check_port_free(self.host, self.port)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env["PYTHONUNBUFFERED"] = "1"
        env[PASSWORD_ENV] = self.password  # keeps it out of `ps` output
        cmd = [
            sys.executable,
            "-m",
            "demo_lrs",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--username",
            self.username,
        ]
        self._log = self.log_path.open("ab")
        # cwd=data_dir: Ralph's settings also read a `.env` from the cwd.
        self._proc = subprocess.Popen(  # noqa: S603 - argv is this interpreter and our own module
            cmd,
            cwd=self.data_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        _RUNNING.add(self)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        """Poll the heartbeat endpoint until 200 or the startup timeout."""
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if not self.running:
                raise RuntimeError(
                    f"demo LRS exited during startup; see {self.log_path}:\n"
                    + self._log_tail()
                )
            try:
                with urllib.request.urlopen(  # noqa: S310 - an http URL built here
                    self.base_url + HEALTH_PATH, timeout=2
                ) as response:
                    if response.status == 200 and self.running:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"demo LRS not ready after {self.startup_timeout}s; "
                    f"see {self.log_path}"
                )
            time.sleep(0.1)

    def _log_tail(self, lines: int = 20) -> str:
        """Return the last lines of the server log."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout``)."""
        proc, self._proc = self._proc, None
        _RUNNING.discard(self)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        """Start the server if needed."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    def __repr__(self) -> str:
        """Short description for test output."""
        return f"LrsProcess(url={self.url!r}, running={self.running})"


def start_lrs(
    data_dir: Path | str,
    port: int = 0,
    username: str = "demo",
    password: str = "demo-password",  # noqa: S107 - local demo/test LRS only
    host: str = "127.0.0.1",
    startup_timeout: float = 30.0,
) -> LrsProcess:
    """Start a Ralph LRS storing in ``data_dir``; ``port=0`` picks a free port."""
    lrs = LrsProcess(Path(data_dir), host, port, username, password, startup_timeout)
    return lrs.start()
