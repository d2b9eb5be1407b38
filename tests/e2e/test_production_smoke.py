"""``scripts/production-smoke.sh`` holds: two instances behind a balancer, two senders, Redis, Ralph and the demo
LMS, employees taking the exam across instances (see ``tests/e2e/production_smoke.py`` for what it checks)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_smoke_script_passes():
    run = subprocess.run([str(ROOT / "scripts/production-smoke.sh"), "--employees", "4"], cwd=ROOT,
                         capture_output=True, text=True, check=False, timeout=900)
    assert run.returncode == 0 and "SMOKE OK" in run.stdout, (run.stdout[-3000:], run.stderr[-5000:])
    summary = next(line for line in run.stdout.splitlines() if "exams through the balancer" in line)
    assert "4 exams" in summary and "4 scores at the LMS once each" in summary
