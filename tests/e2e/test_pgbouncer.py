"""Through PgBouncer in transaction pooling (as a site with many instances would connect): exams, autosaves
and certificates work when every transaction may land on another server connection."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lti_tool.db.models import Attempt, Certificate
from tests.conftest import PG_ADMIN_URL, free_port, provision_database, running_tool
from tests.e2e.test_outages import take_exam
from tests.lti_client import Browser, create_link, register


@contextmanager
def pgbouncer() -> Iterator[int]:
    """A PgBouncer of this test's own in front of the suite's PostgreSQL, transaction pooling, 3 server
    connections (fewer than the tool's threads, so transactions share them)."""
    with tempfile.TemporaryDirectory(prefix="aidip-pgbouncer-") as name:  # pytest's tmp_path is root's alone
        yield from _pgbouncer(Path(name))


def _pgbouncer(folder: Path) -> Iterator[int]:
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        pytest.fail("pgbouncer is not installed: scripts/setup.sh installs Debian's pgbouncer when run as root")
    port = free_port()
    server = PG_ADMIN_URL.split("@", 1)[1].split("/", 1)[0]
    host, pg_port = server.split(":") if ":" in server else (server, "5432")
    folder.chmod(0o777)  # PgBouncer refuses to run as root: it runs as postgres and writes its pid here
    ini = folder / "pgbouncer.ini"
    ini.write_text(f"""[databases]
* = host={host} port={pg_port} user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 2
max_client_conn = 200
pidfile = {folder}/pgbouncer.pid
ignore_startup_parameters = extra_float_digits,options
""")
    ini.chmod(0o644)
    command = [binary, str(ini)]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"pgbouncer did not start: {process.stdout.read() if process.stdout else ''}"
                                       ) from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def test_exams_through_pgbouncer_in_transaction_pooling(tmp_path, platform):
    with provision_database("postgresql", tmp_path) as direct, pgbouncer() as port:
        pooled = direct.replace(direct.split("@", 1)[1].split("/", 1)[0], f"127.0.0.1:{port}")
        with running_tool(pooled, None, tmp_path / "i", db_pgbouncer=True, db_pool_size=4,
                          db_max_overflow=0) as tool:
            with Browser() as browser:
                reg = register(browser, platform, tool)
            link = create_link(platform, reg.client_id)
            attempts = [take_exam(tool, platform, link["id"], user) for user in ("sanne", "eva", "daan")]
            with tool.svc.db.session() as db:
                submitted = db.scalar(select(func.count()).select_from(Attempt).where(Attempt.id.in_(attempts),
                                                                                     Attempt.status == "submitted"))
                certified = db.scalar(select(func.count()).select_from(Certificate))
    assert submitted == 3 and certified == 3
