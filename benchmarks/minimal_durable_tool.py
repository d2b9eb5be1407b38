"""The launch benchmark's second baseline: the minimal durable launch (issue 17).

The same pylti1p3 validation as ``baseline_tool.py`` (state cookie, nonce in Flask's signed-cookie session,
registration, deployment, RS256 signature, message claims), then ONE PostgreSQL transaction that records the
nonce (a replay fails), upserts the person, stores a new attempt drawn with the tool's own draw
(``assessments.assembly.assemble`` and ``assessments.attempt.Attempt.start`` on the seed bank of ``config/``,
parsed once per process) and journals its ``launched`` and ``initialized`` statements (``xapi.statements``)
and a session row; it answers with a redirect to the first question. It keeps its own five tables
(``create_schema``, run by the benchmark before the workers start): no roles, no courses, no retake
rules, no exposure, no page.

    MINIMAL_TOOL_CONF='{"<issuer>": {...}}' MINIMAL_BASE_URL=http://127.0.0.1:PORT \\
    MINIMAL_DATABASE_URL=postgresql+psycopg://... gunicorn --chdir benchmarks minimal_durable_tool:app
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sys
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, redirect
from flask.typing import ResponseReturnValue
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException
from pylti1p3.tool_config import ToolConfDict
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.assembly import assemble
from assessments.attempt import Attempt
from assessments.bank import SeedBank, load_seed_bank
from assessments.items import Item, item_from_record
from xapi import statements as st
from xapi.vocabulary import ToolIris

CONFIG = Path(__file__).resolve().parent.parent / "config"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
SCHEMA = """
CREATE TABLE IF NOT EXISTS used_nonces (nonce varchar(255) PRIMARY KEY, expires_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS people (id serial PRIMARY KEY, subject varchar(255) UNIQUE NOT NULL, name varchar(255),
    department varchar(255), last_launch_at timestamptz);
CREATE TABLE IF NOT EXISTS attempts (id varchar(36) PRIMARY KEY, person_id integer NOT NULL REFERENCES people,
    exam_key varchar(64) NOT NULL, seed bigint NOT NULL, started_at timestamptz NOT NULL, layout json NOT NULL);
CREATE TABLE IF NOT EXISTS statements (id varchar(36) PRIMARY KEY, person_id integer NOT NULL, body json NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id varchar(64) PRIMARY KEY, person_id integer NOT NULL, attempt_id varchar(36),
    expires_at timestamptz NOT NULL)
"""

app = Flask(__name__)
app.secret_key = os.environ.get("MINIMAL_SECRET_KEY", "minimal-durable-benchmark-secret")
TOOL_CONF = ToolConfDict(json.loads(os.environ.get("MINIMAL_TOOL_CONF", "{}")))
BASE_URL = os.environ.get("MINIMAL_BASE_URL", "http://127.0.0.1:5000")
ENGINE = create_engine(os.environ.get("MINIMAL_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres"),
                       pool_size=8)
IRIS = ToolIris(BASE_URL)


def create_schema(database_url: str) -> None:
    """The five tables (the benchmark makes them once, before the workers start)."""
    engine = create_engine(database_url)
    with engine.begin() as setup:
        for ddl in SCHEMA.split(";"):
            setup.execute(text(ddl))
    engine.dispose()


@cache
def bank() -> tuple[SeedBank, dict[str, list[Item]]]:
    """The seed bank and its approved items by level, parsed once per process."""
    seed = load_seed_bank(CONFIG)
    by_level: dict[str, list[Item]] = {}
    for number, record in enumerate(seed.items, 1):
        if record.get("status", "approved") == "approved":
            by_level.setdefault(record["level"], []).append(item_from_record(record, 1, number))
    return seed, by_level


@app.errorhandler(LtiException)
def refused(error: LtiException) -> ResponseReturnValue:
    """A launch pylti1p3 refuses (forged signature, replayed nonce, wrong state) is a 401, as in the tool."""
    return f"launch refused: {error}", 401


@app.get("/healthz")
def healthz() -> ResponseReturnValue:
    return "ok"


@app.route("/lti/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    return FlaskOIDCLogin(FlaskRequest(), TOOL_CONF).redirect(BASE_URL + "/lti/launch")


@app.post("/lti/launch")
def launch() -> ResponseReturnValue:
    claims = FlaskMessageLaunch(FlaskRequest(), TOOL_CONF).validate().get_launch_data()
    now = dt.datetime.now(dt.UTC)
    seed_bank, items = bank()
    blueprint = next(b for b in seed_bank.blueprints if b.key == claims.get(LTI + "custom", {}).get("exam", "basic"))
    seed = secrets.randbits(48)
    attempt = Attempt.start(str(uuid.uuid4()), blueprint, assemble(blueprint, items[blueprint.level], seed), seed,
                            "en", 0, now)
    sid = secrets.token_urlsafe(32)
    with ENGINE.begin() as db:
        if db.execute(text("INSERT INTO used_nonces VALUES (:n, :e) ON CONFLICT DO NOTHING RETURNING nonce"),
                      {"n": claims["nonce"], "e": now + dt.timedelta(hours=1)}).first() is None:
            return "replayed id_token", 401
        person_id = db.execute(text(
            "INSERT INTO people (subject, name, department, last_launch_at) VALUES (:s, :n, :d, :t) ON CONFLICT "
            "(subject) DO UPDATE SET name = excluded.name, last_launch_at = excluded.last_launch_at RETURNING id"),
            {"s": claims["sub"], "n": claims.get("name"), "d": None, "t": now}).scalar_one()
        db.execute(text("INSERT INTO attempts VALUES (:i, :p, :k, :s, :t, :l)"), {
            "i": attempt.id, "p": person_id, "k": blueprint.key, "s": seed, "t": now,
            "l": json.dumps(attempt.layout)})
        ctx = _context(claims, blueprint, attempt.id, sid)
        db.execute(text("INSERT INTO statements VALUES (:i, :p, :b)"), [
            {"i": s["id"], "p": person_id, "b": json.dumps(s)} for s in (st.launched(ctx, now),
                                                                          st.initialized(ctx, now))])
        db.execute(text("INSERT INTO sessions VALUES (:i, :p, :a, :e)"),
                   {"i": sid, "p": person_id, "a": attempt.id, "e": now + dt.timedelta(hours=4)})
    return redirect(f"/s/{sid}/a/{attempt.id}/q/1", code=303)


def _context(claims: dict[str, Any], blueprint: Any, attempt_id: str, sid: str) -> st.ExamContext:
    return st.ExamContext(iris=IRIS, actor=st.Actor(claims["iss"], claims["sub"]), exam_key=blueprint.key,
                          exam_title=blueprint.title, registration=attempt_id, session_id=sid,
                          blueprint_version=blueprint.version_label, level=blueprint.level,
                          mastery_score=blueprint.pass_mark)
