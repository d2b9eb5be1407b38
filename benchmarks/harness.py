"""What the HTTP benchmarks share: a throwaway PostgreSQL database, gunicorn as a subprocess
(with the CPU time and resident memory of its workers read from /proc), the tool's environment
and its command line.
"""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("AIDIP_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def fresh_database(prefix: str, keep: bool = False) -> Iterator[str]:
    """A new, empty PostgreSQL database (SQLAlchemy URL); dropped afterwards unless ``keep``."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    _pg(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        if not keep:
            _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tool_env(database_url: str, base_url: str, instance: Path, **extra: str) -> dict[str, str]:
    """The tool's production settings for a benchmark: everything comes from 127.0.0.1, so the
    per-address rate limits on login and launch are lifted (the load generator is one address)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIDIP_")}
    env.update({
        "AIDIP_DATABASE_URL": database_url,
        "AIDIP_BASE_URL": base_url,
        "AIDIP_INSTANCE_PATH": str(instance),
        "AIDIP_SECRET_KEY": uuid.uuid4().hex,
        "AIDIP_RATE_LIMIT_LAUNCH": "1000000 per minute",
        "AIDIP_LOG_FORMAT": "json",
        "AIDIP_ALLOW_PRIVATE_HOSTS": "1",  # the platform and the LRS run on 127.0.0.1
    })
    env.update(extra)
    return env


def flask_cli(env: Mapping[str, str], *args: str) -> str:
    """``flask --app wsgi …`` in the project folder; fails loudly."""
    done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=dict(env),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass(frozen=True)
class WorkerSettings:
    """gunicorn's knobs that matter here; the same for the tool and its baseline."""

    workers: int = 2
    threads: int = 4
    keep_alive: int = 30

    def args(self) -> list[str]:
        return ["--workers", str(self.workers), "--worker-class", "gthread", "--threads", str(self.threads),
                "--keep-alive", str(self.keep_alive), "--backlog", "2048", "--timeout", "60"]

    def describe(self) -> str:
        return (f"gunicorn --workers {self.workers} --worker-class gthread --threads {self.threads} "
                f"--keep-alive {self.keep_alive}")


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def postgres_cpu_snapshot() -> dict[int, float]:
    """User + system CPU seconds of every PostgreSQL process on this machine so far, by pid (the benchmarks'
    database server is local; run them on a quiet machine so that other clients' queries do not count)."""
    out: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended
            continue
        if text.split("(", 1)[1].rsplit(")", 1)[0] == "postgres":
            fields = text.rsplit(")", 1)[1].split()
            out[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return out


def postgres_cpu_used(before: dict[int, float]) -> float:
    """PostgreSQL CPU seconds spent since ``before`` (a ``postgres_cpu_snapshot``): per process, so a backend
    that ended in between (another client disconnecting) does not subtract its whole life from the figure."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in postgres_cpu_snapshot().items())


def result(name: str, value: float, baseline: float, target: float | None = None, higher_is_better: bool = True,
           unit: str = "", limit: float | None = None) -> None:
    """The one line per figure every benchmark ends with (nothing else prints a line starting with RESULT):

        RESULT <name> value=<number><unit> baseline=<number><unit> ratio=<number> target=<text> met=yes|no

    ``ratio`` is value / baseline. ``target`` bounds that ratio and ``limit`` bounds the value itself (at least
    it when higher is better, at most it otherwise); a figure with both meets its target only when both hold.
    The target text says which, e.g. ``ratio>=0.6`` or ``ratio<=1,value<=0.25s``."""
    ratio = value / baseline if baseline else float("inf")
    sign = ">=" if higher_is_better else "<="
    texts, met = [], True
    if target is not None:
        texts.append(f"ratio{sign}{target:g}")
        met = met and (ratio >= target if higher_is_better else ratio <= target)
    if limit is not None:
        texts.append(f"value{sign}{limit:g}{unit}")
        met = met and (value >= limit if higher_is_better else value <= limit)
    print(f"RESULT {name} value={value:.4g}{unit} baseline={baseline:.4g}{unit} ratio={ratio:.3f} "
          f"target={','.join(texts) or 'none'} met={'yes' if met else 'no'}", flush=True)


def proc_rss_kib(pid: int) -> int:
    """Resident memory (VmRSS) of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(p) for p in text)
    return found


@dataclass
class Gunicorn:
    """A gunicorn master serving ``app`` (``module:variable``) on 127.0.0.1."""

    app: str
    env: Mapping[str, str]
    settings: WorkerSettings
    cwd: Path = ROOT
    port: int = field(default_factory=free_port)
    log: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str = "/healthz") -> Gunicorn:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - owned by the child
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), *self.settings.args(), "--bind", f"127.0.0.1:{self.port}", self.app],
            cwd=self.cwd, env=dict(self.env), stdout=out, stderr=out)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited with {self.process.returncode}; see {self.log}")
            try:
                if httpx.get(self.url + ready_path, timeout=2).status_code == 200 and \
                        len(self.workers()) == self.settings.workers:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.app} did not become ready")

    def workers(self) -> list[int]:
        assert self.process is not None
        return children(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time of all workers (the master only supervises)."""
        return sum(proc_cpu_seconds(p) for p in self.workers())

    def rss_kib(self) -> dict[int, int]:
        return {pid: proc_rss_kib(pid) for pid in self.workers()}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.stop()
        if kind is not None and self.log and self.log.exists():
            tail = self.log.read_text(errors="replace").splitlines()[-40:]
            print(f"--- last lines of {self.app}'s log ({self.log}):", *tail, sep="\n", file=sys.stderr)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]
