"""The production shape on loopback, end to end: a PostgreSQL database, Redis, Ralph, the demo LMS, two
tool instances under gunicorn (each with its own instance folder; one shared secret, database and Redis)
behind a round-robin balancer that sends every request to the other instance, and two ``flask worker``
senders. Both instances run ``flask init`` at once; then employees launch from the LMS and take the exam
through the balancer, and afterwards every attempt is whole, every statement is at the LRS once and every
score at the LMS once.

    scripts/production-smoke.sh [--employees 12]

Not a test module: ``tests/e2e/test_production_smoke.py`` runs the script. Exit 0 and ``SMOKE OK``.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from itertools import cycle
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from demo_lms.testing import start_platform
from demo_lrs import start_lrs
from lti_tool.db.models import Platform, ScoreOutbox, Statement
from tests.conftest import free_port, provision_database
from tests.e2e.exam_load import (
    add_employees,
    assert_attempts_whole,
    assert_scores_once_at_platform,
    assert_statements_once_at_lrs,
    run_load,
    tool_view,
)
from tests.e2e.fault_rigs import BIN, ROOT, Gunicorn, SenderProcess, private_redis
from tests.lti_client import Browser, create_link, state

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length",
              "content-encoding", "host"}


class RoundRobinBalancer:
    """An HTTP balancer that sends each request to the next backend (no stickiness, so consecutive pages of
    one session land on different instances) and counts what each served."""

    def __init__(self, backends: list[str]) -> None:
        self.served: Counter[str] = Counter()
        self._next = cycle(backends)
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=60, follow_redirects=False)
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="balancer", daemon=True)
        self._thread.start()

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        with self._lock:
            backend = next(self._next)
            self.served[backend] += 1
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Host"] = self.url.split("//", 1)[1]
        upstream = self._client.request(request.method, backend + request.full_path.rstrip("?"),
                                        content=request.get_data(), headers=headers)
        response = Response(upstream.content, status=upstream.status_code,
                            headers=[(k, v) for k, v in upstream.headers.multi_items() if k.lower() not in HOP_BY_HOP])
        return response(environ, start_response)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self._client.close()


def init_from_every_instance(envs: list[dict[str, str]]) -> None:
    runs = [subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "init"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for env in envs]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-3000:]
        print("  init:", out.strip().splitlines()[-1][:100])


def register_through(platform: Any, env: dict[str, str]) -> str:
    """The administrator's invitation (``flask platform invite``), then the LMS's dynamic registration
    through the balancer; the new client id."""
    invited = subprocess.run([str(BIN / "flask"), "--app", "wsgi", "platform", "invite", "--home", "--note",
                              "smoke"], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120)
    grant = httpx.post(platform.url + "/_control/registration-token").json()
    with Browser() as browser:
        response = browser.get(invited.stdout.strip().splitlines()[0], params={
            "openid_configuration": grant["openid_configuration"], "registration_token": grant["registration_token"]})
    assert response.status_code == 200, response.text[:500]
    return str(state(platform)["tools"][-1]["client_id"])


def wait_delivered(db_url: str, timeout: float = 120) -> None:
    db = tool_view(db_url).svc.db
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.session() as session:
            pending = session.scalars(select(Statement.id).where(Statement.status != "sent")).first() or \
                session.scalars(select(ScoreOutbox.id).where(ScoreOutbox.status != "sent")).first()
        if pending is None:
            return
        time.sleep(0.3)
    raise AssertionError("the senders did not deliver everything")


def smoke(folder: Path, employees: int) -> None:
    lrs = start_lrs(folder / "lrs", port=0, username="tool", password="lrs-secret")
    platform = start_platform(port=0, control_api=True)
    redis_port = free_port()
    with provision_database("postgresql", folder) as url, private_redis(redis_port):
        ports = [free_port(), free_port()]
        balancer = RoundRobinBalancer([f"http://127.0.0.1:{p}" for p in ports])
        common = {**os.environ, "AIDIP_DATABASE_URL": url, "AIDIP_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                  "AIDIP_SECRET_KEY": "smoke-shared-secret", "AIDIP_BASE_URL": balancer.url,
                  "AIDIP_LRS_ENDPOINT": lrs.url, "AIDIP_LRS_USERNAME": lrs.username,
                  "AIDIP_LRS_PASSWORD": lrs.password, "AIDIP_ALLOW_PRIVATE_HOSTS": "1", "AIDIP_SENDER_INTERVAL": "0",
                  "AIDIP_LOG_FORMAT": "text", "AIDIP_DB_POOL_SIZE": "5", "AIDIP_DB_MAX_OVERFLOW": "5"}
        envs = [{**common, "AIDIP_INSTANCE_PATH": str(folder / f"instance-{n}")} for n in (1, 2)]
        init_from_every_instance(envs)
        instances = [Gunicorn(env, port, 2, folder / f"gunicorn-{n}.log", threads=4)
                     for n, (env, port) in enumerate(zip(envs, ports, strict=True), 1)]
        senders = [SenderProcess(envs[n], folder / f"worker-{n + 1}.log", interval=0.2) for n in (0, 1)]
        try:
            tool = tool_view(url)
            tool.url = balancer.url  # type: ignore[attr-defined]
            link = create_link(platform, register_through(platform, envs[0]))
            keys = add_employees(platform, employees)
            stats = run_load(platform, link["id"], tool, keys, lambda stats: None)
            wait_delivered(url)
            with tool.svc.db.session() as db:
                tenant = db.scalars(select(Platform.id).where(Platform.issuer == platform.url)).one()
                assert_attempts_whole(db, tenant, stats, keys)
                statements = assert_statements_once_at_lrs(db, lrs, platform.url, tenant)
                assert_scores_once_at_platform(db, platform, tenant)
            assert all(balancer.served[i.url] > 20 * employees // 2 for i in instances), balancer.served
            assert not stats.retries, stats.retries
            print(f"  {employees} exams through the balancer: requests per instance {dict(balancer.served)}; "
                  f"{statements} statements at the LRS once each; {employees} scores at the LMS once each")
        finally:
            for process in (*senders, *instances):
                process.stop()
            balancer.close()
            lrs.stop()
            platform.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=12)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the balancer's and the LMS's request lines
    with tempfile.TemporaryDirectory(prefix="aidip-smoke-") as name:
        smoke(Path(name), args.employees)
    print("SMOKE OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
