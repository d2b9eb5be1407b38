"""The local demo: a Ralph LRS, the demo LMS and the tool, wired together, on SQLite.

Run through ``./scripts/demo.sh``. Everything lives in ``var/demo/``; a second run keeps the
registration, attempts and statements. Stop with Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from demo_lrs import start_lrs
from lti_tool.catalogue import Catalogue

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "var" / "demo"
PY = sys.executable
TOOL_PORT = int(os.environ.get("DEMO_TOOL_PORT", "5000"))
LMS_PORT = int(os.environ.get("DEMO_LMS_PORT", "5100"))
LRS_PORT = int(os.environ.get("DEMO_LRS_PORT", "8100"))
TOOL = f"http://127.0.0.1:{TOOL_PORT}"
LMS = f"http://127.0.0.1:{LMS_PORT}"
LRS_USER, LRS_PASSWORD = "demo", "demo-password"  # a local demo LRS


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not come up; see the logs in {DATA}")


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    lrs = start_lrs(DATA / "lrs", port=LRS_PORT, username=LRS_USER, password=LRS_PASSWORD)
    env = {**os.environ,
           "AIDIP_INSTANCE_PATH": str(DATA / "tool"), "AIDIP_BASE_URL": TOOL,
           "AIDIP_LRS_ENDPOINT": lrs.url, "AIDIP_LRS_USERNAME": LRS_USER, "AIDIP_LRS_PASSWORD": LRS_PASSWORD,
           "AIDIP_DEFAULT_LOCALE": "nl", "AIDIP_ORGANISATION_NAME": "Voorbeeld Groep",
           "AIDIP_TIMEZONE": "Europe/Amsterdam",
           "AIDIP_ALLOW_PRIVATE_HOSTS": "1"}  # the demo LMS and the LRS run on 127.0.0.1
    (DATA / "metrics").mkdir(exist_ok=True)
    env["PROMETHEUS_MULTIPROC_DIR"] = str(DATA / "metrics")  # the worker's counters in the tool's /metrics
    flask = [PY, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "init"], cwd=ROOT, env=env, check=True)  # noqa: S603
    logs = {name: (DATA / f"{name}.log").open("ab") for name in ("lms", "tool", "worker")}
    procs = [
        subprocess.Popen([PY, "-m", "demo_lms", "--port", str(LMS_PORT), "--control-api",  # noqa: S603
                          "--data-file", str(DATA / "lms.json"), "--tool-url", TOOL + "/lti/register"],
                         cwd=ROOT, stdout=logs["lms"], stderr=subprocess.STDOUT),
        subprocess.Popen([PY, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--workers", "2",  # noqa: S603
                          "--threads", "4", "--bind", f"127.0.0.1:{TOOL_PORT}", "wsgi:app"],
                         cwd=ROOT, env=env, stdout=logs["tool"], stderr=subprocess.STDOUT),
        subprocess.Popen([*flask, "worker", "--interval", "2"], cwd=ROOT, env=env,  # noqa: S603
                         stdout=logs["worker"], stderr=subprocess.STDOUT),
    ]
    try:
        wait_for(LMS + "/")
        wait_for(TOOL + "/healthz")
        connect(flask, env)
        organise(flask, env)
        print(f"""
  AI diploma demo is running.

  1. Open the demo LMS:        {LMS}/
     pick an employee (e.g. Sanne de Vries), open the course and press
     "Openen in de pagina" (Open in the page) next to the basic exam.
  2. Grades in the gradebook:  {LMS}/course/ai-diploma-2026/gradebook
  3. Statements in the LRS:    curl -u {LRS_USER}:{LRS_PASSWORD} '{lrs.url}statements?limit=10'
  The tool itself:             {TOOL}/   (place another exam as Linda, L&D and the course's instructor)
  Reports: launch as Priya (HR), Joost (works council, aggregates only) or Mohammed (his team)
  and open "Reports"; "My AI diploma" shows an employee's certificates.
  Governance (rollout per phase, policy register, clauses and questions, recertification): as Linda
  (L&D) or Priya; Kees (granted tool administrator) grants roles on its "Roles" page. Roles come
  from grants only: `flask --app wsgi roles grant|revoke`, or that page. New LMSs register with a
  one-time URL from `flask --app wsgi platform invite`.
  Logs and data: {DATA}        Stop with Ctrl-C.
""", flush=True)
        stop: list[int] = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda signum, _frame: stop.append(signum))
        while not stop:
            dead = [p for p in procs if p.poll() is not None]
            if dead:
                print(f"a demo process stopped (exit {dead[0].returncode}); see the logs in {DATA}", flush=True)
                break
            time.sleep(0.5)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        lrs.stop()


def connect(flask: list[str], env: dict[str, str]) -> None:
    """Register the tool in the demo LMS (dynamic registration with an invitation, as the home
    platform) and place the exams, once."""
    state = httpx.get(LMS + "/_control/state").json()
    if not state["tools"]:
        invitation = subprocess.run([*flask, "platform", "invite", "--home", "--note", "demo LMS"],  # noqa: S603
                                    cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout.strip()
        grant = httpx.post(LMS + "/_control/registration-token").json()
        answer = httpx.get(invitation, params={
            "openid_configuration": grant["openid_configuration"],
            "registration_token": grant["registration_token"]}, timeout=30)
        answer.raise_for_status()
        state = httpx.get(LMS + "/_control/state").json()
    client_id = state["tools"][-1]["client_id"]
    placed = {(link.get("custom") or {}).get("exam") for link in state["links"]}
    for blueprint in Catalogue.from_config().seed.blueprints:
        if blueprint.key not in placed:
            title = blueprint.title["nl"]
            httpx.post(LMS + "/_control/links", json={
                "client_id": client_id, "title": title, "custom": {"exam": blueprint.key},
                "line_item": {"scoreMaximum": blueprint.item_count, "label": title, "resourceId": blueprint.key},
            }).raise_for_status()


def organise(flask: list[str], env: dict[str, str]) -> None:
    """The demo organisation: an HR export (people who never launched count in the reports too)
    and the organisation roles of the personas — granted, since no LMS role gives them."""
    run = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*flask, "people-import", str(ROOT / "config/demo/hr_export.csv"), "--issuer", LMS], **run)  # noqa: S603
    for subject, role in (("vg-9001", "admin"), ("vg-2001", "ld"), ("vg-1004", "hr"), ("vg-1006", "ciso"),
                          ("vg-1005", "works_council")):
        subprocess.run([*flask, "roles", "grant", "--issuer", LMS, "--subject", subject, "--role", role], **run)  # noqa: S603


if __name__ == "__main__":
    main()
