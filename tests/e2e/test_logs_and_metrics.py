"""Logs and metrics as deployed: the tool under gunicorn (2 workers, ``gunicorn.conf.py``, JSON logs,
Prometheus multiprocess mode) and a ``flask worker`` sharing the metrics folder. Counters are exact and the
same in every scrape, whichever worker answers; the worker's counters are in the web scrape; one JSON access
line per request; no session id in any line of any process."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from demo_lms.testing import start_platform
from tests.conftest import free_port, make_tool, provision_database
from tests.e2e.fault_rigs import ROOT, Gunicorn, SenderProcess, tool_environment
from tests.lti_client import Browser, create_link, launch, register

PROBES = 200  # GET /healthz, 16 at a time, so that both workers answer some
TOKEN = "scrape-token"
DEAD_LRS = "http://127.0.0.1:9/xAPI/"  # the worker's deliveries fail: its failure counter must show up
ACCESS_FIELDS = {"time", "level", "logger", "pid", "message", "request_id", "method", "route", "status",
                 "duration_ms", "platform_id"}


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = httpx.get(url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10).text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def json_lines(path: Path) -> list[dict[str, Any]]:
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    bad = [line for line in lines if not line.startswith("{")]
    assert not bad, f"plain-text lines in {path.name}: {bad[:5]}"
    return [json.loads(line) for line in lines]


def _run(folder: Path) -> dict[str, Any]:
    platform = start_platform(port=0, control_api=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    metrics_dir = folder / "metrics"
    metrics_dir.mkdir()
    try:
        with provision_database("postgresql", folder) as url:
            app, _ = make_tool(url, None, folder / "tool", base_url=base)
            env = {**tool_environment(url, folder / "tool", base, DEAD_LRS,
                                      SimpleNamespace(username="tool", password="x")),
                   "AIDIP_LOG_FORMAT": "json", "AIDIP_METRICS_TOKEN": TOKEN,
                   "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
            web = Gunicorn(env, port, workers=2, log=folder / "gunicorn.log")
            worker = SenderProcess(env, folder / "worker.log", interval=0.2)
            remote = None
            try:
                result = _exercise(app, platform, web, worker)
                # then a worker "on another host": no shared folder, its own /metrics on a port. Started only now:
                # running beside the first, it could lease the statements first, and the first would never fail
                alone = f"127.0.0.1:{free_port()}"
                remote = SenderProcess({**{k: v for k, v in env.items() if k != "PROMETHEUS_MULTIPROC_DIR"},
                                        "AIDIP_WORKER_METRICS_ADDRESS": alone}, folder / "remote.log", interval=0.2)
                result["remote"] = _remote_scrapes(f"http://{alone}")
                return result
            finally:
                web.stop()
                worker.stop()
                if remote is not None:
                    remote.stop()
                app.extensions["aidiploma"].db.dispose()
    finally:
        platform.stop()


def _exercise(app: Any, platform: Any, web: Gunicorn, worker: SenderProcess) -> dict[str, Any]:
    with Browser() as browser:
        link = create_link(platform, register(browser, platform, app).client_id)
        page = launch(browser, platform, link["id"], "sanne")  # the first question: two statements journaled
        assert page.status_code == 200 and "/s/" in page.url.path, page.url
        sid = page.url.path.split("/")[2]
        assert browser.get(f"{web.url}/s/{sid}/no-such-page?q=secret").status_code == 404
    before = scrape(web.url)

    def probe(n: int) -> int:
        return httpx.get(web.url + "/healthz", headers={"X-Request-ID": f"probe-{n}"}).status_code

    with ThreadPoolExecutor(16) as pool:
        assert set(pool.map(probe, range(PROBES))) == {200}
    scrapes = [scrape(web.url) for _ in range(6)]
    for _ in range(150):  # the worker fails to reach the LRS within a round or two
        last = scrape(web.url)
        if value(last, "aidip_send_failures_total", outbox="statements"):
            break
        time.sleep(0.1)
    worker.stop()
    last = scrape(web.url)  # the last request gunicorn answers
    return {"sid": sid, "before": before, "scrapes": scrapes, "last": last,
            "text": httpx.get(web.url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text}


def _remote_scrapes(url: str) -> dict[str, Any]:
    for _ in range(300):  # until the worker that was just started listens
        try:
            refused = httpx.get(url + "/metrics").status_code
            break
        except httpx.TransportError:
            time.sleep(0.1)
    for _ in range(300):
        samples = scrape(url)
        if value(samples, "aidip_send_failures_total", outbox="statements"):
            break
        time.sleep(0.1)
    return {"refused": refused, "samples": samples, "other": httpx.get(url + "/").status_code}


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("logsmetrics")
    result = _run(folder)
    result.update(web_log=folder / "gunicorn.log", worker_log=folder / "worker.log", remote_log=folder / "remote.log")
    return result


def test_counters_are_exact_and_the_same_in_every_scrape(rig):
    healthz = value(rig["before"], "aidip_request_seconds_count", endpoint="web.healthz")
    for samples in rig["scrapes"]:
        assert value(samples, "aidip_request_seconds_count", endpoint="web.healthz") == healthz + PROBES
        assert value(samples, "aidip_launches_total", message_type="LtiResourceLinkRequest") == 1
        assert value(samples, "aidip_attempts_total", event="started") == 1
        assert value(samples, "aidip_responses_total", status="404") == 1
    # both workers answered probes: the totals above are sums over processes, not one worker's view
    probes = [line for line in json_lines(rig["web_log"]) if str(line.get("request_id")).startswith("probe-")]
    assert len({line["pid"] for line in probes}) >= 2


def test_the_worker_counters_are_in_the_web_scrape(rig):
    assert value(rig["last"], "aidip_send_failures_total", outbox="statements") >= 1
    assert value(rig["last"], "aidip_ready") == 1


def test_a_worker_on_another_host_serves_its_own_metrics(rig):
    remote = rig["remote"]
    assert remote["refused"] == 401 and remote["other"] == 404
    assert value(remote["samples"], "aidip_send_failures_total", outbox="statements") >= 1


def test_one_json_access_line_per_request_with_the_route(rig):
    lines = json_lines(rig["web_log"])
    access = [line for line in lines if line["logger"] == "lti_tool.access"]
    answered = sum(v for (name, _), v in rig["last"].items() if name == "aidip_responses_total")
    assert len(access) == answered + 2  # the last scrape and the text scrape after it counted themselves
    ids = Counter(line["request_id"] for line in access)
    assert all(ids[f"probe-{n}"] == 1 for n in range(PROBES))
    assert all(line["request_id"] for line in access), [line for line in access if not line["request_id"]]
    assert {line["route"] for line in access if line["request_id"].startswith("probe-")} == {"/healthz"}
    assert all(set(line) == ACCESS_FIELDS for line in access), access[0]
    routes = {line["route"] for line in access}
    assert "/s/<sid>/attempt/<int:attempt_id>/q/<int:position>" in routes or any(
        r and r.startswith("/s/<sid>/") for r in routes), routes
    assert any(line["platform_id"] for line in access)  # known once the launch's session is there
    missing = [line for line in access if line["status"] == 404]
    assert len(missing) == 1 and missing[0]["route"] is None


def test_no_session_id_or_personal_data_in_any_line(rig):
    sid = rig["sid"]
    for path in (rig["web_log"], rig["worker_log"], rig["remote_log"]):
        text = path.read_text()
        assert sid not in text, path.name
        assert "secret" not in text and "sanne" not in text.lower() and "de Vries" not in text, path.name
        json_lines(path)  # every line JSON, the worker's and gunicorn's own too
    worker = json_lines(rig["worker_log"])
    assert any("statements sent 0 failed" in line["message"] for line in worker), worker[-5:]


AIDIP_NAME = re.compile(r"\baidip_[a-z_]+\b")


def test_dashboard_and_alerts_use_only_exported_metrics(rig):
    exported = {name for name, _ in rig["last"]} | {f.name for f in text_string_to_metric_families(rig["text"])}
    dashboard = json.loads((ROOT / "ops" / "grafana-dashboard.json").read_text())
    alerts = yaml.safe_load((ROOT / "ops" / "alerts.yml").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    exprs += [rule["expr"] for group in alerts["groups"] for rule in group["rules"]]
    used = {name for expr in exprs for name in AIDIP_NAME.findall(expr)}
    assert len(exprs) >= 15 and {"aidip_outbox_oldest_seconds", "aidip_send_failures_total", "aidip_ready",
                                 "aidip_launches_total", "aidip_request_seconds_bucket"} <= used
    assert used <= exported, used - exported
    assert all(rule["alert"] and rule["annotations"]["summary"] for g in alerts["groups"] for rule in g["rules"])
