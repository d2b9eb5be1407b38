"""Production shape: readiness, metrics, request ids, security headers, rate limits."""

from __future__ import annotations

import logging
import socket
import time

import httpx
from flask import request

from tests.conftest import make_tool, running_tool
from tests.lti_client import create_link, press_start, register, start_launch


def test_readyz_checks_database_migrations_and_lrs(tool):
    ready = httpx.get(tool.url + "/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok" and body["checks"]["migrations"] == "ok"
    assert body["checks"]["lrs"] == "ok"
    assert httpx.get(tool.url + "/healthz").json() == {"status": "ok"}


def test_readyz_warns_about_the_lrs_without_failing(database_url, lrs, tmp_path):
    with running_tool(database_url, None, tmp_path / "i", lrs_endpoint="http://127.0.0.1:9/xAPI/") as tool:
        body = httpx.get(tool.url + "/readyz").json()
    assert body["status"] == "ready" and body["checks"]["lrs"].startswith("warning: unreachable")


def test_readyz_reports_a_wrong_lrs_password_path_or_a_silent_lrs_within_a_second(lrs, tmp_path):
    silent = socket.socket()  # accepts connections and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        cases = {"credentials refused (401)": {"lrs_password": "wrong"},
                 "no statements resource here (404)": {"lrs_endpoint": lrs.url.rstrip("/") + "/nothing-here/"},
                 "no answer within": {"lrs_endpoint": f"http://127.0.0.1:{silent.getsockname()[1]}/xAPI/"}}
        for expected, setting in cases.items():
            with running_tool(f"sqlite:///{tmp_path / 'tool.sqlite3'}", lrs, tmp_path / "i", **setting) as tool:
                began = time.monotonic()
                ready = httpx.get(tool.url + "/readyz")
                took = time.monotonic() - began
            assert ready.status_code == 200 and ready.json()["checks"]["lrs"].startswith("warning:"), expected
            assert expected in ready.json()["checks"]["lrs"] and took < 1.5, (expected, took)
    finally:
        silent.close()


def test_metrics_count_launches_and_show_the_outbox(database_url, lrs, tmp_path, platform, browser):
    with running_tool(database_url, lrs, tmp_path / "i", metrics_token="scrape-me") as tool:
        reg = register(browser, platform, tool)
        link = create_link(platform, reg.client_id)
        start_page = browser.follow(browser.submit_form(start_launch(browser, platform, link["id"], "sanne")))
        scrape = {"Authorization": "Bearer scrape-me"}
        before = httpx.get(tool.url + "/metrics", headers=scrape).text  # the start page: nothing begun yet
        press_start(browser, start_page)
        text = httpx.get(tool.url + "/metrics", headers=scrape).text
    assert 'aidip_launches_total{message_type="LtiResourceLinkRequest"} 1.0' in before
    assert 'aidip_attempts_total{event="started"}' not in before
    journaled = [float(line.rsplit(" ", 1)[1]) for line in before.splitlines()
                 if line.startswith('aidip_outbox_depth{outbox="statements"')]
    assert sum(journaled) == 0  # nothing journaled before Start
    assert 'aidip_attempts_total{event="started"} 1.0' in text
    assert 'aidip_outbox_depth{outbox="statements",status="pending"} 2.0' in text  # launched, initialized
    assert "aidip_outbox_oldest_seconds" in text


def test_request_ids_and_security_headers(tool, platform, browser):
    register(browser, platform, tool)
    response = httpx.get(tool.url + "/", headers={"X-Request-ID": "trace-123"})
    assert response.headers["X-Request-ID"] == "trace-123"
    assert httpx.get(tool.url + "/").headers["X-Request-ID"]
    csp = response.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {platform.url}" in csp and "script-src 'self'" in csp


def test_login_is_rate_limited(database_url, tmp_path):
    with running_tool(database_url, None, tmp_path / "i", rate_limit_launch="3 per minute") as tool:
        codes = [httpx.get(tool.url + "/lti/login").status_code for _ in range(5)]
    assert codes[:3] == [400, 400, 400] and codes[3:] == [429, 429]


def test_one_access_line_and_one_count_per_request_even_when_an_after_request_hook_fails(tmp_path, caplog):
    app, _ = make_tool(f"sqlite:///{tmp_path / 'tool.sqlite3'}", None, tmp_path / "i")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the client gets a 500

    @app.after_request
    def broken(response):  # runs before the tool's own hooks, on the error path again too
        if request.args.get("break"):
            raise RuntimeError("hook failed")
        return response

    caplog.set_level(logging.INFO, logger="lti_tool.access")
    client = app.test_client()
    statuses = [client.get(path).status_code for path in ("/healthz", "/healthz?break=1", "/nowhere?name=x")]
    lines = [record.access for record in caplog.records if record.name == "lti_tool.access"]
    assert statuses == [200, 500, 404]
    assert [(line["route"], line["status"]) for line in lines] == [("/healthz", 200), ("/healthz", 500), (None, 404)]
    assert all(line["duration_ms"] is not None and "name=x" not in str(line) for line in lines)
    registry = app.extensions["aidiploma_metrics"].registry
    assert [registry.get_sample_value("aidip_responses_total", {"status": s}) for s in ("200", "500", "404")] == \
        [1, 1, 1]
    app.extensions["aidiploma"].db.dispose()
