"""Upgrades keep every pass: a database made by an early commit (94d77e9, before certificates existed), with
an exam passed through that version's own tool and LMS, upgraded by ``flask init`` of this version, gives that
pass its certificate — once, however often init or a rebuild runs afterwards."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from lti_tool.db.models import Certificate, Statement
from tests.conftest import provision_database

ROOT = Path(__file__).resolve().parents[2]
EARLY = "94d77e9"  # "End-to-end path works": passes journaled as `passed`, no certificates yet


def early_checkout(folder: Path) -> Path:
    present = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", EARLY + "^{commit}"],
                             capture_output=True, check=False)
    assert present.returncode == 0, f"this test needs the repository's history (commit {EARLY}): clone without --depth"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", EARLY], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def flask(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_pass_from_before_certificates_gets_its_certificate_on_upgrade(kind, tmp_path):
    old = early_checkout(tmp_path / "early")
    with provision_database(kind, tmp_path) as url:
        made = subprocess.run([sys.executable, str(ROOT / "tests/assets/upgrade/early_pass.py"), url,
                               str(tmp_path / "early-instance")], cwd=old, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(old)}, check=False, timeout=300)
        assert made.returncode == 0 and "PASSED" in made.stdout, made.stderr[-3000:]
        attempt_id, tool_url = made.stdout.split("PASSED", 1)[1].split()[:2]
        env = {**os.environ, "AIDIP_DATABASE_URL": url, "AIDIP_BASE_URL": tool_url, "AIDIP_SECRET_KEY": "upgrade",
               "AIDIP_INSTANCE_PATH": str(tmp_path / "instance")}

        first = flask("init", env=env)
        assert first.returncode == 0, first.stderr[-3000:]
        assert "certificates backfilled for earlier passes: 1" in first.stdout
        again = flask("init", env=env)
        assert again.returncode == 0 and "certificates backfilled for earlier passes: 0" in again.stdout
        rebuilt = flask("certification", "rebuild", "--from", "journal", env=env)
        assert rebuilt.returncode == 0 and "1 certificates for 1 people" in rebuilt.stdout, rebuilt.stderr[-3000:]

        engine = create_engine(url)
        try:
            with engine.connect() as db:
                certificates = db.execute(select(Certificate.level, Certificate.registration, Certificate.issued_at,
                                                 Certificate.valid_until)).all()
                passed_at = db.scalar(select(Statement.created_at).where(Statement.verb.like("%/passed")))
                earned = db.scalar(select(func.count()).select_from(Statement).where(Statement.verb.like("%/earned")))
        finally:
            engine.dispose()
    assert [(c.level, c.registration) for c in certificates] == [("basic", attempt_id)]
    issued = certificates[0].issued_at.replace(tzinfo=None)
    assert abs((issued - passed_at.replace(tzinfo=None)).total_seconds()) < 60  # dated at the pass, not today's run
    assert certificates[0].valid_until.year == issued.year + 2 and earned == 1
