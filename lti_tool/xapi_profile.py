"""The tool's xAPI Profile, public: ``/xapi/profile`` and ``/xapi/profile.jsonld`` (JSON-LD).

``/xapi/profile/v2`` is the category IRI every statement of this deployment carries (the profile's
current version id; ``/xapi/profile`` is version 1's, carried by statements sent before it), so an
analyst holding a statement can dereference it. The document is built from the deployment's base
URL, the same ``ToolIris`` the statements are built from (see ``xapi/profile.py``).
No session, no permission: it describes the statement format, not anyone's data.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from xapi.profile import build_profile, render
from xapi.vocabulary import ToolIris

from .services import services

bp = Blueprint("xapi_profile", __name__)
MEDIA_TYPE = "application/ld+json"


@lru_cache(maxsize=8)
def profile_text(base_url: str) -> str:
    return render(build_profile(ToolIris(base_url)))


@bp.get("/xapi/profile")
@bp.get("/xapi/profile/v2")
@bp.get("/xapi/profile.jsonld")
def profile() -> ResponseReturnValue:
    response = Response(profile_text(services().settings.base_url), mimetype=MEDIA_TYPE)
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Access-Control-Allow-Origin"] = "*"  # profile servers and analysts' notebooks fetch it
    response.add_etag()
    return response.make_conditional(request)
