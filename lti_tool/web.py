"""Public pages: the landing page and liveness."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue

from .services import services

bp = Blueprint("web", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template("index.html", base=services().settings.base_url)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    return jsonify(status="ok")
