"""Demo LMS: a small LTI 1.3 Advantage platform built on ``lti1p3platform``.

It serves as the demo LMS of the internal AI diploma and as the real platform the
integration tests talk to over HTTP.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

__version__ = "0.1.0"

DEFAULTS: dict[str, Any] = {
    "ISSUER": "http://127.0.0.1:5100",
    "CONTROL_API": False,
    "DATA_FILE": None,
    "TOOL_DYNREG_URL": None,
    # LTI Platform Storage: the course page answers lti.put_data / lti.get_data for registered
    # tools and iframe launches name it in ``lti_storage_target`` (False: a platform without it)
    "PLATFORM_STORAGE": True,
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the demo LMS Flask app (config keys: ISSUER, CONTROL_API, DATA_FILE, TOOL_DYNREG_URL,
    PLATFORM_STORAGE)."""
    from . import lti, ui
    from .context import LmsState
    from .platform import ToolKeyCache
    from .store import Store

    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.extensions["demo_lms"] = LmsState(
        store=Store(app.config.get("DATA_FILE")), key_cache=ToolKeyCache()
    )
    app.register_blueprint(lti.bp)
    app.register_blueprint(ui.bp)
    if app.config.get("CONTROL_API"):
        from . import control

        app.register_blueprint(control.bp)
    return app
