"""What the fault tests run the tool on: a private PostgreSQL cluster that may be restarted, the
tool under a real gunicorn, ``flask worker`` sender processes, and an LRS proxy that counts what
the senders deliver on the wire. Not a test module."""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    from tests.conftest import free_port

    return free_port()


# --- a PostgreSQL cluster of the test's own --------------------------------------------------


@dataclass
class PrivatePostgres:
    """A throwaway cluster on a free port (never the machine's shared server)."""

    bindir: Path
    data: Path
    port: int
    run_as: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        # the server's output goes to its log file, never to a pipe of ours (that would never close)
        with (self.data / "pg_ctl.out").open("ab") as out:
            subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.data / "cluster"), "-w",
                            "-t", "60", "-l", str(self.data / "postgres.log"), *args],
                           check=True, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=90)

    @property
    def options(self) -> str:
        return (f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off")

    def start(self) -> None:
        self.ctl("-o", self.options, "start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "stop")

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: open connections are cut, transactions in flight roll back."""
        self.ctl("-m", "fast", "restart")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2].split(".")[0]))
    bindir = Path(dirs[-1]) if dirs else None
    if bindir is None or not (bindir / "initdb").exists():
        pytest.skip("PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin/initdb): "
                    "no private cluster to restart")
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="aidip-pg-"))  # in /tmp: the postgres user must reach it
    if os.geteuid() == 0:  # initdb refuses to run as root
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    cluster = PrivatePostgres(bindir, folder, _free_port(), run_as)
    try:
        subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(folder / "cluster"), "-U", "postgres",
                        "-A", "trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True, timeout=120)
        cluster.start()
        yield cluster
    finally:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(folder / "cluster"), "-m", "immediate", "-w",
                        "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(folder, ignore_errors=True)


# --- the tool and its senders in processes of their own -------------------------------------


def tool_environment(database_url: str, instance: Path, base_url: str, lrs_url: str, lrs: Any) -> dict[str, str]:
    return {**os.environ, "AIDIP_DATABASE_URL": database_url, "AIDIP_INSTANCE_PATH": str(instance),
            "AIDIP_BASE_URL": base_url, "AIDIP_LRS_ENDPOINT": lrs_url, "AIDIP_LRS_USERNAME": lrs.username,
            "AIDIP_LRS_PASSWORD": lrs.password, "AIDIP_LOG_FORMAT": "text", "AIDIP_HTTP_TIMEOUT": "5",
            "AIDIP_LRS_TIMEOUT": "5", "AIDIP_RATE_LIMIT_LAUNCH": "100000 per minute",
            "AIDIP_RATE_LIMIT_PUBLIC": "100000 per minute", "AIDIP_SENDER_INTERVAL": "0",
            "AIDIP_ALLOW_PRIVATE_HOSTS": "1",
            "AIDIP_SECRET_KEY": "fault-rig-" + database_url.rsplit("/", 1)[-1]}


class Gunicorn:
    """``gunicorn --config gunicorn.conf.py -w N --threads 2 wsgi:app`` as in production; workers can be
    killed mid-request."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log: Path, threads: int = 2) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), "-w", str(workers), "--threads",
             str(threads), "-b", f"127.0.0.1:{port}", "--graceful-timeout", "2", "--timeout", "60",
             "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.wait_ready(workers)

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            return []

    def wait_ready(self, workers: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited"
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200 and len(self.workers()) >= workers:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError("gunicorn did not come up")

    def kill_workers(self) -> list[int]:
        """SIGKILL every worker at once (whatever request each was serving); the master starts new ones."""
        killed = self.workers()
        for pid in killed:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return killed

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self._log.close()


class SenderProcess:
    """``flask --app wsgi worker`` (both outbox senders in a loop) as a process of its own."""

    def __init__(self, env: dict[str, str], log: Path, interval: float = 0.1) -> None:
        self._log = log.open("ab")
        self.process = subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "worker", "--interval", str(interval)],
                                        cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if not self._log.closed:
            self._log.close()


@contextmanager
def private_redis(port: int) -> Iterator[subprocess.Popen[bytes]]:
    """A Redis of this test's own (nothing kept on disk), stopped afterwards."""
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield process
    finally:
        process.terminate()
        process.wait(10)


# --- counting deliveries on the wire ----------------------------------------------------------


class RecordingLrsProxy:
    """Forwards every request to the real LRS and counts the statement ids of each POST or PUT the
    LRS accepted: a statement sent twice shows up here even though the LRS would store it once."""

    def __init__(self, lrs_url: str) -> None:
        self.upstream = lrs_url.split("/xAPI/")[0]
        self.accepted: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=30)
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.port}/xAPI/"
        self._thread = threading.Thread(target=self._server.serve_forever, name="lrs-proxy", daemon=True)
        self._thread.start()

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        body = request.get_data()
        headers = {k: v for k, v in request.headers.items() if k.lower() in
                   ("authorization", "content-type", "x-experience-api-version")}
        upstream = self._client.request(request.method, self.upstream + request.full_path.rstrip("?"),
                                        content=body, headers=headers)
        if request.method in ("POST", "PUT") and request.path.endswith("/statements") and \
                upstream.status_code in (200, 204):
            sent = json.loads(body)
            ids = [s.get("id") for s in (sent if isinstance(sent, list) else [sent])]
            if request.method == "PUT":
                ids = [request.args.get("statementId")]
            with self._lock:
                self.accepted.update(i for i in ids if i)
        response = Response(upstream.content, status=upstream.status_code,
                            content_type=upstream.headers.get("content-type"))
        return response(environ, start_response)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self._client.close()
