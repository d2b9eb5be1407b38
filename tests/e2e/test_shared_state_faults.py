"""Several instances and their shared state: one secret for all, ``flask init`` from every instance at once,
and Redis going away (503 with Retry-After, rate limits counted in memory, readiness that says so)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from lti_tool.db.models import ItemVersion, ToolKey
from lti_tool.settings import SettingsError, load_settings
from tests.conftest import free_port, provision_database, running_tool
from tests.e2e.fault_rigs import private_redis
from tests.lti_client import Browser, create_link, register, start_launch

ROOT = Path(__file__).resolve().parents[2]


def test_a_shared_database_needs_the_shared_secret(tmp_path):
    environ = {"AIDIP_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1/x", "AIDIP_INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(SettingsError, match="AIDIP_SECRET_KEY is not set"):
        load_settings(environ=environ)
    assert not (tmp_path / "secret_key").exists()  # nothing made up for this instance alone
    assert load_settings(environ=environ | {"AIDIP_SECRET_KEY": "shared"}).secret_key == "shared"
    alone = load_settings(environ={"AIDIP_INSTANCE_PATH": str(tmp_path)})  # SQLite: one machine
    assert alone.secret_key == (tmp_path / "secret_key").read_text().strip()
    started = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, **environ, "AIDIP_SECRET_KEY": ""}, check=False, timeout=60)
    assert started.returncode != 0 and "AIDIP_SECRET_KEY is not set" in started.stderr


def test_flask_init_from_three_instances_at_once(tmp_path):
    with provision_database("postgresql", tmp_path) as url:
        runs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "init"], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "AIDIP_DATABASE_URL": url, "AIDIP_SECRET_KEY": "shared",
                                      "AIDIP_INSTANCE_PATH": str(tmp_path / f"instance-{n}")})
                for n in range(3)]
        outputs = [run.communicate(timeout=300) for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0], [err[-2000:] for _, err in outputs]
        assert sum("database ready" in out for out, _ in outputs) == 3
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                assert connection.scalar(select(func.count()).select_from(ToolKey)) == 1
                versions = connection.scalar(select(func.count()).select_from(ItemVersion))
        finally:
            engine.dispose()
        assert versions and all(f"items: 0 new versions, {versions} unchanged" in out
                                for out, _ in outputs if "items: 0 new" in out)
        assert sum(f"items: {versions} new versions" in out for out, _ in outputs) == 1


def test_redis_going_away_answers_503_and_the_limits_keep_counting(tmp_path, platform):
    port = free_port()
    with private_redis(port) as redis_process, \
            running_tool(f"sqlite:///{tmp_path / 'tool.sqlite3'}", None, tmp_path / "i",
                         redis_url=f"redis://127.0.0.1:{port}/0", rate_limit_launch="3 per minute") as tool:
        with Browser() as browser:
            reg = register(browser, platform, tool)
        link = create_link(platform, reg.client_id)
        with Browser() as browser:
            start = browser.follow(browser.submit_form(start_launch(browser, platform, link["id"], "sanne")))
        assert start.status_code == 200 and "/s/" in str(start.url)
        assert httpx.get(tool.url + "/readyz").json()["checks"]["redis"] == "ok"
        redis_process.terminate()
        redis_process.wait(10)

        html = {"Accept": "text/html"}
        page = httpx.get(str(start.url), headers=html | {"Accept-Language": "en"})
        assert page.status_code == 503 and page.headers["Retry-After"] == "5"
        assert "session store cannot be reached" in page.text and "Traceback" not in page.text
        nl = httpx.get(str(start.url), headers=html | {"Accept-Language": "nl"})
        assert nl.status_code == 503 and "sessieopslag" in nl.text
        as_json = httpx.get(str(start.url), headers={"Accept": "application/json"})
        assert as_json.status_code == 503 and as_json.json()["status"] == 503
        began = time.monotonic()
        ready = httpx.get(tool.url + "/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["redis"].startswith("unavailable")
        assert time.monotonic() - began < 2.5
        codes = [httpx.get(tool.url + "/lti/login").status_code for _ in range(5)]
        assert codes == [400, 400, 400, 429, 429]  # counted in this process while Redis is away

        with private_redis(port):
            assert httpx.get(tool.url + "/readyz").status_code == 200
