"""The launch benchmark's baseline: a minimal Flask tool that only lets pylti1p3 validate the
launch (FlaskOIDCLogin + FlaskMessageLaunch with a ToolConfDict) and answers with a redirect.

It checks what pylti1p3 checks: the state cookie, the nonce kept in Flask's (signed cookie)
session, the registration and deployment, the RS256 signature and the message claims. Its
platform's key set is given in the configuration (``key_set``), so it never fetches a JWKS —
the most favourable case for the baseline. It keeps nothing on the server.

    BASELINE_TOOL_CONF='{"<issuer>": {...}}' BASELINE_BASE_URL=http://127.0.0.1:PORT \\
        gunicorn --chdir benchmarks baseline_tool:app
"""

from __future__ import annotations

import json
import os

from flask import Flask, redirect
from flask.typing import ResponseReturnValue
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException
from pylti1p3.tool_config import ToolConfDict

app = Flask(__name__)
app.secret_key = os.environ.get("BASELINE_SECRET_KEY", "baseline-benchmark-secret")
TOOL_CONF = ToolConfDict(json.loads(os.environ.get("BASELINE_TOOL_CONF", "{}")))
BASE_URL = os.environ.get("BASELINE_BASE_URL", "http://127.0.0.1:5000")


@app.errorhandler(LtiException)
def refused(error: LtiException) -> ResponseReturnValue:
    """A launch pylti1p3 refuses (forged signature, replayed nonce, wrong state) is a 401, as in the tool."""
    return f"launch refused: {error}", 401


@app.get("/healthz")
def healthz() -> ResponseReturnValue:
    return "ok"


@app.route("/lti/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    oidc = FlaskOIDCLogin(FlaskRequest(), TOOL_CONF)
    return oidc.redirect(BASE_URL + "/lti/launch")


@app.post("/lti/launch")
def launch() -> ResponseReturnValue:
    message = FlaskMessageLaunch(FlaskRequest(), TOOL_CONF)
    # state cookie, nonce, registration, RS256 signature, deployment, message claims
    claims = message.validate().get_launch_data()
    return redirect(f"/launched/{message.get_launch_id()}?sub={claims['sub']}", code=303)
